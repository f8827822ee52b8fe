import Eligibility
import LicenseHealth
import Testing

@Suite("Health-check certificate: validation, validity, renewal")
struct CertificateValidationTests {
    @Test("a certificate made from the chip identity and the doctor's conclusion is valid")
    func valid() throws {
        let c = try Fixtures.certificate()
        #expect(c.problems(today: Fixtures.today) == [])
        #expect(c.number == "00042/GKSKLX/79001/26")
        #expect(c.sex == "1")
        #expect(c.wireFields.count == 21)
    }

    @Test("each broken rule is reported with its field and a message saying what to fix")
    func failures() throws {
        func problems(_ change: (inout HealthCertificate) -> Void) throws -> [CertificateProblem] {
            var c = try Fixtures.certificate()
            change(&c)
            return c.problems(today: Fixtures.today)
        }
        let cases: [(String, (inout HealthCertificate) -> Void, String)] = [
            ("SO", { $0.number = "00042/GKSKLX/790012/26" }, "at most 21 characters"),
            ("SO", { $0.number = "0042/GKSKLX/79001/26" }, "NNNNN/GKSKLX"),
            ("SO", { $0.number = "00042/GKSK/79001/26" }, "NNNNN/GKSKLX"),
            ("SO", { $0.number = "00042/GKSKLX/79002/26" }, "differs from IDBENHVIEN"),
            ("SO", { $0.number = "00042/GKSKLX/79001/25" }, "conclusion year"),
            ("HANGBANGLAI", { $0.licenceClass = "B2" }, "not a licence class"),
            ("DVINONGDOCON", { $0.alcoholUnit = "2" }, "mg/100 ml blood"),
            ("NONGDOCON", { $0.alcoholLevel = "0,25" }, "decimal number"),
            ("NONGDOCON", { $0.alcoholUnit = "1"; $0.alcoholLevel = "40" }, "not plausible"),
            ("MATUY", { $0.drugTest = "negative" }, "0 (negative)"),
            ("KETLUAN", { $0.drugTest = "1" }, "positive drug test"),
            ("KETLUAN", { $0.conclusion = "fit" }, "A0-1"),
            ("LYDO", { $0.conclusion = "A0-2" }, "required"),
            ("NGAYKHAMLAI", { $0.conclusion = "A0-3" }, "required"),
            ("NGAYKETLUAN", { $0.conclusionDate = "15032026" }, "dd/MM/yyyy"),
            ("NGAYKETLUAN", { $0.conclusionDate = "15/12/2026"; $0.number = "00042/GKSKLX/79001/26" }, "in the future"),
            ("NGAYSINH", { $0.birthDate = "31/02/1990" }, "dd/MM/yyyy"),
            ("GIOITINHVAL", { $0.sex = "Nam" }, "0 (male)"),
            ("SOCMND_PASSPORT", { $0.idNumber = "07909000000" }, "12-digit"),
            ("STATE", { $0.state = "DELETE" }, "ADD or EDIT"),
            ("HOTEN", { $0.fullName = " " }, "required"),
            ("DIACHITHUONGTRU", { $0.address = "a\u{1}b" }, "control character"),
        ]
        for (field, change, words) in cases {
            let found = try problems(change)
            #expect(found.contains { $0.field == field && $0.message.contains(words) }, "\(field) '\(words)': got \(found)")
        }
        var bad = try Fixtures.certificate()
        bad.licenceClass = "Z"
        #expect(throws: LicenseHealthError.self) { try bad.validate(today: Fixtures.today) }
    }

    @Test("a certificate is valid for 12 months from the conclusion date")
    func twelveMonths() throws {
        let c = try Fixtures.certificate()
        #expect(c.validUntil == (try GatewayDate(year: 2027, month: 3, day: 14)))
        #expect(c.isValid(on: try GatewayDate(year: 2027, month: 3, day: 14)))
        #expect(!c.isValid(on: try GatewayDate(year: 2027, month: 3, day: 15)))
    }

    @Test("renewal is ready only with a valid certificate for the class and a chip-verified identity")
    func renewal() throws {
        let b = try Fixtures.certificate()
        let day = Fixtures.today
        guard case .ready(let number, _) = RenewalReadiness(certificates: [b], licenceClass: .b, identityChipVerified: true, on: day) else {
            Issue.record("expected ready")
            return
        }
        #expect(number == b.number)
        #expect(RenewalReadiness(certificates: [b], licenceClass: .b, identityChipVerified: false, on: day).description.contains("chip"))
        #expect(RenewalReadiness(certificates: [b], licenceClass: .c, identityChipVerified: true, on: day).description.contains("no health-check certificate for class C"))
        let old = try Fixtures.certificate(concluded: try GatewayDate(year: 2025, month: 1, day: 2))
        #expect(RenewalReadiness(certificates: [old], licenceClass: .b, identityChipVerified: true, on: day).description.contains("expired"))
        var unfit = b
        unfit.conclusion = "A0-2"
        unfit.reason = "Thị lực kém"
        #expect(RenewalReadiness(certificates: [unfit], licenceClass: .b, identityChipVerified: true, on: day) != .ready(certificateNumber: b.number, validUntil: try GatewayDate(year: 2027, month: 3, day: 14)))
    }

    @Test("the licence class table holds the 2025 classes")
    func classes() {
        for code in ["A", "A1", "B", "B1", "C", "C1", "D", "D2", "BE", "CE", "C1E", "D2E", "DE", "D1", "D1E"] {
            #expect(LicenceClass(code: code) != nil, "\(code)")
        }
        #expect(LicenceClass(code: "b2") == nil)
        #expect(LicenceClass(code: " ce ") == .ce)
    }
}
