import ChaosSupport
import Agent
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Chaos: corrupt configuration files given to idgate serve", .serialized)
struct ConfigChaosTests {
    /// The documented default configuration, mutated: truncated, overwritten with garbage, values of the wrong type.
    static func mutations(count: Int, using random: inout SplitMix64) -> [(name: String, bytes: Data)] {
        let text = AgentConfiguration.defaultTOML
        let utf8 = Array(text.utf8)
        var out: [(String, Data)] = [
            ("empty file", Data()), ("NUL bytes", Data(repeating: 0, count: 64)),
            ("invalid UTF-8", Data([0xC3, 0x28, 0xFF, 0xFE] + Array("[api]\nlisten = 1\n".utf8))),
            ("binary", Data((0..<512).map { _ in UInt8.random(in: 0...255, using: &random) })),
        ]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let assignments = lines.indices.filter { lines[$0].contains(" = ") && !lines[$0].hasPrefix("#") }
        while out.count < count {
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                let cut = Int.random(in: 1..<utf8.count, using: &random)
                out.append(("truncated at byte \(cut)", Data(utf8.prefix(cut))))
            case 1:
                var bytes = utf8
                let at = Int.random(in: 0..<bytes.count, using: &random)
                for i in at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)) {
                    bytes[i] = UInt8.random(in: 0x20...0x7E, using: &random)
                }
                out.append(("garbage at byte \(at)", Data(bytes)))
            case 2:
                guard let line = assignments.randomElement(using: &random) else { continue }
                var copy = lines
                let key = copy[line].split(separator: "=")[0]
                let wrong = ["12", "\"twelve\"", "true", "[1, \"a\"]", "-5", "{ a = 1 }", "1e999", "\"\""].randomElement(using: &random) ?? "1"
                copy[line] = key + "= " + wrong
                out.append(("\(key.trimmingCharacters(in: .whitespaces)) = \(wrong)", Data(copy.joined(separator: "\n").utf8)))
            default:
                guard let line = assignments.randomElement(using: &random) else { continue }
                var copy = lines
                copy.insert("unexpected_key_\(line) = 1", at: line)
                out.append(("unknown key near line \(line)", Data(copy.joined(separator: "\n").utf8)))
            }
        }
        return out
    }

    @Test("A corrupt configuration stops idgate serve with exit 78 and the problem, naming its key or line")
    func corruptConfig() async throws {
        let idgate = builtExecutable("idgate")
        try #require(FileManager.default.isExecutableFile(atPath: idgate.path), "build idgate first: \(idgate.path)")
        var tally = ChaosTally("corrupt-config")
        var random = SplitMix64(seed: SplitMix64.runSeed)
        let folder = try ChaosFolder("config")
        defer { folder.remove() }
        let environment = ["IDGATE_API_LISTEN": "127.0.0.1:0", "IDGATE_AGENT_STATE_DIR": folder.path("state")]
        var accepted = 0
        for (index, mutation) in Self.mutations(count: ChaosScale.pick(short: 16, full: 300), using: &random).enumerated() {
            let file = folder.path("idgate-\(index).toml")
            try mutation.bytes.write(to: URL(fileURLWithPath: file))
            let expected: AgentError
            do {
                _ = try AgentConfiguration.load(path: file, environment: environment)
                accepted += 1  // a mutation that is still a valid configuration (e.g. cut at a line end)
                continue
            } catch { expected = error }
            tally.runs += 1
            let message = expected.description
            let named: Bool
            switch expected {
            case .configuration(let issues): named = !issues.isEmpty && issues.allSatisfy { !$0.key.isEmpty }
            case .configurationFile(_, let problem): named = problem.contains("line") || problem.contains("UTF-8") || problem.contains("NUL")
            default: named = false
            }
            if !named { tally.fail("\(mutation.name): the message names no key or line: \(message)") }

            let process = Process()
            process.executableURL = idgate
            process.arguments = ["serve", "--config", file]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                tally.hang("\(mutation.name): idgate serve still running after 15 s")
                continue
            }
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if process.terminationReason != .exit || process.terminationStatus != 78 {
                tally.fail("\(mutation.name): exit \(process.terminationStatus) (\(process.terminationReason == .exit ? "exit" : "signal")), stderr: \(stderr.prefix(200))")
            } else if !stderr.contains(String(message.prefix(60))) {
                tally.fail("\(mutation.name): stderr does not carry the problem: \(stderr.prefix(200))")
            }
        }
        print("corrupt-config: \(tally.runs) refused, \(accepted) mutations still valid (not run)")
        tally.report()
    }
}
