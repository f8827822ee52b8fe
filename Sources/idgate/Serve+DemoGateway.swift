import Agent
import CardSim
import Eligibility
import Foundation
import InsuranceGatewaySim

/// The in-process insurance gateway of `idgate serve --demo`: the simulator's seeded people plus the demo citizen
/// (insured, result 000), on a free loopback port, with the seeded staff member asking.
enum DemoGateway {
    static func start(citizen: CitizenSample) async throws -> LookupConfiguration {
        let simulator = InsuranceGatewaySimulator(username: "79001_BV", password: "matkhau")
        guard var person = SeededPerson.seeded(today: GatewayDate(Date())).first(where: { $0.resultCode == "000" }) else {
            throw AgentError.api("the gateway simulator has no insured seeded person to copy")
        }
        person.idNumber = citizen.idNumber
        person.name = citizen.fullName.uppercased()
        person.birthDate = citizen.dateOfBirth.ddMMyyyy
        person.sex = citizen.sex == .female ? "Nữ" : "Nam"
        await simulator.addPerson(person)
        let server = GatewaySimServer(simulator: simulator)
        try await server.start()
        return LookupConfiguration(gatewayURL: await server.baseURL, username: "79001_BV", password: "matkhau",
                                   staffName: RegisteredStaff.seeded.name, staffID: RegisteredStaff.seeded.idNumber)
    }
}
