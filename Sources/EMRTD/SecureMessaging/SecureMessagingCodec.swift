import CardIO

/// Session keys and send sequence counter of one secure-messaging session.
public struct SessionKeys: Sendable, Hashable {
    public let cipher: SessionCipher
    package let encryption: [UInt8]
    package let mac: [UInt8]
    /// The send sequence counter, incremented before every command and every response.
    package var ssc: [UInt8]

    package init(cipher: SessionCipher, encryption: [UInt8], mac: [UInt8], ssc: [UInt8]) {
        self.cipher = cipher
        self.encryption = encryption
        self.mac = mac
        self.ssc = ssc
    }

    package mutating func incrementSSC() {
        for i in stride(from: ssc.count - 1, through: 0, by: -1) {
            ssc[i] &+= 1
            if ssc[i] != 0 { break }
        }
    }
}

/// The terminal side of ICAO 9303-11 §9.8 secure messaging as pure value transformations:
/// `protect` a plain command, `unprotect` the card's answer. Keeps the SSC.
package struct SecureMessagingCodec: Sendable {
    package private(set) var keys: SessionKeys

    package init(keys: SessionKeys) { self.keys = keys }

    /// The largest plaintext a protected short response can carry (DO'87' + DO'99' + DO'8E' ≤ 256 bytes).
    package static let maxShortPlaintext = 223

    /// The Ne for an answer of unknown length up to 256 bytes (CA GENERAL AUTHENTICATE, AA INTERNAL AUTHENTICATE):
    /// 256, except under secure messaging without extended length, where Ne 256 would be protected as an extended
    /// Le that a short-only reader or card refuses (6700): there it is the most a protected short answer carries.
    package static func openEndedNe(over channel: any CardChannel) -> Int {
        channel is SecureMessagingChannel && !channel.supportsExtendedLength ? maxShortPlaintext : APDU.maxShortNe
    }

    /// Wraps a plain command: DO'87'/'85' (encrypted data), DO'97' (Le), DO'8E' (MAC); SSC incremented.
    package mutating func protect(_ command: APDU) throws(EMRTDError) -> APDU {
        let cipher = keys.cipher
        let cla = command.cla | 0x0C
        let header = padISO9797([cla, command.ins, command.p1, command.p2], blockSize: cipher.blockSize)
        keys.incrementSSC()
        var objects: [UInt8] = []
        if !command.data.isEmpty {
            let encrypted = try cipher.cbc(key: keys.encryption, iv: try iv(), data: padISO9797(command.data, blockSize: cipher.blockSize), encrypt: true)
            if command.ins & 1 == 1 {
                objects += TLV(tag: 0x85, value: encrypted).encoded
            } else {
                objects += TLV(tag: 0x87, value: [0x01] + encrypted).encoded
            }
        }
        if let ne = command.ne {
            let le: [UInt8] = ne <= APDU.maxShortNe ? [UInt8(ne & 0xFF)] : [UInt8(ne >> 8 & 0xFF), UInt8(ne & 0xFF)]
            objects += TLV(tag: 0x97, value: le).encoded
        }
        let mac = try macOver(header + objects)
        let data = objects + TLV(tag: 0x8E, value: mac).encoded
        let extended = data.count > APDU.maxShortNc || (command.ne ?? 0) > Self.maxShortPlaintext
        return APDU(cla: cla, ins: command.ins, p1: command.p1, p2: command.p2, data: data,
                    ne: extended ? APDU.maxExtendedNe : APDU.maxShortNe)
    }

    /// Checks and decrypts a protected answer. An answer with no data and an error status is returned as is
    /// (cards may answer errors unprotected); 6987/6988 mean the card dropped the session.
    package mutating func unprotect(_ response: ResponseAPDU) throws(SecureMessagingFailure) -> ResponseAPDU {
        if response.data.isEmpty {
            if response.status == .smDataObjectsMissing || response.status == .smDataObjectsIncorrect {
                throw .sessionClosed(response.status)
            }
            guard response.status.isSuccess else {
                keys.incrementSSC()
                return response
            }
            throw .missingDataObject("99")
        }
        let objects: [TLV]
        do { objects = try BERTLV.parseAll(response.data) } catch { throw .malformedResponse(error.description) }
        guard let macIndex = objects.firstIndex(where: { $0.tag == 0x8E }) else { throw .missingDataObject("8E") }
        guard objects[macIndex].value.count == 8 else { throw .malformedResponse("DO'8E' must hold 8 bytes") }
        let covered = objects[..<macIndex].flatMap(\.encoded)
        keys.incrementSSC()
        let expected: [UInt8]
        do { expected = try macOver(covered) } catch { throw .malformedResponse("\(error)") }
        guard constantTimeEqual(expected, objects[macIndex].value) else { throw .wrongMAC }
        guard let statusObject = objects.first(where: { $0.tag == 0x99 }) else { throw .missingDataObject("99") }
        guard statusObject.value.count == 2 else { throw .malformedResponse("DO'99' must hold 2 bytes") }
        let status = StatusWord(sw1: statusObject.value[0], sw2: statusObject.value[1])
        var plain: [UInt8] = []
        if let data = objects.first(where: { $0.tag == 0x87 || $0.tag == 0x85 }) {
            var cryptogram = data.value
            if data.tag == 0x87 {
                guard cryptogram.first == 0x01 else { throw .malformedResponse("DO'87' lacks the padding-content indicator 01") }
                cryptogram.removeFirst()
            }
            guard !cryptogram.isEmpty, cryptogram.count % keys.cipher.blockSize == 0 else {
                throw .malformedResponse("encrypted data of \(cryptogram.count) bytes is not whole blocks")
            }
            let decrypted: [UInt8]
            do {
                decrypted = try keys.cipher.cbc(key: keys.encryption, iv: try iv(), data: cryptogram, encrypt: false)
            } catch { throw .malformedResponse("\(error)") }
            guard let unpadded = unpadISO9797(decrypted) else { throw .malformedResponse("bad padding in decrypted data") }
            plain = unpadded
        }
        return ResponseAPDU(data: plain, status: status)
    }

    /// 3DES uses a zero IV; AES uses E(K_enc, SSC) (ICAO 9303-11 §9.8.6.3).
    private func iv() throws(EMRTDError) -> [UInt8]? {
        keys.cipher == .tripleDES ? nil : try BlockCipher.aesECB(key: keys.encryption, data: keys.ssc, encrypt: true)
    }

    private func macOver(_ data: [UInt8]) throws(EMRTDError) -> [UInt8] {
        try keys.cipher.secureMessagingMAC(key: keys.mac, ssc: keys.ssc, data: data)
    }
}

/// Compares MACs without an early exit.
package func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for (x, y) in zip(a, b) { diff |= x ^ y }
    return diff == 0
}
