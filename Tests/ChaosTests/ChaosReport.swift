import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a thread of its own and waits at most `seconds`; nil when it did not return in time
/// (the thread is then left running: the caller counts a hang).
func withDeadline<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return box.value
}

private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A fresh directory under the system temp folder.
struct ChaosFolder {
    let url: URL

    init(_ name: String = "chaos") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
