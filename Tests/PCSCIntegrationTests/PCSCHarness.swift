import CardIO
import CardSim
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every test that needs pcscd lives inside this suite (add yours as
/// `extension PCSCIntegration { @Suite struct Mine { … } }`): pcscd is one per machine
/// (its socket and pid file are fixed paths), so these tests run one at a time.
@Suite(.serialized) struct PCSCIntegration {}

/// Starts and stops a real `pcscd` with `vsmartcard-vpcd` readers on free loopback ports.
///
/// pcscd's socket (`/run/pcscd/pcscd.comm`) and pid file are fixed paths, so there is one
/// pcscd per machine: a pcscd already running is stopped first and the harness's own is
/// started with a reader.conf of its own (`-c`). The harness never skips: when pcscd or the
/// vpcd driver is missing, the tests fail and say what to install.
final class PCSCHarness: @unchecked Sendable {
    static let shared = PCSCHarness()

    static let pcscdPath = ["/usr/sbin/pcscd", "/sbin/pcscd"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let vpcdDriver = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
    static let pidFile = "/run/pcscd/pcscd.pid"

    /// The vpcd port of reader slot 0; slot 1 listens on `vpcdPort + 1`.
    let vpcdPort: UInt16
    /// The reader pcscd shows for slot 0.
    let readerName = "Virtual PCD 00 00"
    /// The reader pcscd shows for slot 1.
    let secondReaderName = "Virtual PCD 00 01"
    let configDirectory: URL
    private let lock = NSLock()
    private var process: ChildProcess?
    private var logFile: URL

    private init() {
        vpcdPort = Self.freePortPair()
        configDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-pcscd-\(getpid())")
        logFile = configDirectory.appendingPathComponent("pcscd.log")
    }

    /// Makes sure pcscd is running with the harness's readers; idempotent.
    func ensureRunning() async throws {
        if lock.withLock({ process?.isRunning == true }) { return }
        try await start()
    }

    /// Starts pcscd and waits until its readers are listed.
    func start() async throws {
        guard let pcscd = Self.pcscdPath else {
            throw HarnessError("pcscd is not installed: apt-get install -y pcscd")
        }
        guard FileManager.default.fileExists(atPath: Self.vpcdDriver) else {
            throw HarnessError("the vpcd driver is not installed: apt-get install -y vsmartcard-vpcd")
        }
        try stopForeignPcscd()
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
        let conf = """
            FRIENDLYNAME "Virtual PCD"
            DEVICENAME   /dev/null:\(vpcdPort)
            LIBPATH      \(Self.vpcdDriver)
            CHANNELID    \(vpcdPort)

            """
        try conf.write(to: configDirectory.appendingPathComponent("vpcd"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let p = try ChildProcess(pcscd, ["--foreground", "--config", configDirectory.path], log: logFile.path)
        lock.withLock { process = p }
        Self.registerExitCleanup()
        // Ready when a context lists our reader.
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            if let ctx = try? PCSCContext() {
                defer { ctx.release() }
                if let readers = try? ctx.listReaders(), readers.contains(readerName) { return }
            }
            guard p.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        throw HarnessError("pcscd did not come up with reader \(readerName):\n\(output.suffix(2000))")
    }

    var runningPID: Int32? { lock.withLock { process?.isRunning == true ? process?.pid : nil } }

    /// Kills pcscd with SIGKILL (a crash) and waits until it is gone.
    func kill() {
        guard let p = lock.withLock({ process }) else { return }
        p.signalAndWait(SIGKILL)
        lock.withLock { process = nil }
    }

    /// Stops pcscd. SIGKILL, because pcscd's graceful shutdown can hang on a vpcd slot
    /// that waits for its virtual card.
    func stop() {
        guard let p = lock.withLock({ process }) else { return }
        p.signalAndWait(SIGKILL)
        lock.withLock { process = nil }
    }

    /// Connects to the card in `reader` (slot 0 by default) once pcscd has noticed it:
    /// pcscd polls the vpcd slot, so a card just put on the reader takes a moment to appear.
    func connectWhenPresent(_ context: PCSCContext, reader: String? = nil) async throws -> PCSCCard {
        for _ in 0..<200 {
            if let card = try? context.connect(reader: reader ?? readerName) { return card }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw HarnessError("the card in \(reader ?? readerName) never became connectable")
    }

    /// A virtual card for reader slot `slot`, made once pcscd reports that slot empty: a card put
    /// on the reader before pcscd has noticed the previous one leave reaches a vpcd driver that
    /// still holds the old link, and pcscd then resets it in the middle of the next session.
    func virtualCard(_ card: any SimulatedCard, slot: UInt16 = 0) -> VPCDConnection {
        waitUntilEmpty(slot == 0 ? readerName : secondReaderName)
        return VPCDConnection(card: card, port: vpcdPort + slot)
    }

    /// Waits (at most five seconds) until pcscd reports no card in `reader`.
    func waitUntilEmpty(_ reader: String) {
        guard runningPID != nil, let context = try? PCSCContext() else { return }
        defer { context.release() }
        for _ in 0..<200 {
            let state = (try? context.snapshot())?.first { $0.reader == reader }
            if state.map({ !$0.isCardPresent }) ?? true { return }
            usleep(25_000)
        }
    }

    /// Stops a pcscd that someone else started (only one may run on a machine) and removes
    /// the pid file and socket a killed pcscd leaves behind, which would stop the next one.
    private func stopForeignPcscd() throws {
        if let text = try? String(contentsOfFile: Self.pidFile, encoding: .utf8),
           // pcscd writes the pid followed by a newline and a NUL.
           let pid = Int32(String(text.prefix { $0.isNumber })), pid > 0, Self.isAlive(pid)
        {
            print("PCSCHarness: stopping the running pcscd (pid \(pid)) to start the test instance")
            Glibc.kill(pid, SIGKILL)
            for _ in 0..<100 where Self.isAlive(pid) { usleep(20_000) }
            guard !Self.isAlive(pid) else { throw HarnessError("cannot stop the running pcscd (pid \(pid))") }
        }
        unlink(Self.pidFile)
        unlink("/run/pcscd/pcscd.comm")
    }

    /// True when `pid` runs and is not a zombie waiting to be reaped.
    static func isAlive(_ pid: Int32) -> Bool {
        guard Glibc.kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return true }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    private static let cleanup: Void = {
        // Foundation's Process cannot wait during exit; signal pcscd and let init reap it.
        atexit {
            if let pid = PCSCHarness.shared.runningPID { Glibc.kill(pid, SIGKILL) }
        }
    }()
    private static func registerExitCleanup() { _ = cleanup }

    /// A port P on loopback with P and P+1 both free (vpcd opens one port per slot).
    private static func freePortPair() -> UInt16 {
        for _ in 0..<50 {
            guard let p = bindEphemeral() else { continue }
            if p < 65535, canBind(p + 1), canBind(p) { return p }
        }
        return 0x8C7B
    }

    private static func bindEphemeral() -> UInt16? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = INADDR_ANY
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        return ok ? UInt16(bigEndian: addr.sin_port) : nil
    }

    private static func canBind(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = INADDR_ANY
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A child process started with posix_spawn and reaped with waitpid (Foundation's Process
/// cannot wait from a Swift concurrency thread or an exit handler on Linux).
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private var exited = false
    private let lock = NSLock()

    init(_ path: String, _ arguments: [String], log: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw HarnessError("cannot start \(path): errno \(rc)") }
        pid = child
    }

    /// True until the process has exited (reaps it when it has).
    var isRunning: Bool {
        lock.withLock {
            if exited { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exited = true }
            return !exited
        }
    }

    /// Sends `signal` and waits until the process has exited.
    func signalAndWait(_ signal: Int32) {
        lock.withLock {
            guard !exited else { return }
            Glibc.kill(pid, signal)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exited = true
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Collects a monitor's events so a test can wait for the ones it expects.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ReaderEvent] = []
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<ReaderEvent>) {
        task = Task { [weak self] in
            for await event in stream { self?.append(event) }
        }
    }

    private func append(_ e: ReaderEvent) { lock.withLock { events.append(e) } }

    var all: [ReaderEvent] { lock.withLock { events } }

    /// Waits until `predicate` holds for the events so far; returns them.
    @discardableResult
    func wait(timeout: Duration = .seconds(15), until predicate: ([ReaderEvent]) -> Bool) async throws -> [ReaderEvent] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let snapshot = all
            if predicate(snapshot) { return snapshot }
            try await Task.sleep(for: .milliseconds(20))
        }
        let snapshot = all
        if predicate(snapshot) { return snapshot }
        throw HarnessError("timed out waiting for reader events; got: \(snapshot.map(\.description))")
    }

    /// The events from index `start` on.
    func since(_ start: Int) -> [ReaderEvent] { Array(all.dropFirst(start)) }
}
