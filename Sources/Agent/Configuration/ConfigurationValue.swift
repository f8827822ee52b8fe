/// One configuration value, typed like its default.
enum ConfigurationValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case strings([String])

    var typeName: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .bool: "true or false"
        case .strings: "an array of strings"
        }
    }

    /// Converts a TOML value to the type of `template`; nil when the types differ.
    static func from(_ value: ConfigTOML.Value, like template: ConfigurationValue) -> ConfigurationValue? {
        switch (template, value) {
        case (.string, .string(let s)): return .string(s)
        case (.int, .integer(let i)): return .int(i)
        case (.bool, .boolean(let b)): return .bool(b)
        case (.strings, .array(let elements)):
            var out: [String] = []
            for element in elements {
                guard case .string(let s) = element else { return nil }
                out.append(s)
            }
            return .strings(out)
        default: return nil
        }
    }

    /// Parses an environment variable's text as the type of `template`; nil when it does not parse.
    static func from(environment text: String, like template: ConfigurationValue) -> ConfigurationValue? {
        switch template {
        case .string: return .string(text)
        case .int: return Int(text.trimmingCharacters(in: .whitespaces)).map(ConfigurationValue.int)
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off": return .bool(false)
            default: return nil
            }
        case .strings:
            return .strings(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
    }
}

/// The configuration by dotted key (`api.listen`), with where each value came from.
struct FlatConfiguration: Sendable {
    var values: [String: (value: ConfigurationValue, source: String)] = [:]

    /// The environment variable that overrides `key`: `api.listen` → `IDGATE_API_LISTEN`.
    static func environmentName(_ key: String) -> String {
        "IDGATE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

import Foundation
