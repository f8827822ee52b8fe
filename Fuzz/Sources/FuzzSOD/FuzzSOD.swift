import FuzzSupport
import LDS

/// EF.SOD: the CMS SignedData, the LDSSecurityObject and signer info, the signature input, and the
/// certificate reference of the embedded document signer. The bare CMS parser and the CSCA master-list parser
/// get the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let sod = try? SOD(derEncoded: bytes) {
        _ = sod.signatureInput
        if let certificate = sod.documentSignerCertificate { _ = CertificateReference(certificateDER: certificate) }
        for (group, hash) in sod.securityObject.dataGroupHashes { fuzzCheck(!hash.isEmpty || group >= 0, "hash") }
    }
    if let cms = try? CMSSignedData(derEncoded: bytes) {
        for signer in cms.signerInfos { _ = cms.certificate(of: signer) }
        _ = try? LDSSecurityObject(derEncoded: cms.encapsulatedContent)
    }
    _ = try? CSCAMasterList(derEncoded: bytes)
    return 0
}
