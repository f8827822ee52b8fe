import Eligibility
import Foundation
import LicenseHealth
import Logging

extension AgentConfiguration {
    /// The embedded defaults alone.
    public static var defaults: AgentConfiguration {
        get throws(AgentError) { try load(fileText: nil, environment: [:]) }
    }

    /// Loads `path` (nil: defaults only) with the environment's `IDGATE_…` overrides.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(AgentError) -> AgentConfiguration {
        guard let path else { return try load(fileText: nil, environment: environment) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .configurationFile(path: path, problem: FileManager.default.fileExists(atPath: path)
                ? "not readable as UTF-8 text (\(error.localizedDescription)); check its permissions and encoding"
                : "file does not exist; create it from `idgate serve --print-default-config` or omit --config")
        }
        return try load(fileText: text, fileName: path, environment: environment)
    }

    /// Every key of the embedded defaults with its default value, which also gives the key's type; parsed once.
    private static let embeddedDefaults: Result<[String: ConfigurationValue], AgentError> = {
        let defaults: [(key: String, value: ConfigTOML.Value)]
        do { defaults = try ConfigTOML.parse(defaultTOML) } catch {
            return .failure(.configurationFile(path: "(embedded defaults)", problem: "\(error)"))
        }
        var schema: [String: ConfigurationValue] = [:]
        for (key, value) in defaults {
            for template in [ConfigurationValue.string(""), .int(0), .bool(false), .strings([])] {
                if let v = ConfigurationValue.from(value, like: template), sameKind(v, template) {
                    schema[key] = v
                    break
                }
            }
        }
        return .success(schema)
    }()

    /// Loads from TOML text (nil: defaults only), reporting every problem at once, each naming its key.
    public static func load(fileText: String?, fileName: String = "config", environment: [String: String]) throws(AgentError) -> AgentConfiguration {
        let schema = try embeddedDefaults.get()
        var flat = FlatConfiguration()
        for (key, value) in schema { flat.values[key] = (value, "default") }
        var issues: [ConfigurationIssue] = []
        if let fileText {
            if let nul = fileText.firstIndex(of: "\u{0}") {
                let line = fileText[..<nul].filter { $0 == "\n" }.count + 1
                throw .configurationFile(path: fileName, problem: "contains a NUL byte at line \(line): not a text file")
            }
            let entries: [(key: String, value: ConfigTOML.Value)]
            do { entries = try ConfigTOML.parse(fileText) } catch {
                throw .configurationFile(path: fileName, problem: "not valid TOML at line \(error.line), column \(error.column): \(error.message)")
            }
            for (key, value) in entries {
                guard let template = schema[key] else {
                    let near = schema.keys.sorted().first { $0.hasSuffix("." + (key.split(separator: ".").last.map(String.init) ?? key)) }
                    issues.append(.init(key: key, problem: "unknown key" + (near.map { "; did you mean \($0)?" } ?? ""), source: fileName))
                    continue
                }
                guard let v = ConfigurationValue.from(value, like: template) else {
                    issues.append(.init(key: key, problem: "must be \(template.typeName), got \(value)", source: fileName))
                    continue
                }
                flat.values[key] = (v, fileName)
            }
        }
        for (key, template) in schema {
            let name = FlatConfiguration.environmentName(key)
            guard let text = environment[name] else { continue }
            guard let v = ConfigurationValue.from(environment: text, like: template) else {
                issues.append(.init(key: key, problem: "must be \(template.typeName), got '\(text)'", source: "environment \(name)"))
                continue
            }
            flat.values[key] = (v, "environment \(name)")
        }
        var builder = Builder(flat: flat, environment: environment)
        let configuration = builder.build()
        issues += builder.issues
        guard issues.isEmpty, let configuration else { throw .configuration(issues.sorted { $0.key < $1.key }) }
        return configuration
    }

    private static func sameKind(_ a: ConfigurationValue, _ b: ConfigurationValue) -> Bool {
        switch (a, b) {
        case (.string, .string), (.int, .int), (.bool, .bool), (.strings, .strings): true
        default: false
        }
    }

    /// Reads typed values out of the flat map and checks each one.
    private struct Builder {
        let flat: FlatConfiguration
        let environment: [String: String]
        var issues: [ConfigurationIssue] = []

        init(flat: FlatConfiguration, environment: [String: String]) {
            self.flat = flat
            self.environment = environment
        }

        mutating func fail(_ key: String, _ problem: String) {
            issues.append(.init(key: key, problem: problem, source: flat.values[key]?.source ?? "default"))
        }
        func string(_ key: String) -> String { if case .string(let s)? = flat.values[key]?.value { s } else { "" } }
        func int(_ key: String) -> Int { if case .int(let i)? = flat.values[key]?.value { i } else { 0 } }
        func bool(_ key: String) -> Bool { if case .bool(let b)? = flat.values[key]?.value { b } else { false } }
        func strings(_ key: String) -> [String] { if case .strings(let s)? = flat.values[key]?.value { s } else { [] } }

        mutating func build() -> AgentConfiguration? {
            let stateDir = string("agent.state_dir")
            if !stateDir.hasPrefix("/") { fail("agent.state_dir", "must be an absolute path, got '\(stateDir)'") }
            let levelText = string("agent.log_level")
            let level = Logger.Level(rawValue: levelText.lowercased())
            if level == nil { fail("agent.log_level", "must be one of trace, debug, info, notice, warning, error, critical; got '\(levelText)'") }
            var listen: ListenAddress?
            do { listen = try ListenAddress(parsing: string("api.listen")) } catch { fail("api.listen", error.message) }
            var tokenFile = string("api.token_file")
            if tokenFile.isEmpty { tokenFile = stateDir + "/api.token" } else if !tokenFile.hasPrefix("/") {
                fail("api.token_file", "must be an absolute path, got '\(tokenFile)'")
            }
            let timeout = int("readers.read_timeout_seconds")
            if !(1...600).contains(timeout) { fail("readers.read_timeout_seconds", "must be 1…600 seconds, got \(timeout)") }
            let remember = int("access.remember_seconds")
            if !(0...3600).contains(remember) { fail("access.remember_seconds", "must be 0…3600 seconds (0 never remembers), got \(remember)") }
            let trustDir = string("readers.trust_store")
            if !trustDir.isEmpty {
                do throws(AgentError) { _ = try AgentConfiguration.loadTrustStore(directory: trustDir) } catch {
                    if case .configurationFile(_, let problem) = error { fail("readers.trust_store", problem) }
                }
            }
            let fixed = fixedKey()
            let scanner = string("access.qr_scanner")
            if !scanner.isEmpty, !scanner.hasPrefix("/") { fail("access.qr_scanner", "must be a device path such as /dev/ttyACM0, got '\(scanner)'") }
            let lookups = lookupConfiguration()
            let store = storeConfiguration()
            let sync = syncConfiguration()
            guard let level, let listen, issues.isEmpty else { return nil }
            return AgentConfiguration(
                stateDirectory: stateDir, logLevel: level, apiEnabled: bool("api.enabled"), listen: listen, tokenFile: tokenFile,
                readerFilter: strings("readers.include"), shortAPDUs: bool("readers.short_apdus"), shortAPDUReaders: strings("readers.short_apdus_for"), readTimeout: .seconds(timeout),
                trustStoreDirectory: trustDir.isEmpty ? nil : trustDir,
                fixedAccessKey: fixed, usePACE: bool("access.use_pace"), qrScanner: scanner.isEmpty ? nil : scanner, rememberKeys: remember > 0 ? .seconds(remember) : nil,
                metricsEnabled: bool("metrics.enabled"), lookups: lookups, store: store, sync: sync)
        }

        mutating func lookupConfiguration() -> LookupConfiguration? {
            let text = string("lookups.gateway_url")
            if text.isEmpty { return nil }
            let url = URL(string: text)
            if url == nil || !(url?.scheme == "http" || url?.scheme == "https") || url?.host == nil {
                fail("lookups.gateway_url", "must be an http(s) URL such as https://egw.baohiemxahoi.gov.vn, got '\(text)'")
            }
            let username = string("lookups.gateway_username")
            if username.isEmpty { fail("lookups.gateway_username", "must be set when lookups.gateway_url is (the gateway account)") }
            let staffName = string("lookups.staff_name")
            if staffName.isEmpty { fail("lookups.staff_name", "must be set when lookups.gateway_url is (hoTenCb: the staff member asking)") }
            let staffID = string("lookups.staff_id")
            if staffID.count != 12 || !staffID.allSatisfy({ $0.isASCII && $0.isNumber }) {
                fail("lookups.staff_id", "must be the staff member's 12-digit ID number (cccdCb), got \(staffID.count) characters")
            }
            let endpoint = string("lookups.card_check_endpoint")
            if CardCheckEndpoint(rawValue: endpoint) == nil {
                fail("lookups.card_check_endpoint", "must be one of " + CardCheckEndpoint.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(endpoint)'")
            }
            let classText = string("lookups.licence_class")
            if !classText.isEmpty, LicenceClass(code: classText) == nil {
                fail("lookups.licence_class", "must be empty or one of " + LicenceClass.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(classText)'")
            }
            let budget = int("lookups.answer_budget_ms")
            if !(100...30_000).contains(budget) { fail("lookups.answer_budget_ms", "must be 100…30000 milliseconds, got \(budget)") }
            guard let url, let ep = CardCheckEndpoint(rawValue: endpoint) else { return nil }
            return LookupConfiguration(
                gatewayURL: url, username: username,
                password: Credential.read("idgate-gateway-password", environment: environment) ?? string("lookups.gateway_password"),
                staffName: staffName, staffID: staffID,
                cardCheckEndpoint: ep, licenceClass: LicenceClass(code: classText), answerBudget: .milliseconds(budget))
        }

        mutating func storeConfiguration() -> StoreConfiguration {
            let keyFile = string("store.key_file")
            if !keyFile.hasPrefix("/") { fail("store.key_file", "must be an absolute path, got '\(keyFile)'") }
            let days = int("store.retention_days")
            if !(1...3650).contains(days) { fail("store.retention_days", "must be 1…3650 days, got \(days)") }
            return StoreConfiguration(keyFile: keyFile, retentionDays: days, keepFace: bool("store.keep_face"),
                                      keepSensitiveFields: bool("store.keep_sensitive_fields"))
        }

        mutating func syncConfiguration() -> SyncConfiguration? {
            let text = string("sync.central_url")
            let interval = int("sync.interval_seconds")
            if !(5...86_400).contains(interval) { fail("sync.interval_seconds", "must be 5…86400 seconds, got \(interval)") }
            let batch = int("sync.batch_size")
            if !(1...1_000).contains(batch) { fail("sync.batch_size", "must be 1…1000 records, got \(batch)") }
            if text.isEmpty { return nil }
            let url = URL(string: text)
            if url == nil || !(url?.scheme == "http" || url?.scheme == "https") || url?.host == nil {
                fail("sync.central_url", "must be an http(s) URL such as https://central.example.vn, got '\(text)'")
            }
            let tokenFile = string("sync.token_file")
            var token = Credential.read("idgate-central-token", environment: environment) ?? environment["IDGATE_SYNC_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            if token == nil {
                if tokenFile.isEmpty {
                    fail("sync.token_file", "must name the file holding the agent token when sync.central_url is set (or set IDGATE_SYNC_TOKEN, or the credential idgate-central-token)")
                } else if let data = FileManager.default.contents(atPath: tokenFile) {
                    token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    if token?.isEmpty == true { fail("sync.token_file", "\(tokenFile) is empty") }
                } else {
                    fail("sync.token_file", "cannot read \(tokenFile): check that it exists and the service user may read it")
                }
            }
            guard let url, let token, !token.isEmpty else { return nil }
            return SyncConfiguration(centralURL: url, token: token, interval: .seconds(interval), batchSize: batch)
        }

        mutating func fixedKey() -> AccessKeyInput? {
            let can = string("access.fixed_can")
            let id = string("access.fixed_id_number")
            let birth = string("access.fixed_date_of_birth")
            let expiry = string("access.fixed_date_of_expiry")
            if can.isEmpty && id.isEmpty && birth.isEmpty && expiry.isEmpty { return nil }
            let key = AccessKeyInput(can: can.isEmpty ? nil : can, idNumber: id.isEmpty ? nil : id,
                                     dateOfBirth: birth.isEmpty ? nil : birth, dateOfExpiry: expiry.isEmpty ? [] : [expiry])
            for problem in key.problems() { fail("access.fixed_\(problem.field)", problem.message) }
            return key
        }
    }
}
