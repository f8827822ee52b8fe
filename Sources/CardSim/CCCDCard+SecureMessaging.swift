import CardIO
import EMRTD

/// The card side of secure messaging: keys and SSC of the open session.
struct CardSession {
    var cipher: SessionCipher
    var kEnc: [UInt8]
    var kMac: [UInt8]
    var ssc: [UInt8]

    mutating func increment() {
        for i in stride(from: ssc.count - 1, through: 0, by: -1) {
            ssc[i] &+= 1
            if ssc[i] != 0 { break }
        }
    }

    func iv() throws -> [UInt8]? {
        cipher == .tripleDES ? nil : try BlockCipher.aesECB(key: kEnc, data: ssc, encrypt: true)
    }

    func mac(_ data: [UInt8]) throws -> [UInt8] {
        try cipher.secureMessagingMAC(key: kMac, ssc: ssc, data: data)
    }
}

extension CCCDCard {
    /// Unwraps a protected command, runs it, and wraps the answer (DO'87'/'85', DO'99', DO'8E').
    /// A bad MAC or missing DO ends the session with an unprotected 6988/6987.
    func processProtected(_ apdu: APDU) -> [UInt8] {
        guard var s = session else { return sw(.smDataObjectsMissing) }
        do {
            let objects = try BERTLV.parseAll(apdu.data)
            guard let macIndex = objects.firstIndex(where: { $0.tag == 0x8E }) else {
                session = nil
                return sw(.smDataObjectsMissing)
            }
            s.increment()
            let header = padISO9797([apdu.cla, apdu.ins, apdu.p1, apdu.p2], blockSize: s.cipher.blockSize)
            guard try s.mac(header + objects[..<macIndex].flatMap(\.encoded)) == objects[macIndex].value else {
                session = nil
                return sw(.smDataObjectsIncorrect)
            }
            var plain = APDU(cla: apdu.cla & 0xF0, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2)
            if let data = objects.first(where: { $0.tag == 0x87 || $0.tag == 0x85 }) {
                var cryptogram = data.value
                if data.tag == 0x87 {
                    guard cryptogram.first == 0x01 else { throw CardSideError.malformed }
                    cryptogram.removeFirst()
                }
                guard let unpadded = unpadISO9797(try s.cipher.cbc(key: s.kEnc, iv: try s.iv(), data: cryptogram, encrypt: false)) else {
                    throw CardSideError.malformed
                }
                plain.data = unpadded
            }
            if let le = objects.first(where: { $0.tag == 0x97 }) {
                let v = le.value.reduce(0) { $0 << 8 | Int($1) }
                plain.ne = v == 0 ? (le.value.count == 1 ? 256 : 65536) : v
            }
            session = s
            let (data, status) = handle(plain, secured: true)
            guard var out = session else { return data + sw(status) }  // the command ended SM
            out.increment()
            var objectsOut: [UInt8] = []
            if !data.isEmpty {
                let encrypted = try out.cipher.cbc(key: out.kEnc, iv: try out.iv(), data: padISO9797(data, blockSize: out.cipher.blockSize), encrypt: true)
                objectsOut += apdu.ins & 1 == 1 ? TLV(tag: 0x85, value: encrypted).encoded : TLV(tag: 0x87, value: [0x01] + encrypted).encoded
            }
            objectsOut += [0x99, 0x02, status.sw1, status.sw2]
            var mac = try out.mac(objectsOut)
            if corruptResponseMAC { mac[0] ^= 0x01 }
            session = out
            if let next = nextSession {  // chip authentication: the next command uses the new keys
                session = next
                nextSession = nil
            }
            let response = objectsOut + TLV(tag: 0x8E, value: mac).encoded
            let limit = apdu.ne ?? 256
            guard response.count <= limit else { return sw(.wrongLength) }
            return response + sw(.success)
        } catch {
            session = nil
            return sw(.smDataObjectsIncorrect)
        }
    }
}

enum CardSideError: Error { case malformed }
