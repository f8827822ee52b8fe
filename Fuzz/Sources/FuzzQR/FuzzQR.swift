import FuzzSupport
import LDS
import VNID

/// The CCCD front QR text (ID|old ID|name|birth|sex|address|issue): parser, access inputs, expiry candidates.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? CitizenID(text)
    _ = VNDate(text: text)
    guard let qr = try? CCCDQRCode(text: text) else { return 0 }
    let inputs = AccessInputs(qr: qr)
    _ = inputs
    let today = CalendarDate(year: 2026, month: 11, day: 27)!
    _ = ExpiryCandidates.candidates(dateOfBirth: qr.dateOfBirth, dateOfIssue: qr.dateOfIssue, today: today)
    _ = ExpiryCandidates.candidates(dateOfBirth: qr.dateOfBirth, today: today)
    _ = Masking.name(qr.fullName)
    return 0
}
