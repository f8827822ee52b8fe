// idgate-chaos-probe: the agent's counter cycle in one process — read the simulated CCCD in-process,
// look the holder up (local cache, else the central), write a numbered check-in record through the outbox
// and sync — so the chaos suite can SIGKILL it at any point and restart it. Usage:
//   idgate-chaos-probe <database> <key-file> <central-url> <token> <target-count> [id-prefix]
// It resumes from the records already committed, stops writing at <target-count>, drains the outbox,
// prints "drained <count>" and exits 0.
import Agent
import CardIO
import CardSim
import CentralAPI
import EMRTD
import PassiveAuth
import Foundation
import Store
import Sync

let arguments = CommandLine.arguments
guard arguments.count >= 6, let url = URL(string: arguments[3]), let target = Int(arguments[5]) else {
    FileHandle.standardError.write(Data("usage: idgate-chaos-probe <database> <key-file> <central-url> <token> <target-count> [id-prefix]\n".utf8))
    exit(64)
}
let prefix = arguments.count > 6 ? arguments[6] : "chaos"

/// One read of `card` with the reader's access policy and file order; the masked holder and the chip statement.
func readCard(_ card: CCCDCard, keys: CCCDAccessKeys) throws -> (id: String, statement: String) {
    let link = CountingChannel(InProcessChannel(card: card))
    let (sm, _) = try CCCDAccess.open(link, keys: keys, reset: { () throws(CardIOError) in card.reset() })
    let read = try CardVerification.read(sm, wire: link, trustStore: TrustStore())
    guard let id = read.citizen?.idNumber else { throw EMRTDError.malformed("the read gave no ID number") }
    return (id, read.chipStatement)
}

do {
    let keyring = try StoreKeyring.load(fileAt: arguments[2])
    let database = try AppDatabase(path: arguments[1], keyring: keyring)
    let client = HTTPCentralClient(baseURL: url, token: arguments[4], timeout: 2)
    var options = OutboxUploader.Options()
    options.batchSize = 20
    let uploader = OutboxUploader(database: database, transport: client, options: options)
    var written = try database.recordIDs().count
    if written < target {
        // No PKI: the SOD is left out, which keeps start-up short; the read still runs access control, secure
        // messaging, chip and active authentication and parses every file.
        let profile = try CCCDProfile(CitizenSample.samples[written % CitizenSample.samples.count], pki: nil)
        let card = profile.card()
        while written < target {
            let (id, statement) = try readCard(card, keys: profile.accessKeys)
            var source = "cache"
            if try await database.cachedAnswer(namespace: "chaos", key: id) == nil {
                source = "central"
                let page = try? await client.snapshotPage(dataset: "eligibility", since: nil, limit: 1)
                let body = Data(#"{"rows":\#(page?.rows.count ?? -1)}"#.utf8)
                try await database.storeCachedAnswer(namespace: "chaos", key: id, body: body, at: Date())
            }
            let payload = Data(#"{"n":\#(written),"chip":"\#(statement)","lookup":"\#(source)"}"#.utf8)
            try database.enqueue(CounterRecord(id: "\(prefix)-\(written)", stream: "counter-\(written % 3)", kind: "check-in", payload: payload))
            written += 1
            _ = try await uploader.drain()
        }
    }
    while try database.syncStatus().backlog > 0 {
        if try await uploader.drain().failure != nil { try await Task.sleep(for: .milliseconds(20)) }
    }
    print("drained \(written)")
} catch {
    FileHandle.standardError.write(Data("idgate-chaos-probe: \(error)\n".utf8))
    exit(1)
}
