import FuzzSupport
import LDS

/// DG2: the biometric templates (75 / 7F61 / 7F60 / A1 / 5F2E) and the ISO 19794-5 face record inside,
/// also fed directly to the face-record parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let dg2 = try? DG2(derEncoded: bytes) {
        for face in dg2.faces {
            fuzzCheck(face.size == face.imageData.count, "size")
            _ = face.mimeType
        }
    }
    if let face = try? FaceImage(biometricDataBlock: bytes) {
        fuzzCheck(face.imageData.count <= bytes.count, "image larger than its record")
    }
    _ = FaceImage.sniff(bytes)
    return 0
}
