import LDS

/// Sex as Vietnamese documents print it (`Nam` / `Nữ`).
public enum VNSex: String, Sendable, Hashable, Codable {
    case male, female

    /// Reads `Nam`/`Nữ` (any case, with or without accents) and `M`/`F`/`Male`/`Female`; nil otherwise.
    public init?(text: String) {
        switch VNText.folded(VNText.normalized(text)) {
        case "NAM", "M", "MALE": self = .male
        case "NU", "F", "FEMALE": self = .female
        default: return nil
        }
    }

    /// The MRZ sex.
    public init?(mrz: MRZ.Sex) {
        switch mrz {
        case .male: self = .male
        case .female: self = .female
        case .unspecified: return nil
        }
    }

    /// `Nam` or `Nữ`.
    public var vietnamese: String { self == .male ? "Nam" : "Nữ" }
}
