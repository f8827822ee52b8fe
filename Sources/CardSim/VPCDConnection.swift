import CardIO
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The virtual-card side of `vsmartcard-vpcd`: connects to the vpcd driver's TCP port on
/// loopback and serves a `SimulatedCard`, so a real pcscd sees the card in its
/// "Virtual PCD" reader.
///
/// Wire format (vsmartcard's vpcd): each message is a 2-byte big-endian length and a payload.
/// A 1-byte payload is a control byte — 0 power off, 1 power on, 2 reset, 4 get ATR (answered
/// with the ATR); any longer payload is a command APDU, answered with the response APDU.
///
/// `insert()` keeps a connection up (reconnecting if pcscd restarts); `remove()` drops it,
/// which pcscd sees as the card leaving the reader.
public final class VPCDConnection: @unchecked Sendable {
    /// vpcd's default port for the first reader slot (`0x8C7B`); slot n listens on port + n.
    public static let defaultPort: UInt16 = 0x8C7B

    public let port: UInt16
    public let host: String
    // The card is only touched from the connection thread.
    private let card: any SimulatedCard
    private let logger: Logger

    private struct State {
        var wanted = false
        var socket: Int32 = -1
        var connected = false
        var thread: Bool = false
        var generation = 0
    }
    private let state = Mutex(State())
    // A group, not a semaphore: remove() may be called by several threads at once (a test tearing the card
    // away while another takes it off), and every caller must be released when the thread ends.
    private let threadRunning = DispatchGroup()

    public init(card: any SimulatedCard, port: UInt16 = defaultPort, host: String = "127.0.0.1",
                logger: Logger = Logger(label: "idgate.vpcd")) {
        self.card = card
        self.port = port
        self.host = host
        self.logger = logger
    }

    deinit { remove() }

    /// True while a TCP connection to vpcd is up (the reader then reports a card).
    public var isConnected: Bool { state.withLock { $0.connected } }

    /// Puts the card on the reader: connects now and whenever the connection drops, until `remove()`.
    public func insert() {
        let start = state.withLock { s -> Bool in
            s.wanted = true
            if s.thread { return false }
            s.thread = true
            return true
        }
        guard start else { return }
        threadRunning.enter()
        let thread = Thread { [self] in
            serveWhileWanted()
            state.withLock { $0.thread = false }
            threadRunning.leave()
        }
        thread.name = "idgate-vpcd-\(port)"
        thread.start()
    }

    /// Takes the card off the reader and waits until the connection is closed.
    public func remove() {
        let running = state.withLock { s -> Bool in
            s.wanted = false
            if s.socket >= 0 { shutdown(s.socket, Int32(SHUT_RDWR)) }
            return s.thread
        }
        if running { threadRunning.wait() }
    }

    /// Drops the current connection once (a card torn away and put back), keeping `insert()`'s wish.
    public func bounce() {
        state.withLock { s in
            if s.socket >= 0 { shutdown(s.socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Waits until the connection is up, polling; returns false after `timeout`.
    public func waitConnected(timeout: Duration = .seconds(10)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if isConnected { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return isConnected
    }

    private var wanted: Bool { state.withLock { $0.wanted } }

    private func serveWhileWanted() {
        while wanted {
            guard let fd = connectOnce() else {
                usleep(50_000)
                continue
            }
            let keep = state.withLock { s -> Bool in
                guard s.wanted else { return false }
                s.socket = fd
                s.connected = true
                return true
            }
            if keep {
                logger.debug("vpcd connected", metadata: ["port": "\(port)"])
                serve(fd)
            }
            state.withLock { s in
                s.socket = -1
                s.connected = false
            }
            close(fd)
            if wanted { usleep(50_000) }
        }
    }

    private func connectOnce() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    private func serve(_ fd: Int32) {
        while let message = readFrame(fd) {
            if message.count == 1 {
                switch message[0] {
                case 0x00: card.reset()  // power off
                case 0x01, 0x02: card.reset()  // power on, reset
                case 0x04: guard writeFrame(fd, card.atr) else { return }
                default: logger.warning("unknown vpcd control byte", metadata: ["byte": "\(message[0])"])
                }
            } else {
                guard writeFrame(fd, card.process(message)) else { return }
            }
        }
    }

    private func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            got += n
        }
        return buffer
    }

    private func readFrame(_ fd: Int32) -> [UInt8]? {
        guard let header = readExactly(fd, 2) else { return nil }
        let length = Int(header[0]) << 8 | Int(header[1])
        if length == 0 { return [] }
        return readExactly(fd, length)
    }

    private func writeFrame(_ fd: Int32, _ payload: [UInt8]) -> Bool {
        guard payload.count <= 0xFFFF else { return false }
        let frame = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        var sent = 0
        while sent < frame.count {
            let n = frame.withUnsafeBytes { send(fd, $0.baseAddress! + sent, frame.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }
}
