@testable import Agent
import CardSim
import Foundation
import Testing

@Suite struct TrustStoreConfigurationTests {
    func issues(_ directory: String) -> [ConfigurationIssue] {
        do {
            _ = try AgentConfiguration.load(fileText: "[readers]\ntrust_store = \"\(directory)\"\n", environment: [:])
            return []
        } catch {
            if case .configuration(let list) = error { return list }
            Issue.record("expected configuration issues, got \(error)")
            return []
        }
    }

    func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-trust-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("A trust store that is missing, relative or empty is refused naming readers.trust_store") func badPaths() throws {
        let empty = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        for (path, words) in [("/nonexistent/csca", "not a directory"), ("csca", "absolute"), (empty, "no CSCA certificate")] {
            let found = issues(path)
            #expect(found.map(\.key) == ["readers.trust_store"], "\(path)")
            #expect(found.first?.problem.contains(words) == true, "\(found)")
        }
    }

    @Test("A directory with a CSCA certificate loads into the daemon's trust store") func loads() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pki = try TestPKI.generate()
        try Data(pki.csca.der).write(to: URL(fileURLWithPath: dir + "/csca.der"))
        let c = try AgentConfiguration.load(fileText: nil, environment: ["IDGATE_READERS_TRUST_STORE": dir])
        #expect(c.trustStoreDirectory == dir)
        #expect(try c.trustStore().certificates.map(\.derEncoded) == [pki.csca.der])
        #expect(try AgentConfiguration.defaults.trustStore().certificates.isEmpty)
    }
}
