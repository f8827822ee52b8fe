/// A command APDU (ISO/IEC 7816-4), cases 1–4 in short or extended length.
public struct APDU: Sendable, Hashable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    /// Command data (Nc bytes); empty for cases 1 and 2.
    public var data: [UInt8]
    /// Maximum number of response bytes expected (Ne), or nil when none (cases 1 and 3).
    /// 256 is the short maximum, 65536 the extended maximum.
    public var ne: Int?

    public static let maxShortNe = 256
    public static let maxExtendedNe = 65536
    public static let maxShortNc = 255
    public static let maxExtendedNc = 65535

    public init(cla: UInt8 = 0x00, ins: UInt8, p1: UInt8 = 0, p2: UInt8 = 0, data: [UInt8] = [], ne: Int? = nil) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.ne = ne
    }

    /// True when the command needs extended length fields (Nc > 255 or Ne > 256).
    public var needsExtendedLength: Bool {
        data.count > Self.maxShortNc || (ne ?? 0) > Self.maxShortNe
    }

    /// The ISO 7816-4 case (1–4) of this command.
    public var isoCase: Int {
        switch (data.isEmpty, ne == nil) {
        case (true, true): 1
        case (true, false): 2
        case (false, true): 3
        case (false, false): 4
        }
    }

    /// The bytes on the wire. Throws when Nc or Ne cannot be encoded at all.
    public func encoded() throws(APDUError) -> [UInt8] {
        guard data.count <= Self.maxExtendedNc else { throw .commandDataTooLong(data.count) }
        if let ne, ne < 1 || ne > Self.maxExtendedNe { throw .invalidNe(ne) }
        var out: [UInt8] = [cla, ins, p1, p2]
        out.reserveCapacity(4 + 3 + data.count + 3)
        let extended = needsExtendedLength
        if !data.isEmpty {
            if extended {
                out += [0x00, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
            } else {
                out.append(UInt8(data.count))
            }
            out += data
        }
        if let ne {
            if extended {
                // Case 2E has its own leading 00; case 4E reuses the Lc's.
                if data.isEmpty { out.append(0x00) }
                let le = ne == Self.maxExtendedNe ? 0 : ne
                out += [UInt8(le >> 8), UInt8(le & 0xFF)]
            } else {
                out.append(ne == Self.maxShortNe ? 0 : UInt8(ne))
            }
        }
        return out
    }

    /// Parses a command APDU from the wire (the card side of a channel).
    public init(bytes: [UInt8]) throws(APDUError) {
        guard bytes.count >= 4 else { throw .truncated(bytes.count) }
        self.init(cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3])
        let body = bytes[4...]
        let n = body.count
        guard n > 0 else { return }  // case 1
        let b0 = Int(body[body.startIndex])
        if n == 1 {  // case 2S
            ne = b0 == 0 ? Self.maxShortNe : b0
            return
        }
        if b0 != 0 {
            // Short: Lc data [Le]
            let lc = b0
            if n == 1 + lc {
                data = Array(body.dropFirst())
                return
            }
            if n == 2 + lc {
                data = Array(body.dropFirst().prefix(lc))
                let le = Int(body[body.endIndex - 1])
                ne = le == 0 ? Self.maxShortNe : le
                return
            }
            throw .lengthMismatch(declared: lc, available: n - 1)
        }
        // b0 == 0 and n > 1: extended, which needs at least 00 and two length bytes.
        guard n >= 3 else { throw .lengthMismatch(declared: 0, available: n - 1) }
        if n == 3 {  // case 2E
            let le = Int(body[body.startIndex + 1]) << 8 | Int(body[body.startIndex + 2])
            ne = le == 0 ? Self.maxExtendedNe : le
            return
        }
        let lc = Int(body[body.startIndex + 1]) << 8 | Int(body[body.startIndex + 2])
        guard lc > 0 else { throw .lengthMismatch(declared: 0, available: n - 3) }
        if n == 3 + lc {  // case 3E
            data = Array(body.dropFirst(3))
            return
        }
        if n == 5 + lc {  // case 4E
            data = Array(body.dropFirst(3).prefix(lc))
            let le = Int(body[body.endIndex - 2]) << 8 | Int(body[body.endIndex - 1])
            ne = le == 0 ? Self.maxExtendedNe : le
            return
        }
        throw .lengthMismatch(declared: lc, available: n - 3)
    }
}

/// Why an APDU could not be encoded or parsed.
public enum APDUError: Error, Sendable, Hashable, CustomStringConvertible {
    case truncated(Int)
    case commandDataTooLong(Int)
    case invalidNe(Int)
    case lengthMismatch(declared: Int, available: Int)
    case responseTooShort(Int)

    public var description: String {
        switch self {
        case .truncated(let n): "command APDU has \(n) bytes; a header needs 4"
        case .commandDataTooLong(let n): "command data of \(n) bytes exceeds the extended maximum of 65535"
        case .invalidNe(let ne): "Ne \(ne) is outside 1…65536"
        case .lengthMismatch(let declared, let available):
            "command APDU declares \(declared) data bytes but \(available) bytes follow the length field"
        case .responseTooShort(let n): "response APDU has \(n) bytes; a status word needs 2"
        }
    }
}

extension APDU: CustomStringConvertible {
    public var description: String {
        var s = "APDU(\(hex([cla, ins, p1, p2]))"
        if !data.isEmpty { s += " Nc=\(data.count)" }
        if let ne { s += " Ne=\(ne)" }
        return s + ")"
    }
}
