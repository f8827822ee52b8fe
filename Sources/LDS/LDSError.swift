import CardIO

/// Why an LDS file could not be parsed; every case names the file and the field.
public enum LDSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not valid TLV/DER where `field` was expected.
    case malformed(LDSFile, field: String, reason: String)
    /// A required field is absent.
    case missingField(LDSFile, field: String)
    /// A field is present but holds a value outside its definition.
    case invalidValue(LDSFile, field: String, reason: String)
    /// A field uses a format or algorithm this parser does not handle.
    case unsupported(LDSFile, field: String, reason: String)

    /// The file the error is about.
    public var file: LDSFile {
        switch self {
        case .malformed(let f, _, _), .missingField(let f, _), .invalidValue(let f, _, _), .unsupported(let f, _, _): f
        }
    }

    /// The field the error is about.
    public var field: String {
        switch self {
        case .malformed(_, let f, _), .missingField(_, let f), .invalidValue(_, let f, _), .unsupported(_, let f, _): f
        }
    }

    public var description: String {
        switch self {
        case .malformed(let file, let field, let reason):
            "\(file) \(field) is malformed (\(reason)); the file may be truncated or corrupt — read it again"
        case .missingField(let file, let field): "\(file) has no \(field)"
        case .invalidValue(let file, let field, let reason): "\(file) \(field) is invalid: \(reason)"
        case .unsupported(let file, let field, let reason): "\(file) \(field) is not supported: \(reason)"
        }
    }
}
