import LDS

/// The QR code on the front of a CCCD: `ID|old ID|name|ddMMyyyy|sex|address|ddMMyyyy` (DOMAIN.md §QR).
public struct CCCDQRCode: Sendable, Hashable {
    public var id: CitizenID
    /// The old CMND number, nil when the field is empty.
    public var oldIDNumber: String?
    public var fullName: String
    public var dateOfBirth: CalendarDate
    public var sex: VNSex?
    public var address: String
    public var dateOfIssue: CalendarDate

    /// Parses the QR text; a different number of fields or an unreadable field throws with the reason.
    public init(text: String) throws(VNIDError) {
        var fields = text.trimmingEdges().split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if fields.count == 8, fields[7].trimmingEdges().isEmpty { fields.removeLast() }
        guard fields.count == 7 else {
            throw .qrLayout(reason: "\(fields.count) fields separated by |, expected 7 (ID|old ID|name|birth date|sex|address|issue date)")
        }
        do { id = try CitizenID(fields[0].trimmingEdges()) } catch { throw .qrField(name: "ID", reason: error.description) }
        let old = fields[1].trimmingEdges()
        guard old.isEmpty || ((old.count == 9 || old.count == 12) && old.allSatisfy({ $0.isASCII && $0.isNumber })) else {
            throw .qrField(name: "old ID", reason: "\(old.count) characters, expected empty, 9 or 12 digits")
        }
        oldIDNumber = old.isEmpty ? nil : old
        fullName = VNText.normalized(fields[2])
        guard !fullName.isEmpty else { throw .qrField(name: "name", reason: "empty") }
        dateOfBirth = try Self.date(fields[3], name: "date of birth")
        let sexText = fields[4].trimmingEdges()
        sex = VNSex(text: sexText)
        guard sex != nil || sexText.isEmpty else { throw .qrField(name: "sex", reason: "neither Nam nor Nữ") }
        address = VNText.normalized(fields[5])
        dateOfIssue = try Self.date(fields[6], name: "date of issue")
    }

    private static func date(_ raw: String, name: String) throws(VNIDError) -> CalendarDate {
        let s = raw.trimmingEdges()
        guard s.count == 8, s.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(s),
            let d = CalendarDate(year: v % 10000, month: v / 10000 % 100, day: v / 1_000_000)
        else { throw .qrField(name: name, reason: "expected ddMMyyyy, found \(s.count) characters") }
        return d
    }
}

extension String {
    func trimmingEdges() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
