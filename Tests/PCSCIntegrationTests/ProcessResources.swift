import Foundation

/// What a process holds that a leak would grow: open file descriptors and threads (from /proc/self). The descriptor
/// count is process-wide, so it only means something when no other test runs at the same time.
struct ProcessResources: Equatable, CustomStringConvertible {
    var fds: Int
    var threads: Int
    /// Threads whose name starts with `idgate-` (the reader's and the monitor's own threads).
    var idgateThreads: [String]

    static func now() -> ProcessResources {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        // /proc files report size 0: read them through a FileHandle.
        let names = tasks.compactMap { task -> String? in
            guard let handle = FileHandle(forReadingAtPath: "/proc/self/task/\(task)/comm") else { return nil }
            defer { try? handle.close() }
            return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ProcessResources(fds: fds, threads: tasks.count, idgateThreads: names.filter { $0.hasPrefix("idgate-") }.sorted())
    }

    var description: String { "fds=\(fds) threads=\(threads) idgate threads=\(idgateThreads)" }
}

