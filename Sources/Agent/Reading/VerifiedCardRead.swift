import CardIO
import EMRTD
import Foundation
import LDS
import PassiveAuth
import VNID

/// Everything a verified read of an opened CCCD gives: files, the citizen, the authentication report, the face.
public struct VerifiedCardRead: Sendable {
    /// Per file, in reading order (contents kept, not encoded).
    public var files: [FileReadResult]
    /// DG13 merged with DG1 and their cross-checks; nil when neither parsed.
    public var citizen: Citizen?
    /// Passive authentication plus chip/active authentication.
    public var authentication: AuthenticationReport
    /// The face from DG2.
    public var face: FaceImage?
    /// Milliseconds per step ("COM", "CA", "AA", "DG2", …).
    public var milliseconds: [String: Int]
    /// What was skipped or could not be checked, for a person.
    public var notes: [String]
    /// The largest READ BINARY chunk the card and reader took (lowered when one answered 6700/6B00/6282).
    public var chunkLimit: Int = FileReader.maxExtendedChunk

    /// The chip statement: "genuine chip" only when CA/AA passed with a key that passive authentication matched to
    /// a verified SOD; a pass without that is "chip keys not authenticated by the SOD".
    public var chipStatement: String { Self.chipStatement(authentication) }

    /// The rule behind `chipStatement`.
    public static func chipStatement(_ report: AuthenticationReport) -> String {
        switch report.chipVerdict {
        case .genuine: "genuine chip"
        case .keyNotVouchedFor: "chip keys not authenticated by the SOD"
        case .failed: "anti-cloning check failed: the chip may be a clone"
        case .notChecked: "no anti-cloning check ran"
        }
    }
}

/// Reads an opened CCCD identity first — COM, DG13, DG1, SOD, DG14 (then chip authentication), DG15 (then active
/// authentication) — reports the verdict, and reads the face (DG2) last.
public enum CardVerification {
    /// Files in reading order.
    public static let files: [(name: String, fileID: UInt16)] = [
        ("COM", 0x011E), ("DG13", 0x010D), ("DG1", 0x0101), ("SOD", 0x011D), ("DG14", 0x010E), ("DG15", 0x010F), ("DG2", 0x0102),
    ]

    /// Reads and verifies over `channel` (the access-control session) with APDUs counted on `wire`.
    /// `verdict` is called with the report before DG2 is read; `progress` after each step (percent 15…100).
    /// Past `deadline` no further file is read (a note says so).
    /// `chunkLimit`: start from a size this reader is known to take (nil: the channel's capability).
    public static func read(_ channel: SecureMessagingChannel, wire: CountingChannel, trustStore: TrustStore,
        deadline: ContinuousClock.Instant? = nil, chunkLimit: Int? = nil, progress: (CardReadProgress) -> Void = { _ in },
        verdict: (AuthenticationReport) -> Void = { _ in }) throws(EMRTDError) -> VerifiedCardRead
    {
        var sm = channel
        var reader = FileReader(channel: sm, chunkLimit: chunkLimit)
        var results: [FileReadResult] = []
        var timings: [String: Int] = [:]
        var notes: [String] = []
        var ca: AuthenticationReport.AntiCloningCheck?
        var aa: AuthenticationReport.AntiCloningCheck?
        var dg14: SecurityInfos?
        var stopped: String?
        for (i, file) in files.enumerated() {
            if file.name == "DG2" { verdict(report(results, ca: ca, aa: aa, trustStore: trustStore)) }
            if stopped == nil, let deadline, ContinuousClock.now > deadline { stopped = "the read took longer than allowed" }
            if let stopped {
                notes.append("\(file.name) not read: \(stopped)")
                continue
            }
            let started = ContinuousClock.now
            results += try reader.readFiles([file], wire: wire)
            timings[file.name] = milliseconds(since: started)
            if file.name == "DG14", let bytes = results.last?.contents, !bytes.isEmpty {
                do {
                    let set = try BERTLV.parseSingle(bytes, expecting: 0x6E).value
                    dg14 = try SecurityInfos(derEncoded: set, file: .dataGroup(14))
                } catch { notes.append("DG14 does not parse (\(error)): chip authentication skipped") }
                if let infos = dg14 {
                    let caStarted = ContinuousClock.now
                    (sm, ca, stopped) = try chipAuthentication(sm, infos: infos, notes: &notes)
                    reader = FileReader(channel: sm, chunkLimit: reader.chunkLimit)
                    timings["CA"] = milliseconds(since: caStarted)
                }
            }
            if file.name == "DG15", let bytes = results.last?.contents, !bytes.isEmpty {
                let aaStarted = ContinuousClock.now
                let algorithm = dg14?.infos.lazy.compactMap { if case .activeAuthentication(let oid) = $0 { oid } else { nil } }.first
                do {
                    let r = try ActiveAuthentication.run(sm, dg15: bytes, signatureAlgorithm: algorithm)
                    aa = .init(protocolName: r.protocolName, passed: r.passed, detail: r.detail)
                } catch {
                    switch error {
                    case .card where error.isCardGone: throw error
                    case .malformed, .unsupported: notes.append("active authentication not run: \(error)")
                    case .secureMessaging:
                        stopped = "secure messaging failed during active authentication"
                        aa = .init(protocolName: "AA", passed: false, detail: error.description)
                    default: aa = .init(protocolName: "AA", passed: false, detail: error.description)
                    }
                }
                timings["AA"] = milliseconds(since: aaStarted)
            }
            progress(CardReadProgress(step: file.name, percent: 15 + 85 * (i + 1) / files.count))
        }
        let final = report(results, ca: ca, aa: aa, trustStore: trustStore)
        let contents = { (name: String) in results.first { $0.name == name && $0.error == nil }?.contents }
        var dg13: DG13?
        var mrz: MRZ?
        if let b = contents("DG13") { do { dg13 = try DG13(derEncoded: b) } catch { notes.append("DG13 does not parse: \(error)") } }
        if let b = contents("DG1") { do { mrz = try DG1(derEncoded: b).mrz } catch { notes.append("DG1 does not parse: \(error)") } }
        let face = contents("DG2").flatMap { try? DG2(derEncoded: $0).face }
        return VerifiedCardRead(files: results, citizen: dg13 == nil && mrz == nil ? nil : Citizen(dg13: dg13, mrz: mrz),
                                authentication: final, face: face, milliseconds: timings, notes: notes, chunkLimit: reader.chunkLimit)
    }

