import EMRTD
import Foundation
import LDS
import VNID

/// An access key as a person or a scanner gives it: a CAN, the ID number with dates, or the QR text
/// of the card's face. Only its validity is checked here; `accessKeys(today:)` turns it into keys.
public struct AccessKeyInput: Sendable, Hashable, Codable {
    /// Card access number for PACE (6 digits on CCCD: the last 6 of the ID number, unconfirmed).
    public var can: String?
    /// The 12-digit ID number (CAN and BAC document number come from it).
    public var idNumber: String?
    /// YYMMDD.
    public var dateOfBirth: String?
    /// YYMMDD candidates, most likely first; empty: derived from the birth date (DOMAIN.md §1).
    public var dateOfExpiry: [String]
    /// The QR text printed on the card's face.
    public var qr: String?

    public init(can: String? = nil, idNumber: String? = nil, dateOfBirth: String? = nil, dateOfExpiry: [String] = [], qr: String? = nil) {
        self.can = can
        self.idNumber = idNumber
        self.dateOfBirth = dateOfBirth
        self.dateOfExpiry = dateOfExpiry
        self.qr = qr
    }

    enum CodingKeys: String, CodingKey { case can, idNumber, dateOfBirth, dateOfExpiry, qr }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        can = try c.decodeIfPresent(String.self, forKey: .can)
        idNumber = try c.decodeIfPresent(String.self, forKey: .idNumber)
        dateOfBirth = try c.decodeIfPresent(String.self, forKey: .dateOfBirth)
        qr = try c.decodeIfPresent(String.self, forKey: .qr)
        if let one = try? c.decodeIfPresent(String.self, forKey: .dateOfExpiry) {
            dateOfExpiry = [one]
        } else {
            dateOfExpiry = try c.decodeIfPresent([String].self, forKey: .dateOfExpiry) ?? []
        }
    }

    /// Problems with the fields, each naming the field (`can`, `id_number`, `date_of_birth`, `date_of_expiry`, `qr`).
    public func problems() -> [(field: String, message: String)] {
        var out: [(field: String, message: String)] = []
        func digits(_ s: String, _ n: Int) -> Bool { s.utf8.count == n && s.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        if let can, !digits(can, 6) && !(can.utf8.count >= 4 && digits(can, can.utf8.count)) {
            out.append(("can", "a CAN is digits only (6 on a CCCD: the last 6 digits of the ID number)"))
        }
        if let idNumber, !digits(idNumber, 12) { out.append(("id_number", "the ID number must be 12 digits")) }
        if let dateOfBirth, !digits(dateOfBirth, 6) { out.append(("date_of_birth", "the birth date must be YYMMDD")) }
        if dateOfExpiry.contains(where: { !digits($0, 6) }) { out.append(("date_of_expiry", "the expiry date must be YYMMDD")) }
        if !dateOfExpiry.isEmpty || dateOfBirth != nil, idNumber == nil {
            out.append(("id_number", "birth and expiry dates need the 12-digit ID number too"))
        }
        if let qr {
            do { _ = try CCCDQRCode(text: qr) } catch { out.append(("qr", "\(error)")) }
        }
        if out.isEmpty && can == nil && idNumber == nil && qr == nil { out.append(("can", "give a CAN, the ID number with the birth date, or the QR text")) }
        return out
    }

    /// The keys that open the card: CAN for PACE and one MRZ key per expiry candidate for BAC.
    public func accessKeys(today: CalendarDate) throws(AgentError) -> CCCDAccessKeys {
        if let first = problems().first { throw .invalidAccessKey("\(first.field): \(first.message)") }
        var keys = CCCDAccessKeys(can: nil, mrz: [])
        if let qr {
            do {
                let inputs = AccessInputs(qr: try CCCDQRCode(text: qr))
                keys.can = inputs.can
                keys.mrz = try inputs.bacCandidates(today: today).map { c throws(EMRTDError) in
                    try MRZKey(documentNumber: c.documentNumber, dateOfBirth: c.dateOfBirth, dateOfExpiry: c.dateOfExpiry)
                }
            } catch { throw .invalidAccessKey("qr: \(error)") }
        } else if let idNumber {
            do {
                let id = try CitizenID(idNumber)
                keys.can = id.can
                if let birth = dateOfBirth {
                    if dateOfExpiry.isEmpty {
                        let dob = Self.date(yymmdd: birth, century: id.century)
                        guard let dob else { throw AgentError.invalidAccessKey("date_of_birth: \(birth) is not a date") }
                        keys.mrz = try AccessInputs(id: id, dateOfBirth: dob).bacCandidates(today: today).map { c throws(EMRTDError) in
                            try MRZKey(documentNumber: c.documentNumber, dateOfBirth: c.dateOfBirth, dateOfExpiry: c.dateOfExpiry)
                        }
                    } else {
                        keys = try CCCDAccessKeys(idNumber: idNumber, dateOfBirth: birth, expiryCandidates: dateOfExpiry)
                    }
                }
            } catch let error as AgentError {
                throw error
            } catch {
                throw .invalidAccessKey("\(error)")
            }
        }
        if let can { keys.can = can }
        return keys
    }

    /// A YYMMDD birth date in the century the ID number's 4th digit gives.
    static func date(yymmdd: String, century: Int) -> CalendarDate? {
        let d = yymmdd.utf8.map { Int($0) - 0x30 }
        guard d.count == 6 else { return nil }
        return CalendarDate(year: century + d[0] * 10 + d[1], month: d[2] * 10 + d[3], day: d[4] * 10 + d[5])
    }

    /// Today in the local calendar.
    public static func today(_ now: Date = Date()) -> CalendarDate {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }
}

/// Where an access key came from.
public enum AccessKeySource: String, Sendable, Hashable, Codable {
    case configuration, api, qr, headless, remembered
}
