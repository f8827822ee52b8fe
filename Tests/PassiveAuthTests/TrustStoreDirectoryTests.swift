import CardSim
import Foundation
import PassiveAuth
import Testing

/// A trust-store directory of generated CSCA certificates, as DER and PEM files.
@Suite("Trust store directory")
struct TrustStoreDirectoryTests {
    static func pem(_ der: [UInt8]) -> String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n"
    }

    static func withDirectory(_ body: (URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pa-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir)
    }

    @Test("DER and PEM certificates are loaded, other files ignored, and a SOD then verifies against them")
    func loads() throws {
        let ec = try TestPKI.generate(.brainpoolP384r1), rsa = try TestPKI.generate(.rsa2048, country: "ZZ")
        try Self.withDirectory { dir in
            try Data(ec.csca.der).write(to: dir.appendingPathComponent("vn.cer"))
            try Data((Self.pem(rsa.csca.der) + Self.pem(ec.csca.der)).utf8).write(to: dir.appendingPathComponent("both.pem"))
            try Data("notes".utf8).write(to: dir.appendingPathComponent("README.txt"))
            var store = TrustStore()
            let result = try store.addDirectory(dir.path)
            #expect(result.certificatesAdded == 2)  // the PEM repeats the DER one
            #expect(result.masterLists.isEmpty)
            let sod = try SODBuilder.build(dataGroups: PassiveAuthenticationTests.dataGroups(), pki: rsa).sod
            let report = PassiveAuthentication.verify(sod: sod, dataGroups: PassiveAuthenticationTests.dataGroups(), trustStore: store)
            #expect(report.outcome == .verified)
        }
    }

    @Test("a damaged certificate file or a missing directory is a typed error naming the problem")
    func errors() throws {
        try Self.withDirectory { dir in
            try Data("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n".utf8).write(to: dir.appendingPathComponent("bad.pem"))
            var store = TrustStore()
            #expect(throws: PassiveAuthError.self) { try store.addDirectory(dir.path) }
        }
        var store = TrustStore()
        let error = #expect(throws: PassiveAuthError.self) { try store.addDirectory("/nonexistent/pa") }
        #expect(error?.description.contains("/nonexistent/pa") == true)
    }
}
