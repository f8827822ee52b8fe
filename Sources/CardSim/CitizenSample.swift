import LDS
import VNID

/// A person's card data for building simulated CCCD files. The samples are fictional.
public struct CitizenSample: Sendable, Hashable {
    public var idNumber: String
    public var fullName: String
    public var dateOfBirth: CalendarDate
    public var sex: VNSex
    public var nationality: String
    public var ethnicity: String
    public var religion: String
    public var placeOfOrigin: String
    public var placeOfResidence: String
    public var identifyingMarks: String
    public var dateOfIssue: CalendarDate
    /// Nil for a card without expiry (`Không thời hạn`).
    public var dateOfExpiry: CalendarDate?
    public var fatherName: String
    public var motherName: String
    public var spouseName: String?
    public var oldIDNumber: String?

    /// A value.
    public init(idNumber: String, fullName: String, dateOfBirth: CalendarDate, sex: VNSex, nationality: String = "Việt Nam",
        ethnicity: String = "Kinh", religion: String = "Không", placeOfOrigin: String, placeOfResidence: String,
        identifyingMarks: String, dateOfIssue: CalendarDate, dateOfExpiry: CalendarDate?, fatherName: String,
        motherName: String, spouseName: String? = nil, oldIDNumber: String? = nil)
    {
        self.idNumber = idNumber
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.nationality = nationality
        self.ethnicity = ethnicity
        self.religion = religion
        self.placeOfOrigin = placeOfOrigin
        self.placeOfResidence = placeOfResidence
        self.identifyingMarks = identifyingMarks
        self.dateOfIssue = dateOfIssue
        self.dateOfExpiry = dateOfExpiry
        self.fatherName = fatherName
        self.motherName = motherName
        self.spouseName = spouseName
        self.oldIDNumber = oldIDNumber
    }

    /// The expiry as DG13 writes it: `dd/MM/yyyy` or `Không thời hạn`.
    public var dateOfExpiryText: String { dateOfExpiry?.ddMMyyyy ?? "Không thời hạn" }

    /// The QR text printed on the card's front.
    public var qrText: String {
        func compact(_ d: CalendarDate) -> String { d.ddMMyyyy.filter { $0 != "/" } }
        return [idNumber, oldIDNumber ?? "", fullName, compact(dateOfBirth), sex.vietnamese, placeOfResidence, compact(dateOfIssue)]
            .joined(separator: "|")
    }

    /// Three fictional citizens: a man born 1990 in Hà Nội (CCCD 2021, old CMND, married), a woman born
    /// 2003 in Hồ Chí Minh (card expiring at 25), a man born 1960 in Đà Nẵng (issued after 58: no expiry).
    public static let samples: [CitizenSample] = [
        CitizenSample(
            idNumber: "001090012345", fullName: "Nguyễn Văn An", dateOfBirth: date(1990, 3, 15), sex: .male,
            placeOfOrigin: "Xã Đông Hội, Huyện Đông Anh, Hà Nội",
            placeOfResidence: "Số 12 Ngõ 34 Phố Huế, Phường Phố Huế, Quận Hai Bà Trưng, Hà Nội",
            identifyingMarks: "Nốt ruồi C:2cm trên sau đầu mày trái", dateOfIssue: date(2021, 4, 10),
            dateOfExpiry: date(2030, 3, 15), fatherName: "Nguyễn Văn Bình", motherName: "Trần Thị Cúc",
            spouseName: "Lê Thị Dung", oldIDNumber: "012345678"),
        CitizenSample(
            idNumber: "079303004567", fullName: "Trần Thị Bích Ngọc", dateOfBirth: date(2003, 11, 2), sex: .female,
            placeOfOrigin: "Phường Vĩnh Phú, Thành phố Thuận An, Bình Dương",
            placeOfResidence: "123/4 Đường Lê Văn Sỹ, Phường 13, Quận 3, Thành phố Hồ Chí Minh",
            identifyingMarks: "Sẹo chấm C:1cm dưới trước cằm", dateOfIssue: date(2021, 6, 20),
            dateOfExpiry: date(2028, 11, 2), fatherName: "Trần Văn Đức", motherName: "Phạm Thị Hồng"),
        CitizenSample(
            idNumber: "048060001122", fullName: "Lê Đình Quốc Trung", dateOfBirth: date(1960, 7, 30), sex: .male,
            religion: "Phật giáo", placeOfOrigin: "Xã Hòa Phong, Huyện Hòa Vang, Đà Nẵng",
            placeOfResidence: "45 Đường Trần Phú, Phường Hải Châu I, Quận Hải Châu, Đà Nẵng",
            identifyingMarks: "", dateOfIssue: date(2021, 1, 5), dateOfExpiry: nil,
            fatherName: "Lê Đình Khang", motherName: "Võ Thị Lan", spouseName: "Hoàng Thị Mai", oldIDNumber: "201234567"),
    ]

    private static func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate {
        CalendarDate(year: y, month: m, day: d) ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }
}
