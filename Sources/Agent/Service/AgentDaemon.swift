import CardIO
import Foundation
import Hummingbird
import Logging
import NIOCore
import PassiveAuth
import ServiceLifecycle

/// Composes the agent from its configuration: reader monitor → sessions → local API or headless
/// JSON lines, with systemd notifications. The executable only parses flags and runs the group.
public struct AgentDaemon: Sendable {
    /// How the agent talks to its callers.
    public enum Interface: Sendable {
        /// The local HTTP API on the configured listener.
        case api
        /// JSON lines: commands from `input`, events to `output`.
        case headless(input: AsyncStream<String>, output: @Sendable (String) -> Void)
    }

    public let configuration: AgentConfiguration
    public let hub: SessionHub
    public let metrics: AgentMetrics
    public let readiness: Readiness
    public let notifier: SystemdNotifier
    public let backends: AgentBackends
    let logger: Logger

    /// `trustStore` nil loads `configuration.trustStoreDirectory` (validated when the configuration was loaded).
    /// `lookups` overrides the backends' look-ups (tests).
    public init(configuration: AgentConfiguration, cardReader: (any CardReader)? = nil, trustStore: TrustStore? = nil, backends: AgentBackends = .none,
                lookups: (any LookupRunner)? = nil, metrics: AgentMetrics = AgentMetrics(), extraReadiness: Set<Readiness.Condition> = [],
                notifier: SystemdNotifier = SystemdNotifier(), logger: Logger = Logger(label: "idgate"))
    {
        self.configuration = configuration
        self.metrics = metrics
        self.notifier = notifier
        self.logger = logger
        self.backends = backends
        let trusted = trustStore ?? ((try? configuration.trustStore()) ?? TrustStore())
        let reader = cardReader ?? PCSCCardReader(usePACE: configuration.usePACE, shortAPDUs: configuration.shortAPDUs, timeout: configuration.readTimeout,
                                                  trustStore: trusted, profiles: ReaderProfiles(shortOnly: configuration.shortAPDUReaders))
        let filter = configuration
        hub = SessionHub(policy: .init(fixedKey: configuration.fixedAccessKey, rememberFor: configuration.rememberKeys), cardReader: reader,
                         lookups: lookups ?? backends.lookups, metrics: metrics, logger: logger, recorder: backends.recorder,
                         serves: { filter.serves(reader: $0) })
        readiness = Readiness(required: extraReadiness.union([.readerMonitor]).union(configuration.apiEnabled ? [.api] : []))
    }

    /// The service group; `onListening` receives the bound address (e.g. `http://127.0.0.1:8787`).
    /// Throws when the token file cannot be made.
    public func serviceGroup(interface: Interface, extraServices: [any Service] = [], onListening: @escaping @Sendable (String) -> Void = { _ in })
        throws(AgentError) -> ServiceGroup
    {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: ReaderMonitorService(monitor: ReaderMonitor(logger: logger), hub: hub, readiness: readiness)),
        ]
        let hub = hub, readiness = readiness, notifier = notifier
        switch interface {
        case .headless(let input, let output):
            readiness.mark(.api)
            services.append(.init(service: HeadlessService(hub: hub, input: input, output: output, database: backends.database), successTerminationBehavior: .gracefullyShutdownGroup))
            notifier.ready(status: "headless")
        case .api where configuration.apiEnabled:
            let token = try TokenFile.loadOrCreate(path: configuration.tokenFile)
            let api = LocalAPI(hub: hub, token: token, metrics: configuration.metricsEnabled ? metrics : nil, readiness: readiness,
                               sync: backends.database.map { SyncRoutes(database: $0, sync: backends.sync) })
            let address: BindAddress
            switch configuration.listen {
            case .tcp(let host, let port): address = .hostname(host, port: port)
            case .unix(let path):
                unlink(path)
                address = .unixDomainSocket(path: path)
            }
            let listen = configuration.listen
            let app = Application(router: api.router(), configuration: .init(address: address, serverName: "idgate"), onServerRunning: { channel in
                readiness.mark(.api)
                let shown: String = switch listen {
                case .unix(let path): "unix:\(path)"
                case .tcp(let host, _): "http://\(host.contains(":") ? "[\(host)]" : host):\(channel.localAddress?.port ?? 0)"
                }
                onListening(shown)
                notifier.ready(status: "API on \(shown)")
            }, logger: logger)
            services.append(.init(service: app))
        case .api:
            readiness.mark(.api)
            notifier.ready(status: "API disabled")
        }
        if let sync = backends.sync { services.append(.init(service: sync)) }
        if let scanner = configuration.qrScanner { services.append(.init(service: SerialScannerService(path: scanner, hub: hub))) }
        for s in extraServices { services.append(.init(service: s)) }
        services.append(.init(service: SystemdWatchdogService(notifier: notifier, hub: hub)))
        services.append(.init(service: EventStreamCloser(bus: hub.bus)))
        return ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger))
    }
}
