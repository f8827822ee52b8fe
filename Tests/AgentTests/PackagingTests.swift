import Agent
import Foundation
import Testing

/// Packaging/ stays true to the code: the shipped configuration is the embedded default, the .deb builds with
/// every file in place, and the unit's sandbox keeps its exposure score.
@Suite struct PackagingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let idgate = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("idgate").path

    /// Runs a command to completion; its status and standard output.
    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.currentDirectoryURL = root
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("Packaging/idgate.toml is exactly the embedded default configuration")
    func defaultConfiguration() throws {
        let shipped = try String(contentsOf: Self.root.appendingPathComponent("Packaging/idgate.toml"), encoding: .utf8)
        #expect(shipped == AgentConfiguration.defaultTOML + "\n", "regenerate it: idgate serve --print-default-config > Packaging/idgate.toml")
        _ = try AgentConfiguration.load(fileText: shipped, environment: [:])
    }

    @Test("scripts/package-deb builds a .deb with the agent, unit, sysusers, tmpfiles, polkit rule, configuration and maintainer scripts")
    func debianPackage() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb"), FileManager.default.isExecutableFile(atPath: Self.idgate) else {
            Issue.record("dpkg-deb or the built idgate is missing (\(Self.idgate))")
            return
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-deb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let built = try Self.run("/bin/bash", ["scripts/package-deb", "--binary", Self.idgate, "--out", out.path, "--compression", "none"])
        #expect(built.status == 0)
        let deb = built.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let contents = try Self.run("/usr/bin/dpkg-deb", ["--contents", deb]).output
        for path in ["./usr/bin/idgate", "./lib/systemd/system/idgate.service", "./usr/lib/sysusers.d/idgate.conf", "./usr/lib/tmpfiles.d/idgate.conf",
                     "./etc/polkit-1/rules.d/60-idgate-pcsc.rules", "./etc/idgate/idgate.toml"] {
            #expect(contents.contains(path), "\(path) missing from the .deb")
        }
        #expect(contents.contains("-rwxr-xr-x root/root") && !contents.contains(" \(getuid())/"), "files owned by root")
        let info = try Self.run("/usr/bin/dpkg-deb", ["--info", deb]).output
        #expect(info.contains("Package: idgate") && info.contains("Depends: pcscd") && info.contains("postinst") && info.contains("conffiles"))
    }

    @Test("The systemd unit's exposure (systemd-analyze security) stays at or below 2.0, and its credentials are the ones the agent reads")
    func unitSandbox() throws {
        let unit = Self.root.appendingPathComponent("Packaging/systemd/idgate.service").path
        let text = try String(contentsOfFile: unit, encoding: .utf8)
        for credential in ["idgate-store-keys", "idgate-central-token", "idgate-gateway-password"] {
            #expect(text.contains("LoadCredential=\(credential):"), "\(credential) not handed to the service")
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return }
        let analysed = try Self.run("/usr/bin/systemd-analyze", ["security", "--offline=true", "--no-pager", unit])
        let line = try #require(analysed.output.split(separator: "\n").last { $0.contains("Overall exposure level") })
        let score = try #require(Double(line.split(separator: ":").last?.split(separator: " ").first ?? ""))
        #expect(score <= 2.0, "\(line)")
    }
}
