import CardIO
import Foundation
import LDS

/// ICAO 9303-11 §5.1 passive authentication: data-group hashes against the SOD, the SOD signature against the
/// document signer, and the document signer against a CSCA from the trust store (never from the card).
public enum PassiveAuthentication {
    /// Verifies `sod` (EF.SOD file bytes, tag `77`; nil when not read) and the data groups read (number → the whole
    /// file bytes as read, tag included). Certificates are checked on the card's `dateOfIssue` when known (valid at
    /// some moment of that day in any time zone), else at the SOD's signing time, else at `now`.
    public static func verify(sod sodBytes: [UInt8]?, dataGroups: [Int: [UInt8]], trustStore: TrustStore,
        at dateOfIssue: CalendarDate? = nil, now: Date = Date()) -> PassiveAuthenticationReport
    {
        // The calendar day in any time zone: from 14 h before its UTC midnight to 12 h after its UTC end.
        let dayStart = dateOfIssue.map { Date(timeIntervalSince1970: TimeInterval(DERReading.daysSinceEpoch($0) * 86_400 - 14 * 3600)) }
        let dayEnd = dayStart.map { $0 + 50 * 3600 - 1 }
        var report = PassiveAuthenticationReport(outcome: .noSOD, validationTime: dayStart ?? now,
            source: dateOfIssue == nil ? .now : .dateOfIssue)
        func finish(_ outcome: PassiveAuthenticationOutcome) -> PassiveAuthenticationReport {
            report.outcome = outcome
            report.message = outcome.message
            return report
        }
        report.dataGroups = dataGroups.keys.sorted().map { .init(dataGroup: $0, status: .notChecked) }
        guard let sodBytes else { return finish(.noSOD) }
        let sod: SOD
        do { sod = try SOD(derEncoded: sodBytes) } catch { return finish(.malformedSOD(reason: error.description)) }
        report.hashAlgorithm = sod.securityObject.hashAlgorithm.description
        report.signatureAlgorithm = sod.signer.signatureAlgorithm.description
        report.signingTime = CMSSignatureCheck.signingTime(sod.signer)
        if dateOfIssue == nil, let signed = report.signingTime { (report.validationTime, report.validationTimeSource) = (signed, .signingTime) }

        // 1. The SOD signature, with the document signer certificate the SOD carries.
        guard let dsDER = sod.documentSignerCertificate else { return finish(.noSignerCertificate) }
        let signer: Certificate
        do { signer = try Certificate(derEncoded: dsDER) } catch {
            return finish(.malformedSOD(reason: "document signer certificate: \(error)"))
        }
        report.documentSigner = .init(signer)
        switch CMSSignatureCheck.verify(sod.signedData, signer: sod.signer, certificate: signer) {
        case .valid: report.sodSignatureValid = true
        case .contentDigestMismatch:
            report.sodSignatureValid = false
            return finish(.badSODSignature(reason: "messageDigest is not the hash of the signed security object"))
        case .signatureInvalid:
            report.sodSignatureValid = false
            return finish(.badSODSignature(reason: "the signature does not verify with the document signer's key"))
        case .unsupported(let why): return finish(.unsupportedAlgorithm(why))
        }

        // 2. Every data group read against the signed hashes.
        guard let digest = sod.securityObject.digestAlgorithm else {
            return finish(.unsupportedAlgorithm("data group hash \(sod.securityObject.hashAlgorithm)"))
        }
        var mismatched: [Int] = [], unsigned: [Int] = []
        for (i, check) in report.dataGroups.enumerated() {
            let n = check.dataGroup
            guard let expected = sod.securityObject.dataGroupHashes[n] else {
                report.dataGroups[i].status = .notInSOD
                unsigned.append(n)
                continue
            }
            let computed: [UInt8]
            do { computed = try digest.hash(dataGroups[n] ?? []) } catch { return finish(.unsupportedAlgorithm(error.description)) }
            report.dataGroups[i].expected = hex(expected)
            report.dataGroups[i].computed = hex(computed)
            report.dataGroups[i].status = computed == expected ? .matched : .mismatched
            if computed != expected { mismatched.append(n) }
        }
        if !mismatched.isEmpty { return finish(.dataGroupHashMismatch(dataGroups: mismatched)) }
        if !unsigned.isEmpty { return finish(.dataGroupNotInSOD(dataGroups: unsigned)) }

        // 3. The document signer against the trust store, link by link.
        let candidates = trustStore.issuers(of: signer)
        guard let first = candidates.first else { return finish(.issuerNotTrusted(issuer: signer.issuer.description)) }
        report.csca = .init(first)
        var failure: CertificateLink.Failure?
        for csca in candidates {
            if let f = CertificateLink.check(signer, issuedBy: csca, at: report.validationTime, through: dayEnd, purpose: .signing) {
                if failure == nil || f == .badSignature { failure = f }
                continue
            }
            report.csca = .init(csca)
            failure = nil
            break
        }
        if let failure { return finish(outcome(for: failure, issuer: signer.issuer.description)) }
        if let revoked = trustStore.isRevoked(signer) {
            report.revocationChecked = true
            if revoked { return finish(.signerRevoked(serialNumber: signer.serialHex)) }
        }
        return finish(.verified)
    }

    static func outcome(for failure: CertificateLink.Failure, issuer: String) -> PassiveAuthenticationOutcome {
        switch failure {
        case .issuerNameMismatch, .keyIdentifierMismatch: .issuerNotTrusted(issuer: issuer)
        case .badSignature: .signerCertificateBadSignature(issuer: issuer)
        case .expired(let subject, let notAfter): .certificateExpired(subject: subject, notAfter: notAfter)
        case .notYetValid(let subject, let notBefore): .certificateNotYetValid(subject: subject, notBefore: notBefore)
        case .keyUsage(let reason): .certificateNotAuthorized(reason: reason)
        case .unsupported(let why): .unsupportedAlgorithm(why)
        }
    }
}
