import CardIO
import CardSim
import EMRTD
import FuzzSupport

/// The card side of secure messaging: CardSim's CCCDCard processing arbitrary APDUs inside an open session.
/// Sessions are opened once (PACE-GM with the CAN: AES-128; BAC with the MRZ key: 3DES); each input starts from the
/// card's state and the terminal's keys as they were right after that opening (no PACE or BAC per input).
/// Input: selector (bit 0: AES or 3DES session; bits 1–2: mode), then the payload.
///   mode 0: CLA/INS/P1/P2/Le and data, protected correctly by the terminal codec: the card runs any command
///           (SELECT, READ BINARY, MSE, GENERAL AUTHENTICATE, INTERNAL AUTHENTICATE…) in secured state.
///   mode 1: CLA/INS/P1/P2/Le and arbitrary SM data objects with a valid DO'8E' over them: the card's unwrapping.
///   mode 2: raw bytes straight to the card (APDU parsing, plain commands, broken SM), in the 3DES session.
/// Checked: the card never traps or hangs, and always answers a well-formed APDU response, which the terminal's codec
/// then unprotects (it refuses the answer when the card ended the session).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let selector = input.byte()
    let mode = (selector >> 1) % 3
    let useAES = selector & 1 == 0 && mode != 2
    var session = useAES ? Sessions.aes : Sessions.des
    defer { if useAES { Sessions.aes = session } else { Sessions.des = session } }
    session.open()  // every input starts from the same open session, so a crash reproduces from its input alone
    guard let keys = session.keys else {
        fuzzCheck(false, "cannot open a session on the simulated card")
        return 0
    }
    switch mode {
    case 0:
        let header = input.take(4) + [0, 0, 0, 0]
        let ne = Int(input.byte())
        let command = APDU(cla: header[0] & 0x03, ins: header[1], p1: header[2], p2: header[3], data: input.rest(),
                           ne: ne == 0 ? nil : ne)
        var codec = SecureMessagingCodec(keys: keys)
        guard let protected = try? codec.protect(command), let wire = try? protected.encoded() else { return 0 }
        session.exchange(wire, codec: codec)
    case 1:
        let header = input.take(4) + [0, 0, 0, 0]
        let cla = header[0] | 0x0C
        let extended = input.byte() & 1 == 1
        let objects = input.rest()
        var k = keys
        k.incrementSSC()
        let macInput = padISO9797([cla, header[1], header[2], header[3]], blockSize: k.cipher.blockSize) + objects
        guard let mac = try? k.cipher.secureMessagingMAC(key: k.mac, ssc: k.ssc, data: macInput) else { return 0 }
        let command = APDU(cla: cla, ins: header[1], p1: header[2], p2: header[3], data: objects + TLV(tag: 0x8E, value: mac).encoded,
                           ne: extended ? APDU.maxExtendedNe : APDU.maxShortNe)
        guard let wire = try? command.encoded() else { return 0 }
        session.exchange(wire, codec: SecureMessagingCodec(keys: k))
    default:
        _ = session.card.process(input.rest())
    }
    return 0
}

/// One simulated card and the terminal's keys of its open session (nil: closed, reopen before use).
struct Session {
    let card: CCCDCard
    let profile: CCCDProfile
    let pace: Bool
    var keys: SessionKeys?
    /// The card's state and the terminal's keys just after the first opening.
    var opened: (card: CCCDCard.VolatileState, keys: SessionKeys)?

    /// Back to the session as first opened; the first time, selects the eMRTD application and runs PACE or BAC.
    mutating func open() {
        if let opened {
            card.volatileState = opened.card
            keys = opened.keys
            return
        }
        card.reset()
        let channel = InProcessChannel(card: card)
        do {
            _ = try channel.send(APDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: CCCDCard.aid))
            let sm: SecureMessagingChannel
            if pace {
                guard let can = profile.accessKeys.can else { return }
                sm = try PACE.open(channel, info: CCCDCard.defaultPACE, key: .can(can))
            } else {
                guard let mrz = profile.accessKeys.mrz.first else { return }
                sm = try BAC.open(channel, key: mrz)
            }
            // The channel keeps its codec private; the harness reads the keys by reflection.
            let codec = Mirror(reflecting: sm).children.first { $0.label == "codec" }?.value as? SecureMessagingCodec
            keys = codec?.keys
            if let keys { opened = (card.volatileState, keys) }
        } catch {
            keys = nil
        }
    }

    /// Sends a protected command and unprotects the answer (an SM error or a plain one ends the session: the next
    /// input restores it anyway).
    func exchange(_ wire: [UInt8], codec: SecureMessagingCodec) {
        var codec = codec
        let answer = card.process(wire)
        guard let response = try? ResponseAPDU(bytes: answer) else {
            fuzzCheck(false, "the card answered \(answer.count) bytes, not an APDU response")
            return
        }
        // Refused when the card ended the session (6987/6988, a plain error, or chip authentication switched keys).
        _ = try? codec.unprotect(response)
    }
}

enum Sessions {
    nonisolated(unsafe) static var aes = make(pace: true)
    nonisolated(unsafe) static var des = make(pace: false)

    static func make(pace: Bool) -> Session {
        guard let sample = CitizenSample.samples.first, let profile = try? CCCDProfile(sample, pki: nil) else {
            fatalError("the simulated card profile cannot be built")
        }
        return Session(card: profile.card(mode: .both), profile: profile, pace: pace)
    }
}
