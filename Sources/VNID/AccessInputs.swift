import LDS

/// What opens a CCCD chip, derived from the ID number (and birth date when known): the CAN guess
/// (last 6 digits) and BAC key candidates (document number = last 9 digits; unconfirmed, DOMAIN.md §1).
public struct AccessInputs: Sendable, Hashable {
    public var id: CitizenID
    public var dateOfBirth: CalendarDate?
    public var dateOfIssue: CalendarDate?

    /// From an ID number and, when known, the birth and issue dates.
    public init(id: CitizenID, dateOfBirth: CalendarDate? = nil, dateOfIssue: CalendarDate? = nil) {
        self.id = id
        self.dateOfBirth = dateOfBirth
        self.dateOfIssue = dateOfIssue
    }

    /// From the card's QR code (ID, birth date and issue date).
    public init(qr: CCCDQRCode) {
        self.init(id: qr.id, dateOfBirth: qr.dateOfBirth, dateOfIssue: qr.dateOfIssue)
    }

    /// The CAN guess for PACE: the last 6 digits of the ID.
    public var can: String { id.can }
    /// The BAC document number: the last 9 digits of the ID.
    public var documentNumber: String { id.bacDocumentNumber }

    /// BAC keys to try, most likely first; empty without a birth date. No-expiry cards are tried with
    /// each of `noExpiryMRZValues` (YYMMDD strings; which one cards carry is unconfirmed).
    public func bacCandidates(today: CalendarDate, noExpiryMRZValues: [String] = []) -> [BACKeyCandidate] {
        guard let dob = dateOfBirth else { return [] }
        var out: [BACKeyCandidate] = []
        for c in ExpiryCandidates.candidates(dateOfBirth: dob, dateOfIssue: dateOfIssue, today: today) {
            let values = c.date.map { [$0.yymmdd] } ?? noExpiryMRZValues
            for v in values where !out.contains(where: { $0.dateOfExpiry == v }) {
                out.append(BACKeyCandidate(documentNumber: documentNumber, dateOfBirth: dob.yymmdd, dateOfExpiry: v, expiry: c))
            }
        }
        return out
    }
}

/// One BAC key to try: the three MRZ fields and the expiry reasoning behind it.
public struct BACKeyCandidate: Sendable, Hashable {
    public var documentNumber: String
    /// `YYMMDD`.
    public var dateOfBirth: String
    /// `YYMMDD`.
    public var dateOfExpiry: String
    public var expiry: ExpiryCandidate

    /// The MRZ information the BAC key seed is hashed from (ICAO 9303-11 §9.7.2).
    public var mrzInformation: String {
        MRZ.keySeedInformation(documentNumber: documentNumber, dateOfBirth: dateOfBirth, dateOfExpiry: dateOfExpiry)
    }
}
