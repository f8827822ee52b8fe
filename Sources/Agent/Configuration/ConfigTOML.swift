/// The part of TOML 1.0 that idgate's configuration uses, read by hand: `[table]` headers, `key = value` lines
/// (bare, quoted and dotted keys), basic and literal strings, decimal integers, booleans, arrays (over several
/// lines, with comments and a trailing comma) and `#` comments. Everything else TOML allows — floats, dates,
/// inline tables, arrays of tables, multi-line strings — is refused with a message naming its line and column.
///
/// It replaced TOMLKit 0.6.0, whose vendored toml++ aborted the process on malformed text (`[&`, `c=[}`: assertion
/// failures found by the FuzzConfig target, upstream marzer/tomlplusplus #294) and never freed a parsed document.
enum ConfigTOML {
    /// A TOML value of a kind the configuration uses.
    enum Value: Equatable, CustomStringConvertible {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case array([Value])

        /// The value written as TOML, for messages.
        var description: String {
            switch self {
            case .string(let s):
                "\"" + s.unicodeScalars.map { c -> String in
                    switch c {
                    case "\"": "\\\""
                    case "\\": "\\\\"
                    case "\n": "\\n"
                    case "\t": "\\t"
                    default: c.value < 0x20 || c.value == 0x7F ? String(format: "\\u%04X", c.value) : String(c)
                    }
                }.joined() + "\""
            case .integer(let i): String(i)
            case .boolean(let b): String(b)
            case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
            }
        }
    }

    struct ParseError: Error, Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    /// Every `key = value` of `text` in document order, keyed by its table and key joined with dots (`api.listen`).
    static func parse(_ text: String) throws(ParseError) -> [(key: String, value: Value)] {
        var parser = Parser(Array(text.utf8))
        return try parser.document()
    }

    private struct Parser {
        let b: [UInt8]
        var i = 0
        var entries: [(key: String, value: Value)] = []
        var keys: Set<String> = []
        var tables: Set<String> = []
        static let maximumDepth = 16

        init(_ bytes: [UInt8]) {
            b = bytes
            if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // a byte-order mark some editors write
        }

        mutating func document() throws(ParseError) -> [(key: String, value: Value)] {
            var table: [String] = []
            while true {
                skipSpaces()
                guard let c = peek else { return entries }
                switch c {
                case 0x23, 0x0A, 0x0D:  // '#', end of line
                    try endOfLine()
                case 0x5B:  // '['
                    i += 1
                    if peek == 0x5B { throw error("arrays of tables ([[…]]) are not used in idgate's configuration") }
                    skipSpaces()
                    table = try key()
                    skipSpaces()
                    guard peek == 0x5D else { throw error("expected ] to close the table header") }
                    i += 1
                    let name = table.joined(separator: ".")
                    guard !keys.contains(name), tables.insert(name).inserted else { throw error("table [\(name)] is defined twice") }
                    try endOfLine()
                default:
                    let start = i
                    let name = (table + (try key())).joined(separator: ".")
                    skipSpaces()
                    guard peek == 0x3D else { throw error("expected = after the key") }  // '='
                    i += 1
                    skipSpaces()
                    let value = try value(depth: 0)
                    guard !tables.contains(name), keys.insert(name).inserted else {
                        i = start
                        throw error("key \(name) is defined twice")
                    }
                    entries.append((name, value))
                    try endOfLine()
                }
            }
        }

        var peek: UInt8? { i < b.count ? b[i] : nil }

        mutating func skipSpaces() {
            while let c = peek, c == 0x20 || c == 0x09 { i += 1 }
        }

        /// Spaces, an optional comment, then a line break or the end of the text.
        mutating func endOfLine() throws(ParseError) {
            skipSpaces()
            if peek == 0x23 { try comment() }
            switch peek {
            case nil: return
            case 0x0A: i += 1
            case 0x0D where i + 1 < b.count && b[i + 1] == 0x0A: i += 2
            default: throw error("unexpected text after the value; one key = value per line")
            }
        }

