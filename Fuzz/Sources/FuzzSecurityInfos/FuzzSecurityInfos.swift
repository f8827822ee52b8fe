import CardIO
import EMRTD
import FuzzSupport
import LDS

/// SecurityInfos of EF.CardAccess (bytes starting 31) and DG14 (bytes starting 6E, the 6E wrapper removed as the
/// reader does), then what the reader does with them: PACE suitability, chip-authentication public keys loaded
/// through libcrypto (EMRTD's ChipPublicKey) and SubjectPublicKeyInfo parsing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let infos: SecurityInfos?
    if bytes.first == 0x6E {
        infos = (try? BERTLV.parseSingle(bytes, expecting: 0x6E)).flatMap { try? SecurityInfos(derEncoded: $0.value, file: .dataGroup(14)) }
    } else {
        infos = try? SecurityInfos(derEncoded: bytes)
    }
    guard let infos else { return 0 }
    for pace in infos.paceInfos {
        _ = PACE.supports(pace)
        _ = pace.mapping
        _ = pace.cipher
    }
    for key in infos.chipAuthenticationPublicKeys {
        _ = try? SubjectPublicKeyInfo(derEncoded: key.subjectPublicKeyInfo, file: .dataGroup(14))
        if let loaded = try? ChipPublicKey(subjectPublicKeyInfo: key.subjectPublicKeyInfo, what: "DG14 key") {
            _ = loaded.kind
        }
    }
    _ = infos.chipAuthenticationInfos.count
    return 0
}
