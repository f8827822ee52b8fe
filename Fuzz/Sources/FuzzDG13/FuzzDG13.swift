import FuzzSupport
import LDS
import VNID

/// DG13 (the CCCD's citizen data): the parser, the citizen view combining it with an MRZ, and masking.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let dg13 = try? DG13(derEncoded: bytes) else { return 0 }
    let citizen = Citizen(dg13: dg13, mrz: nil)
    if let id = citizen.idNumber {
        _ = Masking.idNumber(id)
        _ = try? CitizenID(id)
    }
    if let name = citizen.fullName {
        _ = Masking.name(name)
        _ = VNText.foldedWords(name)
    }
    _ = citizen.discrepancies.count
    return 0
}
