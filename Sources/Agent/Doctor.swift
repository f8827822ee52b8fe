import CardIO
import COpenSSL
import Foundation

/// `idgate doctor`: checks what a kiosk needs and says how to fix what is missing.
public struct Doctor: Sendable {
    public struct Check: Sendable, Codable, Hashable {
        public enum Status: String, Sendable, Codable { case ok, warning, failed }
        public var name: String
        public var status: Status
        public var detail: String
        /// What to do; empty when the check passed.
        public var fix: String
        public init(name: String, status: Status, detail: String, fix: String) {
            self.name = name
            self.status = status
            self.detail = detail
            self.fix = fix
        }
    }

    public var fileExists: @Sendable (String) -> Bool
    public var userID: UInt32

    public init(fileExists: @escaping @Sendable (String) -> Bool = { FileManager.default.fileExists(atPath: $0) },
                userID: UInt32 = getuid()) {
        self.fileExists = fileExists
        self.userID = userID
    }

    static let pcscdPaths = ["/usr/sbin/pcscd", "/sbin/pcscd", "/usr/local/sbin/pcscd"]
    static let ccidDriver = "/usr/lib/pcsc/drivers/ifd-ccid.bundle"
    static let polkitAction = "/usr/share/polkit-1/actions/org.debian.pcsc-lite.policy"
    static let polkitRule = "/etc/polkit-1/rules.d/60-idgate-pcsc.rules"

    /// Runs every check in order.
    public func run() -> [Check] {
        var checks: [Check] = [libraries()]
        let (service, readers) = pcscChecks()
        checks.append(service)
        if let readers { checks.append(readers) }
        checks.append(polkit(serviceReachable: service.status == .ok))
        return checks
    }

    func libraries() -> Check {
        let openssl = String(cString: OpenSSL_version(OPENSSL_VERSION))
        var missing: [String] = []
        if !Self.pcscdPaths.contains(where: fileExists) { missing.append("pcscd") }
        if !fileExists(Self.ccidDriver) { missing.append("libccid (USB reader driver)") }
        if missing.isEmpty {
            return Check(name: "libraries", status: .ok, detail: "libpcsclite linked, \(openssl), pcscd and libccid installed", fix: "")
        }
        return Check(name: "libraries", status: .failed, detail: "missing: \(missing.joined(separator: ", "))",
                     fix: "apt-get install pcscd libccid")
    }

    func pcscChecks() -> (Check, Check?) {
        let context: PCSCContext
        do {
            context = try PCSCContext()
        } catch {
            let advice: String = if case .pcsc(let e, _) = error { e.advice } else { "\(error)" }
            return (Check(name: "pcscd", status: .failed, detail: "\(error)", fix: advice), nil)
        }
        defer { context.release() }
        let service = Check(name: "pcscd", status: .ok, detail: "pcscd answers", fix: "")
        do {
            let states = try context.snapshot()
            if states.isEmpty {
                return (service, Check(name: "readers", status: .warning, detail: "no reader connected",
                                       fix: "plug in a PC/SC reader (CCID); `lsusb` should list it; see Hardware/README.md"))
            }
            let list = states.map { "\($0.reader)\($0.isCardPresent ? " (card present)" : "")" }
            return (service, Check(name: "readers", status: .ok, detail: list.joined(separator: "; "), fix: ""))
        } catch {
            return (service, Check(name: "readers", status: .failed, detail: "\(error)", fix: "restart pcscd and try again"))
        }
    }

    func polkit(serviceReachable: Bool) -> Check {
        guard fileExists(Self.polkitAction) else {
            return Check(name: "polkit", status: .ok, detail: "pcscd is built without polkit: any local user may use it", fix: "")
        }
        if userID == 0 || fileExists(Self.polkitRule) {
            return Check(name: "polkit", status: serviceReachable ? .ok : .warning,
                         detail: userID == 0 ? "running as root" : "rule \(Self.polkitRule) installed", fix: "")
        }
        return Check(name: "polkit", status: serviceReachable ? .warning : .failed,
                     detail: "pcscd enforces polkit and no idgate rule is installed",
                     fix: "install Packaging/polkit/60-idgate-pcsc.rules to /etc/polkit-1/rules.d/ (it names the idgate user)")
    }
}
