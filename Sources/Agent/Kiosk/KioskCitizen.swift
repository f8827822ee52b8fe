import VNID

/// What the kiosk shows of the holder while the card is on the reader: the name with diacritics, birth date,
/// sex, masked ID and address, from DG13. Served only to token holders and never logged.
public struct KioskCitizen: Sendable, Hashable, Codable {
    public var fullName: String?
    /// `dd/MM/yyyy` (or a partial date as printed).
    public var dateOfBirth: String?
    /// "male" or "female".
    public var sex: String?
    /// e.g. `0010******45`.
    public var maskedID: String?
    public var placeOfResidence: String?

    /// The citizen in a read's DG13; nil when DG13 is absent or malformed.
    public init?(result: CardReadResult) {
        guard let bytes = result.contents(of: "DG13"), let dg13 = try? DG13(derEncoded: bytes) else { return nil }
        fullName = dg13.fullName
        dateOfBirth = dg13.dateOfBirth?.text
        sex = dg13.sex?.rawValue
        maskedID = dg13.idNumber.map(Masking.idNumber)
        placeOfResidence = dg13.placeOfResidence
    }
}

extension SessionHub {
    /// The holder of the card now in `readerID` (id or reader name); nil when no card or nothing readable.
    public func kioskCitizen(_ readerID: String) throws(AgentError) -> KioskCitizen? {
        guard let s = sessions[readerID] ?? sessions.values.first(where: { $0.id == readerID }) else { throw .unknownReader(readerID) }
        guard s.hasCard, let result = s.result else { return nil }
        return KioskCitizen(result: result)
    }
}
