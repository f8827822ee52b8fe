/// One reader's session as the API returns it.
public struct SessionSnapshot: Sendable, Hashable, Codable {
    public var id: String
    public var reader: String
    public var phase: ReaderSession.Phase
    public var progress: CardReadProgress?
    public var keySource: AccessKeySource?
    public var result: CardReadResult?
    public var lookups: [LookupOutcome]?
    public var message: String?

    init(_ s: ReaderSession) {
        id = s.id
        reader = s.reader
        phase = s.phase
        progress = s.progress
        keySource = s.keySource
        result = s.result
        lookups = s.lookups
        message = s.message
    }
}
