import CardIO
import EMRTD
import LDS

/// A simulated Vietnamese CCCD chip (an ICAO 9303 eMRTD): EF.CardAccess in the MF, the eMRTD application
/// with its files, BAC (3DES), PACE generic mapping (ECDH or DH, 3DES or AES), card-side secure messaging,
/// READ BINARY with short or extended length and odd INS B1, and switchable faults.
public final class CCCDCard: SimulatedCard, @unchecked Sendable {
    /// Which access-control protocols the chip accepts.
    public enum AccessMode: String, Sendable, CaseIterable {
        /// Older cards: no EF.CardAccess, BAC only.
        case bacOnly
        /// PACE only: GET CHALLENGE for BAC answers 6982.
        case paceOnly
        /// EF.CardAccess offers PACE and BAC also works.
        case both
        /// The field report: EF.CardAccess offers PACE, MSE:Set AT answers 6982, BAC works.
        case paceAdvertisedButRefused
    }

    /// Everything that makes one simulated card.
    public struct Configuration: Sendable {
        public var mode: AccessMode
        public var mrz: MRZKey
        public var can: String?
        /// The PACE suite the chip offers (default ECDH-GM brainpoolP256r1 AES-128).
        public var pace: PACEInfo
        /// Files of the eMRTD application by file ID (`0x0101` DG1 …); EF.CardAccess is generated.
        public var files: [UInt16: [UInt8]]
        /// Extended-length APDUs accepted.
        public var extendedLength: Bool
        /// SELECT MF (`3F00`) answers 6D00 like some CCCD chips.
        public var selectMFUnsupported: Bool
        /// Largest plaintext READ BINARY answer the chip returns; larger Le gets 6700.
        public var maxReadLength: Int
        /// The chip-authentication key pair answering CA (its public half belongs in DG14); nil: CA refused.
        public var chipAuthenticationKey: SimulatedChipAuthenticationKey?
        /// The active-authentication private key answering INTERNAL AUTHENTICATE (DG15 holds its public half); nil: refused.
        public var activeAuthenticationKey: TestKey?

        public init(mode: AccessMode = .both, mrz: MRZKey, can: String? = nil, pace: PACEInfo = CCCDCard.defaultPACE,
                    files: [UInt16: [UInt8]] = CCCDPlaceholderFiles.make(), extendedLength: Bool = true,
                    selectMFUnsupported: Bool = true, maxReadLength: Int = 65536)
        {
            self.mode = mode
            self.mrz = mrz
            self.can = can
            self.pace = pace
            self.files = files
            self.extendedLength = extendedLength
            self.selectMFUnsupported = selectMFUnsupported
            self.maxReadLength = maxReadLength
        }
    }

