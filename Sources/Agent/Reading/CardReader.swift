import EMRTD
import LDS

/// Reads one card on a named reader with an access key, reporting progress as it goes.
/// The daemon's sessions depend only on this; `PCSCCardReader` is the real one.
public protocol CardReader: Sendable {
    /// Opens the card in `reader` with `keys`, reads its files and returns what it found.
    func read(reader: String, keys: CCCDAccessKeys, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>

    /// The same, but only on the card with UID `onlyForCard` (a remembered key): another card fails with
    /// `.otherCard` before any authentication attempt counts against it.
    func read(reader: String, keys: CCCDAccessKeys, onlyForCard: [UInt8]?, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
}

extension CardReader {
    /// A reader that cannot tell cards apart never uses a remembered key.
    public func read(reader: String, keys: CCCDAccessKeys, onlyForCard: [UInt8]?, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
    {
        if onlyForCard != nil { return .failure(.otherCard) }
        return await read(reader: reader, keys: keys, progress: progress)
    }
}

/// One step of a read, for "reading card… 60 %".
public struct CardReadProgress: Sendable, Hashable, Codable {
    /// "access", or the file just read ("DG13").
    public var step: String
    /// 0…100.
    public var percent: Int

    public init(step: String, percent: Int) {
        self.step = step
        self.percent = percent
    }
}

/// What a read gave: the access outcome, the raw files and what it cost. Verification and the holder's
/// identity are optional so later stages (passive authentication, Citizen) fill them in.
public struct CardReadResult: Sendable, Hashable, Codable {
    public var access: AccessOutcome
    /// Per file: size, APDUs, bytes and error (contents are not encoded).
    public var files: [FileReadResult]
    public var apdus: Int
    public var bytesSent: Int
    public var bytesReceived: Int
    public var milliseconds: Int
    /// Passive/chip authentication verdict, once a verifier is plugged in.
    public var verification: VerificationSummary?
    /// The holder, masked for display, once the Citizen is built from DG13/DG1.
    public var holder: HolderSummary?
    /// The face from DG2 (served only to authenticated callers while the card is present; never encoded).
    public var face: FaceImage?
    /// The card's UID when the reader gives a stable one (a random UID is not kept; never encoded).
    public var cardUID: [UInt8]?

    enum CodingKeys: String, CodingKey { case access, files, apdus, bytesSent, bytesReceived, milliseconds, verification, holder, hasFace }

    public init(access: AccessOutcome, files: [FileReadResult], apdus: Int, bytesSent: Int, bytesReceived: Int, milliseconds: Int,
                verification: VerificationSummary? = nil, holder: HolderSummary? = nil, face: FaceImage? = nil)
    {
        self.access = access
        self.files = files
        self.apdus = apdus
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.milliseconds = milliseconds
        self.verification = verification
        self.holder = holder
        self.face = face
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        access = try c.decode(AccessOutcome.self, forKey: .access)
        files = try c.decode([FileReadResult].self, forKey: .files)
        apdus = try c.decode(Int.self, forKey: .apdus)
        bytesSent = try c.decode(Int.self, forKey: .bytesSent)
        bytesReceived = try c.decode(Int.self, forKey: .bytesReceived)
        milliseconds = try c.decode(Int.self, forKey: .milliseconds)
        verification = try c.decodeIfPresent(VerificationSummary.self, forKey: .verification)
        holder = try c.decodeIfPresent(HolderSummary.self, forKey: .holder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(access, forKey: .access)
        try c.encode(files, forKey: .files)
        try c.encode(apdus, forKey: .apdus)
        try c.encode(bytesSent, forKey: .bytesSent)
        try c.encode(bytesReceived, forKey: .bytesReceived)
        try c.encode(milliseconds, forKey: .milliseconds)
        try c.encodeIfPresent(verification, forKey: .verification)
        try c.encodeIfPresent(holder, forKey: .holder)
        try c.encode(face != nil, forKey: .hasFace)
    }

    /// The contents of a file read, by name ("DG13"); nil when absent or failed.
    public func contents(of name: String) -> [UInt8]? {
        files.first { $0.name == name && $0.error == nil }?.contents
    }

    /// The same result without the face (kept after the card leaves).
    public var withoutFace: CardReadResult {
        var copy = self
        copy.face = nil
        return copy
    }
}

/// A verification verdict as the API shows it (filled by the passive-authentication stage).
public struct VerificationSummary: Sendable, Hashable, Codable {
    /// e.g. "verified", "issuer not trusted", "hash mismatch".
    public var verdict: String
    public var details: [String]
    public init(verdict: String, details: [String] = []) {
        self.verdict = verdict
        self.details = details
    }
}

/// The holder as the API shows it: masked ID and initials only.
public struct HolderSummary: Sendable, Hashable, Codable {
    /// e.g. `0010******45`.
    public var maskedID: String
    /// e.g. `N. V. A.`.
    public var initials: String
    public init(maskedID: String, initials: String) {
        self.maskedID = maskedID
        self.initials = initials
    }
}

/// Why a read failed, in terms a session can act on.
public enum CardReadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key was refused: ask for another.
    case accessDenied(String)
    /// The card left the reader during the read.
    case cardRemoved
    /// The read took longer than the configured timeout.
    case timedOut(seconds: Int)
    /// Not the card a remembered key belongs to (checked by UID before authenticating): ask for this card's key.
    case otherCard
    /// The card or reader failed (message says what to do).
    case card(String)

    public var description: String {
        switch self {
        case .accessDenied(let hint): "access key refused: \(hint)"
        case .cardRemoved: "card removed during the read: put it back and hold it still"
        case .timedOut(let s): "read took longer than \(s) s: check the card's position and the reader"
        case .otherCard: "a different card than the last one: enter this card's access key"
        case .card(let why): why
        }
    }

    /// Short machine-readable name, used as the metrics outcome.
    public var code: String {
        switch self {
        case .accessDenied: "access_denied"
        case .cardRemoved: "card_removed"
        case .timedOut: "timeout"
        case .otherCard: "other_card"
        case .card: "card_error"
        }
    }
}
