import ChaosSupport
import Foundation
import Logging
import Store
import Sync
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted on a temp folder: a disk that really fills up (ENOSPC). Needs root (CI and the
/// test namespace of `scripts/test` have it); `mount` returns nil elsewhere.
struct SmallDisk {
    let folder: ChaosFolder

    init?(kilobytes: Int) throws {
        folder = try ChaosFolder("disk")
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", folder.url.path]) else {
            folder.remove()
            return nil
        }
    }

    func path(_ name: String) -> String { folder.path(name) }

    /// Grows the disk (space freed).
    func grow(kilobytes: Int) -> Bool { Self.run("/bin/mount", ["-o", "remount,size=\(kilobytes)k", folder.url.path]) }

    func remove() {
        _ = Self.run("/bin/umount", ["-l", folder.url.path])
        folder.remove()
    }

    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

@Suite("Chaos: the disk fills up under the agent's store", .serialized)
struct DiskFullChaosTests {
    @Test("A full disk gives diskFull, loses nothing committed, and once space is freed everything reaches the central exactly once")
    func diskFull() async throws {
        let sizes = ChaosScale.pick(short: [1024], full: [256, 512, 1024, 2048, 4096])
        var tally = ChaosTally("disk-full")
        for kilobytes in sizes {
            // A real full disk (tmpfs) as root; elsewhere the store's own size cap (max_page_count) stands in for it.
            let disk = try SmallDisk(kilobytes: kilobytes)
            if disk == nil { print("disk-full: cannot mount a tmpfs here (needs CAP_SYS_ADMIN); using the store's page cap") }
            let folder = try ChaosFolder("disk-cap")
            defer {
                disk?.remove()
                folder.remove()
            }
            let path = disk?.path("agent.sqlite") ?? folder.path("agent.sqlite")
            var capped = AppDatabase.Options()
            if disk == nil { capped.maxPageCount = kilobytes / 4 }
            let central = try await ChaosCentral()
            let keyring = StoreKeyring.generate()
            var database = try AppDatabase(path: path, keyring: keyring, options: capped)
            var uploader = OutboxUploader(database: database, transport: central.client(timeout: 2), options: chaosUploaderOptions(), logger: quietSyncLogger())
            var committed: [String] = []
            var fullErrors = 0
            var n = 0
            // Write and sync until the disk is full, then keep trying a while: every write must fail cleanly.
            while fullErrors < 20 && n < 100_000 {
                let id = "disk\(kilobytes)-\(n)"
                n += 1
                do {
                    try database.enqueue(CounterRecord(id: id, stream: "counter-\(n % 2)", kind: "check-in",
                                                       payload: Data(repeating: UInt8(n % 251), count: 1_500)))
                    committed.append(id)
                } catch let error as StoreError {
                    if case .diskFull = error { fullErrors += 1 } else { tally.fail("a full disk gave \(error)") ; fullErrors += 1 }
                } catch {
                    tally.fail("a full disk gave an untyped error: \(error)")
                    fullErrors += 1
                }
                tally.runs += 1
                if n % 7 == 0 {
                    // Settling uploads also writes; on a full disk the uploader must fail cleanly, not mark anything wrongly.
                    do { _ = try await uploader.drain() } catch let error as StoreError {
                        if case .diskFull = error {} else { tally.fail("drain on a full disk gave \(error)") }
                    } catch { tally.fail("drain on a full disk gave an untyped error: \(error)") }
                }
            }
            if fullErrors == 0 { tally.fail("the \(kilobytes) KiB disk never filled") }
            // Nothing committed is missing, readable with the disk still full.
            do {
                let present = try database.recordIDs()
                tally.lost += Set(committed).subtracting(present).count
                if Set(present) != Set(committed) { tally.fail("the store holds records that were reported as not saved") }
            } catch { tally.fail("cannot read the store on a full disk: \(error)") }
            // Space freed: the same database accepts writes again and the backlog drains.
            if let disk {
                guard disk.grow(kilobytes: 16 * 1024) else {
                    tally.fail("cannot grow the tmpfs")
                    continue
                }
            } else {
                database = try AppDatabase(path: path, keyring: keyring)
                uploader = OutboxUploader(database: database, transport: central.client(timeout: 2), options: chaosUploaderOptions(), logger: quietSyncLogger())
            }
            do {
                let id = "disk\(kilobytes)-after"
                try database.enqueue(CounterRecord(id: id, stream: "counter-0", kind: "check-in", payload: Data("after".utf8)))
                committed.append(id)
            } catch { tally.fail("writing after space was freed: \(error)") }
            let deadline = Date().addingTimeInterval(60)
            while (try? database.syncStatus().backlog) ?? 1 > 0, Date() < deadline {
                if (try? await uploader.drain())?.failure != nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            if try database.syncStatus().backlog > 0 { tally.hang("backlog not drained 60 s after space was freed") }
            // A reopened store holds the same records.
            let reopened = try AppDatabase(path: path, keyring: keyring)
            tally.lost += Set(committed).subtracting(try reopened.recordIDs()).count
            let keys = try await central.storage.recordKeys()
            tally.lost += Set(committed).subtracting(keys).count
            tally.duplicated += keys.count - Set(keys).count
            print("disk-full \(kilobytes) KiB (\(disk == nil ? "page cap" : "tmpfs")): \(committed.count) records committed, \(fullErrors) refused with diskFull")
            await central.stop()
        }
        tally.report()
    }
}
