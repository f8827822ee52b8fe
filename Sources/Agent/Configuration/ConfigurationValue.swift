import TOMLKit

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
    static func from(_ value: any TOMLValueConvertible, like template: ConfigurationValue) -> ConfigurationValue? {
        switch template {
        case .string: return value.string.map(ConfigurationValue.string)
        case .int: return value.int.map(ConfigurationValue.int)
        case .bool: return value.bool.map(ConfigurationValue.bool)
        case .strings:
            guard let array = value.array else { return nil }
            var out: [String] = []
            for element in array {
                guard let s = element.string else { return nil }
                out.append(s)
            }
            return .strings(out)
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

/// TOML flattened to dotted keys (`api.listen`), with where each value came from.
struct FlatConfiguration: Sendable {
    var values: [String: (value: ConfigurationValue, source: String)] = [:]

    /// Flattens a parsed TOML document; nested tables become dotted keys.
    static func flatten(_ table: TOMLTable, prefix: String = "") -> [(key: String, value: any TOMLValueConvertible)] {
        var out: [(key: String, value: any TOMLValueConvertible)] = []
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            let dotted = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let sub = value.table {
                out += flatten(sub, prefix: dotted)
            } else {
                out.append((dotted, value))
            }
        }
        return out
    }

    /// The environment variable that overrides `key`: `api.listen` → `IDGATE_API_LISTEN`.
    static func environmentName(_ key: String) -> String {
        "IDGATE_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }
}

import Foundation
