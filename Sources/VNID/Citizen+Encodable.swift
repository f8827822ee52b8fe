import LDS

/// JSON shape of a citizen for `idgate read` and the local API: dates as `dd/MM/yyyy` (or the text kept),
/// discrepancies as `{kind, message}`. The raw DG13 and MRZ are not included.
extension Citizen: Encodable {
    enum CodingKeys: String, CodingKey {
        case idNumber, fullName, dateOfBirth, sex, nationality, ethnicity, religion, placeOfOrigin, placeOfResidence
        case identifyingMarks, dateOfIssue, dateOfExpiry, noExpiry, fatherName, motherName, spouseName, oldIDNumber
        case discrepancies, notes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(idNumber, forKey: .idNumber)
        try c.encodeIfPresent(fullName, forKey: .fullName)
        try c.encodeIfPresent(dateOfBirth?.text, forKey: .dateOfBirth)
        try c.encodeIfPresent(sex?.vietnamese, forKey: .sex)
        try c.encodeIfPresent(nationality, forKey: .nationality)
        try c.encodeIfPresent(ethnicity, forKey: .ethnicity)
        try c.encodeIfPresent(religion, forKey: .religion)
        try c.encodeIfPresent(placeOfOrigin, forKey: .placeOfOrigin)
        try c.encodeIfPresent(placeOfResidence, forKey: .placeOfResidence)
        try c.encodeIfPresent(identifyingMarks, forKey: .identifyingMarks)
        try c.encodeIfPresent(dateOfIssue?.text, forKey: .dateOfIssue)
        try c.encodeIfPresent(dateOfExpiry?.text, forKey: .dateOfExpiry)
        try c.encode(dateOfExpiry?.isNoExpiry ?? false, forKey: .noExpiry)
        try c.encodeIfPresent(fatherName, forKey: .fatherName)
        try c.encodeIfPresent(motherName, forKey: .motherName)
        try c.encodeIfPresent(spouseName, forKey: .spouseName)
        try c.encodeIfPresent(oldIDNumber, forKey: .oldIDNumber)
        try c.encode(discrepancies, forKey: .discrepancies)
        try c.encode(notes, forKey: .notes)
    }
}

extension CitizenDiscrepancy: Encodable {
    enum CodingKeys: String, CodingKey { case kind, message }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(message, forKey: .message)
    }
}
