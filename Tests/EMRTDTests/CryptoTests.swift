import CardIO
import Testing

@testable import EMRTD

/// Hex to bytes for vectors; a typo in a vector fails the test instead of trapping.
func h(_ text: String) throws -> [UInt8] { try #require(bytes(fromHex: text)) }

@Suite("Crypto wrapper over libcrypto")
struct CryptoTests {
    @Test("SHA-1 and SHA-256 of \"abc\" match FIPS 180-2 Appendix A/B")
    func digests() throws {
        let abc = Array("abc".utf8)
        #expect(try DigestAlgorithm.sha1.hash(abc) == h("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(try DigestAlgorithm.sha256.hash(abc) == h("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        for alg in DigestAlgorithm.allCases {
            #expect(try alg.hash(abc).count == [DigestAlgorithm.sha1: 20, .sha224: 28, .sha256: 32, .sha384: 48, .sha512: 64][alg])
        }
    }

    @Test("AES-CMAC matches RFC 4493 §4 for 0, 16, 40 and 64 bytes")
    func cmac() throws {
        let key = try h("2b7e151628aed2a6abf7158809cf4f3c")
        let m = try h(
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
        #expect(try MAC.cmac(key: key, data: []) == h("bb1d6929e95937287fa37d129b756746"))
        #expect(try MAC.cmac(key: key, data: Array(m.prefix(16))) == h("070a16b46b4d4144f79bdd9dd04a287c"))
        #expect(try MAC.cmac(key: key, data: Array(m.prefix(40))) == h("dfa66747de9ae63030ca32611497c827"))
        #expect(try MAC.cmac(key: key, data: m) == h("51f0bebf7e3b9d92fc49741779363cfe"))
    }

    @Test("3DES-CBC and the retail MAC reproduce E.IFD and M.IFD of ICAO 9303-11 Appendix D.3")
    func bacCryptogram() throws {
        // ICAO Doc 9303 Part 11, Appendix D.3 (BAC worked example): S, K_Enc, K_MAC → E.IFD, M.IFD.
        let s = try h("781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B")
        let eIFD = try BlockCipher.tripleDESCBC(key: h("AB94FDECF2674FDFB9B391F85D7F76F2"), data: s, encrypt: true)
        #expect(eIFD == (try h("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")))
        #expect(try MAC.retail(key: h("7962D9ECE03D1ACD4C76089DCE131543"), data: eIFD) == h("5F1448EEA8AD90A7"))
        #expect(try BlockCipher.tripleDESCBC(key: h("AB94FDECF2674FDFB9B391F85D7F76F2"), data: eIFD, encrypt: false) == s)
    }

    @Test("AES-CBC round-trips for 128, 192 and 256-bit keys and rejects partial blocks")
    func aesRoundTrip() throws {
        let data = try secureRandom(48)
        for n in [16, 24, 32] {
            let key = try secureRandom(n)
            let c = try BlockCipher.aesCBC(key: key, data: data, encrypt: true)
            #expect(c != data)
            #expect(try BlockCipher.aesCBC(key: key, data: c, encrypt: false) == data)
        }
        #expect(throws: EMRTDError.self) { try BlockCipher.aesCBC(key: [UInt8](repeating: 0, count: 16), data: [1, 2, 3], encrypt: true) }
    }

    @Test("ISO 9797-1 method 2 padding is removed exactly and bad padding is refused")
    func padding() {
        #expect(padISO9797([1, 2], blockSize: 8) == [1, 2, 0x80, 0, 0, 0, 0, 0])
        #expect(unpadISO9797([1, 2, 0x80, 0, 0, 0, 0, 0]) == [1, 2])
        #expect(unpadISO9797([1, 2, 0, 0]) == nil)
    }

    @Test("EC generic-mapping arithmetic on brainpoolP256r1 reproduces ICAO 9303-11 Appendix G.1")
    func ecMapping() throws {
        // ICAO Doc 9303 Part 11, Appendix G.1 (PACE ECDH generic mapping worked example).
        let curve = try EllipticCurve(.brainpoolP256r1)
        let skMap = try h("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99")
        #expect(try curve.multiply(skMap) == h(
            "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"))
        let pkMapIC = try h(
            "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54")
        let hPoint = try curve.multiply(skMap, pkMapIC)
        #expect(hPoint == (try h(
            "0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181")))
        let mapped = try curve.add(curve.multiply(h("3F00C4D39D153F2B2A214A078D899B22")), hPoint)
        #expect(mapped == (try h(
            "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522")))
    }

    @Test("every PACE curve loads and ECDH agrees between two random key pairs")
    func ecdhAllCurves() throws {
        for name in EllipticCurve.Name.allCases {
            let curve = try EllipticCurve(name)
            let a = try curve.randomScalar()
            let b = try curve.randomScalar()
            let shared1 = try curve.xCoordinate(curve.multiply(a, curve.multiply(b)))
            let shared2 = try curve.xCoordinate(curve.multiply(b, curve.multiply(a)))
            #expect(shared1 == shared2)
            #expect(shared1.count == curve.fieldSize)
        }
    }

    @Test("a point that is not on the curve is a typed error")
    func badPoint() throws {
        let curve = try EllipticCurve(.p256)
        var g = try curve.generator
        g[10] ^= 1
        #expect(throws: EMRTDError.self) { try curve.validate(g) }
        #expect(throws: EMRTDError.self) { try curve.validate([0x04, 1, 2]) }
    }

    @Test("DH groups of RFC 5114 agree and reject values outside the subgroup")
    func dh() throws {
        for name in DiffieHellmanGroup.Name.allCases {
            let group = try DiffieHellmanGroup(name)
            let a = try group.randomExponent()
            let b = try group.randomExponent()
            let ya = try group.power(a)
            let yb = try group.power(b)
            _ = try group.validate(ya)
            #expect(try group.power(a, base: yb) == group.power(b, base: ya))
            #expect(throws: EMRTDError.self) { try group.validate([1]) }
        }
    }
}
