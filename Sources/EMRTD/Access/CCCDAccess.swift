import CardIO
import LDS

/// What opens a CCCD: a CAN (PACE) and/or MRZ keys to try in order (BAC, or PACE with the MRZ password).
public struct CCCDAccessKeys: Sendable, Hashable {
    public var can: String?
    /// MRZ keys, most likely first (e.g. one per candidate expiry date).
    public var mrz: [MRZKey]

    public init(can: String? = nil, mrz: [MRZKey]) {
        self.can = can
        self.mrz = mrz
    }

    /// Keys from the 12-digit ID number: CAN = its last 6 digits, BAC document number = its last 9 digits
    /// (both inferred, see DOMAIN.md §1), one MRZ key per candidate expiry date.
    public init(idNumber: String, dateOfBirth: String, expiryCandidates: [String]) throws(EMRTDError) {
        guard idNumber.utf8.count == 12, idNumber.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalidKey("the ID number must be 12 digits")
        }
        can = String(idNumber.suffix(6))
        var keys: [MRZKey] = []
        for expiry in expiryCandidates {
            keys.append(try MRZKey(documentNumber: String(idNumber.suffix(9)), dateOfBirth: dateOfBirth, dateOfExpiry: expiry))
        }
        mrz = keys
    }
}

/// Which protocol and password opened the chip, and how many tries it took.
public struct AccessOutcome: Sendable, Hashable, Codable {
    /// "PACE" or "BAC".
    public var `protocol`: String
    /// "CAN" or "MRZ".
    public var password: String
    /// The PACE suite or "3DES" for BAC, e.g. "ECDH-GM brainpoolP256r1 AES-128".
    public var suite: String
    /// Authentication attempts made on the chip (each counts towards a card's retry limit).
    public var attempts: Int
    /// Card resets performed between attempts.
    public var resets: Int
    /// What happened before success, for the read report ("PACE refused with 6982; BAC used").
    public var notes: [String]
}

/// The CCCD access policy of DOMAIN.md §1: read EF.CardAccess; PACE (CAN if known, else MRZ) when offered;
/// on 6982/6A80/6300 or no PACE, reset the card and run BAC with each MRZ key in turn.
public enum CCCDAccess {
    /// Opens the chip. `reset` power-cycles the card (PC/SC: `PCSCCard.reconnect`; simulator: `card.reset`).
    /// `usePACE: false` skips PACE even when offered (BAC only).
    public static func open(_ channel: any CardChannel, keys: CCCDAccessKeys, usePACE: Bool = true, reset: () throws(CardIOError) -> Void)
        throws(EMRTDError) -> (SecureMessagingChannel, AccessOutcome)
    {
        var outcome = AccessOutcome(protocol: "", password: "", suite: "", attempts: 0, resets: 0, notes: [])
        let plain = FileReader(channel: channel, chunkLimit: 256)
        var paceInfos: [PACEInfo] = []
        do {
            let bytes = try plain.readFile(fileID: 0x011C)
            paceInfos = try SecurityInfos(derEncoded: bytes).paceInfos
        } catch let error as EMRTDError {
            // A transport failure is not "no EF.CardAccess": falling back to BAC on it would hide the real fault.
            if case .card = error { throw error }
            outcome.notes.append("no usable EF.CardAccess (\(error))")
        } catch {
            outcome.notes.append("EF.CardAccess unreadable (\(error))")
        }
        if !paceInfos.isEmpty && !usePACE {
            outcome.notes.append("PACE offered but skipped on request")
            return try openBAC(channel, keys: keys, outcome: outcome, paceOffered: true, reset: reset)
        }
        if !paceInfos.isEmpty {
            let usable = paceInfos.filter(PACE.supports).sorted { rank($0) > rank($1) }
            if let info = usable.first {
                let key: AccessKey? = keys.can.map { .can($0) } ?? keys.mrz.first.map { .mrz($0) }
                if let key {
                    outcome.attempts += 1
                    do {
                        let sm = try PACE.open(channel, info: info, key: key)
                        try FileReader(channel: sm).selectApplication()
                        outcome.protocol = "PACE"
                        outcome.password = key.kind
                        outcome.suite = describe(info)
                        return (sm, outcome)
                    } catch {
                        if case .card = error { throw error }
                        outcome.notes.append("PACE with \(key.kind) failed: \(error)")
                    }
                }
            } else {
                outcome.notes.append("EF.CardAccess offers only PACE variants this reader does not implement (\(paceInfos.map { $0.protocol.dotted }.joined(separator: ", "))): integrated/chip-authentication mapping unsupported")
            }
            do { try reset() } catch { throw .card(error) }
            outcome.resets += 1
        }
        return try openBAC(channel, keys: keys, outcome: outcome, paceOffered: !paceInfos.isEmpty, reset: reset)
    }

