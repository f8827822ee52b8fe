import Eligibility
import Foundation

extension HealthCertificate {
    /// The last day the certificate is valid: 12 months after `NGAYKETLUAN` (the day before the anniversary).
    public var validUntil: GatewayDate? {
        guard let d = try? GatewayDate(parsing: conclusionDate) else { return nil }
        let anniversary = d.adding(months: 12)
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = GatewayDate.vietnam
        guard let a = cal.date(from: DateComponents(year: anniversary.year, month: anniversary.month, day: anniversary.day)),
              let before = cal.date(byAdding: .day, value: -1, to: a)
        else { return nil }
        let c = cal.dateComponents([.year, .month, .day], from: before)
        return try? GatewayDate(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0)
    }

    /// True when the conclusion says fit (`A0-1`, or `A0-3` before its re-examination date).
    public func isFit(on day: GatewayDate) -> Bool {
        switch conclusion {
        case "A0-1": return drugTest == "0"
        case "A0-3":
            guard drugTest == "0", let re = reExamDate.flatMap({ try? GatewayDate(parsing: $0) }) else { return false }
            return day < re
        default: return false
        }
    }

    /// True when the record is valid, fit and within 12 months on `day`.
    public func isValid(on day: GatewayDate) -> Bool {
        guard problems(today: day).isEmpty, let until = validUntil, day <= until else { return false }
        return isFit(on: day)
    }
}

/// Whether a licence can be renewed now, and why not.
public enum RenewalReadiness: Sendable, Equatable, CustomStringConvertible {
    /// A valid certificate for the class exists and the identity was chip-verified.
    case ready(certificateNumber: String, validUntil: GatewayDate)
    /// Not ready; the message says what is missing.
    case notReady(String)

    /// Applies the rule to the holder's certificates (pure).
    public init(certificates: [HealthCertificate], licenceClass: LicenceClass, identityChipVerified: Bool, on day: GatewayDate) {
        guard identityChipVerified else {
            self = .notReady("the identity was not verified from the chip; read the card first")
            return
        }
        let forClass = certificates.filter { LicenceClass(code: $0.licenceClass) == licenceClass }
        guard !forClass.isEmpty else {
            self = .notReady("no health-check certificate for class \(licenceClass.rawValue)")
            return
        }
        let valid = forClass.filter { $0.isValid(on: day) }
            .max { ($0.validUntil ?? day) < ($1.validUntil ?? day) }
        if let best = valid, let until = best.validUntil {
            self = .ready(certificateNumber: best.number, validUntil: until)
        } else {
            self = .notReady("the certificates for class \(licenceClass.rawValue) are expired, unfit or invalid")
        }
    }

    public var description: String {
        switch self {
        case .ready(let n, let until): "licence renewal ready: certificate \(n) valid until \(until.text)"
        case .notReady(let why): "licence renewal not ready: \(why)"
        }
    }
}
