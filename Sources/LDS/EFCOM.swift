import CardIO

/// EF.COM (ICAO 9303-10 §4.6.1): LDS and Unicode versions and the data groups present.
public struct EFCOM: Sendable, Hashable {
    /// LDS version as `"aabb"` (e.g. `"0107"` for LDS 1.7), nil when absent.
    public var ldsVersion: String?
    /// Unicode version as `"aabbcc"` (e.g. `"040000"`), nil when absent.
    public var unicodeVersion: String?
    /// The data groups listed in the tag list, in order (unknown tags are skipped).
    public var dataGroups: [LDSFile]

    /// A value; `dataGroups` lists data groups only.
    public init(ldsVersion: String?, unicodeVersion: String?, dataGroups: [LDSFile]) {
        self.ldsVersion = ldsVersion
        self.unicodeVersion = unicodeVersion
        self.dataGroups = dataGroups
    }

    /// Parses the file contents (tag `60`).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .com)
        let root = try der.single(bytes, tag: 0x60, field: "template")
        var version: String?
        var unicode: String?
        var tags: [UInt8]?
        for item in try der.children(root, field: "template") {
            switch item.tag {
            case 0x5F01: version = try Self.digits(item.value, field: "LDS version (5F01)", lengths: [4])
            case 0x5F36: unicode = try Self.digits(item.value, field: "Unicode version (5F36)", lengths: [6])
            case 0x5C: tags = item.value
            default: continue
            }
        }
        guard let tags else { throw .missingField(.com, field: "tag list (5C)") }
        ldsVersion = version
        unicodeVersion = unicode
        dataGroups = tags.compactMap { tag in
            guard let f = LDSFile(tag: tag), f.dataGroupNumber != nil else { return nil }
            return f
        }
    }

    /// The encoded file (tag `60`).
    public var derEncoded: [UInt8] {
        var items: [TLV] = []
        if let ldsVersion { items.append(TLV(tag: 0x5F01, value: Array(ldsVersion.utf8))) }
        if let unicodeVersion { items.append(TLV(tag: 0x5F36, value: Array(unicodeVersion.utf8))) }
        items.append(TLV(tag: 0x5C, value: dataGroups.compactMap(\.tag)))
        return TLV(tag: 0x60, children: items).encoded
    }

    /// True when `file` is listed.
    public func lists(_ file: LDSFile) -> Bool { dataGroups.contains(file) }

    private static func digits(_ value: [UInt8], field: String, lengths: Set<Int>) throws(LDSError) -> String {
        guard lengths.contains(value.count), value.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .invalidValue(.com, field: field, reason: "expected \(lengths.sorted()) ASCII digits, found \(value.count) bytes")
        }
        return String(decoding: value, as: UTF8.self)
    }
}
