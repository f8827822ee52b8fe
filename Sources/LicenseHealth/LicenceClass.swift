import Foundation

/// Driving-licence classes of the 2024 Road Traffic Order and Safety Law (in force 2025);
/// the one table every check uses.
public enum LicenceClass: String, Sendable, Codable, CaseIterable {
    case a1 = "A1", a = "A", b1 = "B1", b = "B", c1 = "C1", c = "C", d1 = "D1", d2 = "D2", d = "D"
    case be = "BE", c1e = "C1E", ce = "CE", d1e = "D1E", d2e = "D2E", de = "DE"

    /// What the class allows, in English.
    public var meaning: String {
        switch self {
        case .a1: "motorcycles up to 125 cm³ / 11 kW"
        case .a: "motorcycles over 125 cm³ / 11 kW"
        case .b1: "motor tricycles"
        case .b: "cars up to 8 seats, trucks up to 3.5 t"
        case .c1: "trucks 3.5–7.5 t"
        case .c: "trucks over 7.5 t"
        case .d1: "buses 9–16 seats"
        case .d2: "buses 17–29 seats"
        case .d: "buses over 29 seats"
        case .be, .c1e, .ce, .d1e, .d2e, .de: "the base class towing a trailer over 750 kg"
        }
    }

    /// The class for a `HANGBANGLAI` value, or nil when it is not in the table.
    public init?(code: String) {
        self.init(rawValue: code.trimmingCharacters(in: .whitespaces).uppercased())
    }
}
