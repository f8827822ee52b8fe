import Eligibility
import Foundation

/// The central's certificate endpoints: push (`POST /api/hssk/gksk`, headers `Username` and
/// `Password` as MD5, no token) and our own look-up by ID number (`POST /api/hssk/gksk/tracuu`).
public struct CertificateRegistryClient: Sendable {
    /// The answer of both endpoints; `MSG_STATE` 1 is success.
    public struct Answer: Sendable, Codable, Equatable {
        public var MSG_STATE: Int
        public var MSG_TEXT: String?
        public var SO: String?
        public var UUID: String?
        public var DANHSACH: [HealthCertificate]?

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let i = try? c.decode(Int.self, forKey: .MSG_STATE) {
                MSG_STATE = i
            } else {
                MSG_STATE = Int((try? c.decode(String.self, forKey: .MSG_STATE)) ?? "0") ?? 0
            }
            MSG_TEXT = try? c.decodeIfPresent(String.self, forKey: .MSG_TEXT)
            SO = try? c.decodeIfPresent(String.self, forKey: .SO)
            UUID = try? c.decodeIfPresent(String.self, forKey: .UUID)
            DANHSACH = try? c.decodeIfPresent([HealthCertificate].self, forKey: .DANHSACH)
        }
    }

    public static let pushPath = "/api/hssk/gksk"
    public static let lookupPath = "/api/hssk/gksk/tracuu"

    private let baseURL: URL
    private let username: String
    private let password: String
    private let transport: any HTTPTransport

    public init(baseURL: URL, username: String, password: String, transport: any HTTPTransport) {
        self.baseURL = baseURL
        self.username = username
        self.password = password
        self.transport = transport
    }

    /// The HTTP request that pushes `certificate` (for the outbox to send).
    public func pushRequest(_ certificate: HealthCertificate) throws(LicenseHealthError) -> HTTPRequest {
        guard certificate.signData != nil else { throw .invalidCertificate([.init("SIGNDATA", "sign the certificate before pushing it")]) }
        guard let body = try? JSONEncoder().encode(certificate) else { throw .central("cannot encode the certificate") }
        return HTTPRequest(method: "POST", url: baseURL.appendingPathComponent(Self.pushPath), headers: headers, body: Array(body))
    }

    /// Pushes `certificate` now; throws `.central` with the gateway's `MSG_TEXT` when refused.
    @discardableResult
    public func push(_ certificate: HealthCertificate) async throws(LicenseHealthError) -> Answer {
        let answer = try await send(try pushRequest(certificate))
        guard answer.MSG_STATE == 1 else { throw .central("push refused: \(answer.MSG_TEXT ?? "no reason given")") }
        return answer
    }

    /// Every certificate the central holds for ID number `id`.
    public func certificates(forID id: String) async throws(LicenseHealthError) -> [HealthCertificate] {
        guard let body = try? JSONSerialization.data(withJSONObject: ["SOCMND_PASSPORT": id]) else { throw .central("cannot encode the look-up") }
        let request = HTTPRequest(method: "POST", url: baseURL.appendingPathComponent(Self.lookupPath), headers: headers, body: Array(body))
        let answer = try await send(request)
        guard answer.MSG_STATE == 1 else { throw .central("look-up refused: \(answer.MSG_TEXT ?? "no reason given")") }
        return answer.DANHSACH ?? []
    }

    private var headers: [String: String] {
        ["Content-Type": "application/json; charset=utf-8", "Username": username, "Password": MD5.hex(password)]
    }

    private func send(_ request: HTTPRequest) async throws(LicenseHealthError) -> Answer {
        let response: HTTPResponse
        do { response = try await transport.send(request) } catch { throw .central("unreachable: \(error)") }
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
            throw .central("HTTP \(response.status) with an unreadable body")
        }
        return answer
    }
}

/// Certificates synced from the central, for look-ups when it is unreachable.
public protocol CertificateSnapshot: Sendable {
    /// The holder's certificates known locally.
    func certificates(forID id: String) async -> [HealthCertificate]
}

/// In-memory `CertificateSnapshot` (tests; the agent uses `StoredCertificateSnapshot`).
public actor InMemoryCertificateSnapshot: CertificateSnapshot {
    private var byID: [String: [HealthCertificate]] = [:]
    public init(_ certificates: [HealthCertificate] = []) {
        for c in certificates { byID[c.idNumber, default: []].append(c) }
    }
    public func certificates(forID id: String) -> [HealthCertificate] { byID[id] ?? [] }
}

/// Where a certificate look-up was answered from.
public enum CertificateSource: String, Sendable, Codable { case central, snapshot }

/// Looks up a holder's certificates online, falling back to the local snapshot, and applies the renewal rule.
public struct LicenseHealthLookup: Sendable {
    let client: CertificateRegistryClient
    let snapshot: any CertificateSnapshot

    public init(client: CertificateRegistryClient, snapshot: any CertificateSnapshot) {
        self.client = client
        self.snapshot = snapshot
    }

    /// The certificates, their source and the renewal verdict for `licenceClass`.
    public func lookUp(idNumber: String, licenceClass: LicenceClass, identityChipVerified: Bool, on day: GatewayDate = GatewayDate(Date()))
        async -> (certificates: [HealthCertificate], source: CertificateSource, readiness: RenewalReadiness)
    {
        let found: [HealthCertificate]
        let source: CertificateSource
        do {
            found = try await client.certificates(forID: idNumber)
            source = .central
        } catch {
            found = await snapshot.certificates(forID: idNumber)
            source = .snapshot
        }
        let readiness = RenewalReadiness(certificates: found, licenceClass: licenceClass, identityChipVerified: identityChipVerified, on: day)
        return (found, source, readiness)
    }
}
