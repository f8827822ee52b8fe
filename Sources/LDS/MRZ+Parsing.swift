extension MRZ {
    /// Parses an MRZ given as its lines joined with or without line breaks (spaces and CR/LF are ignored).
    public init(text: String) throws(LDSError) {
        let chars = Array(text.utf8).filter { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }
        let format: Format
        switch chars.count {
        case 90: format = .td1
        case 72: format = .td2
        case 88: format = .td3
        default:
            throw .invalidValue(.dataGroup(1), field: "MRZ", reason: "\(chars.count) characters; TD1 has 90, TD2 72, TD3 88")
        }
        if let bad = chars.first(where: { !Self.isMRZCharacter($0) }) {
            throw .invalidValue(.dataGroup(1), field: "MRZ", reason: "character 0x\(String(bad, radix: 16)) is outside A–Z, 0–9 and <")
        }
        self = format == .td1 ? Self.parseTD1(chars) : Self.parseTD2or3(chars, format: format)
    }

    static func isMRZCharacter(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || b == 0x3C
    }

    private static func parseTD1(_ c: [UInt8]) -> MRZ {
        let l1 = Array(c[0..<30]), l2 = Array(c[30..<60]), l3 = Array(c[60..<90])
        var checks: [MRZCheck] = []
        var number = trimmed(l1[5..<14])
        var optional1 = Array(l1[15..<30])
        if l1[14] == UInt8(ascii: "<"), let end = optional1.firstIndex(of: UInt8(ascii: "<")), end > 0 {
            // Long document number (9303-5 §4.2.4 note j): the rest and its check digit open the optional data.
            let ext = optional1[0..<(end - 1)]
            number = trimmed(l1[5..<14]) + string(ext)
            checks.append(check(.documentNumber, Array(l1[5..<14]) + ext, optional1[end - 1]))
            optional1 = Array(optional1[(end + 1)...])
        } else {
            checks.append(check(.documentNumber, l1[5..<14], l1[14]))
        }
        checks.append(check(.dateOfBirth, l2[0..<6], l2[6]))
        checks.append(check(.dateOfExpiry, l2[8..<14], l2[14]))
        checks.append(check(.composite, Array(l1[5..<30]) + l2[0..<7] + l2[8..<15] + l2[18..<29], l2[29]))
        let (primary, secondary) = names(l3[0..<30])
        return MRZ(
            format: .td1, lines: [string(l1), string(l2), string(l3)],
            documentCode: trimmed(l1[0..<2]), issuingState: trimmed(l1[2..<5]), documentNumber: number,
            optionalData1: trimmedEnd(optional1[...]), optionalData2: trimmedEnd(l2[18..<29]),
            dateOfBirth: MRZDate(raw: string(l2[0..<6])), sex: sex(l2[7]), dateOfExpiry: MRZDate(raw: string(l2[8..<14])),
            nationality: trimmed(l2[15..<18]), primaryIdentifier: primary, secondaryIdentifier: secondary, checks: checks)
    }

    private static func parseTD2or3(_ c: [UInt8], format: Format) -> MRZ {
        let n = format.lineLength
        let l1 = Array(c[0..<n]), l2 = Array(c[n..<(2 * n)])
        var checks = [
            check(.documentNumber, l2[0..<9], l2[9]),
            check(.dateOfBirth, l2[13..<19], l2[19]),
            check(.dateOfExpiry, l2[21..<27], l2[27]),
        ]
        var optional1 = "", optional2 = ""
        if format == .td3 {
            var personal = check(.personalNumber, l2[28..<42], l2[42])
            if !personal.passed, l2[28..<43].allSatisfy({ $0 == UInt8(ascii: "<") }) { personal.passed = true }
            checks.append(personal)
            checks.append(check(.composite, Array(l2[0..<10]) + l2[13..<20] + l2[21..<43], l2[43]))
            optional1 = trimmedEnd(l2[28..<42])
        } else {
            checks.append(check(.composite, Array(l2[0..<10]) + l2[13..<20] + l2[21..<35], l2[35]))
            optional2 = trimmedEnd(l2[28..<35])
        }
        let (primary, secondary) = names(l1[5..<n])
        return MRZ(
            format: format, lines: [string(l1), string(l2)],
            documentCode: trimmed(l1[0..<2]), issuingState: trimmed(l1[2..<5]), documentNumber: trimmed(l2[0..<9]),
            optionalData1: optional1, optionalData2: optional2,
            dateOfBirth: MRZDate(raw: string(l2[13..<19])), sex: sex(l2[20]), dateOfExpiry: MRZDate(raw: string(l2[21..<27])),
            nationality: trimmed(l2[10..<13]), primaryIdentifier: primary, secondaryIdentifier: secondary, checks: checks)
    }

    private static func check(_ field: MRZCheck.Field, _ data: some Collection<UInt8>, _ digit: UInt8) -> MRZCheck {
        let computed = checkDigit(data) ?? -1
        return MRZCheck(field: field, computed: computed, found: Character(Unicode.Scalar(digit)),
            passed: Int(digit) - 48 == computed)
    }

    private static func sex(_ b: UInt8) -> Sex {
        switch b {
        case UInt8(ascii: "M"): .male
        case UInt8(ascii: "F"): .female
        default: .unspecified
        }
    }

    private static func names(_ field: ArraySlice<UInt8>) -> (String, String) {
        let b = Array(field)
        var split = b.count
        for i in 0..<max(0, b.count - 1) where b[i] == UInt8(ascii: "<") && b[i + 1] == UInt8(ascii: "<") {
            split = i
            break
        }
        let primary = trimmed(b[0..<split])
        let secondary = split < b.count ? trimmed(b[split...]) : ""
        return (primary, secondary)
    }

    private static func string(_ b: some Collection<UInt8>) -> String { String(decoding: b, as: UTF8.self) }
    private static func trimmed(_ b: ArraySlice<UInt8>) -> String {
        string(b).split(separator: "<").joined(separator: " ")
    }
    private static func trimmedEnd(_ b: ArraySlice<UInt8>) -> String {
        var s = Substring(string(b))
        while s.last == "<" { s.removeLast() }
        return String(s)
    }
}
