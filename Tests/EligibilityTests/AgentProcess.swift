import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// An executable built next to the test bundle (`idgate`, `idgate-central`), run as a real process.
struct AgentProcess {
    static func executable(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
    }

    let process: Process
    private let output: Pipe

    /// Starts `name` with `arguments` and `environment` added to this process's environment.
    init(_ name: String, _ arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = Self.executable(name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Runs `name` to completion; returns its exit status and standard output.
    static func run(_ name: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let p = try AgentProcess(name, arguments, environment: environment)
        let data = p.output.fileHandleForReading.readDataToEndOfFile()
        p.process.waitUntilExit()
        return (p.process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Reads standard output until a line contains `marker`; returns that line (nil at end of output).
    func readLine(containing marker: String) -> String? {
        var buffer = Data()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer += chunk
            let text = String(decoding: buffer, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains(marker) }) {
                // Keep draining so a chatty process never blocks on a full pipe.
                output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
                return String(line)
            }
        }
    }

    /// Sends `signal` and waits for the process to end.
    func stop(_ signal: Int32 = SIGTERM) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }
}
