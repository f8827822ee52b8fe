import Eligibility
import Foundation

/// One visit of the history endpoint's answer (`dsLichSuKCB2025`); times are `yyyyMMddHHmm`.
public struct VisitRecord: Sendable, Codable, Equatable {
    public var maCSKCB: String?
    public var tenCSKCB: String?
    public var ngayVao: String?
    public var ngayRa: String?
    public var tenBenh: String?
    public var tinhTrang: String?
}

/// The answer of `POST /api/egw/Lskcb2025`.
public struct VisitHistoryAnswer: Sendable, Codable, Equatable {
    public var maKetQua: String?
    public var ghiChu: String?
    public var dsLichSuKCB2025: [VisitRecord]?
}

extension InsuranceGatewaySimulator {
    /// Path of the visit-history endpoint.
    public static let historyPath = "/api/egw/Lskcb2025"

    /// The visit history of a seeded person: the card check's rules, then one visit for a valid card.
    func visitHistory(_ fields: [String: String]) -> VisitHistoryAnswer {
        let check = checkCard(fields)
        guard let code = check.maKetQua, ResultCode(code).category == .eligible || ResultCode(code).category == .eligibleWithNewCard else {
            return VisitHistoryAnswer(maKetQua: check.maKetQua, ghiChu: check.ghiChu, dsLichSuKCB2025: nil)
        }
        let year = GatewayDate(now()).year
        let visit = VisitRecord(
            maCSKCB: check.maDKBD, tenCSKCB: "Bệnh viện Quận 1", ngayVao: "\(year)01150830", ngayRa: "\(year)01151015",
            tenBenh: "Viêm họng cấp", tinhTrang: "1")
        return VisitHistoryAnswer(maKetQua: "000", ghiChu: check.ghiChu, dsLichSuKCB2025: [visit])
    }
}
