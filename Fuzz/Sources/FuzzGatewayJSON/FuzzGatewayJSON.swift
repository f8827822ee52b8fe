import Eligibility
import Foundation
import FuzzSupport

/// The insurance gateway's JSON answers as the client decodes them: the card-check answer and the verdict drawn
/// from it (result code, card code, validity dates), the token answer, and snapshot rows.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let decoder = JSONDecoder()
    if let answer = try? decoder.decode(CardCheckAnswer.self, from: data) {
        let verdict = EligibilityVerdict(answer: answer)
        _ = try? JSONEncoder().encode(verdict)
        if let code = answer.maThe { _ = try? CardCode(code) }
        if let date = answer.gtTheDen { _ = try? GatewayDate(parsing: date) }
        if let name = answer.hoTen { _ = try? PersonName(name) }
        if let birth = answer.ngaySinh { _ = try? BirthDate(parsing: birth) }
        _ = ResultCode(answer.maKetQua ?? "")
    }
    if let token = try? decoder.decode(TokenAnswer.self, from: data) { _ = token.APIKey?.expires_in.map(TokenExpiry.parse) }
    _ = try? decoder.decode(EligibilitySnapshotRow.self, from: data)
    _ = try? decoder.decode(EligibilityVerdict.self, from: data)
    return 0
}
