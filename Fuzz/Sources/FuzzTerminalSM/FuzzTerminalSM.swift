import CardIO
import EMRTD
import FuzzSupport

/// The terminal side of secure messaging (EMRTD's SecureMessagingCodec.unprotect) on arbitrary card answers,
/// after the codec protected one command as a real read does. Input: cipher selector, mode, payload.
///   mode 0: the payload is the whole answer (data + SW), MAC almost surely wrong: structure checks before the MAC.
///   mode 1: the payload is SW + data objects; the harness appends a valid DO'8E' over them, so the checks after
///           the MAC (DO'99', DO'87'/'85', decryption, padding) see arbitrary objects.
///   mode 2: the payload is SW + plaintext; the harness builds the answer a correct card sends (DO'87' encrypted
///           and padded, DO'99', DO'8E'): unprotect must succeed and give back exactly that plaintext and SW.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let cipher = SessionCipher.allCases[Int(input.byte()) % SessionCipher.allCases.count]
    let mode = input.byte() % 3
    let keys = SessionKeys(cipher: cipher, encryption: pattern(cipher.keyLength, 0x11), mac: pattern(cipher.keyLength, 0x5A),
                           ssc: pattern(cipher.blockSize, 0x00))
    var codec = SecureMessagingCodec(keys: keys)
    guard (try? codec.protect(APDU(ins: 0xB0, p1: 0, p2: 0, ne: 0xDF))) != nil else {
        fuzzCheck(false, "protect failed")
        return 0
    }
    switch mode {
    case 0:
        let answer = input.rest()
        guard let response = try? ResponseAPDU(bytes: answer) else { return 0 }
        _ = try? codec.unprotect(response)
    case 1:
        let status = StatusWord(sw1: input.byte(), sw2: input.byte())
        let objects = input.rest()
        var k = codec.keys
        k.incrementSSC()
        guard let mac = try? k.cipher.secureMessagingMAC(key: k.mac, ssc: k.ssc, data: objects) else { return 0 }
        _ = try? codec.unprotect(ResponseAPDU(data: objects + TLV(tag: 0x8E, value: mac).encoded, status: status))
    default:
        let status = StatusWord(sw1: input.byte(), sw2: input.byte())
        let plain = input.rest()
        var k = codec.keys
        k.incrementSSC()
        do {
            var objects: [UInt8] = []
            if !plain.isEmpty {
                let iv = k.cipher == .tripleDES ? nil : try BlockCipher.aesECB(key: k.encryption, data: k.ssc, encrypt: true)
                let encrypted = try k.cipher.cbc(key: k.encryption, iv: iv, data: padISO9797(plain, blockSize: k.cipher.blockSize), encrypt: true)
                objects += TLV(tag: 0x87, value: [0x01] + encrypted).encoded
            }
            objects += [0x99, 0x02, status.sw1, status.sw2]
            let mac = try k.cipher.secureMessagingMAC(key: k.mac, ssc: k.ssc, data: objects)
            let answer = try codec.unprotect(ResponseAPDU(data: objects + TLV(tag: 0x8E, value: mac).encoded, status: .success))
            fuzzCheck(answer.data == plain && answer.status == status, "a correctly protected answer did not round-trip")
        } catch {
            fuzzCheck(false, "a correctly protected answer was refused: \(error)")
        }
    }
    return 0
}

private func pattern(_ count: Int, _ seed: UInt8) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7) &+ seed } }
