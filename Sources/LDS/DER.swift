import CardIO

/// Internal DER reading helpers that turn TLV errors into `LDSError`s naming the file and field.
struct DER {
    let file: LDSFile

    /// Exactly one object with `tag` and nothing after it.
    func single(_ bytes: [UInt8], tag: TLVTag, field: String) throws(LDSError) -> TLV {
        let tlv: TLV
        do { tlv = try BERTLV.parseSingle(bytes) } catch { throw .malformed(file, field: field, reason: error.description) }
        guard tlv.tag == tag else { throw wrongTag(field, expected: tag, found: tlv.tag) }
        return tlv
    }

    /// The children of a constructed object.
    func children(_ tlv: TLV, field: String) throws(LDSError) -> [TLV] {
        do { return try tlv.children() } catch { throw .malformed(file, field: field, reason: error.description) }
    }

    /// The children of an object that must have `tag`.
    func children(_ tlv: TLV, tag: TLVTag, field: String) throws(LDSError) -> [TLV] {
        guard tlv.tag == tag else { throw wrongTag(field, expected: tag, found: tlv.tag) }
        return try children(tlv, field: field)
    }

    /// Element `index` of `items`, which must exist and have `tag`.
    func element(_ items: [TLV], _ index: Int, tag: TLVTag, field: String) throws(LDSError) -> TLV {
        guard index < items.count else { throw .missingField(file, field: field) }
        guard items[index].tag == tag else { throw wrongTag(field, expected: tag, found: items[index].tag) }
        return items[index]
    }

    /// An OBJECT IDENTIFIER value.
    func oid(_ tlv: TLV, field: String) throws(LDSError) -> OID {
        guard tlv.tag == 0x06 else { throw wrongTag(field, expected: 0x06, found: tlv.tag) }
        guard let oid = OID(contentBytes: tlv.value) else {
            throw .malformed(file, field: field, reason: "invalid OBJECT IDENTIFIER encoding")
        }
        return oid
    }

    /// A small non-negative INTEGER (up to 2^31).
    func smallInteger(_ tlv: TLV, field: String) throws(LDSError) -> Int {
        guard tlv.tag == 0x02 else { throw wrongTag(field, expected: 0x02, found: tlv.tag) }
        guard !tlv.value.isEmpty, tlv.value.count <= 5, tlv.value[0] & 0x80 == 0 else {
            throw .invalidValue(file, field: field, reason: "INTEGER is empty, negative or too large")
        }
        var v = 0
        for b in tlv.value { v = v << 8 | Int(b) }
        guard v <= Int(Int32.max) else { throw .invalidValue(file, field: field, reason: "INTEGER too large") }
        return v
    }

    /// A character string of any of the ASN.1 string types seen on documents.
    func string(_ tlv: TLV, field: String) throws(LDSError) -> String {
        guard let s = ASN1String.decode(tlv) else {
            throw .invalidValue(file, field: field, reason: "tag \(tlv.tag) is not a supported string type or the text is not valid")
        }
        return s
    }

    func wrongTag(_ field: String, expected: TLVTag, found: TLVTag) -> LDSError {
        .malformed(file, field: field, reason: "expected tag \(expected), found \(found)")
    }

    /// Re-encodes an object with a different tag (e.g. `[0] IMPLICIT` signed attributes as a `SET`).
    static func retag(_ tlv: TLV, as tag: TLVTag) -> [UInt8] { TLV(tag: tag, value: tlv.value).encoded }
}
