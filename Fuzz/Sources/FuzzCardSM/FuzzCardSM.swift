import CardIO
import CardSim
import EMRTD
import FuzzSupport

/// The card side of secure messaging: CardSim's CCCDCard processing arbitrary APDUs inside an open session.
/// Sessions are opened once (PACE-GM with the CAN: AES-128; BAC with the MRZ key: 3DES) and reopened only when
/// an input ends them. Input: selector (bit 0: AES or 3DES session; bits 1–2: mode), then the payload.
///   mode 0: CLA/INS/P1/P2/Le and data, protected correctly by the terminal codec: the card runs any command
///           (SELECT, READ BINARY, MSE, GENERAL AUTHENTICATE, INTERNAL AUTHENTICATE…) in secured state.
///   mode 1: CLA/INS/P1/P2/Le and arbitrary SM data objects with a valid DO'8E' over them: the card's unwrapping.
///   mode 2: raw bytes straight to the card (APDU parsing, plain commands, broken SM); the 3DES session is reopened.
/// A correct answer from the card must always unprotect; an SM error from the card must come unprotected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let selector = input.byte()
    let mode = (selector >> 1) % 3
    let useAES = selector & 1 == 0 && mode != 2
    var session = useAES ? Sessions.aes : Sessions.des
    defer { if useAES { Sessions.aes = session } else { Sessions.des = session } }
    if session.keys == nil { session.open() }
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
        session.keys = nil
    }
    return 0
}

/// One simulated card and the terminal's keys of its open session (nil: closed, reopen before use).
struct Session {
    let card: CCCDCard
    let profile: CCCDProfile
    let pace: Bool
    var keys: SessionKeys?

    /// Resets the card, selects the eMRTD application and runs PACE or BAC; keeps the terminal's session keys.
    mutating func open() {
        keys = nil
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
        } catch {
            keys = nil
        }
    }

    /// Sends a protected command and unprotects the answer, keeping the SSC in step; closes the session when the
    /// card ended it.
    mutating func exchange(_ wire: [UInt8], codec: SecureMessagingCodec) {
        var codec = codec
        let answer = card.process(wire)
        guard let response = try? ResponseAPDU(bytes: answer) else {
            fuzzCheck(false, "the card answered \(answer.count) bytes, not an APDU response")
            return
        }
        do {
            _ = try codec.unprotect(response)
            keys = codec.keys
        } catch {
            // The card ended the session (6987/6988, a plain error, or chip authentication switched keys).
            keys = nil
        }
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
