import Eligibility
import Foundation
import InsuranceGatewaySim
import LicenseHealth
import Testing

@Suite("Certificate push and look-up on the simulated gateway", .serialized)
struct CertificateRegistryTests {
    static func identity() throws -> (SigningIdentity, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=79001"]
        p.currentDirectoryURL = dir
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        return (try SigningIdentity(privateKeyFile: dir.appendingPathComponent("key.pem").path, certificateFile: dir.appendingPathComponent("cert.pem").path), dir)
    }

    static func certificate(_ licenceClass: LicenceClass = .b) throws -> HealthCertificate {
        let today = GatewayDate(Date())
        let identity = VerifiedIdentity(idNumber: "079090000000", fullName: "NGUYỄN THỊ ĐÀO", birthDate: "01/01/1990", sex: "Nữ",
                                        address: "Số 1 Lê Lợi, TP Hồ Chí Minh", idIssueDate: "15/08/2021", chipVerified: true)
        return HealthCertificate(identity: identity, facility: Facility(code: "79001", name: "Bệnh viện Quận 1"),
                                 conclusion: DoctorConclusion(sequence: 7, licenceClass: licenceClass, conclusion: "A0-1", conclusionDate: today, doctor: "BS. Lê Văn Minh"))
    }

    @Test("a signed certificate is accepted once per number and class, edited with EDIT, and found by ID number")
    func pushAndLookUp() async throws {
        let server = GatewaySimServer(simulator: InsuranceGatewaySimulator(username: "79001_BV", password: "matkhau"))
        try await server.start()
        let client = CertificateRegistryClient(baseURL: await server.baseURL, username: "79001_BV", password: "matkhau", transport: URLSessionTransport(timeout: 5))
        let (signer, dir) = try Self.identity()
        defer { try? FileManager.default.removeItem(at: dir) }
        var signed = try SignedCertificateXML.sign(try Self.certificate(), identity: signer, algorithm: .rsaSHA1, canonicalization: .inclusive)
        let ok = try await client.push(signed)
        #expect(ok.SO == signed.number && ok.UUID != nil)
        await #expect(throws: LicenseHealthError.self) { try await client.push(signed) }
        signed.state = "EDIT"
        try await client.push(signed)
        try await client.push(try SignedCertificateXML.sign(try Self.certificate(.c), identity: signer))
        var edit = try Self.certificate(.d)
        edit.state = "EDIT"
        do {
            try await client.push(try SignedCertificateXML.sign(edit, identity: signer))
            Issue.record("EDIT of a missing certificate must be refused")
        } catch {
            #expect(error.description.contains("send ADD"))
        }
        #expect(await server.simulator.certificateCount == 2)
        let found = try await client.certificates(forID: "079090000000")
        #expect(Set(found.map(\.licenceClass)) == ["B", "C"])
        #expect(found.allSatisfy { $0.signData == nil })
        #expect(try await client.certificates(forID: "079090000001").isEmpty)
        let wrong = CertificateRegistryClient(baseURL: await server.baseURL, username: "79001_BV", password: "sai", transport: URLSessionTransport(timeout: 5))
        await #expect(throws: LicenseHealthError.self) { try await wrong.certificates(forID: "079090000000") }
        await server.stop()
    }

