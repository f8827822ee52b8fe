import Eligibility
import Foundation

/// A test person the simulated gateway knows, and the result code their card produces.
public struct SeededPerson: Sendable, Equatable {
    public var idNumber: String
    public var cardCode: String
    /// NFC, upper case, as the gateway stores it.
    public var name: String
    /// `dd/MM/yyyy`.
    public var birthDate: String
    public var sex: String
    public var address: String
    public var facility: String
    /// The `maKetQua` a correct look-up of this person returns.
    public var resultCode: String
    public var validFrom: String
    public var validTo: String
    public var newCard: (code: String, validFrom: String, validTo: String)?

    public static func == (a: SeededPerson, b: SeededPerson) -> Bool {
        a.idNumber == b.idNumber && a.cardCode == b.cardCode && a.resultCode == b.resultCode
    }

    /// The ID number of the seeded person whose look-up answers `code` (`079090000` + code).
    public static func idNumber(for code: String) -> String { "079090000" + code }
    /// The card code of that person (`DN479` + `7900000` + code).
    public static func cardCode(for code: String) -> String { "DN479" + "7900000" + code }
}

/// The staff members registered to do look-ups (`cccdCb`, `hoTenCb`).
public struct RegisteredStaff: Sendable, Equatable {
    public var idNumber: String
    public var name: String
    public init(idNumber: String, name: String) {
        self.idNumber = idNumber
        self.name = name
    }
    /// The staff member the seeded simulator registers.
    public static let seeded = RegisteredStaff(idNumber: "001080000001", name: "TRẦN THỊ BÌNH")
}

extension SeededPerson {
    /// Codes a seeded person's card status produces; the rest come from wrong input, staff or tokens.
    public static let personCodes = [
        "000", "001", "002", "003", "004", "010", "100", "101", "110",
        "120", "121", "122", "123", "124", "130", "500", "999",
    ]

    static let names = [
        "NGUYỄN THỊ ĐÀO", "TRẦN VĂN BẢO", "LÊ HOÀNG CƯỜNG", "PHẠM THU DUNG", "HOÀNG ĐỨC ÊM",
        "HUỲNH MINH GIANG", "PHAN THỊ HẰNG", "VŨ QUỐC HUY", "VÕ THỊ KIỀU", "ĐẶNG VĂN LỰC",
        "BÙI THỊ MỸ", "ĐỖ NGỌC NGHĨA", "HỒ THỊ OANH", "NGÔ VĂN PHÚC", "DƯƠNG THỊ QUỲNH",
        "LÝ VĂN SƠN", "MAI THỊ TUYẾT",
    ]

    /// One person per code in `personCodes`, valid for the year of `today`.
    public static func seeded(today: GatewayDate) -> [SeededPerson] {
        let y = today.year
        return personCodes.enumerated().map { i, code in
            var group = "DN"
            if code == "001" { group = "QN" }
            if code == "002" { group = "CA" }
            if code == "130" { group = "TE" }
            let card = group + "479" + "7900000" + code
            let expired = code == "010" || code == "003"
            var p = SeededPerson(
                idNumber: idNumber(for: code), cardCode: card, name: names[i % names.count],
                birthDate: String(format: "%02d/%02d/1990", i % 28 + 1, i % 12 + 1), sex: i % 2 == 0 ? "Nữ" : "Nam",
                address: "Số \(i + 1) Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh", facility: "79001", resultCode: code,
                validFrom: "01/01/\(expired ? y - 1 : y)", validTo: "31/12/\(expired ? y - 1 : y)", newCard: nil)
            if code == "003" || code == "004" {
                p.newCard = ("HS279" + "7900001" + code, "01/01/\(y)", "31/12/\(y)")
            }
            return p
        }
    }
}
