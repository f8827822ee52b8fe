import Foundation
import Logging
import Store
import VNID

/// Records what the counter needs to know of a finished session (who, how verified, what the look-ups
/// answered) in the outbox as a `check-in`, sealed at rest, for the uploader to send. The face and DG13's
/// ethnicity and religion go in only when `[store]` says so.
public struct CheckInRecorder: Sendable {
    /// The record body (JSON) the central receives.
    public struct Payload: Sendable, Hashable, Codable {
        public var readerID: String
        public var idNumber: String
        public var fullName: String?
        /// `dd/MM/yyyy` as on the card.
        public var dateOfBirth: String?
        public var sex: String?
        /// "PACE" or "BAC".
        public var access: String
        public var verification: VerificationSummary?
        public var lookups: [LookupOutcome]
        public var ethnicity: String?
        public var religion: String?
        /// Base64 of the DG2 image, when `store.keep_face`.
        public var face: String?
        public var faceFormat: String?
    }

    /// Stream of check-in records: the central receives them in the order they were made.
    public static let stream = "check-in"
    let database: AppDatabase
    let store: StoreConfiguration
    let recorded: @Sendable () -> Void
    let logger: Logger

    /// `recorded` runs after each record is written (e.g. to wake the uploader).
    public init(database: AppDatabase, store: StoreConfiguration, logger: Logger = Logger(label: "idgate.checkin"),
                recorded: @escaping @Sendable () -> Void = {})
    {
        self.database = database
        self.store = store
        self.logger = logger
        self.recorded = recorded
    }

    /// The payload of a session's check-in; nil when the card gave no ID number.
    public func payload(result: CardReadResult, lookups: [LookupOutcome], reader: String) -> Payload? {
        guard let bytes = result.contents(of: "DG13"), let dg13 = try? DG13(derEncoded: bytes), let id = dg13.idNumber else { return nil }
        let face = store.keepFace ? result.face : nil
        return Payload(
            readerID: ReaderSession.id(forReader: reader), idNumber: id, fullName: dg13.fullName, dateOfBirth: dg13.dateOfBirth?.text,
            sex: dg13.sex?.rawValue, access: result.access.protocol, verification: result.verification, lookups: lookups,
            ethnicity: store.keepSensitiveFields ? dg13.ethnicity : nil, religion: store.keepSensitiveFields ? dg13.religion : nil,
            face: face.map { Data($0.imageData).base64EncodedString() }, faceFormat: face?.format.rawValue)
    }

    /// Writes the check-in of a finished session; returns its record id, nil when nothing was recorded
    /// (no ID number, or the store failed: logged, the session's answer still stands).
    @discardableResult
    public func record(result: CardReadResult, lookups: [LookupOutcome], reader: String, at date: Date = Date()) -> String? {
        guard let payload = payload(result: result, lookups: lookups, reader: reader) else {
            logger.notice("no check-in recorded: the card gave no ID number", metadata: ["reader": "\(reader)"])
            return nil
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let record = CounterRecord(stream: Self.stream, kind: "check-in", createdAt: date, payload: try encoder.encode(payload))
            try database.enqueue(record)
            logger.info("check-in recorded", metadata: ["record": "\(record.id)", "holder": "\(Masking.idNumber(payload.idNumber))"])
            recorded()
            return record.id
        } catch {
            logger.error("check-in not recorded", metadata: ["reader": "\(reader)", "error": "\(error)"])
            return nil
        }
    }
}