    @Test("an unsigned or invalid record is refused by the gateway with the problem named")
    func refusals() async throws {
        let server = GatewaySimServer(simulator: InsuranceGatewaySimulator())
        try await server.start()
        let client = CertificateRegistryClient(baseURL: await server.baseURL, username: "79001_BV", password: "matkhau", transport: URLSessionTransport(timeout: 5))
        var c = try Self.certificate()
        c.signData = Data("<root></root>".utf8).base64EncodedString()
        do { try await client.push(c); Issue.record("accepted") } catch { #expect(error.description.contains("SIGNDATA")) }
        c.licenceClass = "B2"
        do { try await client.push(c); Issue.record("accepted") } catch { #expect(error.description.contains("HANGBANGLAI")) }
        await server.stop()
    }

    @Test("license-health look-up answers from the central, then from the snapshot when the central is down")
    func lookupFallback() async throws {
        let server = GatewaySimServer(simulator: InsuranceGatewaySimulator())
        try await server.start()
        let client = CertificateRegistryClient(baseURL: await server.baseURL, username: "79001_BV", password: "matkhau", transport: URLSessionTransport(timeout: 5))
        let (signer, dir) = try Self.identity()
        defer { try? FileManager.default.removeItem(at: dir) }
        let signed = try SignedCertificateXML.sign(try Self.certificate(), identity: signer)
        try await client.push(signed)
        let lookup = LicenseHealthLookup(client: client, snapshot: InMemoryCertificateSnapshot([signed]))
        let online = await lookup.lookUp(idNumber: "079090000000", licenceClass: .b, identityChipVerified: true)
        #expect(online.source == .central)
        guard case .ready = online.readiness else { Issue.record("\(online.readiness)"); return }
        await server.stop()
        let offline = await lookup.lookUp(idNumber: "079090000000", licenceClass: .b, identityChipVerified: true)
        #expect(offline.source == .snapshot)
        guard case .ready = offline.readiness else { Issue.record("\(offline.readiness)"); return }
        let unverified = await lookup.lookUp(idNumber: "079090000000", licenceClass: .b, identityChipVerified: false)
        #expect(unverified.readiness.description.contains("not verified"))
    }

    @Test("the token endpoint takes JSON and form bodies, refuses a wrong MD5 password, and states an absolute expiry")
    func tokenEndpoint() async throws {
        let server = GatewaySimServer(simulator: InsuranceGatewaySimulator(username: "u", password: "p"))
        try await server.start()
        let url = await server.baseURL.appendingPathComponent("/api/token/take")
        let t = URLSessionTransport(timeout: 5)
        let json = try await t.send(HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/json"], body: Array("{\"username\":\"u\",\"password\":\"\(MD5.hex("p"))\"}".utf8)))
        let a = try JSONDecoder().decode(TokenAnswer.self, from: Data(json.body))
        #expect(a.maKetQua == "200")
        let expiry = try #require(a.APIKey?.expires_in.flatMap(TokenExpiry.parse))
        #expect(expiry > Date())
        let form = try await t.send(HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("username=u&password=\(MD5.hex("p"))".utf8)))
        #expect(try JSONDecoder().decode(TokenAnswer.self, from: Data(form.body)).maKetQua == "200")
        let plain = try await t.send(HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/json"], body: Array("{\"username\":\"u\",\"password\":\"p\"}".utf8)))
        #expect(try JSONDecoder().decode(TokenAnswer.self, from: Data(plain.body)).maKetQua == "401")
        #expect(MD5.hex("") == "d41d8cd98f00b204e9800998ecf8427e", "RFC 1321 test suite")
        #expect(MD5.hex("abc") == "900150983cd24fb0d6963f7d28e17f72", "RFC 1321 test suite")
        await server.stop()
    }

    @Test("the visit-history endpoint answers dsLichSuKCB2025 with yyyyMMddHHmm times for a valid card and the check's code otherwise")
    func visitHistory() async throws {
        let simulator = InsuranceGatewaySimulator(username: "u", password: "p")
        let server = GatewaySimServer(simulator: simulator)
        try await server.start()
        let token = try #require(await simulator.issueToken(username: "u", password: "p"))
        var components = try #require(URLComponents(url: await server.baseURL.appendingPathComponent(InsuranceGatewaySimulator.historyPath), resolvingAgainstBaseURL: false))
        components.queryItems = [.init(name: "token", value: token.accessToken), .init(name: "id_token", value: token.idToken), .init(name: "username", value: "u")]
        let url = try #require(components.url)
        let people = await simulator.people
        for (code, expected) in [("000", "000"), ("010", "010")] {
            let p = try #require(people.first { $0.resultCode == code })
            let form = "maThe=\(p.idNumber)&hoTen=\(FormEncodingForTest.escape(p.name))&ngaySinh=\(FormEncodingForTest.escape(p.birthDate))&hoTenCb=\(FormEncodingForTest.escape(RegisteredStaff.seeded.name))&cccdCb=\(RegisteredStaff.seeded.idNumber)"
            let r = try await URLSessionTransport().send(HTTPRequest(method: "POST", url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
            let a = try JSONDecoder().decode(VisitHistoryAnswer.self, from: Data(r.body))
            #expect(a.maKetQua == expected)
            if expected == "000" {
                let visit = try #require(a.dsLichSuKCB2025?.first)
                #expect(visit.ngayVao?.count == 12 && visit.ngayVao?.allSatisfy(\.isNumber) == true)
            } else {
                #expect(a.dsLichSuKCB2025 == nil)
            }
        }
        await server.stop()
    }
}

enum FormEncodingForTest {
    static func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }
}
