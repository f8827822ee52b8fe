import CardIO

/// The SecurityInfos of EF.CardAccess and DG14 (ICAO 9303-11 §9.2): a SET of SecurityInfo,
/// each a SEQUENCE { protocol OID, required data, optional data }.
public struct SecurityInfos: Sendable, Hashable {
    /// Every entry in file order, including ones this reader does not know.
    public var infos: [SecurityInfo]

    /// Parses the DER `SET OF SecurityInfo`; `file` names the source in errors.
    public init(derEncoded bytes: [UInt8], file: LDSFile = .cardAccess) throws(LDSError) {
        let der = DER(file: file)
        let set = try der.single(bytes, tag: 0x31, field: "SecurityInfos")
        var infos: [SecurityInfo] = []
        for item in try der.children(set, field: "SecurityInfos") {
            infos.append(try SecurityInfo(item, der: der))
        }
        self.infos = infos
    }

    /// The PACE entries (PACEInfo), in file order.
    public var paceInfos: [PACEInfo] { infos.compactMap { if case .pace(let p) = $0 { p } else { nil } } }
    /// The chip-authentication entries (ChipAuthenticationInfo).
    public var chipAuthenticationInfos: [ChipAuthenticationInfo] {
        infos.compactMap { if case .chipAuthentication(let c) = $0 { c } else { nil } }
    }
    /// The chip-authentication public keys (ChipAuthenticationPublicKeyInfo).
    public var chipAuthenticationPublicKeys: [ChipAuthenticationPublicKeyInfo] {
        infos.compactMap { if case .chipAuthenticationPublicKey(let k) = $0 { k } else { nil } }
    }
}

/// One SecurityInfo entry.
public enum SecurityInfo: Sendable, Hashable {
    case pace(PACEInfo)
    case chipAuthentication(ChipAuthenticationInfo)
    case chipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo)
    /// ActiveAuthenticationInfo: the signature algorithm OID for active authentication.
    case activeAuthentication(signatureAlgorithm: OID)
    /// Any other protocol (PACEDomainParameterInfo, TerminalAuthenticationInfo…), kept raw.
    case other(protocol: OID, derEncoded: [UInt8])

    init(_ tlv: TLV, der: DER) throws(LDSError) {
        let fields = try der.children(tlv, tag: 0x30, field: "SecurityInfo")
        let oid = try der.oid(try der.element(fields, 0, tag: 0x06, field: "SecurityInfo.protocol"), field: "SecurityInfo.protocol")
        let arcs = oid.arcs
        if arcs.count == 11, Array(arcs.prefix(9)) == SecurityProtocol.pacePrefix {
            let version = try der.smallInteger(try der.element(fields, 1, tag: 0x02, field: "PACEInfo.version"), field: "PACEInfo.version")
            let parameterID = fields.count > 2 ? try der.smallInteger(fields[2], field: "PACEInfo.parameterId") : nil
            self = .pace(PACEInfo(protocol: oid, version: version, parameterID: parameterID))
        } else if arcs.count == 11, Array(arcs.prefix(9)) == SecurityProtocol.chipAuthenticationPrefix {
            let version = try der.smallInteger(try der.element(fields, 1, tag: 0x02, field: "ChipAuthenticationInfo.version"),
                                               field: "ChipAuthenticationInfo.version")
            let keyID = fields.count > 2 ? try der.integerBytes(fields[2], field: "ChipAuthenticationInfo.keyId") : nil
            self = .chipAuthentication(ChipAuthenticationInfo(protocol: oid, version: version, keyID: keyID))
        } else if arcs.count == 10, Array(arcs.prefix(9)) == SecurityProtocol.chipAuthenticationPublicKeyPrefix {
            guard fields.count > 1, fields[1].tag == 0x30 else { throw .missingField(der.file, field: "ChipAuthenticationPublicKeyInfo.chipAuthenticationPublicKey") }
            let keyID = fields.count > 2 ? try der.integerBytes(fields[2], field: "ChipAuthenticationPublicKeyInfo.keyId") : nil
            self = .chipAuthenticationPublicKey(ChipAuthenticationPublicKeyInfo(protocol: oid, subjectPublicKeyInfo: fields[1].encoded, keyID: keyID))
        } else if oid.dotted == SecurityProtocol.activeAuthentication {
            let alg = try der.oid(try der.element(fields, 2, tag: 0x06, field: "ActiveAuthenticationInfo.signatureAlgorithm"),
                                  field: "ActiveAuthenticationInfo.signatureAlgorithm")
            self = .activeAuthentication(signatureAlgorithm: alg)
        } else {
            self = .other(protocol: oid, derEncoded: tlv.encoded)
        }
    }
}

/// A PACEInfo: protocol OID (mapping, key agreement, cipher), version and standardized parameter ID.
public struct PACEInfo: Sendable, Hashable {
    /// How the nonce is mapped to the ephemeral generator.
    public enum Mapping: String, Sendable, Hashable { case generic, integrated, chipAuthentication }
    /// The key agreement family.
    public enum KeyAgreement: String, Sendable, Hashable { case dh = "DH", ecdh = "ECDH" }
    /// The symmetric suite (3DES-CBC-CBC, AES-CBC-CMAC-128/192/256).
    public enum Cipher: String, Sendable, Hashable { case tripleDES = "3DES", aes128 = "AES-128", aes192 = "AES-192", aes256 = "AES-256" }

