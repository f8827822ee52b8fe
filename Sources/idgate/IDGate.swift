import Agent
import ArgumentParser
import CardIO
import CardSim
import Foundation

@main
struct IDGate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idgate",
        abstract: "Reads Vietnamese chip ID cards (CCCD) over PC/SC and answers what the counter needs.",
        subcommands: [Readers.self, Doctor.self, Simulate.self, Read.self, SyncCommand.self, Lookup.self, Serve.self]
    )
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

struct Readers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List readers and their card state (like pcsc_scan).")

    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Keep watching and print one JSON line per reader event until interrupted.") var watch = false

    func run() async throws {
        if watch {
            let monitor = ReaderMonitor()
            monitor.start()
            let signals = stopOnSignals { monitor.stop() }
            defer { signals.forEach { $0.cancel() } }
            for await event in monitor.events {
                if json { try printJSON(ReaderEventRecord(event)) } else { print(event) }
            }
            return
        }
        let readers: [ReaderReport]
        do {
            readers = try ReaderReport.current()
        } catch {
            FileHandle.standardError.write(Data("idgate: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json { return try printJSON(readers) }
        if readers.isEmpty { print("no readers") }
        for r in readers {
            let card = r.cardPresent ? (r.cardMute ? "card (mute)" : "card \(r.atr ?? "")") : "empty"
            print("\(r.name): \(card)\(r.inUse ? " [in use]" : "")")
        }
    }
}

struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check what the agent depends on (libraries, pcscd, readers, polkit, configuration, state, store key, trust store, central, gateway); say how to fix what fails.")

    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Configuration file to check (default: /etc/idgate/idgate.toml when it exists, else the embedded defaults).") var config: String?

    func run() async throws {
        var checks = Agent.Doctor().run()
        let path = config ?? (FileManager.default.fileExists(atPath: "/etc/idgate/idgate.toml") ? "/etc/idgate/idgate.toml" : nil)
        do {
            let configuration = try AgentConfiguration.load(path: path)
            checks.append(.init(name: "configuration", status: .ok, detail: path.map { "\($0) is valid" } ?? "embedded defaults", fix: ""))
            checks += await Agent.Doctor().run(configuration: configuration)
        } catch {
            checks.append(.init(name: "configuration", status: .failed, detail: "\(error)", fix: "correct the keys named above; `idgate serve --print-default-config` shows every key"))
        }
        if json {
            try printJSON(checks)
        } else {
            for c in checks {
                print("[\(c.status.rawValue)] \(c.name): \(c.detail)")
                if !c.fix.isEmpty { print("        fix: \(c.fix)") }
            }
        }
        if checks.contains(where: { $0.status == .failed }) { throw ExitCode(1) }
    }
}

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a simulated card on the vsmartcard virtual reader (vpcd) until interrupted.")

    @Option(help: "vpcd port of the reader slot (slot n listens on 35963 + n).") var port: UInt16 = VPCDConnection.defaultPort

    func run() async throws {
        let connection = VPCDConnection(card: TestCard(), port: port)
        connection.insert()
        guard await connection.waitConnected(timeout: .seconds(10)) else {
            FileHandle.standardError.write(Data("idgate: vpcd is not listening on 127.0.0.1:\(port): is pcscd running with vsmartcard-vpcd installed?\n".utf8))
            connection.remove()
            throw ExitCode(2)
        }
        print("simulated card on vpcd port \(port); Ctrl-C removes it")
        let (stopped, stop) = AsyncStream.makeStream(of: Void.self)
        let signals = stopOnSignals { stop.finish() }
        defer { signals.forEach { $0.cancel() } }
        for await _ in stopped {}
        connection.remove()
    }
}

/// Runs `action` once on SIGINT or SIGTERM.
func stopOnSignals(_ action: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    let once = OnceFlag()
    return [SIGINT, SIGTERM].map { sig in
        signal(sig, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
        source.setEventHandler { if once.claim() { action() } }
        source.resume()
        return source
    }
}

final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}