    /// id-PACE-ECDH-GM-AES-CBC-CMAC-128 on brainpoolP256r1 (parameter ID 13).
    public static let defaultPACE = PACEInfo(
        protocol: PACEInfo.oid(mapping: .generic, keyAgreement: .ecdh, cipher: .aes128)!, version: 2, parameterID: 13)
    /// The eMRTD application identifier.
    public static let aid: [UInt8] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]

    public let atr: [UInt8] = [0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x81, 0x81, 0x00, 0x7E]
    public var configuration: Configuration
    /// Fault: flip a bit in every response MAC.
    public var corruptResponseMAC = false
    /// Fault: after this many APDUs the card is torn away (`onTear` is called once).
    public var tearAfterAPDUs: Int?
    /// Called when the tear fault fires (e.g. `InProcessChannel.remove` or `VPCDConnection.bounce`).
    public var onTear: (() -> Void)?
    /// The UID the contactless reader reports for GET DATA (FF CA 00 00): nil answers 6A81 as a contact reader
    /// does; a 4-byte UID starting 08 is the random kind. The reader answers it, so it is not counted as an APDU.
    public var uid: [UInt8]?
    /// APDUs processed since creation.
    public private(set) var apduCount = 0
    /// Access-control attempts the card has seen (MUTUAL AUTHENTICATE and final PACE step), for tests.
    public internal(set) var authenticationAttempts = 0

    var applicationSelected = false
    var currentFile: UInt16?
    var bacChallenge: [UInt8]?
    var pace: PACEState?
    var session: CardSession?
    /// Chip authentication's new session, installed after the answer that completes CA is wrapped with the old keys.
    var nextSession: CardSession?
    /// MSE:Set AT for chip authentication was accepted; GENERAL AUTHENTICATE completes it.
    var chipAuthenticationPending = false

    public init(_ configuration: Configuration) { self.configuration = configuration }

    /// EF.CardAccess as the chip stores it; nil for BAC-only chips.
    public var cardAccess: [UInt8]? {
        configuration.mode == .bacOnly ? nil : TLV(tag: 0x31, value: configuration.pace.derEncoded).encoded
    }

    public func reset() {
        applicationSelected = false
        currentFile = nil
        bacChallenge = nil
        pace = nil
        session = nil
        nextSession = nil
        chipAuthenticationPending = false
    }

    /// The card's volatile state (selection, access-control progress, SM session and its counter). The fuzzer of the
    /// card side of SM saves it once a session is open and restores it instead of running PACE or BAC again.
    package struct VolatileState {
        fileprivate var applicationSelected: Bool
        fileprivate var currentFile: UInt16?
        fileprivate var bacChallenge: [UInt8]?
        fileprivate var pace: PACEState?
        fileprivate var session: CardSession?
        fileprivate var nextSession: CardSession?
        fileprivate var chipAuthenticationPending: Bool
    }

    package var volatileState: VolatileState {
        get {
            VolatileState(applicationSelected: applicationSelected, currentFile: currentFile, bacChallenge: bacChallenge, pace: pace,
                          session: session, nextSession: nextSession, chipAuthenticationPending: chipAuthenticationPending)
        }
        set {
            applicationSelected = newValue.applicationSelected
            currentFile = newValue.currentFile
            bacChallenge = newValue.bacChallenge
            pace = newValue.pace
            session = newValue.session
            nextSession = newValue.nextSession
            chipAuthenticationPending = newValue.chipAuthenticationPending
        }
    }

    public func process(_ command: [UInt8]) -> [UInt8] {
        if command.count >= 4, command[0] == 0xFF, command[1] == 0xCA, command[2] == 0 {
            return uid.map { $0 + [0x90, 0x00] } ?? [0x6A, 0x81]
        }
        apduCount += 1
        defer {
            if let n = tearAfterAPDUs, apduCount == n {
                reset()
                onTear?()
            }
        }
        guard let apdu = try? APDU(bytes: command) else { return sw(.wrongLength) }
        if apdu.needsExtendedLength && !configuration.extendedLength { return sw(.wrongLength) }
        if apdu.cla & 0x0C == 0x0C {
            guard session != nil else { return sw(.smDataObjectsMissing) }
            return processProtected(apdu)
        }
        if session != nil { session = nil }  // a plain command ends secure messaging
        let (data, status) = handle(apdu, secured: false)
        return data + [status.sw1, status.sw2]
    }

    /// Dispatches one plain (or unwrapped) command.
    func handle(_ apdu: APDU, secured: Bool) -> ([UInt8], StatusWord) {
        switch apdu.ins {
        case 0xA4: return ([], select(apdu, secured: secured))
        case 0xB0, 0xB1: return readBinary(apdu, secured: secured)
        case 0x84: return getChallenge(apdu)
        case 0x82: return mutualAuthenticate(apdu)
        case 0x22 where apdu.p1 == 0x41: return ([], chipAuthenticationSetup(apdu, secured: secured))
        case 0x22: return ([], manageSecurityEnvironment(apdu))
        case 0x86 where chipAuthenticationPending: return chipAuthenticationAgreement(apdu)
        case 0x86: return generalAuthenticate(apdu)
        case 0x88: return internalAuthenticate(apdu, secured: secured)
        default: return ([], .insNotSupported)
        }
    }

    private func select(_ apdu: APDU, secured: Bool) -> StatusWord {
        switch apdu.p1 {
        case 0x04:
            guard apdu.data == Self.aid else { return .fileNotFound }
            applicationSelected = true
            currentFile = nil
            return .success
        case 0x00 where apdu.data == [0x3F, 0x00] || apdu.data.isEmpty:
            if configuration.selectMFUnsupported { return .insNotSupported }
            applicationSelected = false
            currentFile = nil
            return .success
        case 0x00, 0x02:
            guard apdu.data.count == 2 else { return .incorrectData }
            let id = UInt16(apdu.data[0]) << 8 | UInt16(apdu.data[1])
            if id == 0x011C {
                guard cardAccess != nil else { return .fileNotFound }
                currentFile = id
                return .success
            }
            guard applicationSelected else { return .fileNotFound }
            guard secured else { return .securityStatusNotSatisfied }
            guard configuration.files[id] != nil else { return .fileNotFound }
            currentFile = id
            return .success
        default:
            return .incorrectP1P2
        }
    }

    private func contents(of id: UInt16) -> [UInt8]? { id == 0x011C ? cardAccess : configuration.files[id] }

    private func readBinary(_ apdu: APDU, secured: Bool) -> ([UInt8], StatusWord) {
        guard let id = currentFile, let file = contents(of: id) else { return ([], .commandNotAllowed) }
        guard secured || id == 0x011C else { return ([], .securityStatusNotSatisfied) }
        let offset: Int
        if apdu.ins == 0xB0 {
            guard apdu.p1 & 0x80 == 0 else { return ([], .functionNotSupported) }
            offset = Int(apdu.p1) << 8 | Int(apdu.p2)
        } else {
            guard let tlv = try? BERTLV.parseSingle(apdu.data, expecting: 0x54), (1...3).contains(tlv.value.count) else {
                return ([], .incorrectData)
            }
            offset = tlv.value.reduce(0) { $0 << 8 | Int($1) }
        }
        guard let ne = apdu.ne else { return ([], .wrongLength) }
        guard ne <= configuration.maxReadLength else { return ([], .wrongLength) }
        guard offset < file.count else { return ([], .wrongP1P2) }
        if apdu.ins == 0xB0 {
            let chunk = Array(file[offset..<min(file.count, offset + ne)])
            return (chunk, chunk.count < ne ? .endOfFileBeforeNe : .success)
        }
        // B1 answers a DO'53' whose TLV header counts towards Ne.
        var n = min(file.count - offset, ne)
        while n > 0 && TLV(tag: 0x53, value: []).encoded.count + BERTLV.encodeLength(n).count - 1 + n > ne { n -= 1 }
        let chunk = Array(file[offset..<offset + n])
        return (TLV(tag: 0x53, value: chunk).encoded, .success)
    }

    func sw(_ status: StatusWord) -> [UInt8] { [status.sw1, status.sw2] }
}
