import Eligibility
import Foundation
import InsuranceGatewaySim
import Store
import Testing

/// A temporary folder with an agent database that can be closed and opened again.
struct AgentFolder {
    let url: URL
    let keyring: StoreKeyring

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-elig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        keyring = try StoreKeyring.createKeyFile(at: url.appendingPathComponent("keys").path)
    }

    var keyFile: String { url.appendingPathComponent("keys").path }

    var path: String { url.appendingPathComponent("agent.sqlite").path }
    func open() throws -> AppDatabase { try AppDatabase(path: path, keyring: keyring) }
    /// Every byte of the database, its WAL included.
    func rawBytes() throws -> Data {
        try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasPrefix("agent.sqlite") }
            .reduce(into: Data()) { $0 += try Data(contentsOf: url.appendingPathComponent($1)) }
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

@Suite("Offline sources in the agent's database: cache, snapshot, durable provisional queue", .serialized)
struct StoredSourcesTests {
    static let person = SeededPerson.seeded(today: GatewayDate(Date()))[0]

    static func query(name: String = person.name) throws -> EligibilityQuery {
        try EligibilityQuery(idNumber: person.idNumber, name: name, birthDate: person.birthDate)
    }

    @Test("a cached verdict comes back with its time, under NFD or lower-case spellings, and nothing readable is on disk")
    func cache() async throws {
        let folder = try AgentFolder()
        defer { folder.remove() }
        let database = try folder.open()
        let cache = StoredEligibilityCache(database: database)
        let verdict = EligibilityVerdict.eligible(try Self.person.snapshotEntry().coverage)
        let storedAt = Date(timeIntervalSinceReferenceDate: 800_000_000.25)
        #expect(await cache.lookup(try Self.query()) == nil)
        await cache.store(verdict, for: try Self.query(), at: storedAt)
        let nfd = try Self.query(name: "  " + Self.person.name.decomposedStringWithCanonicalMapping.lowercased())
        let hit = try #require(await cache.lookup(nfd))
        #expect(hit.verdict == verdict)
        #expect(hit.storedAt == storedAt)
        #expect(await cache.lookup(try EligibilityQuery(idNumber: Self.person.idNumber, name: Self.person.name, birthDate: "1990")) == nil)
        try database.checkpoint()
        let raw = try folder.rawBytes()
        for secret in [Self.person.idNumber, Self.person.name, "79001", try #require(try Self.person.snapshotEntry().card?.value)] {
            #expect(raw.range(of: Data(secret.utf8)) == nil, "\(secret.prefix(4))… must not be stored in clear")
        }
    }

