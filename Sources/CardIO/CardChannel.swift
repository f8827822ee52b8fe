/// Something that carries command APDUs to a card and brings back its responses:
/// a PC/SC reader, a simulated card in-process, or a recorded trace.
///
/// Implementations return the card's answer as is; `transmitHandlingT0` adds the
/// transparent `61xx`/`6Cxx` handling every caller wants.
public protocol CardChannel: AnyObject {
    /// Sends one command APDU and returns the card's raw answer.
    func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU
    /// True when the reader and card accept extended-length APDUs.
    var supportsExtendedLength: Bool { get }
}

extension CardChannel {
    public var supportsExtendedLength: Bool { false }

    /// Sends a command and resolves T=0 procedure bytes: `61xx` is followed by GET RESPONSE
    /// until the data is complete; `6Cxx` resends the command once with the Le the card asked for.
    public func send(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        var response = try transmit(command)
        if let le = response.status.correctLe {
            var retry = command
            retry.ne = le
            response = try transmit(retry)
        }
        var data = response.data
        var rounds = 0
        while let available = response.status.bytesAvailable {
            rounds += 1
            // A card that keeps answering 61xx forever would otherwise hang the reader.
            guard rounds <= 256 else { throw .protocolViolation("card kept answering 61xx after 256 GET RESPONSE commands") }
            response = try transmit(APDU(cla: command.cla & 0x80 == 0 ? command.cla & 0x03 : 0x00, ins: 0xC0, ne: available))
            data += response.data
        }
        return ResponseAPDU(data: data, status: response.status)
    }
}

/// A channel that counts what crosses it: APDUs and bytes each way.
public final class CountingChannel: CardChannel {
    public let base: any CardChannel
    public private(set) var apdus = 0
    public private(set) var bytesSent = 0
    public private(set) var bytesReceived = 0

    public init(_ base: any CardChannel) { self.base = base }

    public var supportsExtendedLength: Bool { base.supportsExtendedLength }

    public func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        let wire: [UInt8]
        do { wire = try command.encoded() } catch { throw .invalidAPDU(error) }
        let response = try base.transmit(command)
        apdus += 1
        bytesSent += wire.count
        bytesReceived += response.data.count + 2
        return response
    }
}
