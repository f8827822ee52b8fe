import Eligibility
import Testing

@Suite("Result codes, card codes, names and dates")
struct ResultCodeTests {
    /// Every `maKetQua` listed in DOMAIN.md §2.
    static let documented = [
        "000", "001", "002", "003", "004", "010", "050", "051", "052", "053", "054", "055", "060", "061", "070",
        "100", "101", "110", "120", "121", "122", "123", "124", "130", "205", "401", "500", "501", "999",
    ]

    @Test("every documented result code has a Vietnamese and an English meaning")
    func table() {
        for code in Self.documented {
            let r = ResultCode(code)
            #expect(ResultCode.table[code] != nil, "\(code) missing")
            #expect(!r.vietnamese.isEmpty && !r.english.isEmpty && r.english != "unknown result code" || code == "999")
        }
        #expect(ResultCode.all.count == Self.documented.count)
        #expect(ResultCode("777").category == .gatewayError)
    }

    @Test("000–004 are eligible, 060/061/070 point at the field to correct, 054/055 at staff registration")
    func categories() {
        for c in ["000", "001", "002"] { #expect(ResultCode(c).category == .eligible) }
        for c in ["003", "004"] { #expect(ResultCode(c).category == .eligibleWithNewCard) }
        #expect(ResultCode("060").field == .name)
        #expect(ResultCode("061").field == .name)
        #expect(ResultCode("070").field == .birthDate)
        #expect(ResultCode("052").field == .provinceCode)
        #expect(ResultCode("053").field == .benefitCode)
        #expect(ResultCode("054").category == .staffNotRegistered)
        #expect(ResultCode("055").category == .staffNotRegistered)
        #expect(ResultCode("401").category == .authentication)
        #expect(ResultCode("501").category == .authentication)
    }

    @Test("a 15-character card code decodes into group, benefit level, co-payment and province")
    func cardCode() throws {
        let c = try CardCode("dn4797900000123")
        #expect(c.group == "DN")
        #expect(c.benefitLevel == 4)
        #expect(c.coveragePercent == 80)
        #expect(c.coPaymentPercent == 20)
        #expect(c.provinceCode == "79")
        #expect(c.socialInsuranceNumber == "7900000123")
        #expect(!c.masked.contains("7900000123"))
        #expect(try CardCode("HS3010100000001").coPaymentPercent == 5)
        for level in ["1", "2", "5"] { #expect(try CardCode("GD\(level)010100000001").coPaymentPercent == 0) }
    }

    @Test("malformed card codes are refused naming what is wrong")
    func badCardCodes() {
        #expect(throws: EligibilityError.self) { try CardCode("DN479790000012") }
        #expect(throws: EligibilityError.self) { try CardCode("DN679790000012A") }
        #expect(throws: EligibilityError.self) { try CardCode("D14797900000123") }
        #expect(throws: EligibilityError.self) { try CardCode("DN47979000001X3") }
        do { _ = try CardCode("DN6797900000123") } catch {
            #expect(error.description.contains("benefit level"))
        }
    }

    @Test("NFD and NFC spellings, extra spaces and the eth letter normalise to the same bytes")
    func names() throws {
        let nfc = "NGUY\u{1EC4}N TH\u{1ECA} \u{0110}\u{00C0}O"
        let nfd = "NGUYE\u{0302}\u{0303}N  THI\u{0323}   \u{0110}A\u{0300}O "
        let eth = "NGUY\u{1EC4}N TH\u{1ECA} \u{00D0}\u{00C0}O"
        let a = try PersonName(nfc), b = try PersonName(nfd), c = try PersonName(eth)
        #expect(Array(a.normalized.utf8) == Array(b.normalized.utf8))
        #expect(Array(a.normalized.utf8) == Array(c.normalized.utf8))
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        #expect(try PersonName("nguyễn thị đào").matches(a))
        #expect(try !PersonName("NGUYỄN THỊ ĐÀ").matches(a))
        #expect(throws: EligibilityError.self) { try PersonName("   ") }
    }

    @Test("birth dates: dd/MM/yyyy and yyyy accepted, ddMMyyyy and impossible dates rejected")
    func dates() throws {
        #expect(try BirthDate(parsing: "05/03/1990") == .date(GatewayDate(year: 1990, month: 3, day: 5)))
        #expect(try BirthDate(parsing: "1990") == .yearOnly(1990))
        #expect(throws: EligibilityError.self) { try BirthDate(parsing: "05031990") }
        #expect(throws: EligibilityError.self) { try BirthDate(parsing: "31/02/1990") }
        #expect(throws: EligibilityError.self) { try BirthDate(parsing: "1990-03-05") }
        #expect(try GatewayDate(parsing: "29/02/2024").adding(months: 12) == GatewayDate(year: 2025, month: 2, day: 28))
    }

    @Test("the token's expires_in is an absolute time")
    func tokenExpiry() throws {
        let d = try #require(TokenExpiry.parse("2017-06-14T10:44:01Z"))
        #expect(d.timeIntervalSince1970 == 1_497_437_041)
        #expect(TokenExpiry.parse("2017-06-14T10:44:01.123Z")?.timeIntervalSince1970 == 1_497_437_041.123)
        #expect(TokenExpiry.parse("2017-06-14T17:44:01+07:00") == d)
        #expect(TokenExpiry.parse("2017-06-14T05:44:01-0500") == d)
        // No zone: Vietnam's local time.
        #expect(TokenExpiry.parse("2017-06-14T17:44:01") == d)
        #expect(TokenExpiry.parse(" 2017-06-14 17:44:01 ") == d)
        #expect(TokenExpiry.parse("2024-02-29T00:00:00Z")?.timeIntervalSince1970 == 1_709_164_800)
        #expect(TokenExpiry.parse("1969-12-31T23:59:59Z")?.timeIntervalSince1970 == -1)
        for bad in ["3600", "", "2017-06-14", "2017-06-14T10:44", "2017-06-14T10:44:01ZZ", "2017-06-14T10:44:01.Z",
                    "2023-02-29T00:00:00Z", "2017-13-01T00:00:00Z", "2017-06-14T24:00:00Z", "2017-06-14T10:44:01+7",
                    "207-12-3T23:59:WWWW", "２０１７-06-14T10:44:01Z"] {
            #expect(TokenExpiry.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("a malformed expires_in that made Foundation's DateFormatter leak (FuzzGatewayJSON) is refused")
    func tokenExpiryFuzzRegression() throws {
        let input = "207-12-3T23:59:WWWWWWWWWWWWWWWWWWWW\u{7BB45}   -CS  \u{7BB45}    59+07:er"
        #expect(TokenExpiry.parse(input) == nil)
    }

    @Test("a 003 answer becomes eligible-with-new-card carrying the new card and its dates")
    func newCardVerdict() throws {
        var a = CardCheckAnswer(maKetQua: "003")
        a.maThe = "DN4797900000003"
        a.maTheMoi = "HS2797900001003"
        a.gtTheTuMoi = "01/01/2026"
        a.gtTheDenMoi = "31/12/2026"
        guard case .eligibleWithNewCard(_, let new, let code) = EligibilityVerdict(answer: a) else {
            Issue.record("wrong verdict")
            return
        }
        #expect(new.card?.value == "HS2797900001003")
        #expect(new.validTo == (try GatewayDate(year: 2026, month: 12, day: 31)))
        #expect(code.code == "003")
        #expect(EligibilityVerdict(answer: CardCheckAnswer(maKetQua: "070")) == .inputWrong(field: .birthDate, code: ResultCode("070")))
        #expect(EligibilityVerdict(answer: CardCheckAnswer(maKetQua: nil)) == .gatewayError(ResultCode("999")))
    }
}
