// idgate-outbox-probe: writes numbered records through the outbox and syncs them, so a test can
// kill it with SIGKILL at any point and restart it. Usage:
//   idgate-outbox-probe <database> <key-file> <central-url> <token> <target-count> [id-prefix]
// It resumes from the records already committed, stops writing at <target-count>, drains the
// outbox, prints "drained <count>" and exits 0.
import Foundation
import Store
import Sync

let arguments = CommandLine.arguments
guard arguments.count >= 6, let url = URL(string: arguments[3]), let target = Int(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: idgate-outbox-probe <database> <key-file> <central-url> <token> <target-count> [id-prefix]\n".utf8))
    exit(64)
}
let prefix = arguments.count > 6 ? arguments[6] : "probe"

do {
    let keyring = try StoreKeyring.load(fileAt: arguments[2])
    let database = try AppDatabase(path: arguments[1], keyring: keyring)
    var options = OutboxUploader.Options()
    options.batchSize = 20
    let uploader = OutboxUploader(database: database, transport: HTTPCentralClient(baseURL: url, token: arguments[4], timeout: 2),
                                  options: options)
    var written = try database.recordIDs().count
    while written < target {
        for _ in 0..<min(5, target - written) {
            let payload = Data(#"{"n":\#(written)}"#.utf8)
            try database.enqueue(CounterRecord(id: "\(prefix)-\(written)", stream: "stream-\(written % 3)", kind: "test", payload: payload))
            written += 1
        }
        _ = try await uploader.drain()
    }
    while try database.syncStatus().backlog > 0 {
        if try await uploader.drain().failure != nil { try await Task.sleep(for: .milliseconds(20)) }
    }
    print("drained \(written)")
} catch {
    FileHandle.standardError.write(Data("idgate-outbox-probe: \(error)\n".utf8))
    exit(1)
}