    /// Runs CA and confirms the new keys with one protected SELECT of EF.COM. On failure the session is dead.
    /// A card that leaves during CA is a failed read (rethrown), not a clone; only the chip failing the secure
    /// messaging keyed by DG14's key (what a clone without the private key does) fails the check. Anything else
    /// (a refused status, a garbled answer) leaves CA not completed, with a note to read again.
    static func chipAuthentication(_ sm: SecureMessagingChannel, infos: SecurityInfos, notes: inout [String]) throws(EMRTDError)
        -> (SecureMessagingChannel, AuthenticationReport.AntiCloningCheck?, String?)
    {
        var name = "CA"
        do {
            let (next, protocolName) = try ChipAuthentication.run(sm, dg14: infos)
            name = protocolName
            try FileReader(channel: next).select(fileID: 0x011E)
            return (next, .init(protocolName: name, passed: true), nil)
        } catch {
            switch error {
            case .unsupported(let why):
                notes.append("chip authentication not run: \(why)")
                return (sm, nil, nil)
            case .card where error.isCardGone:
                throw error
            case .secureMessaging:
                let detail = "the chip could not continue secure messaging with the keys from DG14's key (\(error))"
                return (sm, .init(protocolName: name, passed: false, detail: detail), "chip authentication failed")
            default:
                notes.append("chip authentication not completed (\(error)): read the card again")
                return (sm, nil, "chip authentication did not complete")
            }
        }
    }

    /// Passive authentication over the data groups read so far, with the anti-cloning checks.
    static func report(_ results: [FileReadResult], ca: AuthenticationReport.AntiCloningCheck?, aa: AuthenticationReport.AntiCloningCheck?,
                       trustStore: TrustStore) -> AuthenticationReport
    {
        var groups: [Int: [UInt8]] = [:]
        for r in results where r.error == nil && r.name.hasPrefix("DG") {
            if let n = Int(r.name.dropFirst(2)) { groups[n] = r.contents }
        }
        let sod = results.first { $0.name == "SOD" && $0.error == nil }?.contents
        let passive = PassiveAuthentication.verify(sod: sod, dataGroups: groups, trustStore: trustStore, at: dateOfIssue(groups[13]))
        return AuthenticationReport(passive: passive, chipAuthentication: ca, activeAuthentication: aa)
    }

    /// DG13's date of issue, when it parses: certificates are checked on that day.
    static func dateOfIssue(_ dg13: [UInt8]?) -> CalendarDate? {
        guard let dg13 else { return nil }
        return (try? DG13(derEncoded: dg13))?.dateOfIssue?.calendarDate
    }

    /// Milliseconds elapsed since `start`.
    public static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}
