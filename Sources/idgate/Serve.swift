import Agent
import ArgumentParser
import CardIO
import CardSim
import PassiveAuth
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Store

/// `idgate serve`: the daemon (local API, or JSON lines with --headless; --demo for a simulated card).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the agent: one session per reader, the local API (or JSON lines with --headless), metrics, systemd notifications.")

    @Option(help: "Configuration file (TOML). Default: /etc/idgate/idgate.toml when it exists, else the embedded defaults.") var config: String?
    @Flag(help: "No HTTP: events as JSON lines on stdout, commands as JSON lines on stdin.") var headless = false
    @Flag(help: "Run with a simulated CCCD on the vpcd reader, a temporary state directory and no set-up.") var demo = false
    @Option(help: "Override api.listen (e.g. 127.0.0.1:0 for any free port).") var listen: String?
    @Option(help: "With --demo: the vpcd port of the reader slot the simulated card goes on.") var vpcdPort: UInt16 = VPCDConnection.defaultPort
    @Flag(help: "Print the documented default configuration and exit.") var printDefaultConfig = false

    func run() async throws {
        if printDefaultConfig {
            print(AgentConfiguration.defaultTOML)
            return
        }
        var environment = ProcessInfo.processInfo.environment
        if let listen { environment["IDGATE_API_LISTEN"] = listen }
        let path = config ?? (FileManager.default.fileExists(atPath: "/etc/idgate/idgate.toml") && !demo ? "/etc/idgate/idgate.toml" : nil)
        var configuration: AgentConfiguration
        do {
            if demo {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-demo-\(getuid())").path
                environment["IDGATE_AGENT_STATE_DIR"] = environment["IDGATE_AGENT_STATE_DIR"] ?? dir
                environment["IDGATE_READERS_INCLUDE"] = environment["IDGATE_READERS_INCLUDE"] ?? "Virtual PCD"
            }
            configuration = try AgentConfiguration.load(path: path, environment: environment)
        } catch {
            fail("\(error)", code: 78)
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "idgate")
        let metrics = AgentMetrics()
        MetricsSystem.bootstrap(metrics.metricsFactory)

        var extra: [any Service] = []
        var readinessExtra: Set<Readiness.Condition> = []
        var database: AppDatabase?
        if demo {
            if case .failure(let error) = Result(catching: { () throws(CardIOError) in try PCSCContext().release() }) {
                fail("""
                    pcscd is not reachable (\(error)). The demo needs pcscd with the vpcd virtual reader:
                        apt-get install -y pcscd vsmartcard-vpcd
                        pcscd -f &        # or: systemctl start pcscd
                    then run `idgate serve --demo` again.
                    """, code: 69)
            }
            do {
                try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                database = try AppDatabase(path: configuration.stateDirectory + "/idgate.sqlite", keyring: StoreKeyring.generate())
            } catch {
                fail("cannot open the demo database in \(configuration.stateDirectory): \(error)", code: 73)
            }
            readinessExtra.insert(.database)
        }
        var demoCard: CCCDCard?
        var trustStore: TrustStore
        do { trustStore = try configuration.trustStore() } catch { fail("\(error)", code: 78) }
        if demo {
            do { (demoCard, trustStore) = try DemoCard.complete(trusting: trustStore) } catch { fail("demo card: \(error)", code: 70) }
        }
        var lookupConfiguration = configuration.lookups
        if demo, lookupConfiguration == nil {
            do { lookupConfiguration = try await DemoGateway.start(citizen: DemoCard.sample, stateDirectory: configuration.stateDirectory) } catch { fail("demo gateway: \(error)", code: 70) }
        }
        var lookups: any LookupRunner = NoLookups()
        if let lookupConfiguration {
            do {
                let db = try database ?? AppDatabase(path: configuration.stateDirectory + "/idgate.sqlite",
                                                     keyring: try StoreKeyring.load(fallbackPath: lookupConfiguration.databaseKeyFile))
                lookups = GatewayLookups(configuration: lookupConfiguration, database: db, logger: Logger(label: "idgate.lookups"))
            } catch {
                fail("cannot open the look-up database \(configuration.stateDirectory)/idgate.sqlite (key file \(lookupConfiguration.databaseKeyFile)): \(error)", code: 73)
            }
        }
        let daemon = AgentDaemon(configuration: configuration, trustStore: trustStore, lookups: lookups, metrics: metrics,
                                 extraReadiness: readinessExtra, logger: logger)
        if demo, let demoCard {
            daemon.readiness.mark(.database)
            extra.append(DemoCardService(card: demoCard, port: vpcdPort, hub: daemon.hub))
            let key = DemoCard.accessKey
            FileHandle.standardError.write(Data("""
                idgate demo: complete simulated CCCD (SOD signed by a generated test CSCA, which this run trusts; chip and active authentication) of a fictional citizen on the vpcd reader of port \(vpcdPort); state in \(configuration.stateDirectory)
                idgate demo: open it with the QR text {"qr": "\(key.qr ?? "")"} or the CAN {"can": "\(DemoCard.sample.idNumber.suffix(6))"}
                idgate demo: API token in \(configuration.tokenFile)\n
                """.utf8))
        }
        let interface: AgentDaemon.Interface = headless
            ? .headless(input: HeadlessService.standardInputLines(), output: { line in
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            })
            : .api
        let group: ServiceGroup
        do {
            group = try daemon.serviceGroup(interface: interface, extraServices: extra) { address in
                FileHandle.standardError.write(Data("idgate: API listening on \(address)\n".utf8))
            }
        } catch {
            fail("\(error)", code: 73)
        }
        do {
            try await group.run()
        } catch {
            fail("\(error)", code: 1)
        }
    }

    private func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("idgate: \(message)\n".utf8))
        Foundation.exit(code)
    }
}
