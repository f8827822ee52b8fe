@testable import Agent
import CardIO
import CardSim
import EMRTD
import Eligibility
import Foundation
import InsuranceGatewaySim
import Testing

@Suite struct GatewayLookupsTests {
    /// The demo card read in-process, as the daemon's reader returns it.
    static func demoRead() throws -> CardReadResult {
        let demo = try DemoCard.complete()
        let card = demo.card
        let wire = CountingChannel(InProcessChannel(card: card))
        let keys = try DemoCard.accessKey.accessKeys(today: AccessKeyInput.today())
        let (sm, outcome) = try CCCDAccess.open(wire, keys: keys, reset: { () throws(CardIOError) in card.reset() })
        let read = try CardVerification.read(sm, wire: wire, trustStore: demo.trustStore)
        return CardReadResult(access: outcome, files: read.files, apdus: wire.apdus, bytesSent: wire.bytesSent, bytesReceived: wire.bytesReceived,
                              milliseconds: 0, verification: PCSCCardReader.verification(read))
    }

    /// A gateway simulator that knows the demo citizen as insured (result 000).
    static func gateway() async throws -> GatewaySimServer {
        let simulator = InsuranceGatewaySimulator(username: "79001_BV", password: "matkhau")
        var person = try #require(SeededPerson.seeded(today: GatewayDate(Date())).first { $0.resultCode == "000" })
        let sample = DemoCard.sample
        person.idNumber = sample.idNumber
        person.name = sample.fullName.uppercased()
        person.birthDate = sample.dateOfBirth.ddMMyyyy
        await simulator.addPerson(person)
        let server = GatewaySimServer(simulator: simulator)
        try await server.start()
        return server
    }

    @Test("A verified read is looked up live at the gateway, then answered from the cache once the gateway is down") func liveThenCache() async throws {
        let server = try await Self.gateway()
        let config = GatewayConfiguration(baseURL: await server.baseURL, username: "79001_BV", password: "matkhau",
                                          staffName: RegisteredStaff.seeded.name, staffID: RegisteredStaff.seeded.idNumber)
        let service = EligibilityService(
            gateway: InsuranceGatewayClient(configuration: config, transport: URLSessionTransport(timeout: 10)),
            cache: InMemoryEligibilityCache(), snapshot: InMemoryEligibilitySnapshot(takenOn: GatewayDate(Date())),
            // A generous budget: the live answer comes as soon as the gateway answers; a loaded CI machine must not
            // turn it into a provisional one (the budget itself is tested in EligibilityTests).
            queue: InMemoryProvisionalQueue(), policy: .init(answerBudget: .seconds(30)))
        let lookups = GatewayLookups(eligibility: service, licenseHealth: nil)
        let result = try Self.demoRead()
        #expect(result.verification?.verdict == "verified")

        let live = await lookups.lookups(for: result)
        #expect(live.map(\.source) == ["insurance"])
        #expect(live.first?.verdict == "eligible")
        #expect(live.first?.origin == "gateway")
        #expect(live.first?.detail?.contains(DemoCard.sample.idNumber) == false)
        let facts = try #require(live.first?.facts)
        #expect(facts.cardCode?.contains("******") == true, "the card code is masked")
        #expect(facts.validTo != nil && facts.coveragePercent.map { (0...100).contains($0) } == true)
        #expect(facts.copaymentPercent.map { $0 + (facts.coveragePercent ?? 0) } == 100)
        #expect(facts.newCard == false && facts.ageSeconds == nil)

        await server.stop()
        let offline = await lookups.lookups(for: result)
        #expect(offline.first?.verdict == "eligible")
        #expect(offline.first?.origin == "cache")
        #expect(offline.first?.originDetail?.hasPrefix("cache") == true)
        #expect(offline.first?.facts?.ageSeconds.map { $0 >= 0 } == true, "a cached answer says how old it is")
        #expect(offline.first?.facts?.cardCode == facts.cardCode)

        var forged = result
        forged.verification = VerificationSummary(verdict: "dataGroupHashMismatch")
        let refused = await lookups.lookups(for: forged)
        #expect(refused.map(\.verdict) == ["skipped"] && refused.first?.detail?.contains("may be forged") == true)
        var untrusted = result
        untrusted.verification = VerificationSummary(verdict: "issuerNotTrusted")
        #expect(await lookups.lookups(for: untrusted).first?.verdict == "eligible", "an untrusted issuer still looks up")
        await service.cancelBackgroundCalls()
    }

    @Test("Lookups configuration: a gateway URL needs account and staff, each problem naming its key") func configuration() throws {
        do {
            _ = try AgentConfiguration.load(fileText: "[lookups]\ngateway_url = \"ftp://x\"\nstaff_id = \"12\"\nlicence_class = \"Z\"\n", environment: [:])
            Issue.record("expected configuration issues")
        } catch {
            guard case .configuration(let issues) = error else { Issue.record("\(error)"); return }
            #expect(issues.map(\.key) == ["lookups.gateway_url", "lookups.gateway_username", "lookups.licence_class", "lookups.staff_id", "lookups.staff_name"])
        }
        let c = try AgentConfiguration.load(fileText: nil, environment: [
            "IDGATE_LOOKUPS_GATEWAY_URL": "https://egw.example.vn", "IDGATE_LOOKUPS_GATEWAY_USERNAME": "79001_BV",
            "IDGATE_LOOKUPS_STAFF_NAME": "Trần Thị Bình", "IDGATE_LOOKUPS_STAFF_ID": "001080000001", "IDGATE_LOOKUPS_LICENCE_CLASS": "",
        ])
        #expect(c.lookups?.gatewayURL.host == "egw.example.vn")
        #expect(c.lookups?.licenceClass == nil)
        #expect(try AgentConfiguration.defaults.lookups == nil)
    }
}
