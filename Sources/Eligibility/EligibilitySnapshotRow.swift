/// One row of the eligibility snapshot the central exports: a person and the day their status was taken.
///
/// Encoded flat with dates and codes as the gateway writes them (about 200 bytes a row), since the
/// agent keeps millions of these: `{"id","card","name","birth","code","cardInForce","from","to","kcb","asOf"}`.
public struct EligibilitySnapshotRow: Sendable, Codable, Equatable {
    /// The dataset name the central exports and the agent downloads.
    public static let dataset = "eligibility"

    public var entry: SnapshotEntry
    /// The day the central took this person's status from the gateway.
    public var asOf: GatewayDate

    public init(entry: SnapshotEntry, asOf: GatewayDate) {
        self.entry = entry
        self.asOf = asOf
    }

    /// The keys the row is found by: the ID number and the card code, whichever the person has.
    public var keys: [String] {
        [entry.idNumber, entry.card?.value].compactMap { $0 }
    }

    enum CodingKeys: String, CodingKey {
        case id, card, name, birth, code, cardInForce, from, to, kcb, asOf
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(entry.idNumber, forKey: .id)
        try c.encodeIfPresent(entry.card?.value, forKey: .card)
        try c.encode(entry.name.normalized, forKey: .name)
        try c.encode(entry.birthDate.text, forKey: .birth)
        try c.encode(entry.resultCode, forKey: .code)
        if entry.coverage.card != entry.card { try c.encodeIfPresent(entry.coverage.card?.value, forKey: .cardInForce) }
        try c.encodeIfPresent(entry.coverage.validFrom?.text, forKey: .from)
        try c.encodeIfPresent(entry.coverage.validTo?.text, forKey: .to)
        try c.encodeIfPresent(entry.coverage.primaryCareFacility, forKey: .kcb)
        try c.encode(asOf.text, forKey: .asOf)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func parse<T>(_ key: CodingKeys, _ make: (String) throws(EligibilityError) -> T) throws -> T? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            do { return try make(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: error.description)
            }
        }
        let card = try parse(.card) { t throws(EligibilityError) in try CardCode(t) }
        let inForce = try parse(.cardInForce) { t throws(EligibilityError) in try CardCode(t) } ?? card
        guard let name = try parse(.name, { t throws(EligibilityError) in try PersonName(t) }),
              let birth = try parse(.birth, { t throws(EligibilityError) in try BirthDate(parsing: t) }),
              let asOf = try parse(.asOf, { t throws(EligibilityError) in try GatewayDate(parsing: t) })
        else { throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "name, birth and asOf are required") }
        let coverage = EligibilityVerdict.Coverage(
            card: inForce, validFrom: try parse(.from) { t throws(EligibilityError) in try GatewayDate(parsing: t) },
            validTo: try parse(.to) { t throws(EligibilityError) in try GatewayDate(parsing: t) },
            primaryCareFacility: try c.decodeIfPresent(String.self, forKey: .kcb))
        entry = SnapshotEntry(idNumber: try c.decodeIfPresent(String.self, forKey: .id), card: card, name: name, birthDate: birth,
                              resultCode: try c.decode(String.self, forKey: .code), coverage: coverage)
        self.asOf = asOf
    }
}
