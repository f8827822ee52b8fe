import COpenSSL
import CardIO
import EMRTD
import Foundation
import LDS

/// A complete simulated CCCD built from a `CitizenSample`: real COM, DG1, DG2, DG13, a DG14 with a chip-authentication
/// key (and PACE/AA infos), a DG15 with an active-authentication key, and a SOD signed by the test PKI.
public struct CCCDProfile: Sendable {
    /// Ways to make the chip's anti-cloning keys wrong, to test that verification notices.
    public enum Fault: Sendable, Hashable {
        /// The chip answers CA with a different key than DG14 holds (a clone that copied DG14).
        case wrongChipAuthenticationKey
        /// The chip answers AA with a different key than DG15 holds (a clone that copied DG15).
        case wrongActiveAuthenticationKey
        /// The SOD leaves DG14 and DG15 out: CA/AA keys are then not vouched for by the issuer.
        case sodOmitsChipKeys
    }

    /// The active-authentication key type.
    public enum ActiveAuthenticationKeyType: String, Sendable, CaseIterable {
        /// ECDSA on brainpoolP256r1 with explicit domain parameters in DG15.
        case ecdsa
        /// RSA-1024 with ISO/IEC 9796-2 scheme 1.
        case rsa
    }

    public let sample: CitizenSample
    /// File ID → contents (`0x011E` COM, `0x0101` DG1, `0x0102` DG2, `0x010D` DG13, `0x010E` DG14, `0x010F` DG15, `0x011D` SOD).
    public let files: [UInt16: [UInt8]]
    /// The keys that open the card: CAN (last 6 digits of the ID) and the MRZ key of DG1.
    public let accessKeys: CCCDAccessKeys
    /// The test PKI that signed the SOD (trust its CSCA to get "verified").
    public let pki: TestPKI?
    /// The SOD build output (certificates used), when a PKI was given.
    public let sod: SODBuilder.Output?
    let chipKey: SimulatedChipAuthenticationKey
    let activeKey: TestKey

    /// Builds the files; without `pki` the card has no SOD.
    public init(_ sample: CitizenSample, pki: TestPKI?, activeAuthentication: ActiveAuthenticationKeyType = .ecdsa,
        caCipher: SessionCipher = .aes128, caDH: Bool = false, faults: Set<Fault> = [], sodFaults: Set<SODBuilder.Fault> = []) throws
    {
        self.sample = sample
        self.pki = pki
        let caKey = try SimulatedChipAuthenticationKey.generate(cipher: caCipher, dh: caDH)
        let aaKey = activeAuthentication == .ecdsa
            ? try TestKey.ec(curve: NID_brainpoolP256r1, explicitParameters: true) : try TestKey.rsa(bits: 1024)
        chipKey = faults.contains(.wrongChipAuthenticationKey) ? try .generate(cipher: caCipher, dh: caDH) : caKey
        activeKey = faults.contains(.wrongActiveAuthenticationKey)
            ? (activeAuthentication == .ecdsa ? try TestKey.ec(curve: NID_brainpoolP256r1, explicitParameters: true) : try TestKey.rsa(bits: 1024))
            : aaKey

        var infos = caKey.securityInfos
        infos.append(CCCDCard.defaultPACE.derEncoded)
        if activeAuthentication == .ecdsa {  // ActiveAuthenticationInfo: ecdsa-plain-SHA256
            infos.append(TLV(tag: 0x30, value: OID(dotted: "2.23.136.1.1.5")!.derEncoded + [0x02, 0x01, 0x01]
                + OID(dotted: "0.4.0.127.0.7.1.1.4.1.3")!.derEncoded).encoded)
        }
        let dg14 = TLV(tag: 0x6E, value: TLV(tag: 0x31, value: infos.flatMap { $0 }).encoded).encoded
        let dg15 = TLV(tag: 0x6F, value: try aaKey.subjectPublicKeyInfoDER()).encoded
        let dataGroups: [Int: [UInt8]] = [
            1: LDSBuilder.dg1(for: sample), 2: LDSBuilder.dg2(for: sample), 13: LDSBuilder.dg13(for: sample), 14: dg14, 15: dg15,
        ]
        var files: [UInt16: [UInt8]] = [0x011E: LDSBuilder.com(dataGroups: [1, 2, 13, 14, 15])]
        for (n, bytes) in dataGroups { files[0x0100 + UInt16(n)] = bytes }
        if let pki {
            var all = sodFaults
            if faults.contains(.sodOmitsChipKeys) { all.formUnion([.omitDataGroup(14), .omitDataGroup(15)]) }
            let output = try SODBuilder.build(dataGroups: dataGroups, pki: pki, faults: all)
            files[0x011D] = output.sod
            sod = output
        } else {
            sod = nil
        }
        self.files = files
        let expiry = sample.dateOfExpiry?.yymmdd ?? "000000"  // which MRZ value no-expiry cards use is unconfirmed
        accessKeys = try CCCDAccessKeys(idNumber: sample.idNumber, dateOfBirth: sample.dateOfBirth.yymmdd, expiryCandidates: [expiry])
    }

    /// The sample's date of issue at noon in Vietnam: generate the test PKI at this date (`TestPKI.generate(now:)`)
    /// so the document signer is valid when passive authentication checks it at the card's issue date.
    public static func issueDate(_ sample: CitizenSample) -> Date {
        var components = DateComponents(year: sample.dateOfIssue.year, month: sample.dateOfIssue.month, day: sample.dateOfIssue.day, hour: 5)
        components.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: components) ?? Date()
    }

    /// A card configuration holding these files and answering CA and AA.
    public func configuration(mode: CCCDCard.AccessMode = .both, extendedLength: Bool = true) -> CCCDCard.Configuration {
        var c = CCCDCard.Configuration(mode: mode, mrz: accessKeys.mrz[0], can: accessKeys.can, files: files, extendedLength: extendedLength)
        c.chipAuthenticationKey = chipKey
        c.activeAuthenticationKey = activeKey
        return c
    }

    /// A fresh simulated card.
    public func card(mode: CCCDCard.AccessMode = .both, extendedLength: Bool = true) -> CCCDCard {
        CCCDCard(configuration(mode: mode, extendedLength: extendedLength))
    }
}
