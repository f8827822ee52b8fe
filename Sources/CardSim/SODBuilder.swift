import CardIO
import Foundation
import LDS

/// Builds EF.SOD by hand-encoded DER: a CMS SignedData over an LDSSecurityObject with the hash of each data group,
/// signed attributes (contentType, signingTime, messageDigest) and the document signer certificate included,
/// signed with the test PKI's document signer; `Fault`s make it wrong in one precise way each.
public enum SODBuilder {
    /// One way to make the SOD (or its PKI) wrong, to test that verification notices.
    public enum Fault: Sendable, Hashable {
        /// The SOD lists a wrong hash for this data group.
        case wrongHash(dataGroup: Int)
        /// The data group is left out of the SOD.
        case omitDataGroup(Int)
        /// The document signer certificate expired before the SOD was signed.
        case expiredSigner
        /// The document signer certificate becomes valid only after the SOD was signed.
        case signerNotYetValid
        /// The document signer is issued by a fresh CSCA that nobody trusts.
        case unknownCSCA
        /// The document signer certificate names the real CSCA (name and key identifier) but an impostor key signed it.
        case forgedSignerCertificate
        /// The document signer certificate's keyUsage allows only keyEncipherment, not digitalSignature.
        case signerMayNotSign
        /// One bit of the SOD signature is flipped.
        case corruptSignature
        /// The messageDigest attribute is not the hash of the security object.
        case messageDigestMismatch
        /// The LDSSecurityObject names MD5 as its hash algorithm.
        case unsupportedHashAlgorithm
        /// The SignedData carries no certificate.
        case noSignerCertificate
    }

    /// A built SOD and the certificates actually used.
    public struct Output: Sendable {
        /// EF.SOD file contents (tag `77`).
        public let sod: [UInt8]
        public let documentSigner: TestCertificate
        /// The CSCA that issued `documentSigner` (the PKI's, or the unknown/impostor one a fault made).
        public let csca: TestCertificate
    }

    /// Builds EF.SOD over `dataGroups` (number → whole file bytes) signed at `signingTime` (default: the PKI's `now`).
    public static func build(dataGroups: [Int: [UInt8]], pki: TestPKI, faults: Set<Fault> = [], signingTime: Date? = nil)
        throws(TestPKIError) -> Output
    {
        let when = signingTime ?? pki.now
        let day = TestPKI.day
        var csca = pki.csca, signer = pki.documentSigner
        if faults.contains(.unknownCSCA) {
            csca = try TestPKI.makeCSCA(pki.kind, name: [.init("C", "ZZ"), .init("O", "Unknown issuer"), .init("CN", "CSCA Unknown")], now: when)
            signer = try TestPKI.issueDocumentSigner(pki.kind, by: csca, serial: 7, notBefore: when - 30 * day, notAfter: when + 365 * day)
        }
        if faults.contains(.forgedSignerCertificate) {
            csca = try TestPKI.makeCSCA(pki.kind, name: pki.csca.name, now: when, keyIdentifier: pki.csca.keyIdentifier)
            signer = try TestPKI.issueDocumentSigner(pki.kind, by: csca, serial: 8, notBefore: when - 30 * day, notAfter: when + 365 * day)
        }
        if faults.contains(.expiredSigner) {
            signer = try TestPKI.issueDocumentSigner(pki.kind, by: csca, serial: 9, notBefore: when - 400 * day, notAfter: when - day)
        }
        if faults.contains(.signerNotYetValid) {
            signer = try TestPKI.issueDocumentSigner(pki.kind, by: csca, serial: 10, notBefore: when + day, notAfter: when + 365 * day)
        }
        if faults.contains(.signerMayNotSign) {
            signer = try TestPKI.issueDocumentSigner(pki.kind, by: csca, serial: 11, notBefore: when - 30 * day, notAfter: when + 365 * day,
                keyUsage: [0x03, 0x02, 0x05, 0x20])
        }

        let digest = pki.dataGroupDigest
        var entries: [[UInt8]] = []
        for (n, bytes) in dataGroups.sorted(by: { $0.key < $1.key }) where !faults.contains(.omitDataGroup(n)) {
            var hash = try digest.digest(bytes)
            if faults.contains(.wrongHash(dataGroup: n)) { hash[0] ^= 0xFF }
            entries.append(sequence([integer(n), octets(hash)]))
        }
        let hashOID = faults.contains(.unsupportedHashAlgorithm) ? "1.2.840.113549.2.5" : digest.oid
        let lso = sequence([integer(0), sequence([oid(hashOID), [0x05, 0x00]]), sequence(entries)])

        let signedDigest = signer.algorithm.digest
        var contentHash = try signedDigest.digest(lso)
        if faults.contains(.messageDigestMismatch) { contentHash[contentHash.count - 1] ^= 0x01 }
        let attributes = [
            sequence([oid("1.2.840.113549.1.9.3"), set([oid("2.23.136.1.1.1")])]),
            sequence([oid("1.2.840.113549.1.9.5"), set([utcTime(when)])]),
            sequence([oid("1.2.840.113549.1.9.4"), set([octets(contentHash)])]),
        ].sorted { $0.lexicographicallyPrecedes($1) }
        var signature = try signer.key.sign(set(attributes), signer.algorithm)
        if faults.contains(.corruptSignature) { signature[signature.count - 1] ^= 0x01 }

        guard let ref = CertificateReference(certificateDER: signer.der) else { throw TestPKIError(description: "test PKI: signer certificate unreadable") }
        let signerInfo = sequence([
            integer(1),
            sequence([ref.issuerDER, TLV(tag: 0x02, value: ref.serialNumber).encoded]),
            sequence([oid(signedDigest.oid), [0x05, 0x00]]),
            tagged(0xA0, attributes.flatMap { $0 }),
            signer.algorithm.algorithmIdentifierDER,
            octets(signature),
        ])
        var signedData: [[UInt8]] = [
            integer(3),
            set([sequence([oid(signedDigest.oid), [0x05, 0x00]])]),
            sequence([oid("2.23.136.1.1.1"), tagged(0xA0, octets(lso))]),
        ]
        if !faults.contains(.noSignerCertificate) { signedData.append(tagged(0xA0, signer.der)) }
        signedData.append(set([signerInfo]))
        let contentInfo = sequence([oid("1.2.840.113549.1.7.2"), tagged(0xA0, sequence(signedData))])
        return Output(sod: tagged(0x77, contentInfo), documentSigner: signer, csca: csca)
    }
}
