/// A BER-TLV tag (ISO/IEC 7816-4 §5.2, X.690), stored as its encoded bytes read big-endian:
/// `0x5F1F`, `0x7F61`, `0x04`. Up to four bytes.
public struct TLVTag: Sendable, Hashable, RawRepresentable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt32) { rawValue = value }

    /// The encoded tag bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        var v = rawValue
        repeat {
            out.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        } while v != 0
        return out
    }

    /// True when the first byte has the constructed bit (0x20).
    public var isConstructed: Bool { bytes[0] & 0x20 != 0 }

    public var description: String { hex(bytes).uppercased() }
}

/// One BER-TLV data object. Constructed objects expose their children through `children()`.
public struct TLV: Sendable, Hashable {
    public var tag: TLVTag
    public var value: [UInt8]

    public init(tag: TLVTag, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    /// A constructed object from its children.
    public init(tag: TLVTag, children: [TLV]) {
        self.tag = tag
        value = children.flatMap(\.encoded)
    }

    /// The object encoded: tag, definite length (shortest form), value.
    public var encoded: [UInt8] { tag.bytes + BERTLV.encodeLength(value.count) + value }

    /// Parses the value as a sequence of data objects.
    public func children() throws(TLVError) -> [TLV] { try BERTLV.parseAll(value) }

    /// The first child with `tag`, or nil.
    public func child(_ tag: TLVTag) throws(TLVError) -> TLV? { try children().first { $0.tag == tag } }

    /// The first child with `tag`; its absence is an error naming the parent.
    public func requiredChild(_ tag: TLVTag) throws(TLVError) -> TLV {
        guard let found = try child(tag) else { throw .missingTag(tag, in: self.tag) }
        return found
    }
}

/// Why bytes are not valid BER-TLV. Offsets are from the start of the buffer being parsed.
public enum TLVError: Error, Sendable, Hashable, CustomStringConvertible {
    case truncatedTag(offset: Int)
    case tagTooLong(offset: Int)
    case truncatedLength(offset: Int)
    case indefiniteLength(offset: Int)
    case lengthTooLarge(offset: Int)
    case valueOverrun(tag: TLVTag, offset: Int, declared: Int, available: Int)
    case unexpectedTag(expected: TLVTag, found: TLVTag)
    case missingTag(TLVTag, in: TLVTag?)
    case trailingBytes(offset: Int, count: Int)

    public var description: String {
        switch self {
        case .truncatedTag(let o): "TLV tag truncated at offset \(o)"
        case .tagTooLong(let o): "TLV tag at offset \(o) is longer than 4 bytes"
        case .truncatedLength(let o): "TLV length truncated at offset \(o)"
        case .indefiniteLength(let o): "indefinite TLV length at offset \(o) (only definite lengths are allowed)"
        case .lengthTooLarge(let o): "TLV length at offset \(o) uses more than 4 bytes"
        case .valueOverrun(let tag, let o, let declared, let available):
            "TLV \(tag) at offset \(o) declares \(declared) value bytes but only \(available) remain"
        case .unexpectedTag(let expected, let found): "expected TLV tag \(expected), found \(found)"
        case .missingTag(let tag, let parent):
            parent.map { "TLV tag \(tag) missing inside \($0)" } ?? "TLV tag \(tag) missing"
        case .trailingBytes(let o, let n): "\(n) unexpected bytes after the TLV object at offset \(o)"
        }
    }
}

/// Strict BER-TLV reading and writing: definite lengths only, every length bounds-checked.
public enum BERTLV {
    /// Reads one object starting at `offset`; returns it and the offset just after it.
    public static func read(_ bytes: [UInt8], at offset: Int = 0) throws(TLVError) -> (tlv: TLV, next: Int) {
        let header = try readHeader(bytes, at: offset)
        return (TLV(tag: header.tag, value: Array(bytes[header.valueStart..<header.valueEnd])), header.valueEnd)
    }

    /// Tag and value bounds of the object at `offset`, without copying the value.
    public static func readHeader(_ bytes: [UInt8], at offset: Int) throws(TLVError)
        -> (tag: TLVTag, valueStart: Int, valueEnd: Int)
    {
        var i = offset
        guard i < bytes.count else { throw .truncatedTag(offset: offset) }
        var tag = UInt32(bytes[i])
        if bytes[i] & 0x1F == 0x1F {
            repeat {
                i += 1
                guard i < bytes.count else { throw .truncatedTag(offset: offset) }
                guard i - offset < 4 else { throw .tagTooLong(offset: offset) }
                tag = tag << 8 | UInt32(bytes[i])
            } while bytes[i] & 0x80 != 0
        }
        i += 1
        guard i < bytes.count else { throw .truncatedLength(offset: i) }
        let first = bytes[i]
        var length: Int
        if first < 0x80 {
            length = Int(first)
            i += 1
        } else if first == 0x80 {
            throw .indefiniteLength(offset: i)
        } else {
            let n = Int(first & 0x7F)
            guard n <= 4 else { throw .lengthTooLarge(offset: i) }
            guard i + n < bytes.count else { throw .truncatedLength(offset: i) }
            length = 0
            for k in 1...n { length = length << 8 | Int(bytes[i + k]) }
            i += 1 + n
        }
        let available = bytes.count - i
        guard length <= available else {
            throw .valueOverrun(tag: TLVTag(rawValue: tag), offset: offset, declared: length, available: available)
        }
        return (TLVTag(rawValue: tag), i, i + length)
    }

    /// Parses every object in `bytes`; any malformed or partial object throws.
    public static func parseAll(_ bytes: [UInt8]) throws(TLVError) -> [TLV] {
        var out: [TLV] = []
        var offset = 0
        while offset < bytes.count {
            let (tlv, next) = try read(bytes, at: offset)
            out.append(tlv)
            offset = next
        }
        return out
    }

    /// Parses exactly one object with the expected tag and nothing after it.
    public static func parseSingle(_ bytes: [UInt8], expecting tag: TLVTag? = nil) throws(TLVError) -> TLV {
        let (tlv, next) = try read(bytes, at: 0)
        if let tag, tlv.tag != tag { throw .unexpectedTag(expected: tag, found: tlv.tag) }
        guard next == bytes.count else { throw .trailingBytes(offset: next, count: bytes.count - next) }
        return tlv
    }

    /// The shortest definite length encoding of `n`.
    public static func encodeLength(_ n: Int) -> [UInt8] {
        precondition(n >= 0 && n <= 0xFFFF_FFFF, "TLV length out of range")
        if n < 0x80 { return [UInt8(n)] }
        var digits: [UInt8] = []
        var v = n
        while v > 0 {
            digits.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        }
        return [0x80 | UInt8(digits.count)] + digits
    }

    /// How many bytes a file needs in total, from its first bytes (tag and length only).
    /// Returns nil when `prefix` is too short to tell.
    public static func totalLength(fromPrefix prefix: [UInt8]) throws(TLVError) -> Int? {
        do {
            let header = try readHeader(prefix, at: 0)
            return header.valueEnd
        } catch .valueOverrun(_, _, let declared, let available) {
            return prefix.count - available + declared
        } catch .truncatedLength, .truncatedTag {
            return nil
        }
    }
}
