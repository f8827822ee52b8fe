import Agent
import CardSim
import CentralSim
import Eligibility
import Foundation
import InsuranceGatewaySim

/// The in-process central service of `idgate serve --demo` (check-in intake, snapshots), with the simulated insurance gateway's routes: the
/// simulator's seeded people plus the demo citizen (insured, result 000), its eligibility snapshot published in the
/// central's SQLite storage under `stateDirectory`, on a free loopback port, with the seeded staff member asking.
enum DemoGateway {
    static func start(citizen: CitizenSample, stateDirectory: String) async throws -> (lookups: LookupConfiguration, sync: SyncConfiguration) {
        let simulator = InsuranceGatewaySimulator(username: "79001_BV", password: "matkhau")
        guard var person = SeededPerson.seeded(today: GatewayDate(Date())).first(where: { $0.resultCode == "000" }) else {
            throw AgentError.api("the gateway simulator has no insured seeded person to copy")
        }
        person.idNumber = citizen.idNumber
        person.name = citizen.fullName.uppercased()
        person.birthDate = citizen.dateOfBirth.ddMMyyyy
        person.sex = citizen.sex == .female ? "Nữ" : "Nam"
        await simulator.addPerson(person)
        let storage = try await CentralGatewayBridge.attach(simulator, to: try SQLiteCentralStorage(path: stateDirectory + "/central.sqlite"))
        var configuration = CentralConfiguration()
        configuration.port = 0
        let token = UUID().uuidString
        configuration.agentTokens = [token]
        let central = CentralService(configuration: configuration, storage: storage) { router in
            addInsuranceGatewayRoutes(to: router, simulator: simulator)
        }
        let running = try await central.startInBackground()
        let lookups = LookupConfiguration(gatewayURL: running.baseURL, username: "79001_BV", password: "matkhau",
                                          staffName: RegisteredStaff.seeded.name, staffID: RegisteredStaff.seeded.idNumber)
        return (lookups, SyncConfiguration(centralURL: running.baseURL, token: token, interval: .seconds(10)))
    }
}
