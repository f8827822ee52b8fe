/// The fewest APDUs a reader needs to read files over AES secure messaging, from the file sizes and the largest
/// response one APDU can carry (256 bytes short, 65 536 extended): the physical floor a full read is compared with.
public enum ReadMinimum {
    /// The largest plaintext one protected READ BINARY answer carries when the response data may hold
    /// `responseLimit` bytes: DO'87' (padding indicator + AES-padded cryptogram), DO'99' (4) and DO'8E' (10).
    public static func maxPlaintext(responseLimit: Int, block: Int = 16) -> Int {
        func lengthOfLength(_ n: Int) -> Int { n < 0x80 ? 1 : (n < 0x100 ? 2 : 3) }
        var best = 0
        var padded = block
        while true {
            let do87 = 1 + lengthOfLength(padded + 1) + padded + 1
            guard do87 + 4 + 10 <= responseLimit else { return best }
            best = padded - 1  // ISO 7816-4 padding always adds at least one byte
            padded += block
        }
    }

    /// Response data limit of one APDU: 256 bytes short, 65 536 extended.
    public static func responseLimit(extendedLength: Bool) -> Int { extendedLength ? 65_536 : 256 }

    /// One SELECT per file plus the READ BINARY commands the file's bytes need at `maxPlaintext` per answer.
    public static func apdus(fileSizes: [Int], maxPlaintext: Int) -> Int {
        fileSizes.reduce(0) { $0 + 1 + ($1 + maxPlaintext - 1) / maxPlaintext }
    }
}
