import CardIO
import EMRTD
import Foundation
import LDS
import Synchronization
import VNID

/// Reads a CCCD through pcscd with the EMRTD access policy (PACE, else BAC), identity files first and
/// the face last, on a thread of its own so blocking PC/SC calls never hold a Swift concurrency thread.
public struct PCSCCardReader: CardReader {
    /// Files in reading order: identity first, the face (DG2, the largest) last.
    public static let files: [(name: String, fileID: UInt16)] = [
        ("COM", 0x011E), ("DG13", 0x010D), ("DG1", 0x0101), ("SOD", 0x011D), ("DG14", 0x010E), ("DG15", 0x010F), ("DG2", 0x0102),
    ]

    public var usePACE: Bool
    public var shortAPDUs: Bool
    public var timeout: Duration

    public init(usePACE: Bool = true, shortAPDUs: Bool = false, timeout: Duration = .seconds(30)) {
        self.usePACE = usePACE
        self.shortAPDUs = shortAPDUs
        self.timeout = timeout
    }

    public func read(reader: String, keys: CCCDAccessKeys, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
    {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: readBlocking(reader: reader, keys: keys, progress: progress))
            }
            thread.name = "idgate-read"
            thread.start()
        }
    }

    /// The whole read, blocking.
    func readBlocking(reader: String, keys: CCCDAccessKeys, progress: @Sendable (CardReadProgress) -> Void) -> Result<CardReadResult, CardReadFailure> {
        let started = ContinuousClock.now
        let card: PCSCCard
        let context: PCSCContext
        do throws(CardIOError) {
            context = try PCSCContext()
            card = try context.connect(reader: reader)
        } catch {
            return .failure(error.isCardGone ? .cardRemoved : .card("cannot connect to the card in \(reader): \(error)"))
        }
        defer {
            card.disconnect(.reset)
            context.release()
        }
        card.supportsExtendedLength = !shortAPDUs
        let wire = CountingChannel(card)
        do throws(EMRTDError) {
            progress(CardReadProgress(step: "access", percent: 5))
            let (sm, outcome) = try CCCDAccess.open(wire, keys: keys, usePACE: usePACE, reset: { () throws(CardIOError) in try card.reconnect() })
            progress(CardReadProgress(step: "access", percent: 15))
            let reader = FileReader(channel: sm)
            var results: [FileReadResult] = []
            for (i, file) in Self.files.enumerated() {
                if ContinuousClock.now - started > timeout {
                    return .failure(.timedOut(seconds: Int(timeout.components.seconds)))
                }
                results += try reader.readFiles([file], wire: wire)
                progress(CardReadProgress(step: file.name, percent: 15 + 85 * (i + 1) / Self.files.count))
            }
            let elapsed = ContinuousClock.now - started
            var result = CardReadResult(
                access: outcome, files: results, apdus: wire.apdus, bytesSent: wire.bytesSent, bytesReceived: wire.bytesReceived,
                milliseconds: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
            result.face = result.contents(of: "DG2").flatMap { try? DG2(derEncoded: $0).face }
            result.holder = Self.holder(result)
            return .success(result)
        } catch {
            if error.isCardGone { return .failure(.cardRemoved) }
            if case .accessDenied(let proto, let hint) = error { return .failure(.accessDenied("\(proto): \(hint)")) }
            if case .invalidKey(let why) = error { return .failure(.accessDenied(why)) }
            return .failure(.card(error.description))
        }
    }

    /// Masked holder from DG13 (ID and name), if it parses; verification comes from another stage.
    static func holder(_ result: CardReadResult) -> HolderSummary? {
        guard let bytes = result.contents(of: "DG13"), let dg13 = try? DG13(derEncoded: bytes) else { return nil }
        guard let id = dg13.idNumber else { return nil }
        return HolderSummary(maskedID: Masking.idNumber(id), initials: dg13.fullName.map(Masking.name) ?? "")
    }
}
