extension AgentConfiguration {
    /// The embedded default configuration, with every key documented. It is also the schema: a key not
    /// listed here is refused, and each value must have the type of its default.
    /// `idgate serve --print-default-config` prints it; Packaging/idgate.toml is a copy.
    public static let defaultTOML = #"""
        # idgate agent configuration (TOML). Every key is optional; the values shown are the defaults.
        # Any key can be overridden by an environment variable IDGATE_<SECTION>_<KEY>,
        # e.g. IDGATE_API_LISTEN="127.0.0.1:9000" or IDGATE_ACCESS_REMEMBER_SECONDS=60.

        [agent]
        # Where the agent keeps its database and API token (systemd: StateDirectory=idgate).
        state_dir = "/var/lib/idgate"
        # trace, debug, info, notice, warning, error or critical. ID numbers and names are always masked.
        log_level = "info"

        [api]
        # Serve the local HTTP API (ignored by --headless).
        enabled = true
        # "127.0.0.1:8787", "[::1]:8787", "localhost:8787" or "unix:/run/idgate/api.sock". Loopback only.
        listen = "127.0.0.1:8787"
        # Bearer token file, created with mode 0600 when missing. Empty: <state_dir>/api.token.
        token_file = ""

        [readers]
        # Only readers whose name contains one of these strings; empty: every reader.
        include = []
        # Use short APDUs only, on every reader (for readers that fail extended-length messages) ...
        short_apdus = false
        # ... or only on readers whose name contains one of these strings (see Hardware/README.md), e.g. ["Feitian"].
        short_apdus_for = []
        # Give up a read that takes longer than this.
        read_timeout_seconds = 30
        # Directory of trusted CSCA certificates (.der/.cer/.crt/.pem) and ICAO master lists (.ml), loaded at
        # start. Empty: no CSCA is trusted and every card reads as "issuer not trusted" (--demo trusts its test CSCA).
        trust_store = ""

        [access]
        # A fixed access key for every card (test benches, demo). Either a CAN (6 digits) ...
        fixed_can = ""
        # ... or the 12-digit ID number with the birth date and expiry date (YYMMDD) for BAC.
        fixed_id_number = ""
        fixed_date_of_birth = ""
        fixed_date_of_expiry = ""
        # Try PACE when the card offers it (else BAC only).
        use_pace = true
        # Remember an access key that opened a card for this many seconds and reuse it when the card with the
        # same UID (as the reader reports it) is put on the same reader again; cards with a random UID, and
        # contact readers, are never remembered. 0 (the default) never remembers keys.
        remember_seconds = 0
        # A QR scanner on a serial port (USB CDC-ACM, e.g. "/dev/ttyACM0"): each scanned line is the card's QR
        # text, given to the reader waiting for a key. Empty: none (keyboard-wedge scanners type into the kiosk page).
        # Under systemd the unit needs a drop-in: PrivateDevices=no, DeviceAllow=/dev/ttyACM0 r, SupplementaryGroups=dialout.
        qr_scanner = ""

        [lookups]
        # After a read: insurance eligibility (BHYT card check) and the driver health-check certificate.
        # The gateway's base URL; empty: no look-ups run. --demo serves a simulated gateway on loopback.
        gateway_url = ""
        # The gateway account. Set the password through IDGATE_LOOKUPS_GATEWAY_PASSWORD rather than this file.
        gateway_username = ""
        gateway_password = ""
        # The staff member on whose behalf the card check is made (hoTenCb, cccdCb: 12-digit ID number).
        staff_name = ""
        staff_id = ""
        # KQNhanLichSuKCB2024, KQNhanLichSuKCB2019 or NhanLichSuKCB2018.
        card_check_endpoint = "KQNhanLichSuKCB2024"
        # The licence class whose health certificate is checked; empty skips the certificate look-up.
        licence_class = "B"
        # Answer from the cache, the synced snapshot or provisionally when the gateway is slower than this.
        answer_budget_ms = 1500
        # The gateway password may also come from the systemd credential idgate-gateway-password.

        [store]
        # The local database (<state_dir>/idgate.sqlite: look-up cache, snapshots, provisional queue, check-in
        # records waiting for upload) is opened when [lookups] or [sync] is configured. Personal data in it is
        # sealed with AES-256-GCM keys from this file (`idgate sync create-key` makes one, mode 0600); under
        # systemd the credential idgate-store-keys is used instead.
        key_file = "/etc/idgate/store.keys"
        # Records and cached look-ups older than this are deleted (undelivered records are kept until sent).
        retention_days = 30
        # Put the face image (DG2 JPEG) into check-in records. Off: the face never leaves memory.
        keep_face = false
        # Put the sensitive DG13 fields (ethnicity, religion) into check-in records. Off: they are never stored.
        keep_sensitive_fields = false

        [sync]
        # The central service's base URL; empty: no check-in records are made and nothing is uploaded.
        central_url = ""
        # File holding the agent's bearer token for the central (systemd credential idgate-central-token
        # wins; IDGATE_SYNC_TOKEN also works). Required when central_url is set.
        token_file = ""
        # How often to refresh the offline snapshots and re-check provisional look-ups.
        interval_seconds = 60
        # Records per upload request.
        batch_size = 200

        [metrics]
        # Serve Prometheus metrics at /metrics on the API listener (no PII in metrics).
        enabled = true
        """#
}
