import CPCSC
import Dispatch
import Foundation
import Logging
import Synchronization

/// Watches every reader with `SCardGetStatusChange` on a thread of its own, including the PnP
/// pseudo-reader so readers plugged in later appear without a restart, and publishes
/// `ReaderEvent`s as an `AsyncStream`.
///
/// When pcscd is not running or goes away, the monitor reports `serviceUnavailable`, the readers
/// it knew as removed, and re-establishes its context with exponential backoff; events resume
/// when pcscd is back. `stop()` cancels a blocked wait with `SCardCancel` and returns once the
/// thread has ended.
public final class ReaderMonitor: Sendable {
    /// Backoff between attempts to reach pcscd.
    public struct Backoff: Sendable {
        public var initial: Duration
        public var maximum: Duration
        public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
            self.initial = initial
            self.maximum = maximum
        }
    }

    public let events: AsyncStream<ReaderEvent>
    private let continuation: AsyncStream<ReaderEvent>.Continuation
    private let backoff: Backoff
    private let logger: Logger

    private struct Control {
        var stopping = false
        var started = false
        var context: PCSCContext?
    }
    private let control = Mutex(Control())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    public init(backoff: Backoff = Backoff(), logger: Logger = Logger(label: "idgate.readers")) {
        (events, continuation) = AsyncStream.makeStream(of: ReaderEvent.self, bufferingPolicy: .unbounded)
        self.backoff = backoff
        self.logger = logger
    }

    /// Starts the monitoring thread. Calling it twice does nothing.
    public func start() {
        let first = control.withLock { c -> Bool in
            defer { c.started = true }
            return !c.started && !c.stopping
        }
        guard first else { return }
        let thread = Thread { [self] in
            // ps, gdb and the leak test look for this name.
            idgate_name_current_thread("idgate-readers")
            run()
            continuation.finish()
            finished.signal()
        }
        thread.start()
    }

    /// Stops the thread: cancels a blocked wait and waits for the thread to end (at most `timeout`).
    /// Returns false only if the thread did not end in time.
    @discardableResult
    public func stop(timeout: Duration = .seconds(5)) -> Bool {
        let wasRunning = control.withLock { c -> Bool in
            let running = c.started && !c.stopping
            c.stopping = true
            c.context?.cancel()
            return running
        }
        guard wasRunning else {
            continuation.finish()
            return true
        }
        wake.signal()
        let ms = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return finished.wait(timeout: .now() + .milliseconds(ms)) == .success
    }

    private var stopping: Bool { control.withLock { $0.stopping } }

    /// Sleeps for `duration` unless `stop()` wakes us first.
    private func pause(_ duration: Duration) {
        let ms = Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        _ = wake.wait(timeout: .now() + .milliseconds(ms))
    }

    // MARK: - The monitoring loop

    private func run() {
        var tracker = ReaderTracker()
        var delay = backoff.initial
        var outage: PCSCError?
        while !stopping {
            let context: PCSCContext
            do {
                context = try PCSCContext()
            } catch {
                let code = Self.code(of: error)
                if outage == nil {
                    logger.warning("pcscd unavailable", metadata: ["error": "\(error)"])
                    emit(.serviceUnavailable(code))
                    tracker.forgetAll().forEach(emit)
                }
                outage = code
                pause(delay)
                delay = min(delay * 2, backoff.maximum)
                continue
            }
            let registered = control.withLock { c -> Bool in
                guard !c.stopping else { return false }
                c.context = context
                return true
            }
            guard registered else {
                context.release()
                break
            }
            if outage != nil {
                logger.info("pcscd available again")
                emit(.serviceRestored)
                outage = nil
            }
            delay = backoff.initial
            let lost = watch(context, &tracker)
            control.withLock { $0.context = nil }
            context.release()
            if let lost, !stopping {
                logger.warning("lost pcscd", metadata: ["error": "\(lost)"])
                emit(.serviceUnavailable(lost))
                tracker.forgetAll().forEach(emit)
                outage = lost
                pause(delay)
            }
        }
    }

    /// Watches until stopped (returns nil) or the service is lost (returns why).
    private func watch(_ context: PCSCContext, _ tracker: inout ReaderTracker) -> PCSCError? {
        var pnp = ReaderState(reader: PCSCContext.pnpNotificationReader)
        var needsListing = true
        while !stopping {
            if needsListing {
                do {
                    let readers = try context.listReaders()
                    tracker.sync(readers: readers).forEach(emit)
                } catch {
                    let code = Self.code(of: error)
                    if code.meansServiceLost { return code }
                    logger.error("cannot list readers", metadata: ["error": "\(error)"])
                }
                needsListing = false
            }
            var states = [pnp] + tracker.states
            do {
                try context.statusChange(&states, timeoutMs: nil)
            } catch {
                let code = Self.code(of: error)
                switch code {
                case .cancelled, .timeout: continue
                case .unknownReader: needsListing = true; continue
                default:
                    if code.meansServiceLost { return code }
                    logger.error("status change failed", metadata: ["error": "\(error)"])
                    pause(backoff.initial)
                    needsListing = true
                    continue
                }
            }
            pnp = states[0]
            if pnp.changed {
                needsListing = true
                pnp.currentState = pnp.acknowledged
            }
            for state in states.dropFirst() {
                let (events, vanished) = tracker.update(state)
                events.forEach(emit)
                if vanished { needsListing = true }
            }
        }
        return nil
    }

    private func emit(_ event: ReaderEvent) {
        logger.debug("reader event", metadata: ["event": "\(event)"])
        continuation.yield(event)
    }

    private static func code(of error: CardIOError) -> PCSCError {
        if case .pcsc(let e, _) = error { return e }
        return .internalError
    }
}

