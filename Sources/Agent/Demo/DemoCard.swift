import CardIO
import CardSim
import EMRTD
import Foundation
import PassiveAuth
import ServiceLifecycle

/// The simulated CCCD of `idgate serve --demo`: a fictional citizen (CitizenSample), opened with the QR text printed
/// on its face (or its CAN, the last 6 ID digits). `complete` is the card the demo serves; `make` (COM, DG1, DG2, DG13
/// only, no SOD) stays for tests of the session flow that need no signatures.
public enum DemoCard {
    public static let sample = CitizenSample.samples[0]

    /// The card, answering PACE (CAN) and BAC.
    public static func make() throws(EMRTDError) -> CCCDCard {
        let p = sample
        let mrz = try MRZKey(documentNumber: String(p.idNumber.suffix(9)), dateOfBirth: p.dateOfBirth.yymmdd,
                             dateOfExpiry: p.dateOfExpiry?.yymmdd ?? "000000")
        let files: [UInt16: [UInt8]] = [
            0x011E: LDSBuilder.com(), 0x0101: LDSBuilder.dg1(for: p), 0x0102: LDSBuilder.dg2(for: p), 0x010D: LDSBuilder.dg13(for: p),
        ]
        return CCCDCard(.init(mode: .both, mrz: mrz, can: String(p.idNumber.suffix(6)), files: files))
    }

    /// The complete demo card (DG14/DG15/SOD, answering chip and active authentication) and the trust store
    /// holding the test CSCA that signed it, generated at the sample's issue date so passive authentication verifies.
    public static func complete(trusting base: TrustStore = TrustStore()) throws -> (card: CCCDCard, trustStore: TrustStore) {
        let pki = try TestPKI.generate(now: CCCDProfile.issueDate(sample))
        let profile = try CCCDProfile(sample, pki: pki)
        var store = base
        _ = store.add(try Certificate(derEncoded: pki.csca.der))
        let card = profile.card()
        card.uid = uid
        return (card, store)
    }

    /// The demo card's fixed 7-byte UID (so `access.remember_seconds` can be tried with it).
    public static let uid: [UInt8] = [0x04, 0x5A, 0x13, 0x92, 0x2B, 0x61, 0x80]

    /// The access key a demo client sends: the QR text of the card's face.
    public static var accessKey: AccessKeyInput { AccessKeyInput(qr: sample.qrText) }
}

/// Keeps the demo card on the vpcd reader: inserted at start; after each finished session it is
/// removed and put back, like the next person at a counter. Removed at shutdown.
public struct DemoCardService: Service {
    let connection: VPCDConnection
    let hub: SessionHub
    let pause: Duration

    public init(card: CCCDCard, port: UInt16 = VPCDConnection.defaultPort, hub: SessionHub, pause: Duration = .seconds(5)) {
        connection = VPCDConnection(card: card, port: port)
        self.hub = hub
        self.pause = pause
    }

    public func run() async throws {
        let events = hub.bus.subscribe()
        connection.insert()
        defer { connection.remove() }
        guard await connection.waitConnected(timeout: .seconds(10)) else {
            throw AgentError.api("vpcd is not listening on 127.0.0.1:\(connection.port): install vsmartcard-vpcd and start pcscd (`sudo pcscd -f` or `systemctl start pcscd`)")
        }
        for await event in events.cancelOnGracefulShutdown() where event.event == .done || event.event == .failed {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            if Task.isShuttingDownGracefully { break }
            connection.remove()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) }
            if Task.isShuttingDownGracefully { break }
            connection.insert()
        }
        // The event stream ends when the bus closes during shutdown, possibly before this service is told to stop;
        // returning then would count as finishing unexpectedly, so wait for the graceful shutdown.
        try? await gracefulShutdown()
    }
}
