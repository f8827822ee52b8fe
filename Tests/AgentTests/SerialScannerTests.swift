@testable import Agent
import CardIO
import CardSim
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The serial QR scanner through a real pseudo-terminal: the test writes to the master side as a scanner would.
@Suite struct SerialScannerTests {
    /// A pty pair: the master fd and the slave's device path.
    static func pseudoTerminal() throws -> (master: Int32, path: String) {
        // posix_openpt/grantpt/unlockpt by hand (Glibc's module leaves them out): /dev/ptmx, TIOCSPTLCK, TIOCGPTN.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: CInt = 0, number: CInt = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw CocoaError(.fileNoSuchFile)
        }
        return (master, "/dev/pts/\(number)")
    }

    @Test("A scanned QR line opens the card waiting for a key; a garbled line is refused and the session keeps waiting")
    func scannedLineOpensCard() async throws {
        let (master, path) = try Self.pseudoTerminal()
        defer { close(master) }
        let sample = CitizenSample.samples[0]
        let hub = SessionHub(policy: .init(), cardReader: ScriptedKioskReader(sample: sample))
        await hub.handle(.cardInserted(reader: "Scanner Test Reader", atr: [0x3B, 0x88]))
        let running = Task { try await SerialScannerService(path: path, hub: hub).run() }
        defer { running.cancel() }

        func write(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(master, $0.baseAddress, $0.count - 1) } }
        try await Task.sleep(for: .milliseconds(300))  // the service opens the device
        write("garbled|scan\r\n")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await hub.snapshot("Scanner Test Reader").phase == .waitingForKey, "a line that is no CCCD QR text starts nothing")
        write(sample.qrText + "\r\n")
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, try await hub.snapshot("Scanner Test Reader").keySource == nil {
            try await Task.sleep(for: .milliseconds(20))
        }
        let session = try await hub.snapshot("Scanner Test Reader")
        #expect(session.keySource == .qr && [.reading, .verified, .lookingUp, .done].contains(session.phase), "\(session)")
    }

    @Test("access.qr_scanner must be a device path")
    func configuration() throws {
        #expect(try AgentConfiguration.load(fileText: "[access]\nqr_scanner = \"/dev/ttyACM0\"\n", environment: [:]).qrScanner == "/dev/ttyACM0")
        #expect(throws: AgentError.self) { try AgentConfiguration.load(fileText: "[access]\nqr_scanner = \"ttyACM0\"\n", environment: [:]) }
    }
}
