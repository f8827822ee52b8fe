import Foundation

/// A person's name prepared for the gateway: what makes real look-ups fail (NFD vs NFC,
/// extra spaces, the Icelandic `Ð`/`ð` typed for Vietnamese `Đ`/`đ`) is removed.
public struct PersonName: Sendable, Codable, Equatable, Hashable {
    /// The name to send: NFC, single spaces, trimmed, `Ð`→`Đ`, `ð`→`đ`; letter case kept.
    public let normalized: String

    /// Normalises `raw` (typically the chip's DG13 name); throws when nothing is left.
    public init(_ raw: String) throws(EligibilityError) {
        let fixed = String(String.UnicodeScalarView(raw.unicodeScalars.map { (scalar: Unicode.Scalar) -> Unicode.Scalar in
            switch scalar.value {
            case 0x00D0: "\u{0110}"  // Ð (eth) → Đ
            case 0x00F0: "\u{0111}"  // ð (eth) → đ
            case 0x0189: "\u{0110}"  // Ɖ (African D) → Đ
            default: scalar
            }
        }))
        let nfc = fixed.precomposedStringWithCanonicalMapping
        let words = nfc.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { throw .invalidInput(field: "name", reason: "the name is empty") }
        normalized = words.joined(separator: " ")
    }

    /// Comparison key: the normalised name in upper case (NFC), so `Nguyễn văn a` matches `NGUYỄN VĂN A`.
    public var matchKey: String { normalized.uppercased().precomposedStringWithCanonicalMapping }

    /// True when both names are the same person's name after normalisation.
    public func matches(_ other: PersonName) -> Bool { matchKey.utf8.elementsEqual(other.matchKey.utf8) }
}
