import CardIO

/// The session of one reader as a state machine: a plain value whose `handle` returns the actions to
/// perform (start or cancel a read, start look-ups, emit events). No IO here; `SessionHub` runs the actions.
///
/// idle → card present → waiting for access key → reading (progress) → verified → looking up → done,
/// or failed; a card removed at any point returns to idle. Completions of an earlier attempt are ignored.
public struct ReaderSession: Sendable {
    /// Where the session is.
    public enum Phase: String, Sendable, Hashable, Codable, CaseIterable {
        case idle, cardPresent = "card-present", waitingForKey = "waiting-for-key", reading, verified
        case lookingUp = "looking-up", done, failed
    }

    /// What happened to the session.
    public enum Event: Sendable {
        case cardInserted(atr: [UInt8], now: ContinuousClock.Instant)
        case cardUnresponsive
        case cardRemoved
        case readerRemoved
        case accessKey(AccessKeyInput, source: AccessKeySource, now: ContinuousClock.Instant)
        case readProgress(attempt: Int, CardReadProgress)
        case readSucceeded(attempt: Int, CardReadResult, now: ContinuousClock.Instant)
        case readFailed(attempt: Int, CardReadFailure)
        case lookupsStarted(attempt: Int)
        case lookupsFinished(attempt: Int, [LookupOutcome])
        /// Run the look-ups again on the current result.
        case lookupRequested
    }

    /// What the caller must do.
    public enum Action: Sendable, Hashable {
        case emit(SessionEvent)
        /// `onlyForCard`: the card UID a remembered key belongs to; the read must stop before authenticating on another card.
        case startRead(attempt: Int, key: AccessKeyInput, source: AccessKeySource, onlyForCard: [UInt8]? = nil)
        case cancelRead(attempt: Int)
        case startLookups(attempt: Int, CardReadResult)
        /// The request was refused (an access key with no card, …); say why to the caller.
        case reject(String)
    }

    /// What the session is configured to do without asking.
    public struct Policy: Sendable, Hashable {
        public var fixedKey: AccessKeyInput?
        public var rememberFor: Duration?
        public init(fixedKey: AccessKeyInput? = nil, rememberFor: Duration? = nil) {
            self.fixedKey = fixedKey
            self.rememberFor = rememberFor
        }
    }

    /// A key that opened the card with this UID (never kept for cards without a stable UID: all CCCDs share an ATR).
    struct RememberedKey: Sendable {
        var uid: [UInt8]
        var key: AccessKeyInput
        var until: ContinuousClock.Instant
    }

    public let reader: String
    public let policy: Policy
    public private(set) var phase: Phase = .idle
    /// Increases with every read started; completions of other attempts are ignored.
    public private(set) var attempt = 0
    public private(set) var atr: [UInt8]?
    public private(set) var progress: CardReadProgress?
    public private(set) var keySource: AccessKeySource?
    /// The result while the card is present; after removal, the last result without its face.
    public private(set) var result: CardReadResult?
    public private(set) var lookups: [LookupOutcome]?
    public private(set) var message: String?
    var currentKey: AccessKeyInput?
    var remembered: RememberedKey?

    public init(reader: String, policy: Policy = Policy()) {
        self.reader = reader
        self.policy = policy
    }

    /// The reader's id in API paths: the name lowercased, runs of other characters as `-`.
    public static func id(forReader name: String) -> String {
        var out = ""
        for c in name.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") { out.unicodeScalars.append(c) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "reader" : out
    }

    public var id: String { Self.id(forReader: reader) }

    /// True while a card is in the reader.
    public var hasCard: Bool { phase != .idle }

