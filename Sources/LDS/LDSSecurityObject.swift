import CardIO

/// The LDSSecurityObject signed inside EF.SOD (ICAO 9303-10 §4.6.2): the hash of every data group.
public struct LDSSecurityObject: Sendable, Hashable {
    /// 0 (LDS 1.7) or 1 (with LDS version info).
    public var version: Int
    public var hashAlgorithm: AlgorithmIdentifier
    /// `hashAlgorithm` decoded; nil when it is not a known hash.
    public var digestAlgorithm: DigestAlgorithm?
    /// Data group number → hash, in file order.
    public var dataGroupHashes: [Int: [UInt8]]
    /// LDS and Unicode versions (version 1 only).
    public var ldsVersion: String?, unicodeVersion: String?

    /// Parses the DER of an LDSSecurityObject (the SOD's encapsulated content).
    public init(derEncoded bytes: [UInt8]) throws(LDSError) {
        let der = DER(file: .sod)
        let items = try der.children(try der.single(bytes, tag: 0x30, field: "LDSSecurityObject"), field: "LDSSecurityObject")
        version = try der.smallInteger(try der.element(items, 0, tag: 0x02, field: "LDSSecurityObject.version"),
            field: "LDSSecurityObject.version")
        hashAlgorithm = try AlgorithmIdentifier(try der.element(items, 1, tag: 0x30, field: "LDSSecurityObject.hashAlgorithm"),
            der: der, field: "LDSSecurityObject.hashAlgorithm")
        digestAlgorithm = DigestAlgorithm(oid: hashAlgorithm.oid)
        var hashes: [Int: [UInt8]] = [:]
        let list = try der.element(items, 2, tag: 0x30, field: "LDSSecurityObject.dataGroupHashValues")
        for entry in try der.children(list, field: "DataGroupHash") {
            let parts = try der.children(entry, tag: 0x30, field: "DataGroupHash")
            let n = try der.smallInteger(try der.element(parts, 0, tag: 0x02, field: "DataGroupHash.dataGroupNumber"),
                field: "DataGroupHash.dataGroupNumber")
            guard (1...16).contains(n) else {
                throw .invalidValue(.sod, field: "DataGroupHash.dataGroupNumber", reason: "\(n) is not 1–16")
            }
            let value = try der.element(parts, 1, tag: 0x04, field: "DataGroupHash.dataGroupHashValue").value
            if let d = digestAlgorithm, value.count != d.outputLength {
                throw .invalidValue(.sod, field: "DataGroupHash DG\(n)", reason: "\(value.count) bytes, \(d.rawValue) gives \(d.outputLength)")
            }
            guard hashes[n] == nil else { throw .invalidValue(.sod, field: "DataGroupHash DG\(n)", reason: "listed twice") }
            hashes[n] = value
        }
        dataGroupHashes = hashes
        if items.count > 3, items[3].tag == 0x30 {
            let info = try der.children(items[3], field: "LDSSecurityObject.ldsVersionInfo")
            ldsVersion = info.count > 0 ? try der.string(info[0], field: "ldsVersionInfo.ldsVersion") : nil
            unicodeVersion = info.count > 1 ? try der.string(info[1], field: "ldsVersionInfo.unicodeVersion") : nil
        }
    }
}
