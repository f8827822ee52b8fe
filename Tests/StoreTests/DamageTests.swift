import Foundation
import GRDB
import Store
import Testing

@Suite("Damaged files and full disks")
struct DamageTests {
    @Test("A file that is not a database is reported as corrupt and left byte for byte")
    func garbageFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("a.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect {
            try AppDatabase(path: path, keyring: .generate())
        } throws: { error in
            if case .corrupt? = error as? StoreError { return true }
            return false
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test("A damaged page inside a database with data is refused, not recreated")
    func damagedPage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("a.sqlite")
        do {
            let database = try AppDatabase(path: path, keyring: .generate())
            for n in 0..<300 { try database.enqueue(CounterRecord(stream: "s", kind: "check-in", payload: Data(repeating: UInt8(n % 256), count: 500))) }
            try database.checkpoint()
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Overwrite page 3 onwards (b-tree pages of the tables) with a pattern.
        let pageSize = 4096
        for index in (2 * pageSize)..<min(bytes.count, 6 * pageSize) { bytes[index] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect {
            try AppDatabase(path: path, keyring: .generate())
        } throws: { error in
            if case .corrupt? = error as? StoreError { return true }
            return false
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("After a crash image with a damaged write-ahead log, the database opens with every committed transaction before the damage, intact")
    func corruptWAL() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("live.sqlite")
        let keyring = StoreKeyring.generate()
        let database = try AppDatabase(path: path, keyring: keyring)
        let early = (0..<50).map { CounterRecord(id: "early-\($0)", stream: "s", kind: "check-in", payload: Data("e\($0)".utf8)) }
        try await database.enqueue(early)
        try database.checkpoint()
        for n in 0..<20 {
            try database.enqueue(CounterRecord(id: "late-\(n)", stream: "s", kind: "check-in", payload: Data(repeating: 7, count: 3000)))
        }
        // Copy the files while the database is open, as a power cut would leave them.
        let crash = dir.path("crash.sqlite")
        try FileManager.default.copyItem(atPath: path, toPath: crash)
        try FileManager.default.copyItem(atPath: path + "-wal", toPath: crash + "-wal")
        var wal = try Data(contentsOf: URL(fileURLWithPath: crash + "-wal"))
        #expect(wal.count > 32 + 10 * 4120)
        // Flip bytes in the middle of the log: frames from there on fail their checksum.
        let middle = wal.count / 2
        for index in middle..<(middle + 64) { wal[index] ^= 0xFF }
        try wal.write(to: URL(fileURLWithPath: crash + "-wal"))

        let reopened = try AppDatabase(path: crash, keyring: keyring)
        let ids = try reopened.recordIDs()
        let everything = early.map(\.id) + (0..<20).map { "late-\($0)" }
        // What survives is exactly the transactions committed before the damaged frame, in order.
        #expect(ids.count >= 50 && ids.count < 70)
        #expect(ids == Array(everything.prefix(ids.count)))
        // Record and outbox entry were committed together: every surviving record has its entry.
        #expect(try reopened.syncStatus().backlog == ids.count)
        for id in ids { #expect(try reopened.record(id: id) != nil) }
        try reopened.enqueue(CounterRecord(id: "after", stream: "s", kind: "check-in", payload: Data("x".utf8)))
        #expect(try reopened.recordIDs().last == "after")
    }

    @Test("A full disk gives diskFull, keeps what was written, and writing works again once space is freed")
    func diskFull() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path("a.sqlite")
        let keyring = StoreKeyring.generate()
        var options = AppDatabase.Options()
        options.maxPageCount = 40
        var written: [String] = []
        do {
            let database = try AppDatabase(path: path, keyring: keyring, options: options)
            var full = false
            for n in 0..<1_000 where !full {
                let record = CounterRecord(id: "r\(n)", stream: "s", kind: "check-in", payload: Data(repeating: 1, count: 2000))
                do {
                    try database.enqueue(record)
                    written.append(record.id)
                } catch let error as StoreError {
                    #expect(error == .diskFull(path: path))
                    full = true
                }
            }
            #expect(full)
            #expect(try database.recordIDs() == written)
        }
        let roomy = try AppDatabase(path: path, keyring: keyring)
        #expect(try roomy.recordIDs() == written)
        try roomy.enqueue(CounterRecord(id: "later", stream: "s", kind: "check-in", payload: Data(repeating: 1, count: 2000)))
        #expect(try roomy.recordIDs().count == written.count + 1)
    }
}
