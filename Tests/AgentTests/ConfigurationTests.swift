@testable import Agent
import Foundation
import Testing

@Suite struct ConfigurationTests {
    func issues(_ text: String?, env: [String: String] = [:]) -> [ConfigurationIssue] {
        do {
            _ = try AgentConfiguration.load(fileText: text, fileName: "/etc/idgate/idgate.toml", environment: env)
            return []
        } catch {
            if case .configuration(let list) = error { return list }
            Issue.record("expected configuration issues, got \(error)")
            return []
        }
    }

    @Test("The embedded defaults load and validate") func defaults() throws {
        let c = try AgentConfiguration.defaults
        #expect(c.listen == .tcp(host: "127.0.0.1", port: 8787))
        #expect(c.tokenFile == "/var/lib/idgate/api.token")
        #expect(c.rememberKeys == nil)
        #expect(c.fixedAccessKey == nil)
        #expect(c.logLevel == .info)
    }

    @Test("A file overrides the defaults and the environment overrides the file") func layering() throws {
        let text = """
            [api]
            listen = "127.0.0.1:9000"
            [access]
            remember_seconds = 30
            [readers]
            include = ["Virtual PCD"]
            """
        let c = try AgentConfiguration.load(fileText: text, environment: ["IDGATE_API_LISTEN": "unix:/run/idgate/api.sock", "IDGATE_METRICS_ENABLED": "false"])
        #expect(c.listen == .unix(path: "/run/idgate/api.sock"))
        #expect(c.rememberKeys == .seconds(30))
        #expect(c.metricsEnabled == false)
        #expect(c.serves(reader: "Virtual PCD 00 00"))
        #expect(!c.serves(reader: "ACS ACR39U"))
    }

    @Test("An unknown key is named, with the key it probably meant") func unknownKey() {
        let list = issues("[api]\nlisten_on = \"127.0.0.1:1\"\n[readres]\nshort_apdus = true\n")
        #expect(list.map(\.key) == ["api.listen_on", "readres.short_apdus"])
        #expect(list[1].problem.contains("readers.short_apdus"))
        #expect(list[0].source == "/etc/idgate/idgate.toml")
    }

    @Test("A value of the wrong type names the key and the expected type") func wrongType() {
        let list = issues("[access]\nremember_seconds = \"ten\"\n")
        #expect(list.count == 1)
        #expect(list.first?.key == "access.remember_seconds")
        #expect(list.first?.problem.contains("an integer") == true)
    }

    @Test("A non-loopback listen address is refused") func notLoopback() {
        let list = issues("[api]\nlisten = \"0.0.0.0:8787\"\n")
        #expect(list.first?.key == "api.listen")
        #expect(list.first?.problem.contains("loopback") == true)
    }

    @Test("Every problem is reported at once, sorted by key") func manyIssues() {
        let list = issues("[agent]\nlog_level = \"loud\"\nstate_dir = \"relative\"\n[readers]\nread_timeout_seconds = 0\n")
        #expect(list.map(\.key) == ["agent.log_level", "agent.state_dir", "readers.read_timeout_seconds"])
    }

    @Test("A bad environment value names the variable") func badEnvironment() {
        let list = issues(nil, env: ["IDGATE_ACCESS_USE_PACE": "perhaps"])
        #expect(list.first?.key == "access.use_pace")
        #expect(list.first?.source == "environment IDGATE_ACCESS_USE_PACE")
    }

    @Test("A fixed access key is validated field by field") func fixedKey() throws {
        #expect(issues("[access]\nfixed_can = \"12ab\"\n").map(\.key) == ["access.fixed_can"])
        #expect(issues("[access]\nfixed_date_of_birth = \"900101\"\n").map(\.key) == ["access.fixed_id_number"])
        let c = try AgentConfiguration.load(fileText: "[access]\nfixed_id_number = \"001090012345\"\nfixed_date_of_birth = \"900315\"\nfixed_date_of_expiry = \"300315\"\n", environment: [:])
        #expect(c.fixedAccessKey == AccessKeyInput(idNumber: "001090012345", dateOfBirth: "900315", dateOfExpiry: ["300315"]))
    }