    /// The protocol OID, e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128 (0.4.0.127.0.7.2.2.4.2.2).
    public let `protocol`: OID
    public let version: Int
    /// Standardized domain parameter ID (0–2 DH, 8–18 EC; table 6 of ICAO 9303-11), when given.
    public let parameterID: Int?

    public init(protocol: OID, version: Int, parameterID: Int?) {
        self.protocol = `protocol`
        self.version = version
        self.parameterID = parameterID
    }

    /// The mapping and key agreement of the OID; nil for an unknown PACE OID.
    public var mapping: (Mapping, KeyAgreement)? {
        guard `protocol`.arcs.count == 11 else { return nil }
        switch `protocol`.arcs[9] {
        case 1: return (.generic, .dh)
        case 2: return (.generic, .ecdh)
        case 3: return (.integrated, .dh)
        case 4: return (.integrated, .ecdh)
        case 6: return (.chipAuthentication, .ecdh)
        default: return nil
        }
    }

    /// The cipher suite of the OID; nil when unknown.
    public var cipher: Cipher? {
        guard `protocol`.arcs.count == 11 else { return nil }
        switch `protocol`.arcs[10] {
        case 1: return .tripleDES
        case 2: return .aes128
        case 3: return .aes192
        case 4: return .aes256
        default: return nil
        }
    }

    /// The PACE OID for a mapping, key agreement and cipher; nil for combinations ICAO does not define.
    public static func oid(mapping: Mapping, keyAgreement: KeyAgreement, cipher: Cipher) -> OID? {
        let m: UInt64
        switch (mapping, keyAgreement) {
        case (.generic, .dh): m = 1
        case (.generic, .ecdh): m = 2
        case (.integrated, .dh): m = 3
        case (.integrated, .ecdh): m = 4
        case (.chipAuthentication, .ecdh): m = 6
        case (.chipAuthentication, .dh): return nil
        }
        let c: UInt64 = switch cipher {
        case .tripleDES: 1
        case .aes128: 2
        case .aes192: 3
        case .aes256: 4
        }
        if mapping == .chipAuthentication && cipher == .tripleDES { return nil }
        return OID(dotted: (SecurityProtocol.pacePrefix + [m, c]).map(String.init).joined(separator: "."))
    }

    /// The DER SecurityInfo encoding (for building EF.CardAccess, e.g. in the card simulator).
    public var derEncoded: [UInt8] {
        var fields = `protocol`.derEncoded + [0x02, 0x01, UInt8(clamping: version)]
        if let parameterID { fields += [0x02, 0x01, UInt8(clamping: parameterID)] }
        return TLV(tag: 0x30, value: fields).encoded
    }
}

/// A ChipAuthenticationInfo (id-CA-DH/ECDH-3DES/AES…), as found in DG14.
public struct ChipAuthenticationInfo: Sendable, Hashable {
    public let `protocol`: OID
    public let version: Int
    /// The key identifier (INTEGER content bytes) when several keys exist.
    public let keyID: [UInt8]?
}

/// A ChipAuthenticationPublicKeyInfo (id-PK-DH / id-PK-ECDH), as found in DG14.
public struct ChipAuthenticationPublicKeyInfo: Sendable, Hashable {
    public let `protocol`: OID
    /// The DER SubjectPublicKeyInfo of the chip's static key.
    public let subjectPublicKeyInfo: [UInt8]
    public let keyID: [UInt8]?
}

/// Protocol OID constants of ICAO 9303-11 §9.2 and BSI TR-03110.
public enum SecurityProtocol {
    /// id-PACE = 0.4.0.127.0.7.2.2.4 (bsi-de protocols smartcard 4).
    static let pacePrefix: [UInt64] = [0, 4, 0, 127, 0, 7, 2, 2, 4]
    /// id-CA = 0.4.0.127.0.7.2.2.3.
    static let chipAuthenticationPrefix: [UInt64] = [0, 4, 0, 127, 0, 7, 2, 2, 3]
    /// id-PK = 0.4.0.127.0.7.2.2.1.
    static let chipAuthenticationPublicKeyPrefix: [UInt64] = [0, 4, 0, 127, 0, 7, 2, 2, 1]
    /// id-icao-mrtd-security-aaProtocolObject = 2.23.136.1.1.5.
    static let activeAuthentication = "2.23.136.1.1.5"
}

extension DER {
    /// INTEGER content bytes of any length (key identifiers).
    func integerBytes(_ tlv: TLV, field: String) throws(LDSError) -> [UInt8] {
        guard tlv.tag == 0x02 else { throw wrongTag(field, expected: 0x02, found: tlv.tag) }
        guard !tlv.value.isEmpty else { throw .invalidValue(file, field: field, reason: "empty INTEGER") }
        return tlv.value
    }
}
