import Eligibility
import Foundation
import InsuranceGatewaySim
import Testing

@Suite("Gateway client against the simulated gateway on a loopback port", .serialized)
struct GatewayClientTests {
    @Test("every person-driven result code gives the verdict its category says")
    func everyPersonCode() async throws {
        let g = try await GatewayFixture.start()
        let client = g.client()
        for code in SeededPerson.personCodes {
            let answer = try await client.checkCard(try await g.query(code: code))
            #expect(answer.maKetQua == code)
            let verdict = EligibilityVerdict(answer: answer)
            switch ResultCode(code).category {
            case .eligible:
                guard case .eligible(let cov) = verdict else { Issue.record("\(code): \(verdict)"); continue }
                #expect(cov.validTo != nil && cov.card != nil)
            case .eligibleWithNewCard:
                guard case .eligibleWithNewCard(_, let new, _) = verdict else { Issue.record("\(code): \(verdict)"); continue }
                #expect(new.card != nil && new.validFrom != nil && new.validTo != nil)
            case .notEligible: #expect(verdict == .notEligible(ResultCode(code)))
            default: #expect(verdict == .gatewayError(ResultCode(code)))
            }
        }
        await g.stop()
    }

    @Test("wrong input gives 050–053, 060, 061 and 070, each naming the field; 060/061 are not retried")
    func inputCodes() async throws {
        let g = try await GatewayFixture.start()
        let client = g.client()
        let p = try #require(await g.simulator.people.first { $0.resultCode == "000" })
        func verdict(_ q: EligibilityQuery) async throws -> EligibilityVerdict { EligibilityVerdict(answer: try await client.checkCard(q)) }
        #expect(try await verdict(EligibilityQuery(idNumber: "079090999999", name: p.name, birthDate: p.birthDate)) == .notEligible(ResultCode("050")))
        let si = String(p.cardCode.suffix(10))
        #expect(try await verdict(EligibilityQuery(cardCode: "DN4" + "01" + si, name: p.name, birthDate: p.birthDate)) == .inputWrong(field: .provinceCode, code: ResultCode("052")))
        #expect(try await verdict(EligibilityQuery(cardCode: "DN2" + "79" + si, name: p.name, birthDate: p.birthDate)) == .inputWrong(field: .benefitCode, code: ResultCode("053")))
        #expect(try await verdict(EligibilityQuery(cardCode: "HS479" + si, name: p.name, birthDate: p.birthDate)) == .inputWrong(field: .cardCode, code: ResultCode("051")))
        #expect(try await verdict(EligibilityQuery(cardCode: "DN4790000000000", name: p.name, birthDate: p.birthDate)) == .inputWrong(field: .cardCode, code: ResultCode("051")))
        let before = await g.simulator.cardChecks
        #expect(try await verdict(EligibilityQuery(idNumber: p.idNumber, name: "LÊ VĂN TÁM", birthDate: p.birthDate)) == .inputWrong(field: .name, code: ResultCode("060")))
        #expect(try await verdict(EligibilityQuery(idNumber: p.idNumber, name: "NGUYỄN THỊ ĐAO", birthDate: p.birthDate)) == .inputWrong(field: .name, code: ResultCode("061")))
        #expect(await g.simulator.cardChecks == before + 2, "a name mismatch must not be retried with variants")
        #expect(try await verdict(EligibilityQuery(idNumber: p.idNumber, name: p.name, birthDate: "01/01/1991")) == .inputWrong(field: .birthDate, code: ResultCode("070")))
        #expect(try await verdict(EligibilityQuery(idNumber: p.idNumber, name: p.name, birthDate: "1990")) == .eligible(EligibilityVerdict(answer: try await client.checkCard(try await g.query(code: "000"))).coverageForTest))
        #expect(try await verdict(try await g.query(code: "000", byCard: true)).isEligible)
        await g.stop()
    }

    @Test("an unregistered staff ID gives 054, a wrong staff name 055")
    func staffCodes() async throws {
        for (staff, code) in [(RegisteredStaff(idNumber: "001080009999", name: "TRẦN THỊ BÌNH"), "054"), (RegisteredStaff(idNumber: "001080000001", name: "TRẦN THỊ BÍCH"), "055")] {
            let g = try await GatewayFixture.start(staff: staff)
            let answer = try await g.client().checkCard(try await g.query(code: "000"))
            #expect(EligibilityVerdict(answer: answer) == .staffNotRegistered(ResultCode(code)))
            await g.stop()
        }
    }