        mutating func comment() throws(ParseError) {
            while let c = peek, c != 0x0A, c != 0x0D {
                if c < 0x20 && c != 0x09 || c == 0x7F { throw error("control character in a comment") }
                i += 1
            }
        }

        /// A dotted key: bare (`A-Za-z0-9_-`) or quoted parts separated by dots.
        mutating func key() throws(ParseError) -> [String] {
            var parts: [String] = []
            while true {
                skipSpaces()
                switch peek {
                case 0x22: parts.append(try basicString())
                case 0x27: parts.append(try literalString())
                default:
                    let start = i
                    while let c = peek, Self.isBareKey(c) { i += 1 }
                    guard i > start else { throw error("expected a key (letters, digits, _ or -, or a quoted name)") }
                    parts.append(String(decoding: b[start..<i], as: UTF8.self))
                }
                skipSpaces()
                guard peek == 0x2E else { return parts }  // '.'
                i += 1
            }
        }

        static func isBareKey(_ c: UInt8) -> Bool {
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F || c == 0x2D
        }

        mutating func value(depth: Int) throws(ParseError) -> Value {
            guard let c = peek else { throw error("expected a value after =") }
            switch c {
            case 0x22: return .string(try basicString())
            case 0x27: return .string(try literalString())
            case 0x5B: return try array(depth: depth + 1)
            case 0x7B: throw error("inline tables ({ … }) are not used in idgate's configuration; write a [table]")
            case 0x74, 0x66:  // 't', 'f'
                for (word, value) in [("true", true), ("false", false)] where b[i...].starts(with: word.utf8) {
                    let end = i + word.utf8.count
                    if end < b.count, Self.isBareKey(b[end]) || b[end] == 0x2E { break }
                    i = end
                    return .boolean(value)
                }
                throw error("expected true or false")
            case 0x2B, 0x2D, 0x30...0x39: return .integer(try integer())
            default: throw error("expected a value: a \"string\", an integer, true or false, or an [array]")
            }
        }

        /// A decimal integer: optional sign, no leading zero, `_` only between digits.
        mutating func integer() throws(ParseError) -> Int {
            let start = i
            var negative = false
            if let c = peek, c == 0x2B || c == 0x2D {
                negative = c == 0x2D
                i += 1
            }
            let digitsStart = i
            var magnitude: UInt64 = 0
            var previousDigit = false
            while let c = peek, (0x30...0x39).contains(c) || c == 0x5F {
                if c == 0x5F {
                    guard previousDigit, i + 1 < b.count, (0x30...0x39).contains(b[i + 1]) else { throw error("_ must stand between digits") }
                    previousDigit = false
                } else {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(UInt64(c - 0x30))
                    guard !o1, !o2, sum <= UInt64(Int.max) + (negative ? 1 : 0) else { i = start; throw error("integer out of range") }
                    magnitude = sum
                    previousDigit = true
                }
                i += 1
            }
            guard i > digitsStart else { i = start; throw error("expected digits") }
            if let c = peek, c == 0x2E || c == 0x65 || c == 0x45 || c == 0x3A || c == 0x2D || c == 0x78 || c == 0x6F || c == 0x62 {
                i = start
                throw error("only decimal integers are used in idgate's configuration (no floats, dates, hex, octal or binary)")
            }
            if b[digitsStart] == 0x30 && i - digitsStart > 1 { i = start; throw error("an integer must not start with 0") }
            return negative ? Int(truncatingIfNeeded: 0 &- magnitude) : Int(magnitude)
        }

