import Eligibility
import Foundation
import InsuranceGatewaySim
import Testing

@Suite("Eligibility snapshot rows on the wire")
struct SnapshotRowCodingTests {
    @Test("every seeded person's row survives encoding, new cards and year-only births included")
    func roundTrip() throws {
        let asOf = try GatewayDate(year: 2026, month: 11, day: 20)
        var rows = SeededPerson.seeded(today: asOf).compactMap { try? $0.snapshotEntry() }.map { EligibilitySnapshotRow(entry: $0, asOf: asOf) }
        #expect(rows.count == SeededPerson.personCodes.filter { ResultCode($0).category != .gatewayError }.count,
                "gateway errors (100, 101, 500, 999) are not card statuses")
        var yearOnly = try #require(rows.first)
        yearOnly.entry.birthDate = .yearOnly(1985)
        yearOnly.entry.idNumber = nil
        rows.append(yearOnly)
        for row in rows {
            let data = try JSONEncoder().encode(row)
            #expect(try JSONDecoder().decode(EligibilitySnapshotRow.self, from: data) == row)
            #expect(data.count < 320, "row of \(data.count) bytes")
        }
        let withNewCard = try #require(rows.first { $0.entry.resultCode == "004" })
        #expect(withNewCard.entry.coverage.card != withNewCard.entry.card)
    }

    @Test("a malformed row is refused with the field named, never trapped on")
    func malformed() {
        for body in [#"{"name":"A","birth":"31/02/1990","code":"000","asOf":"20/11/2026"}"#,
                     #"{"name":"A","birth":"1990","code":"000","asOf":"20/11/2026","card":"XX"}"#,
                     #"{"birth":"1990","code":"000","asOf":"20/11/2026"}"#, "[]", ""] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(EligibilitySnapshotRow.self, from: Data(body.utf8)) }
        }
    }
}
