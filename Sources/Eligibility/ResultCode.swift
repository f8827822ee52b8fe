/// How a result code is to be treated by the counter.
public enum ResultCategory: String, Sendable, Codable, Equatable {
    /// The card is valid (`000`–`002`).
    case eligible
    /// The card is valid through a newly issued card (`003`, `004`).
    case eligibleWithNewCard
    /// No valid card: the person pays or shows another document.
    case notEligible
    /// A field of the look-up is wrong (`051`–`053`, `060`, `061`, `070`, `205`).
    case inputWrong
    /// The staff member doing the look-up is not registered (`054`, `055`).
    case staffNotRegistered
    /// The token was refused (`401`, `501`).
    case authentication
    /// The gateway failed; try again or answer offline.
    case gatewayError
}

/// The look-up field a wrong-input code points at.
public enum InputField: String, Sendable, Codable, Equatable {
    case cardCode, provinceCode, benefitCode, name, birthDate, parameters
}

/// One `maKetQua` value with its meaning in Vietnamese and English (DOMAIN.md §2).
public struct ResultCode: Sendable, Codable, Equatable, Hashable {
    /// The code as the gateway sends it, e.g. `"000"`.
    public let code: String
    /// Meaning in Vietnamese.
    public let vietnamese: String
    /// Meaning in English.
    public let english: String
    /// How the counter treats it.
    public let category: ResultCategory
    /// For wrong-input codes, the field to correct.
    public let field: InputField?

    /// The known code, or an `unknown` entry naming the raw value (treated as a gateway error).
    public init(_ code: String) {
        if let known = ResultCode.table[code] {
            self = known
        } else {
            self.init(code: code, vi: "Mã kết quả không xác định", en: "unknown result code", .gatewayError)
        }
    }

    init(code: String, vi: String, en: String, _ category: ResultCategory, field: InputField? = nil) {
        self.code = code
        self.vietnamese = vi
        self.english = en
        self.category = category
        self.field = field
    }

    /// Every documented code, keyed by its value.
    public static let table: [String: ResultCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// Every documented code in numeric order.
    public static let all: [ResultCode] = [
        .init(code: "000", vi: "Thẻ còn giá trị sử dụng", en: "card valid", .eligible),
        .init(code: "001", vi: "Thẻ do BHXH Bộ Quốc Phòng quản lý", en: "card valid, managed by the Ministry of Defence's insurer", .eligible),
        .init(code: "002", vi: "Thẻ do BHXH Bộ Công An quản lý", en: "card valid, managed by the Ministry of Public Security's insurer", .eligible),
        .init(code: "003", vi: "Thẻ cũ hết giá trị sử dụng, được cấp thẻ mới", en: "old card expired, a new card was issued", .eligibleWithNewCard),
        .init(code: "004", vi: "Thẻ cũ còn giá trị sử dụng, được cấp thẻ mới", en: "old card still valid, a new card was issued", .eligibleWithNewCard),
        .init(code: "010", vi: "Thẻ hết giá trị sử dụng", en: "card expired", .notEligible),
        .init(code: "050", vi: "Không thấy thông tin thẻ BHYT", en: "no health-insurance card found", .notEligible),
        .init(code: "051", vi: "Mã thẻ không đúng", en: "wrong card code", .inputWrong, field: .cardCode),
        .init(code: "052", vi: "Mã tỉnh cấp thẻ (ký tự 4, 5) không đúng", en: "wrong province code (characters 4–5 of the card code)", .inputWrong, field: .provinceCode),
        .init(code: "053", vi: "Mã quyền lợi thẻ (ký tự 3) không đúng", en: "wrong benefit code (character 3 of the card code)", .inputWrong, field: .benefitCode),
        .init(code: "054", vi: "Số CCCD cán bộ chưa được đăng ký tại cơ sở KCB", en: "staff ID number not registered for this facility", .staffNotRegistered),
        .init(code: "055", vi: "Họ tên cán bộ không khớp với số CCCD", en: "staff name does not match the staff ID number", .staffNotRegistered),
        .init(code: "060", vi: "Họ tên không đúng", en: "wrong name", .inputWrong, field: .name),
        .init(code: "061", vi: "Họ tên không đúng (đúng ký tự đầu)", en: "wrong name (first character right)", .inputWrong, field: .name),
        .init(code: "070", vi: "Ngày sinh không đúng", en: "wrong date of birth", .inputWrong, field: .birthDate),
        .init(code: "100", vi: "Lỗi khi lấy dữ liệu thẻ", en: "error reading card data", .gatewayError),
        .init(code: "101", vi: "Lỗi server", en: "server error", .gatewayError),
        .init(code: "110", vi: "Thẻ đã thu hồi", en: "card revoked", .notEligible),
        .init(code: "120", vi: "Thẻ đã báo giảm, chuyển ngoại tỉnh", en: "card reported reduced: moved to another province", .notEligible),
        .init(code: "121", vi: "Thẻ đã báo giảm, chuyển nội tỉnh", en: "card reported reduced: moved within the province", .notEligible),
        .init(code: "122", vi: "Thẻ đã báo giảm, tham gia lại cùng đơn vị", en: "card reported reduced: re-joined the same unit", .notEligible),
        .init(code: "123", vi: "Thẻ đã báo giảm, dừng đóng", en: "card reported reduced: contributions stopped", .notEligible),
        .init(code: "124", vi: "Thẻ đã báo giảm", en: "card reported reduced", .notEligible),
        .init(code: "130", vi: "Trẻ em không xuất trình thẻ", en: "child not presenting the card", .notEligible),
        .init(code: "205", vi: "Lỗi sai định dạng tham số", en: "bad parameter format", .inputWrong, field: .parameters),
        .init(code: "401", vi: "Lỗi xác thực tài khoản", en: "authentication error (token expired or refused)", .authentication),
        .init(code: "500", vi: "Lỗi server", en: "server error", .gatewayError),
        .init(code: "501", vi: "Lỗi token", en: "token error", .authentication),
        .init(code: "999", vi: "Lỗi không xác định", en: "unknown error", .gatewayError),
    ]
}