/// The monitor's memory of every reader: pure state, turned into events by comparing
/// what pcscd reports with what was last seen.
struct ReaderTracker {
    private(set) var readers: [String] = []
    private var lastState: [String: ReaderState] = [:]
    private var cardPresent: Set<String> = []

    /// What to pass to `SCardGetStatusChange`: each reader's last acknowledged state.
    var states: [ReaderState] {
        readers.map { ReaderState(reader: $0, currentState: lastState[$0]?.currentState ?? 0) }
    }

    /// Reconciles the known readers with a fresh listing.
    mutating func sync(readers listed: [String]) -> [ReaderEvent] {
        var events: [ReaderEvent] = []
        for gone in readers where !listed.contains(gone) { events += remove(gone) }
        for new in listed where !readers.contains(new) {
            readers.append(new)
            lastState[new] = ReaderState(reader: new)
            events.append(.readerAdded(new))
        }
        return events
    }

    /// Applies one reader's reported state; returns events and whether the reader vanished.
    mutating func update(_ reported: ReaderState) -> (events: [ReaderEvent], vanished: Bool) {
        let name = reported.reader
        guard readers.contains(name) else { return ([], false) }
        if reported.isUnknown { return (remove(name), true) }
        var state = reported
        state.currentState = reported.acknowledged
        let previous = lastState[name]
        lastState[name] = state
        guard reported.changed else { return ([], false) }
        var events: [ReaderEvent] = []
        let wasPresent = cardPresent.contains(name)
        let counterMoved = previous.map { $0.currentState != 0 && $0.eventCounter != reported.eventCounter } ?? false
        if wasPresent && (!reported.isCardPresent || counterMoved) {
            cardPresent.remove(name)
            events.append(.cardRemoved(reader: name))
        }
        if reported.isCardPresent && (!wasPresent || counterMoved) {
            cardPresent.insert(name)
            events.append(reported.isMute ? .cardUnresponsive(reader: name) : .cardInserted(reader: name, atr: reported.atr))
        }
        return (events, false)
    }

    /// Forgets every reader (pcscd went away), reporting cards and readers as removed.
    mutating func forgetAll() -> [ReaderEvent] {
        readers.flatMap { remove($0) }
    }

    private mutating func remove(_ name: String) -> [ReaderEvent] {
        var events: [ReaderEvent] = []
        if cardPresent.remove(name) != nil { events.append(.cardRemoved(reader: name)) }
        readers.removeAll { $0 == name }
        lastState[name] = nil
        events.append(.readerRemoved(name))
        return events
    }
}
