/// An elementary file of the ICAO 9303 LDS: EF.COM, EF.SOD, EF.CardAccess or data group 1–16
/// (and, to name it in errors, a CSCA master list file, which is not on the card).
public enum LDSFile: Sendable, Hashable, CustomStringConvertible {
    case com
    case sod
    case cardAccess
    case dataGroup(Int)
    case cscaMasterList

    /// Data group `n` (1–16), or nil when out of range.
    public static func dg(_ n: Int) -> LDSFile? { (1...16).contains(n) ? .dataGroup(n) : nil }

    /// The file by its outer template tag (`0x60` COM, `0x61` DG1 … `0x77` SOD); nil when unknown.
    public init?(tag: UInt8) {
        switch tag {
        case 0x60: self = .com
        case 0x77: self = .sod
        default:
            guard let n = Self.dataGroupTags.firstIndex(of: tag) else { return nil }
            self = .dataGroup(n + 1)
        }
    }

    /// The outer template tag of the file's contents (nil for EF.CardAccess, which is a bare SET).
    public var tag: UInt8? {
        switch self {
        case .com: 0x60
        case .sod: 0x77
        case .cardAccess, .cscaMasterList: nil
        case .dataGroup(let n): (1...16).contains(n) ? Self.dataGroupTags[n - 1] : nil
        }
    }

    /// The file identifier used to SELECT the file (`011E`, `011D`, `011C`, `0101`…`0110`); nil for a master list.
    public var fileID: UInt16? {
        switch self {
        case .com: 0x011E
        case .sod: 0x011D
        case .cardAccess: 0x011C
        case .dataGroup(let n): 0x0100 + UInt16(clamping: n)
        case .cscaMasterList: nil
        }
    }

    /// The data group number, or nil for COM, SOD and CardAccess.
    public var dataGroupNumber: Int? {
        if case .dataGroup(let n) = self { return n }
        return nil
    }

    public var description: String {
        switch self {
        case .com: "EF.COM"
        case .sod: "EF.SOD"
        case .cardAccess: "EF.CardAccess"
        case .dataGroup(let n): "DG\(n)"
        case .cscaMasterList: "CSCA master list"
        }
    }

    static let dataGroupTags: [UInt8] = [
        0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
    ]
}
