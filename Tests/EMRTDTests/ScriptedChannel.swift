import CardIO
import Testing

/// Replays a recorded exchange: each command must equal the recorded one byte for byte, and gets the recorded answer.
final class ScriptedChannel: CardChannel {
    private var script: [(command: [UInt8], answer: [UInt8])]
    private(set) var mismatch: String?

    init(_ script: [(String, String)]) throws {
        self.script = try script.map { (try h($0.0), try h($0.1)) }
    }

    var isFinished: Bool { script.isEmpty }

    func transmit(_ command: APDU) throws(CardIOError) -> ResponseAPDU {
        let wire: [UInt8]
        do { wire = try command.encoded() } catch { throw .invalidAPDU(error) }
        guard !script.isEmpty else { throw .protocolViolation("unexpected command \(hex(wire))") }
        let step = script.removeFirst()
        guard wire == step.command else {
            mismatch = "sent \(hex(wire)), recorded \(hex(step.command))"
            throw .protocolViolation(mismatch ?? "")
        }
        do { return try ResponseAPDU(bytes: step.answer) } catch { throw .invalidResponse(error) }
    }
}
