import CardIO
import EMRTD
import Foundation
import LDS
import PassiveAuth
import Synchronization
import VNID

/// Reads a CCCD through pcscd with the EMRTD access policy (PACE, else BAC), identity files first and
/// the face last, on a thread of its own so blocking PC/SC calls never hold a Swift concurrency thread.
public struct PCSCCardReader: CardReader {
    /// Files in reading order: identity first, the face (DG2, the largest) last.
    public static let files = CardVerification.files

    public var usePACE: Bool
    public var shortAPDUs: Bool
    public var timeout: Duration
    /// The CSCAs passive authentication trusts (empty: every card reads as "issuer not trusted").
    public var trustStore: TrustStore
    /// Per-reader chunk sizes learned so far and readers marked short-APDU only.
    public let profiles: ReaderProfiles

    public init(usePACE: Bool = true, shortAPDUs: Bool = false, timeout: Duration = .seconds(30), trustStore: TrustStore = TrustStore(),
                profiles: ReaderProfiles = ReaderProfiles())
    {
        self.usePACE = usePACE
        self.shortAPDUs = shortAPDUs
        self.timeout = timeout
        self.trustStore = trustStore
        self.profiles = profiles
    }

    public func read(reader: String, keys: CCCDAccessKeys, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
    {
        await read(reader: reader, keys: keys, onlyForCard: nil, progress: progress)
    }

    public func read(reader: String, keys: CCCDAccessKeys, onlyForCard: [UInt8]?, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
    {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in
                continuation.resume(returning: readBlocking(reader: reader, keys: keys, onlyForCard: onlyForCard, progress: progress))
            }
            thread.name = "idgate-read"
            thread.start()
        }
    }

    /// The whole read, blocking.
    func readBlocking(reader: String, keys: CCCDAccessKeys, onlyForCard: [UInt8]? = nil, progress: @Sendable (CardReadProgress) -> Void)
        -> Result<CardReadResult, CardReadFailure>
    {
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
        // The reader's UID, asked of the reader (not the chip) and not counted as card traffic.
        let uid = Self.stableUID(card)
        if let onlyForCard, uid != onlyForCard { return .failure(.otherCard) }
        card.supportsExtendedLength = !shortAPDUs && !profiles.isShortOnly(reader)
        let wire = CountingChannel(card)
        do throws(EMRTDError) {
            progress(CardReadProgress(step: "access", percent: 5))
            let (sm, outcome) = try CCCDAccess.open(wire, keys: keys, usePACE: usePACE, reset: { () throws(CardIOError) in try card.reconnect() })
            progress(CardReadProgress(step: "access", percent: 15))
            let standard = FileReader(channel: sm).chunkLimit
            let read = try CardVerification.read(sm, wire: wire, trustStore: trustStore, deadline: started + timeout,
                                                 chunkLimit: profiles.chunkLimit(for: reader), progress: progress)
            profiles.note(chunkLimit: read.chunkLimit, for: reader, default: standard)
            if ContinuousClock.now - started > timeout { return .failure(.timedOut(seconds: Int(timeout.components.seconds))) }
            let elapsed = ContinuousClock.now - started
            var result = CardReadResult(
                access: outcome, files: read.files, apdus: wire.apdus, bytesSent: wire.bytesSent, bytesReceived: wire.bytesReceived,
                milliseconds: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
            result.face = read.face
            result.cardUID = uid
            result.holder = Self.holder(result)
            result.verification = Self.verification(read)
            return .success(result)
        } catch {
            if error.isCardGone { return .failure(.cardRemoved) }
            if case .accessDenied(let proto, let hint) = error { return .failure(.accessDenied("\(proto): \(hint)")) }
            if case .invalidKey(let why) = error { return .failure(.accessDenied(why)) }
            return .failure(.card(error.description))
        }
    }

    /// The card's UID from the PC/SC GET DATA pseudo-APDU (FF CA 00 00 00), nil when the reader has none or the
    /// UID is random (ISO/IEC 14443-3: a 4-byte UID starting 08 is drawn anew each time, as eMRTDs may do).
    static func stableUID(_ card: PCSCCard) -> [UInt8]? {
        guard let answer = try? card.transmit(APDU(cla: 0xFF, ins: 0xCA, p1: 0, p2: 0, ne: 256)), answer.status == .success,
              !answer.data.isEmpty, !(answer.data.count == 4 && answer.data[0] == 0x08)
        else { return nil }
        return answer.data
    }

    /// The verdict for the API: passive outcome code, the chip statement, and each check's detail.
    static func verification(_ read: VerifiedCardRead) -> VerificationSummary {
        let a = read.authentication
        var details = [a.passive.message, read.chipStatement]
        for check in [a.chipAuthentication, a.activeAuthentication].compactMap({ $0 }) {
            details.append("\(check.protocolName): \(check.passed ? "passed" : "failed")\(check.detail.map { " (\($0))" } ?? "")")
        }
        if let citizen = read.citizen, !citizen.discrepancies.isEmpty {  // counted only: messages may quote personal data
            details.append("\(citizen.discrepancies.count) discrepancies between DG13 and DG1")
        }
        return VerificationSummary(verdict: a.passive.outcome.code, details: details + read.notes)
    }

    /// Masked holder from DG13 (ID and name), if it parses; verification comes from another stage.
    static func holder(_ result: CardReadResult) -> HolderSummary? {
        guard let bytes = result.contents(of: "DG13"), let dg13 = try? DG13(derEncoded: bytes) else { return nil }
        guard let id = dg13.idNumber else { return nil }
        return HolderSummary(maskedID: Masking.idNumber(id), initials: dg13.fullName.map(Masking.name) ?? "")
    }
}
