import ArgumentParser
import Foundation
import Store
import Sync

/// `idgate sync status|now|dead-letters|retry`.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Show and drive the upload of records to the central service.",
        subcommands: [SyncStatusCommand.self, SyncNowCommand.self, SyncDeadLettersCommand.self, SyncRetryCommand.self, SyncCreateKeyCommand.self])
}

/// One JSON object on a line, dates in ISO 8601.
private func printSyncJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Where the local store and the central are.
struct StoreOptions: ParsableArguments {
    @Option(help: "Local database file.") var database = "/var/lib/idgate/idgate.sqlite"
    @Option(help: "Key file (ignored when $CREDENTIALS_DIRECTORY holds idgate-store-keys).")
    var keyFile = "/etc/idgate/store.keys"

    func open() throws -> AppDatabase {
        try AppDatabase(path: database, keyring: try StoreKeyring.load(fallbackPath: keyFile))
    }
}

struct SyncStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Backlog, dead letters and last success.")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let status = try store.open().syncStatus()
        if json { try printSyncJSON(status); return }
        print("backlog:       \(status.backlog)")
        print("dead letters:  \(status.deadLetters)")
        print("delivered:     \(status.delivered) (still stored locally)")
        print("last success:  \(status.lastSuccessAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never")")
        if status.offline { print("state:         offline — records are kept and sent when the central is back") }
        if let error = status.lastError { print("last error:    \(error)") }
    }
}

struct SyncNowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "now", abstract: "Upload the outbox now and report.")
    @OptionGroup var store: StoreOptions
    @Option(help: "Central service base URL.") var central = "http://127.0.0.1:8086"
    @Option(help: "Agent token (or set IDGATE_CENTRAL_TOKEN).") var token: String?

    func run() async throws {
        guard let url = URL(string: central) else { throw ValidationError("--central is not a URL: \(central)") }
        guard let token = token ?? ProcessInfo.processInfo.environment["IDGATE_CENTRAL_TOKEN"] else {
            throw ValidationError("no agent token: pass --token or set IDGATE_CENTRAL_TOKEN")
        }
        let database = try store.open()
        let uploader = OutboxUploader(database: database, transport: HTTPCentralClient(baseURL: url, token: token))
        let report = try await uploader.drain()
        print("delivered \(report.delivered), dead-lettered \(report.deadLettered), in \(report.batches) batch(es)")
        let status = try database.syncStatus()
        print("backlog \(status.backlog), dead letters \(status.deadLetters)")
        if let failure = report.failure { throw ValidationError("stopped: \(failure)") }
    }
}

struct SyncDeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dead-letters", abstract: "List records the central refused, with its reason.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        for letter in try store.open().deadLetters() { try printSyncJSON(letter) }
    }
}

struct SyncRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue dead letters again (all, or the given record ids).")
    @OptionGroup var store: StoreOptions
    @Argument(help: "Record ids; none means all dead letters.") var recordIDs: [String] = []

    func run() async throws {
        let count = try store.open().retryDeadLetters(recordIDs: recordIDs.isEmpty ? nil : recordIDs)
        print("queued \(count) record(s) again")
    }
}

struct SyncCreateKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-key",
        abstract: "Create the store's encryption key file (mode 0600); never overwrites an existing one.")
    @Option(help: "Key file to create.") var keyFile = "/etc/idgate/store.keys"
    @Option(help: "Id of the new key.") var id = "k1"

    func run() async throws {
        let keyring = try StoreKeyring.createKeyFile(at: keyFile, id: id)
        print("created \(keyFile) with key '\(keyring.currentKeyID)'; keep a copy: without it the local data cannot be read")
    }
}