    @Test("an NFD name with doubled spaces is normalised by the client; sent raw in NFD, the strict gateway answers 061")
    func nfdNames() async throws {
        let g = try await GatewayFixture.start()
        let p = try #require(await g.simulator.people.first { $0.resultCode == "000" })
        let nfd = "  " + p.name.decomposedStringWithCanonicalMapping.replacingOccurrences(of: " ", with: "  ")
        let answer = try await g.client().checkCard(try EligibilityQuery(idNumber: p.idNumber, name: nfd, birthDate: p.birthDate))
        #expect(answer.maKetQua == "000")
        // The same bytes without normalisation, through the token the client would use.
        let token = try #require(await g.simulator.issueToken(username: "79001_BV", password: "matkhau"))
        var components = try #require(URLComponents(url: g.configuration.baseURL.appendingPathComponent("/api/egw/KQNhanLichSuKCB2024"), resolvingAgainstBaseURL: false))
        components.queryItems = [.init(name: "token", value: token.0), .init(name: "id_token", value: token.1), .init(name: "username", value: "79001_BV")]
        let body = try JSONSerialization.data(withJSONObject: ["maThe": p.idNumber, "hoTen": p.name.decomposedStringWithCanonicalMapping, "ngaySinh": p.birthDate, "hoTenCb": RegisteredStaff.seeded.name, "cccdCb": RegisteredStaff.seeded.idNumber])
        let raw = try await URLSessionTransport().send(HTTPRequest(method: "POST", url: try #require(components.url), headers: ["Content-Type": "application/json"], body: Array(body)))
        #expect(try JSONDecoder().decode(CardCheckAnswer.self, from: Data(raw.body)).maKetQua == "061")
        await g.stop()
    }

    @Test("the token is reused until it expires, then fetched again before the call")
    func tokenReuseAndExpiry() async throws {
        let g = try await GatewayFixture.start(tokenLifetime: 60)
        let clock = TestClock()
        let client = g.client(now: { clock.now })
        let q = try await g.query(code: "000")
        for _ in 0..<3 { #expect(try await client.checkCard(q).maKetQua == "000") }
        #expect(await g.simulator.tokensIssued == 1)
        clock.advance(120)
        #expect(try await client.checkCard(q).maKetQua == "000")
        #expect(await g.simulator.tokensIssued == 2)
        #expect(await client.statistics.tokenRefreshes == 0)
        await g.stop()
    }

    @Test("concurrent look-ups share one token request")
    func concurrentToken() async throws {
        let g = try await GatewayFixture.start()
        let client = g.client()
        let q = try await g.query(code: "000")
        let codes = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<6 { group.addTask { try await client.checkCard(q).maKetQua } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(codes == Array(repeating: "000", count: 6))
        #expect(await g.simulator.tokensIssued == 1)
        await g.stop()
    }

    @Test("a token the gateway expired is refreshed on HTTP 200 + maKetQua 401 and on HTTP 401")
    func tokenRefresh() async throws {
        for style in [InsuranceGatewaySimulator.ExpiredTokenStyle.http200Body401, .http401] {
            let g = try await GatewayFixture.start()
            await g.simulator.setExpiredTokenStyle(style)
            let client = g.client()
            let q = try await g.query(code: "000")
            #expect(try await client.checkCard(q).maKetQua == "000")
            await g.simulator.expireAllTokens()
            #expect(try await client.checkCard(q).maKetQua == "000")
            #expect(await g.simulator.tokensIssued == 2)
            #expect(await client.statistics.tokenRefreshes == 1)
            await g.stop()
        }
    }

    @Test("a token answered with maKetQua 501 is refreshed once")
    func tokenError501() async throws {
        let g = try await GatewayFixture.start()
        let client = g.client()
        let q = try await g.query(code: "000")
        #expect(try await client.checkCard(q).maKetQua == "000")
        await g.simulator.revokeAllTokens()
        #expect(try await client.checkCard(q).maKetQua == "000")
        #expect(await client.statistics.tokenRefreshes == 1)
        #expect(await g.simulator.tokensIssued == 2)
        await g.stop()
    }

    @Test("a wrong password is reported as an authentication failure")
    func wrongPassword() async throws {
        let g = try await GatewayFixture.start()
        var config = g.configuration
        config.password = "sai"
        let client = InsuranceGatewayClient(configuration: config, transport: URLSessionTransport())
        await #expect(throws: EligibilityError.self) { try await client.checkCard(try await g.query(code: "000")) }
        await g.stop()
    }

    @Test("older endpoint names and form-urlencoded bodies are selectable by configuration")
    func endpointsAndEncodings() async throws {
        for endpoint in CardCheckEndpoint.allCases {
            let g = try await GatewayFixture.start(endpoint: endpoint)
            #expect(try await g.client().checkCard(try await g.query(code: "000")).maKetQua == "000")
            await g.stop()
        }
        let path = "/api/egw/KQNhanLichSuKCB2024"
        let json = try await GatewayFixture.start()
        await json.simulator.setFormOnly([path])
        #expect(try await json.client().checkCard(try await json.query(code: "000")).maKetQua == "205")
        await json.stop()
        let form = try await GatewayFixture.start(encodings: [path: .form, GatewayConfiguration.tokenPath: .form])
        await form.simulator.setFormOnly([path])
        #expect(try await form.client().checkCard(try await form.query(code: "000")).maKetQua == "000")
        await form.stop()
    }

    @Test("a connection reset is retried once; a timeout is never retried")
    func retries() async throws {
        let g = try await GatewayFixture.start()
        let reset = FlakyTransport(failures: 1, failure: .connectionReset("test reset"))
        #expect(try await g.client(transport: reset).checkCard(try await g.query(code: "000")).maKetQua == "000")
        let twice = FlakyTransport(failures: 2, failure: .connectionReset("test reset"))
        await #expect(throws: EligibilityError.self) { try await g.client(transport: twice).checkCard(try await g.query(code: "000")) }
        #expect(twice.attempts == 2)
        let timeout = FlakyTransport(failures: 1, failure: .timedOut("test timeout"))
        await #expect(throws: EligibilityError.timeout("test timeout")) { try await g.client(transport: timeout).checkCard(try await g.query(code: "000")) }
        #expect(timeout.attempts == 1)
        await g.stop()
    }
}

extension EligibilityVerdict {
    var coverageForTest: Coverage {
        if case .eligible(let c) = self { return c }
        return Coverage(card: nil, validFrom: nil, validTo: nil, primaryCareFacility: nil)
    }
}
