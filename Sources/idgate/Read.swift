import ArgumentParser
import CardIO
import CardSim
import EMRTD
import Foundation

/// `idgate read`: opens one card (PACE or BAC), reads the raw files and prints what it cost as JSON.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read one card through pcscd and print the access protocol, attempts, and each file's size, APDUs and bytes as JSON.")

    @Flag(help: "Put a simulated CCCD on the vpcd virtual reader and read it through pcscd.") var simulated = false
    @Option(help: "vpcd port of the reader slot used with --simulated.") var port: UInt16 = VPCDConnection.defaultPort
    @Option(help: "Simulated chip: both, bacOnly, paceOnly or paceAdvertisedButRefused.") var cardMode: String = "both"
    @Flag(help: "Open with BAC even when the card offers PACE.") var bac = false
    @Flag(help: "Use short APDUs only (no extended length).") var short = false
    @Option(help: "Reader name (default: the first reader with a card; with --simulated the first Virtual PCD).") var reader: String?
    @Option(help: "12-digit ID number (gives the CAN and the BAC document number).") var idNumber: String?
    @Option(help: "Date of birth YYMMDD.") var birth: String?
    @Option(help: "Date of expiry YYMMDD (repeat for candidates, most likely first).") var expiry: [String] = []
    @Option(help: "Card access number for PACE.") var can: String?

    /// The identity printed on the simulated card (synthetic).
    static let simulatedID = (id: "001099012345", birth: "900101", expiry: "300101")

    func run() async throws {
        var connection: VPCDConnection?
        defer { connection?.remove() }
        var keys: CCCDAccessKeys
        if simulated {
            guard let mode = CCCDCard.AccessMode(rawValue: cardMode) else { throw ValidationError("unknown --card-mode \(cardMode)") }
            let id = Self.simulatedID
            keys = try CCCDAccessKeys(idNumber: id.id, dateOfBirth: id.birth, expiryCandidates: [id.expiry])
            let card = CCCDCard(.init(mode: mode, mrz: keys.mrz[0], can: keys.can, extendedLength: !short))
            let c = VPCDConnection(card: card, port: port)
            connection = c
            c.insert()
            guard await c.waitConnected(timeout: .seconds(10)) else {
                fail("vpcd is not listening on 127.0.0.1:\(port): start pcscd with vsmartcard-vpcd installed (see `idgate doctor`)")
            }
        } else {
            guard let idNumber, let birth, !expiry.isEmpty || can != nil else {
                throw ValidationError("give --id-number, --birth and --expiry (or --can) to open a real card")
            }
            keys = try CCCDAccessKeys(idNumber: idNumber, dateOfBirth: birth, expiryCandidates: expiry)
        }
        if let can { keys.can = can }

        let started = ContinuousClock.now
        let context = try PCSCContext()
        // A fresh vpcd connection can be answered by pcscd before the driver has dropped the previous one
        // (the first APDU fails with SCARD_E_NOT_TRANSACTED): reconnect and start over, at most twice.
        var linkRetries = 0
        var card = try await connect(context)
        var wire = CountingChannel(card)
        let sm: SecureMessagingChannel
        let outcome: AccessOutcome
        while true {
            card.supportsExtendedLength = !short
            let current = card
            do {
                (sm, outcome) = try CCCDAccess.open(wire, keys: keys, usePACE: !bac, reset: { () throws(CardIOError) in try current.reconnect() })
                break
            } catch {
                guard case .card(let linkError) = error, linkRetries < 2 else { throw error }
                linkRetries += 1
                FileHandle.standardError.write(Data("idgate: card link failed (\(linkError)); reconnecting\n".utf8))
                card.disconnect(.reset)
                try await Task.sleep(for: .milliseconds(300))
                card = try await connect(context)
                wire = CountingChannel(card)
            }
        }
        let accessAPDUs = wire.apdus
        let files: [(name: String, fileID: UInt16)] = [
            ("COM", 0x011E), ("DG1", 0x0101), ("DG13", 0x010D), ("SOD", 0x011D), ("DG14", 0x010E), ("DG15", 0x010F), ("DG2", 0x0102),
        ]
        let results = try FileReader(channel: sm).readFiles(files, wire: wire)
        card.disconnect(.reset)
        let elapsed = ContinuousClock.now - started
        try printJSON(ReadReport(
            reader: card.reader, simulated: simulated, extendedLength: !short, access: outcome, linkRetries: linkRetries, accessAPDUs: accessAPDUs,
            files: results, totalAPDUs: wire.apdus, totalBytesSent: wire.bytesSent, totalBytesReceived: wire.bytesReceived,
            milliseconds: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
    }

    /// Connects to the named reader, or the first reader (Virtual PCD when simulated) that holds a card; waits up to 5 s.
    private func connect(_ context: PCSCContext) async throws -> PCSCCard {
        let deadline = ContinuousClock.now + .seconds(5)
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            let names = try context.listReaders().filter { name in
                if let reader { return name == reader }
                return !simulated || name.contains("Virtual PCD")
            }
            for name in names {
                do { return try context.connect(reader: name) } catch { lastError = error }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        fail("no card found in \(reader ?? (simulated ? "a Virtual PCD reader" : "any reader"))\(lastError.map { ": \($0)" } ?? "")")
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("idgate: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

/// The JSON `idgate read` prints.
struct ReadReport: Encodable {
    var reader: String
    var simulated: Bool
    var extendedLength: Bool
    var access: AccessOutcome
    /// Reconnects after a transport failure before access control completed.
    var linkRetries: Int
    var accessAPDUs: Int
    var files: [FileReadResult]
    var totalAPDUs: Int
    var totalBytesSent: Int
    var totalBytesReceived: Int
    var milliseconds: Int
}