        mutating func array(depth: Int) throws(ParseError) -> Value {
            guard depth <= Self.maximumDepth else { throw error("arrays nested more than \(Self.maximumDepth) deep") }
            i += 1  // '['
            var elements: [Value] = []
            while true {
                try skipSpacesCommentsAndLineBreaks()
                if peek == 0x5D { i += 1; return .array(elements) }
                elements.append(try value(depth: depth))
                try skipSpacesCommentsAndLineBreaks()
                switch peek {
                case 0x2C: i += 1  // ','
                case 0x5D: i += 1; return .array(elements)
                case nil: throw error("array not closed: expected ]")
                default: throw error("expected , or ] in the array")
                }
            }
        }

        mutating func skipSpacesCommentsAndLineBreaks() throws(ParseError) {
            while true {
                skipSpaces()
                switch peek {
                case 0x23: try comment()
                case 0x0A: i += 1
                case 0x0D where i + 1 < b.count && b[i + 1] == 0x0A: i += 2
                default: return
                }
            }
        }

        /// `"…"` with TOML's escapes; one line only.
        mutating func basicString() throws(ParseError) -> String {
            if b[i...].starts(with: [0x22, 0x22, 0x22]) { throw error("multi-line strings are not used in idgate's configuration") }
            i += 1
            var scalars = String.UnicodeScalarView()
            var runStart = i
            func flush(_ p: inout Parser) { scalars.append(contentsOf: String(decoding: p.b[runStart..<p.i], as: UTF8.self).unicodeScalars) }
            while true {
                guard let c = peek else { throw error("string not closed: expected \"") }
                switch c {
                case 0x22:
                    flush(&self)
                    i += 1
                    return String(scalars)
                case 0x5C:  // '\'
                    flush(&self)
                    scalars.append(try escape())
                    runStart = i
                case 0x0A, 0x0D: throw error("string not closed on its line: expected \"")
                default:
                    if c < 0x20 && c != 0x09 || c == 0x7F { throw error("control character in a string; write it as an escape") }
                    i += 1
                }
            }
        }

        mutating func escape() throws(ParseError) -> Unicode.Scalar {
            let backslash = i
            i += 1
            guard let c = peek else { throw error("string not closed: expected \"") }
            i += 1
            switch c {
            case 0x62: return "\u{08}"
            case 0x74: return "\t"
            case 0x6E: return "\n"
            case 0x66: return "\u{0C}"
            case 0x72: return "\r"
            case 0x22: return "\""
            case 0x5C: return "\\"
            case 0x75, 0x55:  // \uXXXX, \UXXXXXXXX
                let count = c == 0x75 ? 4 : 8
                guard i + count <= b.count, let code = UInt32(String(decoding: b[i..<i + count], as: UTF8.self), radix: 16),
                      b[i..<i + count].allSatisfy({ Self.isHexDigit($0) }), let scalar = Unicode.Scalar(code)
                else {
                    i = backslash
                    throw error("\\u and \\U need 4 or 8 hex digits of a Unicode scalar value")
                }
                i += count
                return scalar
            default:
                i = backslash
                throw error("unknown escape in a string; write \\\\ for a backslash")
            }
        }

        static func isHexDigit(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c) }

        /// `'…'` taken as written; one line only.
        mutating func literalString() throws(ParseError) -> String {
            if b[i...].starts(with: [0x27, 0x27, 0x27]) { throw error("multi-line strings are not used in idgate's configuration") }
            i += 1
            let start = i
            while true {
                guard let c = peek else { throw error("string not closed: expected '") }
                if c == 0x27 { break }
                if c == 0x0A || c == 0x0D { throw error("string not closed on its line: expected '") }
                if c < 0x20 && c != 0x09 || c == 0x7F { throw error("control character in a string") }
                i += 1
            }
            i += 1
            return String(decoding: b[start..<i - 1], as: UTF8.self)
        }

        /// An error at the current position; line and column count from 1, the column in characters.
        func error(_ message: String) -> ParseError {
            let at = min(i, b.count)
            let lineStart = b[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let line = b[..<at].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let column = String(decoding: b[lineStart..<at], as: UTF8.self).unicodeScalars.count + 1
            return ParseError(line: line, column: column, message: message)
        }
    }
}
