import CardIO
import FuzzSupport

/// BER-TLV: parseAll/parseSingle/readHeader/totalLength on arbitrary bytes; every parsed object re-encodes
/// (shortest length form) and parses back to the same object, children included.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    _ = try? BERTLV.totalLength(fromPrefix: bytes)
    _ = try? BERTLV.parseSingle(bytes)
    if let header = try? BERTLV.readHeader(bytes, at: 0) {
        fuzzCheck(header.valueStart <= header.valueEnd && header.valueEnd <= bytes.count, "header bounds")
        if let total = try? BERTLV.totalLength(fromPrefix: bytes) {
            fuzzCheck(total == header.valueEnd, "totalLength \(total) != valueEnd \(header.valueEnd)")
        }
    }
    guard let objects = try? BERTLV.parseAll(bytes) else { return 0 }
    for object in objects { roundTrip(object, depth: 0) }
    return 0
}

private func roundTrip(_ object: TLV, depth: Int) {
    let encoded = object.encoded
    guard let again = try? BERTLV.parseSingle(encoded) else {
        fuzzCheck(false, "re-encoded \(object.tag) does not parse")
        return
    }
    fuzzCheck(again == object, "round trip changed \(object.tag)")
    fuzzCheck(again.tag.bytes.count <= 4, "tag longer than 4 bytes")
    guard depth < 8, object.tag.isConstructed, let children = try? object.children() else { return }
    fuzzCheck(TLV(tag: object.tag, children: children).value.count <= object.value.count, "children larger than parent")
    for child in children { roundTrip(child, depth: depth + 1) }
}