    @Test("A corrupt file is a clear error with line and column, not a crash") func corrupt() {
        for text in ["[api\nlisten = 1", "listen = \"unterminated\n", "\u{0}\u{1}garbage = = ="] {
            do {
                _ = try AgentConfiguration.load(fileText: text, fileName: "bad.toml", environment: [:])
                Issue.record("accepted corrupt TOML \(text.debugDescription)")
            } catch {
                guard case .configurationFile(let path, let problem) = error else { Issue.record("wrong error \(error) for \(text.debugDescription)"); continue }
                #expect(path == "bad.toml")
                #expect(problem.contains("line"))
            }
        }
    }

    @Test("A missing file says how to create one") func missingFile() {
        #expect(throws: AgentError.self) { try AgentConfiguration.load(path: "/nonexistent/idgate.toml", environment: [:]) }
        do { _ = try AgentConfiguration.load(path: "/nonexistent/idgate.toml", environment: [:]) } catch {
            #expect(error.description.contains("--print-default-config"))
        }
    }

    @Test("Listen addresses parse for IPv4, IPv6 and Unix sockets") func listen() throws {
        #expect(try ListenAddress(parsing: "[::1]:0") == .tcp(host: "::1", port: 0))
        #expect(try ListenAddress(parsing: "localhost:80") == .tcp(host: "127.0.0.1", port: 80))
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: "unix:relative.sock") }
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: "127.0.0.1:99999") }
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: "192.168.1.5:8787") }
    }

    @Test("[sync] needs a token; it comes from the systemd credential, the environment or the file, in that order")
    func syncToken() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-cred-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "[sync]\ncentral_url = \"https://central.example.vn\"\n"
        #expect(issues(text).map(\.key) == ["sync.token_file"])
        let tokenFile = dir.appendingPathComponent("central.token").path
        #expect(issues(text + "token_file = \"\(tokenFile)\"\n").map(\.key) == ["sync.token_file"], "a missing file is named")
        try "from-file\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let fromFile = try AgentConfiguration.load(fileText: text + "token_file = \"\(tokenFile)\"\n", environment: [:])
        #expect(fromFile.sync?.token == "from-file" && fromFile.usesDatabase)
        #expect(try AgentConfiguration.load(fileText: text, environment: ["IDGATE_SYNC_TOKEN": "from-env"]).sync?.token == "from-env")
        try "from-credential".write(toFile: dir.appendingPathComponent("idgate-central-token").path, atomically: true, encoding: .utf8)
        try "gateway-secret".write(toFile: dir.appendingPathComponent("idgate-gateway-password").path, atomically: true, encoding: .utf8)
        let lookups = "[lookups]\ngateway_url = \"https://egw.example.vn\"\ngateway_username = \"u\"\nstaff_name = \"A\"\nstaff_id = \"001090012345\"\n"
        let c = try AgentConfiguration.load(fileText: text + lookups, environment: ["CREDENTIALS_DIRECTORY": dir.path, "IDGATE_SYNC_TOKEN": "from-env"])
        #expect(c.sync?.token == "from-credential")
        #expect(c.lookups?.password == "gateway-secret")
        #expect(issues("[sync]\ncentral_url = \"ftp://x\"\n", env: ["IDGATE_SYNC_TOKEN": "t"]).map(\.key) == ["sync.central_url"])
    }

    @Test("[store] is validated and keeps the face and sensitive fields out by default")
    func store() throws {
        let c = try AgentConfiguration.defaults
        #expect(c.store == StoreConfiguration() && c.sync == nil && !c.usesDatabase)
        #expect(Set(issues("[store]\nkey_file = \"keys\"\nretention_days = 0\n").map(\.key)) == ["store.key_file", "store.retention_days"])
    }

    @Test("Texts that aborted TOMLKit's toml++ (found by fuzzing) are refused with a line and column")
    func textsThatAbortedTOMLKit() {
        for text in ["[&", "[\n", "[[[1]]]", "[ \u{bc}", "[#x]", "x = 1\n  [[+a]]", "c=[}"] {
            #expect(throws: AgentError.self) { try AgentConfiguration.load(fileText: text, environment: [:]) }
            do {
                _ = try ConfigTOML.parse(text)
                Issue.record("\(text.debugDescription) parsed")
            } catch {
                #expect(error.line >= 1 && error.column >= 1 && !error.message.isEmpty)
            }
        }
    }

    @Test("The TOML subset: tables, dotted and quoted keys, strings with escapes, integers, booleans, arrays over lines")
    func tomlSubset() throws {
        let text = """
            \u{FEFF}# comment
            top = 1
            [agent]  # trailing comment
            name = "a \\"q\\" \\u00e9 \\U0001F600 \\t"
            path = 'C:\\raw\\path'
            "quoted key" = true
            sub . key = -9_223_372_036_854_775_808
            list = [
              "one", # first
              'two',
              [1, 2],
            ]
            empty = []\r
            [ "x" . y ]
            z = false
            """
        let entries = try ConfigTOML.parse(text)
        #expect(entries.map(\.key) == ["top", "agent.name", "agent.path", "agent.quoted key", "agent.sub.key", "agent.list", "agent.empty", "x.y.z"])
        #expect(entries[1].value == .string("a \"q\" é 😀 \t"))
        #expect(entries[2].value == .string("C:\\raw\\path"))
        #expect(entries[3].value == .boolean(true))
        #expect(entries[4].value == .integer(Int.min))
        #expect(entries[5].value == .array([.string("one"), .string("two"), .array([.integer(1), .integer(2)])]))
        #expect(entries[6].value == .array([]))
        #expect(entries[7].value == .boolean(false))
        #expect(ConfigTOML.Value.array([.string("a\"b"), .integer(3)]).description == "[\"a\\\"b\", 3]")
    }

    @Test("Everything outside the subset, and broken TOML, is refused with where and why")
    func tomlRefusals() {
        let cases: [(String, Int, Int, String)] = [
            ("a = 1.5", 1, 5, "only decimal integers"), ("a = 1979-05-27", 1, 5, "only decimal integers"), ("a = 0x1F", 1, 5, "only decimal"),
            ("a = 012", 1, 5, "must not start with 0"), ("a = 1__0", 1, 6, "between digits"), ("a = 9223372036854775808", 1, 5, "out of range"),
            ("a = { b = 1 }", 1, 5, "inline tables"), ("[[a]]", 1, 2, "arrays of tables"), ("a = \"\"\"x\"\"\"", 1, 5, "multi-line"),
            ("a = \"x", 1, 7, "not closed"), ("a = \"x\ny\"", 1, 7, "on its line"), ("a = \"\\q\"", 1, 6, "unknown escape"),
            ("a = \"\\uD800\"", 1, 6, "Unicode scalar"), ("a = 1 b = 2", 1, 7, "one key = value per line"), ("a = 1\na = 2", 2, 1, "defined twice"),
            ("[t]\n[t]", 2, 4, "defined twice"), ("a = [1 2]", 1, 8, "expected , or ]"), ("a = [1,", 1, 8, "expected a value"),
            ("a = truex", 1, 5, "true or false"), ("= 1", 1, 1, "expected a key"), ("a 1", 1, 3, "expected ="),
            ("\n\n   é = 1", 3, 4, "expected a key"), ("a = " + String(repeating: "[", count: 40), 1, 21, "nested more than 16"),
        ]
        for (text, line, column, message) in cases {
            do {
                _ = try ConfigTOML.parse(text)
                Issue.record("\(text.debugDescription) parsed")
            } catch {
                #expect(error.line == line && error.column == column && error.message.contains(message),
                        "\(text.debugDescription): \(error)")
            }
        }
    }
}
