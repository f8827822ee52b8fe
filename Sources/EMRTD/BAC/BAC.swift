import CardIO

/// Basic Access Control (ICAO 9303-11 §4.3): GET CHALLENGE, MUTUAL AUTHENTICATE, session keys and SSC.
public enum BAC {
    /// Runs BAC on `channel` (the eMRTD application must be selected) and returns the protected channel.
    /// A refused key is `.accessDenied`; a card that does not do BAC answers `6982`/`6D00` at GET CHALLENGE.
    public static func open(_ channel: any CardChannel, key: MRZKey) throws(EMRTDError) -> SecureMessagingChannel {
        let (kEnc, kMac) = try KeyDerivation.sessionKeys(key.keySeed(), cipher: .tripleDES)
        let challenge = try exchange(channel, APDU(ins: 0x84, ne: 8), step: "GET CHALLENGE")
        guard challenge.data.count == 8 else { throw .malformed("GET CHALLENGE returned \(challenge.data.count) bytes, expected 8") }
        let terminal = Terminal(rndIFD: try secureRandom(8), kIFD: try secureRandom(16), kEnc: kEnc, kMac: kMac)
        let command = try terminal.mutualAuthenticateData(rndIC: challenge.data)
        let answer: ResponseAPDU
        do { answer = try channel.send(APDU(ins: 0x82, data: command, ne: 40)) } catch { throw .card(error) }
        guard answer.status.isSuccess else {
            if [.verificationFailed, .securityStatusNotSatisfied, .incorrectData].contains(answer.status) || answer.status.retriesLeft != nil {
                throw .accessDenied(protocol: "BAC", hint: "MUTUAL AUTHENTICATE answered \(answer.status); the MRZ key (document number, birth date, expiry date) does not match this card")
            }
            throw .status(answer.status, step: "MUTUAL AUTHENTICATE")
        }
        let keys = try terminal.sessionKeys(response: answer.data, rndIC: challenge.data)
        return SecureMessagingChannel(base: channel, keys: keys)
    }

    /// The terminal's computations, separated from IO so the ICAO worked example can drive them.
    package struct Terminal: Sendable {
        package let rndIFD: [UInt8]
        package let kIFD: [UInt8]
        package let kEnc: [UInt8]
        package let kMac: [UInt8]

        package init(rndIFD: [UInt8], kIFD: [UInt8], kEnc: [UInt8], kMac: [UInt8]) {
            self.rndIFD = rndIFD
            self.kIFD = kIFD
            self.kEnc = kEnc
            self.kMac = kMac
        }

        /// E.IFD || M.IFD for MUTUAL AUTHENTICATE.
        package func mutualAuthenticateData(rndIC: [UInt8]) throws(EMRTDError) -> [UInt8] {
            let s = rndIFD + rndIC + kIFD
            let e = try BlockCipher.tripleDESCBC(key: kEnc, data: s, encrypt: true)
            return e + (try MAC.retail(key: kMac, data: e))
        }

        /// Checks the card's cryptogram and derives the session keys and SSC.
        package func sessionKeys(response: [UInt8], rndIC: [UInt8]) throws(EMRTDError) -> SessionKeys {
            guard response.count == 40 else { throw .malformed("MUTUAL AUTHENTICATE returned \(response.count) bytes, expected 40") }
            let e = Array(response[0..<32])
            guard constantTimeEqual(try MAC.retail(key: kMac, data: e), Array(response[32..<40])) else {
                throw .secureMessaging(.wrongMAC)
            }
            let r = try BlockCipher.tripleDESCBC(key: kEnc, data: e, encrypt: false)
            guard Array(r[0..<8]) == rndIC, Array(r[8..<16]) == rndIFD else {
                throw .malformed("MUTUAL AUTHENTICATE cryptogram does not echo the challenges")
            }
            let kIC = Array(r[16..<32])
            let (enc, mac) = try KeyDerivation.sessionKeys(xor(kIFD, kIC), cipher: .tripleDES)
            return SessionKeys(cipher: .tripleDES, encryption: enc, mac: mac, ssc: Array(rndIC[4..<8]) + Array(rndIFD[4..<8]))
        }
    }

    static func exchange(_ channel: any CardChannel, _ command: APDU, step: String) throws(EMRTDError) -> ResponseAPDU {
        let answer: ResponseAPDU
        do { answer = try channel.send(command) } catch { throw .card(error) }
        guard answer.status.isSuccess else { throw .status(answer.status, step: step) }
        return answer
    }
}
