import CardIO
import EMRTD

extension CCCDCard {
    func getChallenge(_ apdu: APDU) -> ([UInt8], StatusWord) {
        guard configuration.mode != .paceOnly else { return ([], .securityStatusNotSatisfied) }
        guard apdu.ne == 8 else { return ([], .wrongLength) }
        let challenge = (try? secureRandom(8)) ?? []
        bacChallenge = challenge
        return (challenge, .success)
    }

    /// BAC MUTUAL AUTHENTICATE (ICAO 9303-11 §4.3.4): checks E.IFD/M.IFD, answers E.IC/M.IC, starts 3DES SM.
    func mutualAuthenticate(_ apdu: APDU) -> ([UInt8], StatusWord) {
        guard configuration.mode != .paceOnly else { return ([], .securityStatusNotSatisfied) }
        guard let rndIC = bacChallenge else { return ([], .conditionsNotSatisfied) }
        bacChallenge = nil
        guard apdu.data.count == 40 else { return ([], .wrongLength) }
        authenticationAttempts += 1
        do {
            let (kEnc, kMac) = try KeyDerivation.sessionKeys(configuration.mrz.keySeed(), cipher: .tripleDES)
            let e = Array(apdu.data[0..<32])
            guard try MAC.retail(key: kMac, data: e) == Array(apdu.data[32..<40]) else { return ([], .verificationFailed) }
            let s = try BlockCipher.tripleDESCBC(key: kEnc, data: e, encrypt: false)
            guard Array(s[8..<16]) == rndIC else { return ([], .verificationFailed) }
            let rndIFD = Array(s[0..<8])
            let kIFD = Array(s[16..<32])
            let kIC = try secureRandom(16)
            let r = try BlockCipher.tripleDESCBC(key: kEnc, data: rndIC + rndIFD + kIC, encrypt: true)
            let (sEnc, sMac) = try KeyDerivation.sessionKeys(zip(kIFD, kIC).map { $0 ^ $1 }, cipher: .tripleDES)
            session = CardSession(cipher: .tripleDES, kEnc: sEnc, kMac: sMac, ssc: Array(rndIC[4..<8]) + Array(rndIFD[4..<8]))
            return (r + (try MAC.retail(key: kMac, data: r)), .success)
        } catch {
            return ([], .noPreciseDiagnosis)
        }
    }
}
