/// A face image from DG2: the encoded picture (JPEG or JPEG 2000) and what the ISO/IEC 19794-5 header says.
public struct FaceImage: Sendable, Hashable {
    /// How the picture is encoded.
    public enum Format: String, Sendable, Hashable, Codable {
        case jpeg, jpeg2000
        /// The MIME type (`image/jpeg`, `image/jp2`).
        public var mimeType: String { self == .jpeg ? "image/jpeg" : "image/jp2" }
    }

    public var format: Format
    /// The encoded picture, ready to be written to a file.
    public var imageData: [UInt8]
    /// Width and height in pixels from the 19794-5 image information, when a header was present.
    public var width: Int?, height: Int?
    /// The 19794-5 version (`"010"`), nil when the block was a bare image.
    public var headerVersion: String?
    /// The biometric header template (`A1`) items by tag, raw.
    public var biometricHeader: [UInt32: [UInt8]] = [:]

    /// The MIME type of `imageData`.
    public var mimeType: String { format.mimeType }
    /// Size of `imageData` in bytes.
    public var size: Int { imageData.count }

    /// Parses a biometric data block: an ISO/IEC 19794-5 facial record, or a bare JPEG / JPEG 2000 image.
    public init(biometricDataBlock b: [UInt8]) throws(LDSError) {
        let file = LDSFile.dataGroup(2)
        if b.starts(with: [0x46, 0x41, 0x43, 0x00]) {  // "FAC\0"
            func u(_ at: Int, _ n: Int) throws(LDSError) -> Int {
                guard at >= 0, at + n <= b.count else {
                    throw .malformed(file, field: "ISO 19794-5 header", reason: "ends at byte \(b.count), needs \(at + n)")
                }
                return b[at..<(at + n)].reduce(0) { $0 << 8 | Int($1) }
            }
            let version = String(decoding: b[4..<min(7, b.count)], as: UTF8.self)
            guard version == "010" else {
                throw .unsupported(file, field: "ISO 19794-5 version", reason: "\"\(version)\"; only 010 (2005) is read")
            }
            guard try u(12, 2) >= 1 else { throw .missingField(file, field: "facial record (count is 0)") }
            let recordStart = 14
            let blockLength = try u(recordStart, 4)
            let featurePoints = try u(recordStart + 4, 2)
            let info = recordStart + 20 + featurePoints * 8
            let dataType = try u(info + 1, 1)
            let w = try u(info + 2, 2), h = try u(info + 4, 2)
            let start = info + 12
            let end = recordStart + blockLength
            guard blockLength >= 32, end <= b.count, start <= end else {
                throw .malformed(file, field: "facial record length", reason: "record length \(blockLength) does not fit the \(b.count)-byte block")
            }
            let data = Array(b[start..<end])
            guard let format = Self.sniff(data) else {
                throw .unsupported(file, field: "image data", reason: "image data type \(dataType) is neither JPEG nor JPEG 2000")
            }
            self.init(format: format, imageData: data, width: w, height: h, headerVersion: version)
        } else if let format = Self.sniff(b) {
            self.init(format: format, imageData: b, width: nil, height: nil, headerVersion: nil)
        } else {
            throw .unsupported(file, field: "biometric data block", reason: "neither an ISO 19794-5 record nor a JPEG/JPEG 2000 image")
        }
    }

    /// A value.
    public init(format: Format, imageData: [UInt8], width: Int?, height: Int?, headerVersion: String?) {
        self.format = format
        self.imageData = imageData
        self.width = width
        self.height = height
        self.headerVersion = headerVersion
    }

    /// The format from the first bytes: JPEG `FFD8FF`, JP2 signature box, or a J2K codestream `FF4FFF51`.
    public static func sniff(_ data: [UInt8]) -> Format? {
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if data.starts(with: [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || data.starts(with: [0xFF, 0x4F, 0xFF, 0x51]) {
            return .jpeg2000
        }
        return nil
    }
}
