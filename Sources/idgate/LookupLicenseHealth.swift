import ArgumentParser
import Eligibility
import Foundation
import LicenseHealth
import Store

struct LookupLicenseHealth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "license-health",
        abstract: "Does this person have a valid driver health-check certificate? Exit 0 renewal ready, 1 not, 2 error.")

    @Option(help: "12-digit ID number of the holder.") var id: String
    @Option(help: "Licence class to renew (A1, A, B1, B, C1, C, D1, D2, D, BE, C1E, CE, D1E, D2E, DE).") var `class`: String = "B"
    @Flag(help: "The identity was verified from the chip (required for 'renewal ready').") var chipVerified = false
    @OptionGroup var connection: GatewayOptions
    @OptionGroup var store: LookupStoreOptions
    @Flag(help: "Print JSON.") var json = false

    struct Report: Encodable {
        var source: String
        var renewalReady: Bool
        var readiness: String
        var certificates: [Item]
        struct Item: Encodable {
            var number: String
            var licenceClass: String
            var conclusion: String
            var conclusionDate: String
            var validUntil: String?
            var valid: Bool
            var facility: String
        }
    }

    func run() async throws {
        guard id.count == 12, id.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw ValidationError("--id must be the 12-digit ID number") }
        guard let licenceClass = LicenceClass(code: `class`) else {
            throw ValidationError("--class must be one of " + LicenceClass.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let client = CertificateRegistryClient(
            baseURL: try connection.baseURL(), username: connection.username, password: connection.password,
            transport: URLSessionTransport(timeout: connection.timeout))
        let today = GatewayDate(Date())
        let result: (certificates: [HealthCertificate], source: CertificateSource, readiness: RenewalReadiness)
        let database: AppDatabase?
        do { database = try store.open() } catch { throw fail("\(error)") }
        if let database {
            // Online first; the synced certificate snapshot when the central cannot be reached.
            let lookup = LicenseHealthLookup(client: client, snapshot: StoredCertificateSnapshot(database: database, logger: lookupLogger("idgate.license-health")))
            result = await lookup.lookUp(idNumber: id, licenceClass: licenceClass, identityChipVerified: chipVerified, on: today)
        } else {
            let found: [HealthCertificate]
            do { found = try await client.certificates(forID: id) } catch { throw fail("\(error)") }
            result = (found, .central, RenewalReadiness(certificates: found, licenceClass: licenceClass, identityChipVerified: chipVerified, on: today))
        }
        let readiness = result.readiness
        var ready = false
        if case .ready = readiness { ready = true }
        let report = Report(
            source: result.source.rawValue, renewalReady: ready, readiness: readiness.description,
            certificates: result.certificates.map {
                .init(number: $0.number, licenceClass: $0.licenceClass, conclusion: $0.conclusion, conclusionDate: $0.conclusionDate,
                      validUntil: $0.validUntil?.text, valid: $0.isValid(on: today), facility: $0.facilityName)
            })
        if json {
            try printJSON(report)
        } else {
            print(readiness.description)
            print("  source: \(report.source)")
            for c in report.certificates {
                print("  \(c.number) class \(c.licenceClass) \(c.conclusion) concluded \(c.conclusionDate), valid until \(c.validUntil ?? "?")\(c.valid ? "" : " (not valid)") — \(c.facility)")
            }
        }
        if !ready { throw ExitCode(1) }
    }
}
