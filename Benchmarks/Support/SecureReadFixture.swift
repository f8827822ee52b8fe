import CardIO
import CardSim
import EMRTD

/// Issue #4's benchmark case: open a simulated CCCD with PACE (CAN, ECDH-GM brainpoolP256r1, AES-128) and read
/// one 20 KB file over secure messaging, with short APDUs or extended length.
public struct SecureReadFixture {
    /// What one PACE + read cost.
    public struct Outcome {
        public var apdus: Int
        public var bytesSent: Int
        public var bytesReceived: Int
        /// APDUs of access control alone (EF.CardAccess, PACE, SELECT application).
        public var accessAPDUs: Int
        public var cardCPUNanoseconds: Int
    }

    /// The file read (DG2's ID) and its size: 20 KB, tag and length included.
    public static let fileID: UInt16 = 0x0102
    public static let fileSize = 20_480

    let configuration: CCCDCard.Configuration
    let keys: CCCDAccessKeys

    /// The card of `profile` with a 20 KB DG2.
    public init(profile: CCCDProfile) {
        var c = profile.configuration()
        c.files[Self.fileID] = CCCDPlaceholderFiles.wrap(0x75, Self.fileSize - 4, seed: 2)
        configuration = c
        keys = profile.accessKeys
    }

    /// PACE with the CAN, then the 20 KB file; fails if the bytes read differ from the card's file.
    public func run(extendedLength: Bool) throws -> Outcome {
        var c = configuration
        c.extendedLength = extendedLength
        let card = TimedCard(CCCDCard(c))
        let wire = CountingChannel(InProcessChannel(card: card, supportsExtendedLength: extendedLength))
        let (sm, access) = try CCCDAccess.open(wire, keys: keys, reset: { card.reset() })
        guard access.protocol == "PACE" else { throw CardReadFixture.NotVerified(description: "opened with \(access.protocol), not PACE") }
        let accessAPDUs = wire.apdus
        let bytes = try FileReader(channel: sm).readFile(fileID: Self.fileID)
        guard bytes == c.files[Self.fileID] else { throw CardReadFixture.NotVerified(description: "the 20 KB file read back differs") }
        return Outcome(apdus: wire.apdus, bytesSent: wire.bytesSent, bytesReceived: wire.bytesReceived, accessAPDUs: accessAPDUs,
                       cardCPUNanoseconds: card.cpuNanoseconds)
    }
}
