import CardIO
import EMRTD
import LDS
import Logging

/// Owns one `ReaderSession` per reader and performs their actions: reads run in parallel across
/// readers, events go to the `EventBus`, outcomes to the metrics.
public actor SessionHub {
    let policy: ReaderSession.Policy
    let cardReader: any CardReader
    let lookupRunner: any LookupRunner
    public nonisolated let bus: EventBus
    let metrics: AgentMetrics
    let logger: Logger
    let serves: @Sendable (String) -> Bool
    let recorder: CheckInRecorder?
    var sessions: [String: ReaderSession] = [:]
    var tasks: [String: Task<Void, Never>] = [:]
    /// False while pcscd cannot be reached.
    public private(set) var pcscAvailable = true
    public private(set) var readsSucceeded = 0
    public private(set) var readsFailed = 0

    public init(policy: ReaderSession.Policy, cardReader: any CardReader, lookups: any LookupRunner = NoLookups(), bus: EventBus = EventBus(),
                metrics: AgentMetrics = AgentMetrics(), logger: Logger = Logger(label: "idgate.sessions"),
                recorder: CheckInRecorder? = nil, serves: @escaping @Sendable (String) -> Bool = { _ in true })
    {
        self.recorder = recorder
        self.policy = policy
        self.cardReader = cardReader
        self.lookupRunner = lookups
        self.bus = bus
        self.metrics = metrics
        self.logger = logger
        self.serves = serves
    }

    /// Applies a reader-monitor event.
    public func handle(_ event: ReaderEvent) {
        switch event {
        case .readerAdded(let name):
            guard serves(name), sessions[name] == nil else { return }
            sessions[name] = ReaderSession(reader: name, policy: policy)
            logger.info("reader added", metadata: ["reader": "\(name)"])
            bus.publish(SessionEvent(.readerAdded, reader: name, phase: .idle))
        case .readerRemoved(let name):
            guard sessions[name] != nil else { return }
            deliver(name, .readerRemoved)
            sessions[name] = nil
            logger.info("reader removed", metadata: ["reader": "\(name)"])
        case .cardInserted(let name, let atr):
            ensure(name)
            deliver(name, .cardInserted(atr: atr, now: .now))
        case .cardUnresponsive(let name):
            ensure(name)
            deliver(name, .cardUnresponsive)
        case .cardRemoved(let name):
            deliver(name, .cardRemoved)
        case .serviceUnavailable(let error):
            pcscAvailable = false
            logger.warning("pcscd unavailable", metadata: ["error": "\(error)"])
            bus.publish(SessionEvent(.serviceUnavailable, message: "pcscd is not reachable (\(error)): start it with `systemctl start pcscd`"))
        case .serviceRestored:
            pcscAvailable = true
            bus.publish(SessionEvent(.serviceRestored))
        }
    }

    /// Gives an access key to the session of `readerID` (id or name; nil: the one reader waiting for a key).
    public func submitKey(_ key: AccessKeyInput, source: AccessKeySource, readerID: String?) throws(AgentError) {
        if let problem = key.problems().first { throw .invalidAccessKey("\(problem.field): \(problem.message)") }
        let name: String
        if let readerID {
            name = try resolve(readerID)
        } else {
            let waiting = sessions.values.filter { $0.phase == .waitingForKey || $0.phase == .failed }.map(\.reader).sorted()
            guard let only = waiting.first, waiting.count == 1 else {
                throw .conflict(waiting.isEmpty ? "no reader is waiting for an access key: put a card on a reader first"
                                                : "several readers wait for a key (\(waiting.joined(separator: ", "))): name the reader")
            }
            name = only
        }
        if let reason = deliver(name, .accessKey(key, source: source, now: .now)) { throw .conflict(reason) }
    }

    /// Runs the look-ups again for the card in `readerID`.
    public func requestLookups(readerID: String) throws(AgentError) {
        let name = try resolve(readerID)
        if let reason = deliver(name, .lookupRequested) { throw .conflict(reason) }
    }

    /// Every session, sorted by reader name.
    public func snapshots() -> [SessionSnapshot] {
        sessions.values.sorted { $0.reader < $1.reader }.map(SessionSnapshot.init)
    }

    /// One session by id or reader name.
    public func snapshot(_ readerID: String) throws(AgentError) -> SessionSnapshot {
        guard let s = sessions[try resolve(readerID)] else { throw .unknownReader(readerID) }
        return SessionSnapshot(s)
    }

    /// The face of the card now in `readerID`, nil when no card or no face.
    public func face(_ readerID: String) throws(AgentError) -> FaceImage? {
        guard let s = sessions[try resolve(readerID)], s.hasCard else { return nil }
        return s.result?.face
    }

    /// A one-line summary for systemd's STATUS=.
    public func statusLine() -> String {
        let cards = sessions.values.filter(\.hasCard).count
        return "\(sessions.count) reader(s), \(cards) card(s); reads ok \(readsSucceeded), failed \(readsFailed)\(pcscAvailable ? "" : "; pcscd unavailable")"
    }

    /// Cancels every running read and look-up (shutdown).
    public func cancelAll() {
        for t in tasks.values { t.cancel() }
        tasks = [:]
    }

    // MARK: - Running actions

    private func ensure(_ name: String) {
        if sessions[name] == nil, serves(name) {
            sessions[name] = ReaderSession(reader: name, policy: policy)
            bus.publish(SessionEvent(.readerAdded, reader: name, phase: .idle))
        }
    }

    private func resolve(_ readerID: String) throws(AgentError) -> String {
        if sessions[readerID] != nil { return readerID }
        if let s = sessions.values.first(where: { $0.id == readerID }) { return s.reader }
        throw .unknownReader(readerID)
    }

    /// Feeds `event` to the session of `name` and runs its actions; returns the reason of a rejection.
    @discardableResult
    func deliver(_ name: String, _ event: ReaderSession.Event) -> String? {
        guard var session = sessions[name] else { return nil }
        let actions = session.handle(event)
        sessions[name] = session
        record(event)
        var rejection: String?
        for action in actions {
            switch action {
            case .emit(let e):
                logger.debug("session event", metadata: ["reader": "\(name)", "event": "\(e.event.rawValue)"])
                bus.publish(e)
            case .startRead(let attempt, let key, let source, let uid):
                logger.info("reading card", metadata: ["reader": "\(name)", "key-source": "\(source.rawValue)"])
                startRead(name, attempt: attempt, key: key, onlyForCard: uid)
            case .cancelRead:
                tasks[name]?.cancel()
                tasks[name] = nil
            case .startLookups(let attempt, let result):
                startLookups(name, attempt: attempt, result: result)
            case .reject(let reason):
                rejection = reason
            }
        }
        return rejection
    }

    private func record(_ event: ReaderSession.Event) {
        switch event {
        case .readSucceeded(_, let r, _):
            readsSucceeded += 1
            metrics.recordRead(outcome: "ok", milliseconds: r.milliseconds, apdus: r.apdus)
            logger.info("card read", metadata: ["protocol": "\(r.access.protocol)", "apdus": "\(r.apdus)", "ms": "\(r.milliseconds)",
                                                "holder": "\(r.holder?.maskedID ?? "-")"])
        case .readFailed(_, let f):
            readsFailed += 1
            metrics.recordRead(outcome: f.code, milliseconds: nil, apdus: nil)
            logger.notice("read failed", metadata: ["outcome": "\(f.code)", "reason": "\(f)"])
        default: break
        }
    }

    private func startRead(_ name: String, attempt: Int, key: AccessKeyInput, onlyForCard uid: [UInt8]?) {
        let reader = cardReader
        tasks[name]?.cancel()
        tasks[name] = Task { [weak self] in
            let keys: CCCDAccessKeys
            do throws(AgentError) { keys = try key.accessKeys(today: AccessKeyInput.today()) } catch {
                await self?.finish(name, .readFailed(attempt: attempt, .accessDenied(error.description)))
                return
            }
            let hub = self
            let outcome = await reader.read(reader: name, keys: keys, onlyForCard: uid) { p in
                Task { await hub?.finish(name, .readProgress(attempt: attempt, p)) }
            }
            switch outcome {
            case .success(let r): await self?.finish(name, .readSucceeded(attempt: attempt, r, now: .now))
            case .failure(let f): await self?.finish(name, .readFailed(attempt: attempt, f))
            }
        }
    }

    private func startLookups(_ name: String, attempt: Int, result: CardReadResult) {
        let runner = lookupRunner, recorder = recorder, metrics = metrics
        tasks[name] = Task { [weak self] in
            await self?.finish(name, .lookupsStarted(attempt: attempt))
            let outcomes = await runner.lookups(for: result)
            metrics.recordLookups(outcomes)
            // The person was read and verified even if the card leaves now: the check-in stands.
            recorder?.record(result: result, lookups: outcomes, reader: name)
            await self?.finish(name, .lookupsFinished(attempt: attempt, outcomes))
        }
    }

    private func finish(_ name: String, _ event: ReaderSession.Event) {
        deliver(name, event)
    }
}