    /// Applies `event` and returns what to do, in order.
    public mutating func handle(_ event: Event) -> [Action] {
        switch event {
        case .cardInserted(let atr, let now):
            var actions = leaveCard(emitRemoval: phase != .idle)
            self.atr = atr
            result = nil
            lookups = nil
            phase = .cardPresent
            actions.append(emit(.cardInserted))
            if let key = policy.fixedKey {
                actions += startRead(key, source: .configuration)
            } else if let r = remembered, now < r.until {
                actions += startRead(r.key, source: .remembered, onlyForCard: r.uid)
            } else {
                if let r = remembered, now >= r.until { remembered = nil }
                phase = .waitingForKey
                actions.append(emit(.accessKeyNeeded))
            }
            return actions

        case .cardUnresponsive:
            var actions = leaveCard(emitRemoval: phase != .idle)
            phase = .cardPresent
            message = "the card does not answer: turn it over or put it flat on the reader"
            actions.append(emit(.cardUnresponsive))
            return actions

        case .cardRemoved:
            guard phase != .idle else { return [] }
            return leaveCard(emitRemoval: true)

        case .readerRemoved:
            var actions = leaveCard(emitRemoval: phase != .idle)
            actions.append(emit(.readerRemoved))
            return actions

        case .accessKey(let key, let source, let now):
            switch phase {
            case .waitingForKey, .failed:
                if atr == nil { return [.reject("no card in \(reader): put the card on the reader first")] }
                if let r = remembered, now >= r.until { remembered = nil }
                return startRead(key, source: source)
            case .idle:
                return [.reject("no card in \(reader): put the card on the reader first")]
            case .cardPresent:
                return [.reject("the card in \(reader) does not answer: put it back on the reader")]
            case .reading, .verified, .lookingUp:
                return [.reject("\(reader) is already reading this card")]
            case .done:
                return [.reject("this card has been read: remove it and put the next card on \(reader)")]
            }

        case .readProgress(let a, let p):
            guard a == attempt, phase == .reading else { return [] }
            progress = p
            return [emit(.progress)]

        case .readSucceeded(let a, let r, let now):
            guard a == attempt, phase == .reading else { return [] }
            result = r
            progress = CardReadProgress(step: "done", percent: 100)
            if let ttl = policy.rememberFor, let uid = r.cardUID, let key = currentKey { remembered = RememberedKey(uid: uid, key: key, until: now + ttl) }
            phase = .verified
            return [emit(.verified), .startLookups(attempt: attempt, r)]

        case .readFailed(let a, let failure):
            guard a == attempt, phase == .reading else { return [] }
            message = failure.description
            if case .otherCard = failure {  // not the remembered card: nothing was tried on it; keep the key for its own card
                phase = .waitingForKey
                return [emit(.accessKeyNeeded)]
            }
            if keySource == .remembered { remembered = nil }
            if case .accessDenied = failure, keySource != .configuration {
                phase = .waitingForKey
                return [emit(.failed), emit(.accessKeyNeeded)]
            }
            if case .cardRemoved = failure {
                phase = .cardPresent  // the read has ended: nothing to cancel
                return leaveCard(emitRemoval: true)
            }
            phase = .failed
            return [emit(.failed)]

        case .lookupsStarted(let a):
            guard a == attempt, phase == .verified else { return [] }
            phase = .lookingUp
            return [emit(.lookingUp)]

        case .lookupsFinished(let a, let outcomes):
            guard a == attempt, phase == .lookingUp || phase == .verified else { return [] }
            lookups = outcomes
            phase = .done
            return [emit(.done)]

        case .lookupRequested:
            guard phase == .done, let result else { return [.reject("no card read in \(reader) to look up: read a card first")] }
            phase = .verified
            return [.startLookups(attempt: attempt, result)]
        }
    }

    private mutating func startRead(_ key: AccessKeyInput, source: AccessKeySource, onlyForCard: [UInt8]? = nil) -> [Action] {
        attempt += 1
        phase = .reading
        keySource = source
        currentKey = key
        progress = CardReadProgress(step: "access", percent: 0)
        message = nil
        result = nil
        lookups = nil
        return [emit(.reading), .startRead(attempt: attempt, key: key, source: source, onlyForCard: onlyForCard)]
    }

    /// Ends the card's part of the session: cancels a read, drops the face, returns to idle.
    private mutating func leaveCard(emitRemoval: Bool) -> [Action] {
        var actions: [Action] = []
        if phase == .reading { actions.append(.cancelRead(attempt: attempt)) }
        if phase != .idle { attempt += 1 }
        phase = .idle
        atr = nil
        progress = nil
        keySource = nil
        currentKey = nil
        message = nil
        result = result?.withoutFace
        if emitRemoval { actions.append(emit(.cardRemoved)) }
        return actions
    }

    private func emit(_ kind: SessionEvent.Kind) -> Action {
        switch kind {
        case .progress: .emit(SessionEvent(kind, reader: reader, phase: phase, progress: progress))
        case .reading: .emit(SessionEvent(kind, reader: reader, phase: phase, progress: progress, keySource: keySource))
        case .verified: .emit(SessionEvent(kind, reader: reader, phase: phase, result: result))
        case .done: .emit(SessionEvent(kind, reader: reader, phase: phase, result: result, lookups: lookups))
        case .failed, .cardUnresponsive: .emit(SessionEvent(kind, reader: reader, phase: phase, message: message))
        case .accessKeyNeeded: .emit(SessionEvent(kind, reader: reader, phase: phase, message: message))
        default: .emit(SessionEvent(kind, reader: reader, phase: phase))
        }
    }
}
