import LDS

/// Why Vietnamese card data or a Vietnamese input could not be used. Messages never carry an ID or a name.
public enum VNIDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DG13's structure is broken at `field`.
    case malformedDG13(field: String, reason: String)
    /// An ID number is not 12 digits or its digits break the numbering rules.
    case invalidIDNumber(reason: String)
    /// QR text does not have the CCCD layout.
    case qrLayout(reason: String)
    /// A QR field holds a value that cannot be read.
    case qrField(name: String, reason: String)

    public var description: String {
        switch self {
        case .malformedDG13(let field, let reason):
            "DG13 \(field) is malformed (\(reason)); read the card again or report the card model"
        case .invalidIDNumber(let reason): "ID number is not valid: \(reason); check the number typed or scanned"
        case .qrLayout(let reason): "QR code is not a CCCD QR code: \(reason); scan the QR code on the card's front or type the ID"
        case .qrField(let name, let reason): "QR code field \(name) is not readable: \(reason); scan again or type the ID"
        }
    }
}
