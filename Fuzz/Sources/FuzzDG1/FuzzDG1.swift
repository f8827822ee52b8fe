import FuzzSupport
import LDS

/// DG1: the file parser (tag 61 / 5F1F) and, on the same bytes read as text, the MRZ parser with its check digits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let dg1 = try? DG1(derEncoded: bytes) { use(dg1.mrz) }
    if let text = String(validating: bytes, as: UTF8.self), let mrz = try? MRZ(text: text) { use(mrz) }
    return 0
}

private func use(_ mrz: MRZ) {
    fuzzCheck(mrz.lines.count == mrz.format.lineCount, "\(mrz.lines.count) lines for \(mrz.format)")
    _ = mrz.keySeedInformation
    _ = mrz.failedChecks.count
    _ = MRZ.checkDigit(mrz.documentNumber)
}
