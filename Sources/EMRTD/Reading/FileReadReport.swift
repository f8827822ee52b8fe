import CardIO

/// What reading one file cost and gave.
public struct FileReadResult: Sendable, Hashable, Codable {
    /// e.g. "DG2".
    public var name: String
    /// e.g. "0102".
    public var fileID: String
    /// Bytes read (0 when the file failed).
    public var size: Int
    /// APDUs on the wire, GET RESPONSE included.
    public var apdus: Int
    public var bytesSent: Int
    public var bytesReceived: Int
    /// Why the file could not be read, if it could not.
    public var error: String?
    /// The contents (not encoded in reports).
    public var contents: [UInt8] = []

    enum CodingKeys: String, CodingKey { case name, fileID, size, apdus, bytesSent, bytesReceived, error }
}

extension FileReader {
    /// Reads each named file, measuring APDUs and bytes on `wire` (the counting channel under secure messaging).
    /// A missing file (6A82) is reported and the next one read; a card gone or an SM failure stops the read.
    public func readFiles(_ files: [(name: String, fileID: UInt16)], wire: CountingChannel) throws(EMRTDError) -> [FileReadResult] {
        var results: [FileReadResult] = []
        for file in files {
            let (a, s, r) = (wire.apdus, wire.bytesSent, wire.bytesReceived)
            var result = FileReadResult(name: file.name, fileID: hex([UInt8(file.fileID >> 8), UInt8(file.fileID & 0xFF)]), size: 0,
                                        apdus: 0, bytesSent: 0, bytesReceived: 0, error: nil)
            do {
                result.contents = try readFile(fileID: file.fileID)
                result.size = result.contents.count
            } catch {
                if error.isCardGone { throw error }
                if case .secureMessaging = error { throw error }
                result.error = error.description
            }
            result.apdus = wire.apdus - a
            result.bytesSent = wire.bytesSent - s
            result.bytesReceived = wire.bytesReceived - r
            results.append(result)
        }
        return results
    }
}
