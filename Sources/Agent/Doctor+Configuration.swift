import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store

extension Doctor {
    /// The checks of what `configuration` makes the daemon depend on: state directory, store key and database,
    /// API token, trust store, QR scanner, and the central service and insurance gateway being reachable.
    public func run(configuration c: AgentConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment) async -> [Check] {
        var checks = [stateDirectory(c)]
        if c.usesDatabase { checks += database(c, environment: environment) }
        checks.append(tokenFile(c))
        checks.append(trustStore(c))
        if let scanner = c.qrScanner { checks.append(qrScanner(scanner)) }
        if let sync = c.sync {
            checks.append(await reachable("central", sync.centralURL.appendingPathComponent("health"),
                                          unreachable: "records are kept and sent when it answers; check sync.central_url, the network and the unit's IPAddressAllow="))
        }
        if let lookups = c.lookups {
            checks.append(await reachable("gateway", lookups.gatewayURL,
                                          unreachable: "look-ups answer from the cache, the snapshot or provisionally; check lookups.gateway_url and the network"))
        }
        return checks
    }

    /// Looks only: creating the directory here (as root, say) could leave it unwritable for the service user.
    func stateDirectory(_ c: AgentConfiguration) -> Check {
        guard fileExists(c.stateDirectory) else {
            return Check(name: "state directory", status: .warning, detail: "\(c.stateDirectory) does not exist yet",
                         fix: "systemd creates it (StateDirectory=idgate); else create it owned by the service user, mode 0700")
        }
        if access(c.stateDirectory, W_OK) == 0 { return Check(name: "state directory", status: .ok, detail: "\(c.stateDirectory) is writable", fix: "") }
        return Check(name: "state directory", status: .failed, detail: "\(c.stateDirectory) is not writable by this user",
                     fix: "chown it to the service user (systemd: StateDirectory=idgate does) or set agent.state_dir")
    }

    func database(_ c: AgentConfiguration, environment: [String: String]) -> [Check] {
        let keyring: StoreKeyring
        do { keyring = try StoreKeyring.load(environment: environment, fallbackPath: c.store.keyFile) } catch {
            return [Check(name: "store key", status: .failed, detail: "\(error)",
                          fix: "idgate sync create-key --key-file \(c.store.keyFile)  (mode 0600; keep a copy)")]
        }
        let key = Check(name: "store key", status: .ok, detail: "key '\(keyring.currentKeyID)' loaded", fix: "")
        let path = c.stateDirectory + "/idgate.sqlite"
        guard fileExists(path) else { return [key, Check(name: "database", status: .ok, detail: "\(path) is created at first start", fix: "")] }
        do {
            let db = try AppDatabase(path: path, keyring: keyring)
            let status = try db.syncStatus()
            return [key, Check(name: "database", status: status.deadLetters > 0 ? .warning : .ok,
                               detail: "\(path): backlog \(status.backlog), dead letters \(status.deadLetters)",
                               fix: status.deadLetters > 0 ? "see `idgate sync dead-letters`; `idgate sync retry` queues them again" : "")]
        } catch {
            return [key, Check(name: "database", status: .failed, detail: "\(path): \(error)",
                               fix: "free disk space, or move the damaged file aside (the agent starts a new one; undelivered records in it are lost)")]
        }
    }

    func tokenFile(_ c: AgentConfiguration) -> Check {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: c.tokenFile) else {
            return Check(name: "API token", status: .ok, detail: "\(c.tokenFile) is created (mode 0600) at first start", fix: "")
        }
        let mode = (attributes[.posixPermissions] as? Int ?? 0) & 0o777
        if mode & 0o077 != 0 {
            return Check(name: "API token", status: .failed, detail: "\(c.tokenFile) has mode \(String(mode, radix: 8)): others may read it",
                         fix: "chmod 600 \(c.tokenFile)")
        }
        return Check(name: "API token", status: .ok, detail: "\(c.tokenFile) (mode 600)", fix: "")
    }

    func trustStore(_ c: AgentConfiguration) -> Check {
        guard let dir = c.trustStoreDirectory else {
            return Check(name: "trust store", status: .warning, detail: "no readers.trust_store: every card reads as \"issuer not trusted\"",
                         fix: "put the Vietnamese CSCA certificates (or an ICAO master list) in a directory and set readers.trust_store")
        }
        do {
            let store = try c.trustStore()
            return Check(name: "trust store", status: .ok, detail: "\(store.certificates.count) CSCA certificate(s) from \(dir)", fix: "")
        } catch {
            return Check(name: "trust store", status: .failed, detail: "\(error)", fix: "check readers.trust_store")
        }
    }

    func qrScanner(_ path: String) -> Check {
        if access(path, R_OK) == 0 { return Check(name: "QR scanner", status: .ok, detail: "\(path) readable", fix: "") }
        let present = fileExists(path)
        return Check(name: "QR scanner", status: .warning, detail: present ? "\(path): not readable by this user" : "\(path) does not exist",
                     fix: present ? "add the service user to the dialout group; under systemd add a drop-in with PrivateDevices=no and DeviceAllow=\(path) r"
                                  : "plug in the scanner (USB CDC mode) and check `ls /dev/ttyACM*`, or empty access.qr_scanner")
    }

    func reachable(_ name: String, _ url: URL, unreachable fix: String) async -> Check {
        var request = URLRequest(url: url, timeoutInterval: 3)
        request.httpMethod = "GET"
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let code = (response as? HTTPURLResponse)?.statusCode ?? 0
            return Check(name: name, status: code < 500 ? .ok : .warning, detail: "\(url.host ?? url.absoluteString) answers HTTP \(code)", fix: code < 500 ? "" : fix)
        } catch {
            return Check(name: name, status: .warning, detail: "\(url.host ?? url.absoluteString) unreachable: \(error.localizedDescription)", fix: fix)
        }
    }
}
