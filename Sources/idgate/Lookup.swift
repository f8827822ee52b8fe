import ArgumentParser
import Eligibility
import Foundation
import LicenseHealth

/// `idgate lookup insurance|license-health`: the two questions the counter asks once the card is read.
struct Lookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up health-insurance eligibility or driver health-check certificates.",
        subcommands: [LookupInsurance.self, LookupLicenseHealth.self, LookupReconcile.self, LookupProvisional.self, LookupSimulateGateway.self]
    )
}

/// Gateway connection options; each defaults to an environment variable so passwords stay off the command line.
struct GatewayOptions: ParsableArguments {
    @Option(help: "Gateway base URL (env IDGATE_GATEWAY_URL).")
    var gateway: String = ProcessInfo.processInfo.environment["IDGATE_GATEWAY_URL"] ?? "http://127.0.0.1:8089"
    @Option(help: "Gateway account (env IDGATE_GATEWAY_USERNAME).")
    var username: String = ProcessInfo.processInfo.environment["IDGATE_GATEWAY_USERNAME"] ?? ""
    @Option(help: "Name of an environment variable holding the password.")
    var passwordEnv: String = "IDGATE_GATEWAY_PASSWORD"
    @Option(help: "Seconds before the request is abandoned.")
    var timeout: Double = 15

    var password: String { ProcessInfo.processInfo.environment[passwordEnv] ?? "" }

    func baseURL() throws -> URL {
        guard let url = URL(string: gateway), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--gateway must be an http(s) URL, got '\(gateway)'")
        }
        return url
    }
}

func fail(_ message: String, code: Int32 = 2) -> ExitCode {
    FileHandle.standardError.write(Data("idgate: \(message)\n".utf8))
    return ExitCode(code)
}
