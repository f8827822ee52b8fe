import Foundation
import Logging
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Access keys from a QR scanner on a serial port (USB CDC-ACM such as `/dev/ttyACM0`, or a TTY adapter):
/// each scanned line (CR, LF or CRLF ended) is the QR text of the card face, given to the one session waiting
/// for a key. The port is read on a thread of its own, reopened when the scanner is unplugged and back.
/// (Keyboard-wedge scanners need nothing here: the kiosk page takes their keystrokes.)
public struct SerialScannerService: Service {
    let path: String
    let hub: SessionHub
    let logger: Logger

    public init(path: String, hub: SessionHub, logger: Logger = Logger(label: "idgate.scanner")) {
        self.path = path
        self.hub = hub
        self.logger = logger
    }

    public func run() async throws {
        let reader = SerialLineReader(path: path, logger: logger)
        reader.start()
        for await line in reader.lines.cancelOnGracefulShutdown() {
            do throws(AgentError) {
                try await hub.submitKey(AccessKeyInput(qr: line), source: .qr, readerID: nil)
                logger.info("access key from the QR scanner")
            } catch {
                logger.notice("QR scan not used", metadata: ["reason": "\(error)"])
            }
        }
        reader.stop()
    }
}

/// Lines from a serial device, read with poll() so `stop()` ends the thread within 200 ms.
final class SerialLineReader: Sendable {
    let path: String
    let lines: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let stopped = Atomic<Bool>(false)
    private let logger: Logger

    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
        (lines, continuation) = AsyncStream.makeStream(of: String.self)
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "idgate-scanner"
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    private func loop() {
        var reported = false
        while !stopped.load(ordering: .relaxed) {
            let fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK)
            guard fd >= 0 else {
                if !reported { logger.warning("QR scanner not available", metadata: ["device": "\(path)", "error": "\(String(cString: strerror(errno)))"]) }
                reported = true
                sleepPolling(milliseconds: 2_000)
                continue
            }
            reported = false
            Self.makeRaw(fd)
            logger.info("QR scanner opened", metadata: ["device": "\(path)"])
            read(fd)
            close(fd)
        }
        continuation.finish()
    }

    /// Reads until the device goes away or `stop()`; yields each non-empty line.
    private func read(_ fd: Int32) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while !stopped.load(ordering: .relaxed) {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, 200)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 || p.revents & Int16(POLLERR | POLLNVAL) != 0 { return }
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if n <= 0 { return }  // unplugged (or the other end of a pty closed)
            pending += buffer.prefix(n)
            while let end = pending.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                pending.removeSubrange(...end)
                if !line.isEmpty { continuation.yield(line) }
            }
            if pending.count > 4096 { pending.removeAll() }  // no line end from a misconfigured scanner: drop, never grow
        }
    }

    private func sleepPolling(milliseconds: Int) {
        var left = milliseconds
        while left > 0, !stopped.load(ordering: .relaxed) {
            usleep(100_000)
            left -= 100
        }
    }

    /// Raw mode: bytes as sent, no echo, no line editing (scanners send UTF-8 text).
    static func makeRaw(_ fd: Int32) {
        var t = termios()
        guard tcgetattr(fd, &t) == 0 else { return }  // not a TTY (a FIFO in tests): read as is
        cfmakeraw(&t)
        cfsetispeed(&t, speed_t(B9600))
        tcsetattr(fd, TCSANOW, &t)
    }
}
