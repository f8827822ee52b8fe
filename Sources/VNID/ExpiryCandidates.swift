import LDS

/// One possible expiry date of a card, with why it is a candidate.
public struct ExpiryCandidate: Sendable, Hashable {
    /// The expiry date; nil when the card has no expiry (its MRZ value is unconfirmed).
    public var date: CalendarDate?
    /// The renewal age whose birthday the date is, nil for no expiry.
    public var renewalAge: Int?
    /// Why this candidate: e.g. "next renewal at 25", "issued within 2 years of 40".
    public var reason: String
}

/// Expiry dates from the renewal ages (2014 CCCD law: 25, 40, 60; 2023 Căn cước law from 1 July 2024 adds 14):
/// a card issued within two years before a renewal age is valid until the next one; a card issued after
/// 58 has no expiry. The expiry is the birthday at that age.
public enum ExpiryCandidates {
    /// The day the Căn cước law took effect.
    public static let canCuocStart = CalendarDate(year: 2024, month: 7, day: 1)!

    /// Candidates, most likely first. With `dateOfIssue` the first is the rule's answer and neighbours
    /// follow; without it, cards valid on `today` come first, then an expired card's date.
    public static func candidates(dateOfBirth dob: CalendarDate, dateOfIssue: CalendarDate? = nil,
        today: CalendarDate) -> [ExpiryCandidate]
    {
        var out: [ExpiryCandidate] = []
        func add(_ c: ExpiryCandidate) { if !out.contains(where: { $0.date == c.date }) { out.append(c) } }
        func at(_ age: Int, _ reason: String) -> ExpiryCandidate {
            ExpiryCandidate(date: dob.adding(years: age), renewalAge: age, reason: reason)
        }
        let none = ExpiryCandidate(date: nil, renewalAge: nil, reason: "issued after 58: no expiry")
        if let issue = dateOfIssue {
            let ages = issue >= canCuocStart ? [14, 25, 40, 60] : [25, 40, 60]
            let ageAtIssue = dob.years(until: issue)
            if ageAtIssue >= 58 {
                add(none)
                if ageAtIssue < 60 { add(at(60, "renewal at 60, if the 2-year rule was not applied")) }
            } else if let i = ages.firstIndex(where: { (dob.adding(years: $0) ?? dob) > issue }) {
                let birthday = dob.adding(years: ages[i]) ?? dob
                let withinTwo = (birthday.adding(years: -2) ?? birthday) <= issue
                if withinTwo {
                    if i + 1 < ages.count { add(at(ages[i + 1], "issued within 2 years before \(ages[i])")) } else { add(none) }
                    add(at(ages[i], "renewal at \(ages[i])"))
                } else {
                    add(at(ages[i], "renewal at \(ages[i])"))
                    if i + 1 < ages.count { add(at(ages[i + 1], "issued within 2 years before \(ages[i])")) }
                }
            } else {
                add(none)
            }
            return out
        }
        let ages = [14, 25, 40, 60]
        let future = ages.filter { (dob.adding(years: $0) ?? dob) >= today }
        let past = ages.filter { (dob.adding(years: $0) ?? dob) < today }
        let age = dob.years(until: today)
        if age >= 60 { add(none) }
        for (k, a) in future.prefix(2).enumerated() {
            add(at(a, k == 0 ? "next renewal at \(a)" : "card issued within 2 years before \(future[0])"))
        }
        if age >= 58 && age < 60 { add(none) }
        if let last = past.last { add(at(last, "expired card: renewal at \(last) passed")) }
        return out
    }
}
