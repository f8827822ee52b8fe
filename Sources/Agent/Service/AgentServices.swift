import CardIO
import Foundation
import ServiceLifecycle

/// Feeds the reader monitor's events to the sessions until graceful shutdown, then stops the monitor
/// and cancels running reads.
public struct ReaderMonitorService: Service {
    let monitor: ReaderMonitor
    let hub: SessionHub
    let readiness: Readiness

    public init(monitor: ReaderMonitor, hub: SessionHub, readiness: Readiness) {
        self.monitor = monitor
        self.hub = hub
        self.readiness = readiness
    }

    public func run() async throws {
        monitor.start()
        readiness.mark(.readerMonitor)
        let monitor = monitor
        await withGracefulShutdownHandler {
            for await event in monitor.events { await hub.handle(event) }
        } onGracefulShutdown: {
            // stop() waits for the monitor thread; keep it off the concurrency pool.
            Thread { monitor.stop() }.start()
        }
        readiness.unmark(.readerMonitor)
        await hub.cancelAll()
    }
}

/// Ends every event stream when graceful shutdown begins, so open /v1/events responses finish and the
/// HTTP server can stop (services shut down in reverse order: list this one last).
public struct EventStreamCloser: Service {
    let bus: EventBus
    public init(bus: EventBus) { self.bus = bus }
    public func run() async throws {
        try? await gracefulShutdown()
        bus.close()
    }
}

/// Pings systemd's watchdog and refreshes STATUS= with the sessions' summary.
public struct SystemdWatchdogService: Service {
    let notifier: SystemdNotifier
    let hub: SessionHub

    public init(notifier: SystemdNotifier, hub: SessionHub) {
        self.notifier = notifier
        self.hub = hub
    }

    public func run() async throws {
        guard notifier.socketPath != nil else {
            // Not under systemd: nothing to ping, but a service that returns early would stop the group.
            try? await gracefulShutdown()
            return
        }
        let interval = notifier.watchdogInterval.map { min($0, .seconds(5)) } ?? .seconds(5)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if notifier.watchdogInterval != nil { notifier.watchdog() }
            notifier.status(await hub.statusLine())
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { break }
        }
        notifier.stopping()
    }
}

