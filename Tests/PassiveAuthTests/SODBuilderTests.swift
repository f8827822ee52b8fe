import CardIO
import CardSim
import Foundation
import LDS
import Testing

/// The generated SODs checked by an independent implementation: the `openssl cms` command verifies their CMS
/// signature with the included document signer certificate (`-noverify`: its chain verifier refuses explicit EC
/// parameters, which is why the project checks chains itself).
@Suite("SOD builder")
struct SODBuilderTests {
    static let opensslPath = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `openssl cms -verify` on a SOD's ContentInfo; true when it prints "Verification successful".
    static func opensslVerifies(_ sod: [UInt8]) throws -> Bool {
        let contentInfo = try BERTLV.parseSingle(sod, expecting: 0x77).value
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("sod.der")
        try Data(contentInfo).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opensslPath ?? "/usr/bin/openssl")
        process.arguments = ["cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", input.path, "-out", "/dev/null"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 && text.contains("Verification successful")
    }

    @Test("openssl cms accepts the signature of every generated SOD kind and rejects a corrupted one",
        .enabled(if: opensslPath != nil), arguments: TestPKI.Kind.allCases)
    func independentCheck(kind: TestPKI.Kind) throws {
        let pki = try TestPKI.generate(kind)
        let groups = PassiveAuthenticationTests.dataGroups()
        #expect(try Self.opensslVerifies(try SODBuilder.build(dataGroups: groups, pki: pki).sod))
        #expect(try !Self.opensslVerifies(try SODBuilder.build(dataGroups: groups, pki: pki, faults: [.corruptSignature]).sod))
        #expect(try !Self.opensslVerifies(try SODBuilder.build(dataGroups: groups, pki: pki, faults: [.messageDigestMismatch]).sod))
    }

    @Test("the SOD's hashes are SHA-256 of the data group bytes, recomputed by openssl's digest command", .enabled(if: opensslPath != nil))
    func hashes() throws {
        let pki = try TestPKI.generate(.rsa2048)
        let groups = PassiveAuthenticationTests.dataGroups()
        let sod = try SOD(derEncoded: try SODBuilder.build(dataGroups: groups, pki: pki, faults: [.wrongHash(dataGroup: 1)]).sod)
        for (n, bytes) in groups {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.opensslPath ?? "/usr/bin/openssl")
            process.arguments = ["dgst", "-sha256", "-binary"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            input.fileHandleForWriting.write(Data(bytes))
            try input.fileHandleForWriting.close()
            let digest = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()
            #expect((sod.securityObject.dataGroupHashes[n] == digest) == (n != 1), "DG\(n)")
        }
    }
}