    private static func openBAC(_ channel: any CardChannel, keys: CCCDAccessKeys, outcome: AccessOutcome, paceOffered: Bool,
                                reset: () throws(CardIOError) -> Void) throws(EMRTDError) -> (SecureMessagingChannel, AccessOutcome)
    {
        var outcome = outcome
        guard !keys.mrz.isEmpty else {
            throw .accessDenied(protocol: paceOffered ? "PACE" : "BAC", hint: "no MRZ key given: enter the ID number, birth date and expiry date")
        }
        let plain = FileReader(channel: channel, chunkLimit: 256)
        try plain.selectApplication()
        for (i, key) in keys.mrz.enumerated() {
            outcome.attempts += 1
            do {
                let sm = try BAC.open(channel, key: key)
                outcome.protocol = "BAC"
                outcome.password = "MRZ"
                outcome.suite = "3DES"
                if i > 0 { outcome.notes.append("BAC succeeded with MRZ candidate \(i + 1) of \(keys.mrz.count)") }
                return (sm, outcome)
            } catch {
                if case .card = error { throw error }
                if case .status(let sw, let step) = error, step == "GET CHALLENGE", sw == .securityStatusNotSatisfied || sw == .insNotSupported {
                    throw .accessDenied(protocol: "BAC", hint: paceOffered
                        ? "the card refuses BAC (\(sw)) and PACE failed: check the CAN (last 6 digits of the ID number) or the MRZ data"
                        : "the card refuses BAC (\(sw)) and offers no PACE in EF.CardAccess: it needs PACE")
                }
                guard case .accessDenied = error else { throw error }
                if i + 1 < keys.mrz.count {
                    // A failed MUTUAL AUTHENTICATE leaves the card waiting for a new challenge; re-select to be safe.
                    try plain.selectApplication()
                }
            }
        }
        let paceNote = outcome.notes.contains { $0.hasPrefix("PACE with") } ? " (PACE was refused too: check the CAN, the last 6 digits of the ID number)" : ""
        throw .accessDenied(protocol: "BAC", hint: "\(keys.mrz.count) MRZ key(s) refused after \(outcome.attempts) attempt(s): check the ID number (BAC uses its last 9 digits), the birth date and the expiry date\(paceNote)")
    }

    /// Preference: ECDH over DH, then AES-256 … 3DES.
    static func rank(_ info: PACEInfo) -> Int {
        var r = 0
        if info.mapping?.1 == .ecdh { r += 10 }
        switch info.cipher {
        case .aes256: r += 4
        case .aes192: r += 3
        case .aes128: r += 2
        case .tripleDES: r += 1
        case nil: break
        }
        return r
    }

    static func describe(_ info: PACEInfo) -> String {
        let group = info.parameterID.flatMap { try? PACEGroup(parameterID: $0).name } ?? "?"
        return "\(info.mapping?.1.rawValue ?? "?")-GM \(group) \(info.cipher?.rawValue ?? "?")"
    }
}
