import Foundation

/// Vietnamese text helpers: NFC normalisation and accent folding for comparisons.
public enum VNText {
    /// The string in Unicode NFC, with surrounding whitespace trimmed and inner runs collapsed to one space.
    public static func normalized(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }

    /// Upper-case ASCII with diacritics removed and `Đ` → `D`, as the MRZ writes names.
    public static func folded(_ s: String) -> String {
        var out = ""
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue
            case 0x0110, 0x0111: out.append("D")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.uppercased()
    }

    /// Words of `folded(s)`, splitting on anything that is not a letter or digit.
    public static func foldedWords(_ s: String) -> [String] {
        folded(s).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }
}
