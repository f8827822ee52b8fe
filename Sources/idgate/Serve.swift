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
        var keyring: StoreKeyring?
        if demo {
            if case .failure(let error) = Result(catching: { () throws(CardIOError) in try PCSCContext().release() }) {
                fail("""
                    pcscd is not reachable (\(error)). The demo needs pcscd with the vpcd virtual reader:
                        apt-get install -y pcscd vsmartcard-vpcd
                        pcscd -f &        # or: systemctl start pcscd
                    then run `idgate serve --demo` again.
                    """, code: 69)
            }
            let keyFile = configuration.stateDirectory + "/store.keys"
            do {
                try FileManager.default.createDirectory(atPath: configuration.stateDirectory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                keyring = FileManager.default.fileExists(atPath: keyFile)
                    ? try StoreKeyring.load(fileAt: keyFile) : try StoreKeyring.createKeyFile(at: keyFile, id: "demo")
            } catch {
                fail("cannot prepare the demo state directory \(configuration.stateDirectory): \(error)", code: 73)
            }
        }
        var demoCard: CCCDCard?
        var trustStore: TrustStore
        do { trustStore = try configuration.trustStore() } catch { fail("\(error)", code: 78) }
        if demo {
            do { (demoCard, trustStore) = try DemoCard.complete(trusting: trustStore) } catch { fail("demo card: \(error)", code: 70) }
            if configuration.lookups == nil || configuration.sync == nil {
                do {
                    let central = try await DemoGateway.start(citizen: DemoCard.sample, stateDirectory: configuration.stateDirectory)
                    configuration.lookups = configuration.lookups ?? central.lookups
                    configuration.sync = configuration.sync ?? central.sync
                } catch { fail("demo central service: \(error)", code: 70) }
            }
        }
        let backends: AgentBackends
        do { backends = try AgentBackends.open(configuration, keyring: keyring, logger: logger) } catch { fail("\(error)", code: 73) }
        let daemon = AgentDaemon(configuration: configuration, trustStore: trustStore, backends: backends, metrics: metrics, logger: logger)
        if demo, let demoCard {
            extra.append(DemoCardService(card: demoCard, port: vpcdPort, hub: daemon.hub))
            let key = DemoCard.accessKey
            FileHandle.standardError.write(Data("""
                idgate demo: complete simulated CCCD (SOD signed by a generated test CSCA, which this run trusts; chip and active authentication) of a fictional citizen on the vpcd reader of port \(vpcdPort); state in \(configuration.stateDirectory)
                idgate demo: open it with the QR text {"qr": "\(key.qr ?? "")"} or the CAN {"can": "\(DemoCard.sample.idNumber.suffix(6))"}
                idgate demo: API token in \(configuration.tokenFile); check-ins go to the in-process central at \(configuration.sync?.centralURL.absoluteString ?? "-")\n
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