    @Test("the synced snapshot answers by ID number and by card code with the day the central took it")
    func snapshot() async throws {
        let folder = try AgentFolder()
        defer { folder.remove() }
        let database = try folder.open()
        let asOf = try GatewayDate(year: 2026, month: 11, day: 20)
        let row = EligibilitySnapshotRow(entry: try Self.person.snapshotEntry(), asOf: asOf)
        let body = try JSONEncoder().encode(row)
        try await database.applySnapshotPage(dataset: EligibilitySnapshotRow.dataset,
                                             rows: row.keys.map { SnapshotRow(key: $0, body: body) }, cursor: "2")
        let snapshot = StoredEligibilitySnapshot(database: database)
        let byID = try #require(await snapshot.lookup(try Self.query()))
        #expect(byID.takenOn == asOf)
        #expect(byID.entry == row.entry)
        let byCard = try #require(await snapshot.lookup(
            try EligibilityQuery(cardCode: Self.person.cardCode, name: Self.person.name, birthDate: Self.person.birthDate)))
        #expect(byCard.entry.idNumber == Self.person.idNumber)
        let other = SeededPerson.seeded(today: GatewayDate(Date()))[1]
        #expect(await snapshot.lookup(try EligibilityQuery(idNumber: other.idNumber, name: other.name, birthDate: other.birthDate)) == nil)
    }

    @Test("a provisional look-up survives closing the database, is queued once, and its settlement is recorded and sent")
    func durableQueue() async throws {
        let folder = try AgentFolder()
        defer { folder.remove() }
        let asked = Date(timeIntervalSinceReferenceDate: 800_000_000)
        var database: AppDatabase? = try folder.open()
        let first = await StoredProvisionalQueue(database: try #require(database)).enqueue(try Self.query(), at: asked)
        let again = await StoredProvisionalQueue(database: try #require(database)).enqueue(
            try Self.query(name: Self.person.name.lowercased()), at: asked.addingTimeInterval(5))
        #expect(again.id == first.id, "the same person asked twice is one pending look-up")
        database = nil

        let reopened = try folder.open()
        let queue = StoredProvisionalQueue(database: reopened)
        let pending = await queue.pending()
        #expect(pending == [first])
        let verdict = EligibilityVerdict.notEligible(ResultCode("010"))
        await queue.resolve(first.id, with: verdict, at: asked.addingTimeInterval(60))
        await queue.resolve(first.id, with: .eligible(.init(card: nil, validFrom: nil, validTo: nil, primaryCareFacility: nil)), at: asked.addingTimeInterval(90))
        #expect(await queue.pending().isEmpty)
        let settled = await queue.resolutions()
        #expect(settled.count == 1)
        #expect(settled.first?.verdict == verdict, "a second settlement of the same ticket is ignored")
        #expect(settled.first?.lookup == first)
        let outbox = try await reopened.pendingBatch(limit: 10)
        #expect(outbox.map(\.record.kind) == ["lookup"])
        let sent = try JSONDecoder.iso.decode(StoredProvisionalQueue.SettlementRecord.self, from: try #require(outbox.first).record.payload)
        #expect(sent.ticket == first.id && sent.verdict == verdict)
    }

    @Test("retention removes old cached answers and settled look-ups, keeps pending ones, and rotation keeps them readable")
    func retentionAndRotation() async throws {
        let folder = try AgentFolder()
        defer { folder.remove() }
        let database = try folder.open()
        let now = Date()
        let old = now.addingTimeInterval(-40 * 86_400)
        let others = SeededPerson.seeded(today: GatewayDate(now))
        let cache = StoredEligibilityCache(database: database)
        let queue = StoredProvisionalQueue(database: database, outboxStream: nil)
        await cache.store(.notEligible(ResultCode("010")), for: try Self.query(), at: old)
        let fresh = try EligibilityQuery(idNumber: others[1].idNumber, name: others[1].name, birthDate: others[1].birthDate)
        await cache.store(.notEligible(ResultCode("010")), for: fresh, at: now)
        let settledOld = await queue.enqueue(try Self.query(), at: old)
        await queue.resolve(settledOld.id, with: .notEligible(ResultCode("010")), at: old)
        let pendingOld = await queue.enqueue(fresh, at: old)

        let report = try database.runRetention(olderThan: 30 * 86_400, now: now)
        #expect(report.deletedLookups == 2)
        #expect(await cache.lookup(try Self.query()) == nil)
        #expect(await cache.lookup(fresh) != nil)
        #expect(await queue.resolutions().isEmpty)
        #expect(await queue.pending().map(\.id) == [pendingOld.id])

        // Rotate: add a key, reseal, drop the old key; the pending look-up is still found and deduplicated.
        let keyFile = folder.keyFile
        let newKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        try (try String(contentsOfFile: keyFile, encoding: .utf8) + "k2 \(newKey)\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let both = try AppDatabase(path: folder.path, keyring: try StoreKeyring.load(fileAt: keyFile))
        #expect(try both.reseal() > 0)
        #expect(try both.valuesSealedWithOldKeys() == 0)
        try "k2 \(newKey)\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let rotated = try AppDatabase(path: folder.path, keyring: try StoreKeyring.load(fileAt: keyFile))
        let rotatedQueue = StoredProvisionalQueue(database: rotated)
        #expect(await rotatedQueue.pending().map(\.id) == [pendingOld.id])
        #expect(await rotatedQueue.enqueue(fresh, at: now).id == pendingOld.id)
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
