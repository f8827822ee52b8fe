import Eligibility
import Foundation
import LicenseHealth

/// The state and rules of the simulated social-security gateway (DOMAIN.md §2, §3): accounts,
/// tokens with expiry, seeded people, registered staff, certificates, and fault settings.
/// Names are compared byte for byte after upper-casing, as a strict server would: an NFD
/// name or doubled space does not match.
public actor InsuranceGatewaySimulator {
    /// How an expired or unknown token is answered.
    public enum ExpiredTokenStyle: Sendable { case http200Body401, http401 }

    struct IssuedToken {
        var idToken: String
        var username: String
        var expiresAt: Date
        var revoked = false
    }

    /// Account name → MD5 hex of the password (gateway and facility accounts).
    public private(set) var accounts: [String: String]
    public private(set) var people: [SeededPerson]
    public private(set) var staff: [RegisteredStaff]
    /// How long a new token lives.
    public var tokenLifetime: TimeInterval
    public var expiredTokenStyle: ExpiredTokenStyle = .http200Body401
    /// Delay before every card-check answer (to exercise the client's answer budget).
    public var latency: Duration = .zero
    /// Paths that reject JSON bodies and take only form-urlencoded ones.
    public var formOnlyPaths: Set<String> = []
    /// Counters for tests.
    public private(set) var tokensIssued = 0
    public private(set) var cardChecks = 0
    var tokens: [String: IssuedToken] = [:]
    /// The health-check certificates pushed to the gateway or received through agents' outboxes.
    public nonisolated let registry = CertificateRegistry()
    let now: @Sendable () -> Date

    /// The card-check endpoint names served.
    public static let cardCheckPaths = CardCheckEndpoint.allCases.map { "/api/egw/" + $0.rawValue }

    /// A simulator with the seeded people and staff, and one account `username`/`password`.
    public init(
        username: String = "79001_BV", password: String = "matkhau", tokenLifetime: TimeInterval = 1800,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        accounts = [username: MD5.hex(password)]
        people = SeededPerson.seeded(today: GatewayDate(now()))
        staff = [RegisteredStaff.seeded]
        self.tokenLifetime = tokenLifetime
        self.now = now
    }

    public func setLatency(_ d: Duration) { latency = d }
    public func setTokenLifetime(_ t: TimeInterval) { tokenLifetime = t }
    public func setExpiredTokenStyle(_ s: ExpiredTokenStyle) { expiredTokenStyle = s }
    public func setFormOnly(_ paths: Set<String>) { formOnlyPaths = paths }
    public func addPerson(_ p: SeededPerson) { people.append(p) }
    /// Makes every issued token expired, as after the gateway's token lifetime.
    /// Makes every issued token answer `501` (token error) from now on.
    public func revokeAllTokens() {
        for k in tokens.keys { tokens[k]?.revoked = true }
    }
    public func expireAllTokens() {
        for k in tokens.keys { tokens[k]?.expiresAt = now().addingTimeInterval(-1) }
    }

    /// Issues a token directly (tests that call the card check with hand-made requests).
    public func issueToken(username: String, password: String) -> (accessToken: String, idToken: String)? {
        let a = takeToken(username: username, passwordMD5: MD5.hex(password))
        guard let key = a.APIKey, let access = key.access_token, let id = key.id_token else { return nil }
        return (access, id)
    }

    /// `/api/token/take`: a token when the MD5 password matches.
    func takeToken(username: String?, passwordMD5: String?) -> TokenAnswer {
        guard let username, let pw = passwordMD5, accounts[username] == pw.lowercased() else {
            return TokenAnswer(maKetQua: "401", APIKey: nil)
        }
        let access = UUID().uuidString
        let id = UUID().uuidString
        let expiry = now().addingTimeInterval(tokenLifetime)
        tokens[access] = IssuedToken(idToken: id, username: username, expiresAt: expiry)
        tokensIssued += 1
        let f = ISO8601DateFormatter()
        return TokenAnswer(maKetQua: "200", APIKey: .init(access_token: access, id_token: id, username: username, expires_in: f.string(from: expiry)))
    }

    /// Token check for the `egw` endpoints: nil when valid, else the HTTP status and body.
    func tokenProblem(query: [String: String]) -> (status: Int, answer: CardCheckAnswer)? {
        let refused: (Int, CardCheckAnswer) = expiredTokenStyle == .http401
            ? (401, CardCheckAnswer(maKetQua: "401", ghiChu: "Token hết hạn"))
            : (200, CardCheckAnswer(maKetQua: "401", ghiChu: "Token hết hạn hoặc không hợp lệ"))
        guard let t = query["token"], let issued = tokens[t] else { return refused }
        if issued.idToken != query["id_token"] || issued.username != query["username"] {
            return (200, CardCheckAnswer(maKetQua: "501", ghiChu: "Token không khớp id_token/username"))
        }
        if issued.revoked { return (200, CardCheckAnswer(maKetQua: "501", ghiChu: "Lỗi token")) }
        if issued.expiresAt <= now() { return refused }
        return nil
    }

    /// `/api/egw/KQNhanLichSuKCB2024` and its older names: the answer for one look-up.
    func checkCard(_ f: [String: String]) -> CardCheckAnswer {
        cardChecks += 1
        func fail(_ code: String) -> CardCheckAnswer { CardCheckAnswer(maKetQua: code, ghiChu: ResultCode(code).vietnamese) }
        guard let maThe = f["maThe"], let hoTen = f["hoTen"], !hoTen.isEmpty, let ngaySinh = f["ngaySinh"],
              let hoTenCb = f["hoTenCb"], let cccdCb = f["cccdCb"]
        else { return fail("205") }
        let isID = maThe.count == 12 && maThe.allSatisfy { $0.isASCII && $0.isNumber }
        let isCard = maThe.unicodeScalars.count == 15
        guard isID || isCard, Self.validBirthText(ngaySinh) else { return fail("205") }
        guard let member = staff.first(where: { $0.idNumber == cccdCb }) else { return fail("054") }
        guard Self.strictName(member.name) == Self.strictName(hoTenCb) else { return fail("055") }
        let person: SeededPerson
        if isID {
            guard let p = people.first(where: { $0.idNumber == maThe }) else { return fail("050") }
            person = p
        } else if let p = people.first(where: { $0.cardCode == maThe.uppercased() }) {
            person = p
        } else if let p = people.first(where: { $0.cardCode.suffix(10) == maThe.uppercased().suffix(10) }) {
            let given = Array(maThe.uppercased().unicodeScalars), real = Array(p.cardCode.unicodeScalars)
            if given[3..<5] != real[3..<5] { return fail("052") }
            if given[2] != real[2] { return fail("053") }
            return fail("051")
        } else {
            return fail("051")
        }
        let given = Self.strictName(hoTen), stored = Self.strictName(person.name)
        if given != stored { return fail(given.first == stored.first ? "061" : "060") }
        let birthOK = ngaySinh.count == 4 ? person.birthDate.hasSuffix(ngaySinh) : ngaySinh == person.birthDate
        guard birthOK else { return fail("070") }
        var a = CardCheckAnswer(maKetQua: person.resultCode, ghiChu: ResultCode(person.resultCode).vietnamese)
        a.maThe = person.cardCode
        a.hoTen = person.name
        a.ngaySinh = person.birthDate
        a.gioiTinh = person.sex
        a.diaChi = person.address
        a.maDKBD = person.facility
        a.cqBHXH = "Bảo hiểm xã hội TP Hồ Chí Minh"
        a.gtTheTu = person.validFrom
        a.gtTheDen = person.validTo
        a.maKV = nil
        a.ngayDu5Nam = nil
        a.maSoBHXH = String(person.cardCode.suffix(10))
        if let n = person.newCard {
            a.maTheCu = person.cardCode
            a.maTheMoi = n.code
            a.gtTheTuMoi = n.validFrom
            a.gtTheDenMoi = n.validTo
            a.maDKBDMoi = person.facility
            a.tenDKBDMoi = "Bệnh viện Quận 1"
        }
        return a
    }

    /// Upper-cased UTF-8 bytes, no normalisation: what a strict server compares.
    static func strictName(_ s: String) -> [UInt8] { Array(s.uppercased().utf8) }

    static func validBirthText(_ s: String) -> Bool {
        if s.count == 4 { return s.allSatisfy { $0.isASCII && $0.isNumber } }
        return (try? GatewayDate(parsing: s)) != nil
    }
}
