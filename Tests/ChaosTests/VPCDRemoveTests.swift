import ChaosSupport
import CardSim
import Foundation
import Testing

@Suite("Chaos: a virtual card taken off by two threads at once")
struct VPCDRemoveTests {
    @Test("Every caller of remove() returns once the connection thread has ended (regression: the second one waited forever)")
    func concurrentRemove() {
        var tally = ChaosTally("vpcd-concurrent-remove")
        for _ in 0..<ChaosScale.pick(short: 5, full: 50) {
            tally.runs += 1
            // Nothing listens on port 1: the connection thread keeps retrying until removed.
            let vpcd = VPCDConnection(card: TestCard(), port: 1)
            vpcd.insert()
            let callers = DispatchGroup()
            for _ in 0..<3 {
                callers.enter()
                Thread {
                    vpcd.remove()
                    callers.leave()
                }.start()
            }
            if callers.wait(timeout: .now() + 5) != .success { tally.hang("a remove() did not return within 5 s") }
        }
        tally.report()
    }
}
