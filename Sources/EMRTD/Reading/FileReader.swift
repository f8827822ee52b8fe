import CardIO

/// Reads elementary files over any channel (plain or secure messaging) with the fewest APDUs:
/// SELECT by file ID, a 6-byte header read to learn the TLV length, then the rest in chunks as large
/// as the channel allows. Offsets above 32767 use odd INS `B1`. A chunk answered 6700/6B00/6282
/// is retried smaller and the smaller size is kept in `chunkLimit`.
public final class FileReader {
    public let channel: any CardChannel
    /// The largest plaintext chunk to ask for; lowered when the card refuses a size.
    public var chunkLimit: Int
    /// Bytes asked for by the first READ BINARY of a file.
    public static let headerLength = 6
    /// The largest plaintext an extended-length protected answer carries with room for the SM objects.
    public static let maxExtendedChunk = 65_472

    /// `chunkLimit` defaults to the channel's capability: extended length or the safe short size under SM.
    public init(channel: any CardChannel, chunkLimit: Int? = nil) {
        self.channel = channel
        let short = channel is SecureMessagingChannel ? 223 : 256
        self.chunkLimit = chunkLimit ?? (channel.supportsExtendedLength ? Self.maxExtendedChunk : short)
    }

    /// SELECT the eMRTD application (`A0 00 00 02 47 10 01`).
    public func selectApplication() throws(EMRTDError) {
        try expectSuccess(APDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]), step: "SELECT eMRTD application")
    }

    /// SELECT an elementary file by its file ID (`00 A4 02 0C 02 xx xx`).
    public func select(fileID: UInt16) throws(EMRTDError) {
        try expectSuccess(APDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [UInt8(fileID >> 8), UInt8(fileID & 0xFF)]),
                          step: "SELECT file \(hex([UInt8(fileID >> 8), UInt8(fileID & 0xFF)]))")
    }

    /// Selects and reads a whole file whose contents are one BER-TLV object.
    public func readFile(fileID: UInt16) throws(EMRTDError) -> [UInt8] {
        try select(fileID: fileID)
        var content = try readChunk(offset: 0, length: Self.headerLength, allowShort: true)
        let total: Int
        do {
            guard let t = try BERTLV.totalLength(fromPrefix: content) else {
                throw EMRTDError.malformed("file \(String(fileID, radix: 16)) header is too short to hold a TLV length")
            }
            total = t
        } catch let error as TLVError {
            throw .malformed("file \(String(fileID, radix: 16)) does not start with a TLV header: \(error)")
        } catch let error as EMRTDError {
            throw error
        } catch {
            throw .malformed("\(error)")
        }
        guard total <= 16 * 1024 * 1024 else { throw .malformed("file declares \(total) bytes, more than any eMRTD file holds") }
        if content.count > total { content = Array(content.prefix(total)) }
        while content.count < total {
            let chunk = try readChunk(offset: content.count, length: min(chunkLimit, total - content.count), allowShort: false)
            content += chunk
        }
        return content
    }

    /// One READ BINARY at `offset`; falls back to smaller chunks on 6700/6B00/6282 without data.
    func readChunk(offset: Int, length: Int, allowShort: Bool) throws(EMRTDError) -> [UInt8] {
        var want = length
        var fallbacks = 0
        while true {
            let answer: ResponseAPDU
            let useOddINS = offset > 0x7FFF
            let command: APDU
            if useOddINS {
                if want + 4 > chunkLimit { want = max(1, chunkLimit - 4) }
                let o = [UInt8(offset >> 16 & 0xFF), UInt8(offset >> 8 & 0xFF), UInt8(offset & 0xFF)]
                let header = 1 + (want < 0x80 ? 1 : (want < 0x100 ? 2 : 3))
                command = APDU(ins: 0xB1, data: [0x54, 0x03] + o, ne: min(want + header, APDU.maxExtendedNe))
            } else {
                command = APDU(ins: 0xB0, p1: UInt8(offset >> 8), p2: UInt8(offset & 0xFF), ne: want)
            }
            do { answer = try channel.send(command) } catch { throw EMRTDError.from(error, channel: channel) }
            var data = answer.data
            if useOddINS && !data.isEmpty {
                do { data = try BERTLV.parseSingle(data, expecting: 0x53).value } catch {
                    throw .malformed("READ BINARY (B1) answer is not a DO'53': \(error)")
                }
            }
            if answer.status.isSuccess || (answer.status == .endOfFileBeforeNe && !data.isEmpty) {
                guard !data.isEmpty else { throw .malformed("READ BINARY at offset \(offset) returned no data") }
                guard data.count <= want || allowShort else { throw .malformed("READ BINARY returned more bytes than asked for") }
                return data
            }
            if answer.status.meansLeTooLarge && want > 1 && fallbacks < 8 {
                fallbacks += 1
                want = want > 223 ? 223 : max(1, want / 2)
                if !allowShort { chunkLimit = min(chunkLimit, want) }
                continue
            }
            throw .status(answer.status, step: "READ BINARY at offset \(offset)")
        }
    }

    private func expectSuccess(_ command: APDU, step: String) throws(EMRTDError) {
        let answer: ResponseAPDU
        do { answer = try channel.send(command) } catch { throw EMRTDError.from(error, channel: channel) }
        guard answer.status.isSuccess else { throw .status(answer.status, step: step) }
    }
}
