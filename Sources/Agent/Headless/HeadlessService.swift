import Foundation
import ServiceLifecycle
import Store

/// `idgate serve --headless`: session events as JSON lines on the output, commands as JSON lines on the
/// input (docs/API.md). Returns on `{"command":"quit"}` or end of input, which shuts the agent down.
public struct HeadlessService: Service {
    let hub: SessionHub
    let input: AsyncStream<String>
    let output: @Sendable (String) -> Void
    /// The local database whose upload backlog `status` reports; nil without look-ups or sync.
    let database: AppDatabase?

    public init(hub: SessionHub, input: AsyncStream<String>, output: @escaping @Sendable (String) -> Void, database: AppDatabase? = nil) {
        self.hub = hub
        self.database = database
        self.input = input
        self.output = output
    }

    /// One command line.
    struct Command: Decodable {
        var command: String
        var reader: String?
        var can: String?
        var idNumber: String?
        var dateOfBirth: String?
        var dateOfExpiry: String?
        var qr: String?
    }

    /// The answer to a command (events use `SessionEvent`).
    struct Reply: Encodable {
        var event: String
        var command: String?
        var message: String?
        var sessions: [SessionSnapshot]?
        var sync: SyncStatus?
    }

    public func run() async throws {
        let events = hub.bus.subscribe()
        let output = output
        output(Self.line(Reply(event: "ready", message: "send {\"command\":\"access-key\",\"can\":\"123456\"}, lookup, status or quit", sessions: await hub.snapshots())))
        // True when input ended (quit, end of input, or this service's turn in a graceful shutdown).
        let inputEnded = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await event in events { output(event.jsonLine) }
                return false
            }
            group.addTask {
                for await line in input.cancelOnGracefulShutdown() {
                    if await handle(line) { break }
                }
                return true
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        // The event bus closes early in a graceful shutdown (SIGTERM); returning before this service is asked
        // to stop would count as finishing unexpectedly, so wait for its turn.
        if !inputEnded { try? await gracefulShutdown() }
        output(Self.line(Reply(event: "stopped")))
    }

    /// Runs one command; true when it was `quit`.
    func handle(_ line: String) async -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return false }
        guard let command = try? JSONDecoder().decode(Command.self, from: Data(trimmed.utf8)) else {
            output(Self.line(Reply(event: "error", message: "not a JSON command: one object per line, e.g. {\"command\":\"status\"}")))
            return false
        }
        do throws(AgentError) {
            switch command.command {
            case "quit":
                output(Self.line(Reply(event: "accepted", command: "quit")))
                return true
            case "status":
                output(Self.line(Reply(event: "status", command: "status", sessions: await hub.snapshots(), sync: try? database?.syncStatus())))
            case "access-key":
                let key = AccessKeyInput(can: command.can, idNumber: command.idNumber, dateOfBirth: command.dateOfBirth,
                                         dateOfExpiry: command.dateOfExpiry.map { [$0] } ?? [], qr: command.qr)
                try await hub.submitKey(key, source: command.qr != nil ? .qr : .headless, readerID: command.reader)
                output(Self.line(Reply(event: "accepted", command: "access-key")))
            case "lookup":
                let done = await hub.snapshots().first { $0.phase == .done }?.id
                guard let reader = command.reader ?? done else {
                    throw .conflict("no card has been read: nothing to look up")
                }
                try await hub.requestLookups(readerID: reader)
                output(Self.line(Reply(event: "accepted", command: "lookup")))
            default:
                throw .conflict("unknown command '\(command.command)': use access-key, lookup, status or quit")
            }
        } catch {
            output(Self.line(Reply(event: "error", command: command.command, message: error.description)))
        }
        return false
    }

    static func line(_ reply: Reply) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? String(decoding: encoder.encode(reply), as: UTF8.self)) ?? #"{"event":"error"}"#
    }

    /// Lines of standard input, read on a thread of its own; the stream ends at end of input.
    public static func standardInputLines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let thread = Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(line) }
            continuation.finish()
        }
        thread.name = "idgate-stdin"
        thread.start()
        return stream
    }
}
