import Agent
import ArgumentParser
import CardIO
import CardSim
import EMRTD
import Foundation
import LDS
import PassiveAuth
import VNID

/// `idgate read`: opens one card (PACE or BAC), reads it identity first, verifies it (passive, chip and active
/// authentication) and prints the citizen, the authentication report, timings and APDU counts as JSON.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read and verify one card through pcscd; print the citizen, the authentication report, timings and APDU counts as JSON.")

    @Flag(help: "Put a complete simulated CCCD (sample citizen, test PKI) on the vpcd virtual reader and read it through pcscd.") var simulated = false
    @Option(help: "vpcd port of the reader slot used with --simulated.") var port: UInt16 = VPCDConnection.defaultPort
    @Option(help: "Simulated chip: both, bacOnly, paceOnly or paceAdvertisedButRefused.") var cardMode: String = "both"
    @Option(help: "Simulated citizen: 0, 1 or 2 (the CitizenSample fixtures).") var sample: Int = 0
    @Flag(help: "With --simulated, do not trust the simulated test CSCA (the report then says issuer not trusted).") var untrustedSimulator = false
    @Option(help: "Directory of trusted CSCA certificates (DER/PEM) and master lists.") var trustStore: String?
    @Flag(help: "Open with BAC even when the card offers PACE.") var bac = false
    @Flag(help: "Use short APDUs only (no extended length).") var short = false
    @Option(help: "Reader name (default: the first reader with a card; with --simulated the first Virtual PCD).") var reader: String?
    @Option(help: "12-digit ID number (gives the CAN and the BAC document number).") var idNumber: String?
    @Option(help: "Date of birth YYMMDD (with --id-number, for BAC).") var birth: String?
    @Option(help: "Date of expiry YYMMDD (repeat for candidates, most likely first).") var expiry: [String] = []
    @Option(help: "Card access number for PACE.") var can: String?
    @Option(help: "The QR text printed on the card (gives the CAN and BAC candidates).") var qr: String?
    @Option(help: "The card's MRZ text (TD1, 90 characters, lines joined or separated by newlines).") var mrz: String?
    @Option(help: "Write the face image (JPEG or JPEG 2000) to this file.") var photo: String?

    func run() async throws {
        var connection: VPCDConnection?
        defer { connection?.remove() }
        var keys = try accessKeys()
        var store = TrustStore()
        if let trustStore { _ = try store.addDirectory(trustStore) }
        if simulated {
            guard let mode = CCCDCard.AccessMode(rawValue: cardMode) else { throw ValidationError("unknown --card-mode \(cardMode)") }
            guard CitizenSample.samples.indices.contains(sample) else { throw ValidationError("--sample must be 0…\(CitizenSample.samples.count - 1)") }
            let pki = try TestPKI.generate(now: CCCDProfile.issueDate(CitizenSample.samples[sample]))
            let profile = try CCCDProfile(CitizenSample.samples[sample], pki: pki)
            if keys == nil { keys = profile.accessKeys }
            if !untrustedSimulator && trustStore == nil { _ = store.add(try Certificate(derEncoded: pki.csca.der)) }
            let c = VPCDConnection(card: profile.card(mode: mode, extendedLength: !short), port: port)
            connection = c
            c.insert()
            guard await c.waitConnected(timeout: .seconds(10)) else {
                fail("vpcd is not listening on 127.0.0.1:\(port): start pcscd with vsmartcard-vpcd installed (see `idgate doctor`)")
            }
        }
        guard let keys else { throw ValidationError("give --can, --id-number with --birth/--expiry, --qr or --mrz to open a real card") }

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
        let accessMilliseconds = CardVerification.milliseconds(since: started)
        let read = try CardVerification.read(sm, wire: wire, trustStore: store)
        card.disconnect(.reset)
        if let photo {
            guard let face = read.face else { fail("the card gave no face image (DG2)") }
            try Data(face.imageData).write(to: URL(fileURLWithPath: photo))
        }
        var timings = read.milliseconds
        timings["access"] = accessMilliseconds
        timings["total"] = CardVerification.milliseconds(since: started)
        try printJSON(ReadReport(
            reader: card.reader, simulated: simulated, extendedLength: !short, citizen: read.citizen, chip: read.chipStatement,
            authentication: read.authentication, access: outcome, linkRetries: linkRetries, accessAPDUs: accessAPDUs, files: read.files,
            totalAPDUs: wire.apdus, totalBytesSent: wire.bytesSent, totalBytesReceived: wire.bytesReceived, milliseconds: timings,
            face: read.face.map { .init(mimeType: $0.format.mimeType, bytes: $0.imageData.count, width: $0.width, height: $0.height) },
            notes: read.notes))
    }

    /// The access keys from --can, --id-number (+ --birth/--expiry), --qr or --mrz; nil when none was given.
    func accessKeys() throws -> CCCDAccessKeys? {
        var keys: CCCDAccessKeys?
        if let qr {
            let inputs = AccessInputs(qr: try CCCDQRCode(text: qr))
            let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Ho_Chi_Minh")!, from: Date())
            let now = CalendarDate(year: today.year ?? 2026, month: today.month ?? 1, day: today.day ?? 1)
            let mrzKeys = try now.map { try inputs.bacCandidates(today: $0).map { c in
                try MRZKey(documentNumber: c.documentNumber, dateOfBirth: c.dateOfBirth, dateOfExpiry: c.dateOfExpiry) } } ?? []
            keys = CCCDAccessKeys(can: inputs.can, mrz: mrzKeys)
        } else if let mrz {
            let parsed = try MRZ(text: mrz)
            keys = CCCDAccessKeys(mrz: [try MRZKey(documentNumber: parsed.documentNumber, dateOfBirth: parsed.dateOfBirth.raw,
                                                   dateOfExpiry: parsed.dateOfExpiry.raw)])
        } else if let idNumber {
            keys = try CCCDAccessKeys(idNumber: idNumber, dateOfBirth: birth ?? "000000", expiryCandidates: birth == nil ? [] : expiry)
        }
        if let can {
            if keys == nil { keys = CCCDAccessKeys(can: can, mrz: []) } else { keys?.can = can }
        }
        return keys
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
    struct Face: Encodable {
        var mimeType: String
        var bytes: Int
        var width: Int?
        var height: Int?
    }

    var reader: String
    var simulated: Bool
    var extendedLength: Bool
    var citizen: Citizen?
    /// "genuine chip", "chip keys not authenticated by the SOD", …
    var chip: String
    var authentication: AuthenticationReport
    var access: AccessOutcome
    /// Reconnects after a transport failure before access control completed.
    var linkRetries: Int
    var accessAPDUs: Int
    var files: [FileReadResult]
    var totalAPDUs: Int
    var totalBytesSent: Int
    var totalBytesReceived: Int
    /// Per step ("access", "COM", …, "CA", "AA", "DG2", "total").
    var milliseconds: [String: Int]
    var face: Face?
    var notes: [String]
}
