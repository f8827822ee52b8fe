import CardIO
import CardSim
import Foundation
import Testing

extension PCSCIntegration {
    @Suite("ReaderMonitor against a real pcscd")
    struct ReaderMonitorTests {
        let harness = PCSCHarness.shared

        @Test("the vpcd readers appear, and card insert and remove events arrive in order with the ATR")
        func insertRemoveInOrder() async throws {
            try await harness.ensureRunning()
            // The card of an earlier test must be gone before the monitor starts, or its late
            // removal shows up among this test's events.
            let card = TestCard()
            let vpcd = harness.virtualCard(card)
            let monitor = ReaderMonitor()
            let recorder = EventRecorder(monitor.events)
            monitor.start()
            defer { monitor.stop() }
            try await recorder.wait { $0.contains(.readerAdded(harness.readerName)) && $0.contains(.readerAdded(harness.secondReaderName)) }

            let mark = recorder.all.count
            for _ in 0..<2 {
                harness.waitUntilEmpty(harness.readerName)
                let round = recorder.all.count
                vpcd.insert()
                try await recorder.wait { $0.dropFirst(round).contains { if case .cardInserted = $0 { true } else { false } } }
                vpcd.remove()
                try await recorder.wait { $0.dropFirst(round).contains(.cardRemoved(reader: harness.readerName)) }
                let seen = recorder.since(round)
                #expect(seen.first == .cardInserted(reader: harness.readerName, atr: card.atr))
                #expect(seen.last == .cardRemoved(reader: harness.readerName))
            }
            // The second round again starts with an insertion: insert, remove, insert, remove.
            let cardEvents = recorder.since(mark).filter {
                switch $0 { case .cardInserted, .cardRemoved: true; default: false }
            }
            #expect(cardEvents == [
                .cardInserted(reader: harness.readerName, atr: card.atr), .cardRemoved(reader: harness.readerName),
                .cardInserted(reader: harness.readerName, atr: card.atr), .cardRemoved(reader: harness.readerName),
            ])
        }

        @Test("pcscd killed and restarted: the monitor reports the outage, recovers, and events resume")
        func recoversFromPcscdRestart() async throws {
            try await harness.ensureRunning()
            let monitor = ReaderMonitor(backoff: .init(initial: .milliseconds(50), maximum: .milliseconds(400)))
            let recorder = EventRecorder(monitor.events)
            monitor.start()
            let vpcd = harness.virtualCard(TestCard())
            vpcd.insert()
            defer { vpcd.remove() }
            try await recorder.wait { $0.contains { if case .cardInserted = $0 { true } else { false } } }

            harness.kill()
            let outage = try await recorder.wait { $0.contains(.readerRemoved(harness.readerName)) }
            #expect(outage.contains { if case .serviceUnavailable = $0 { true } else { false } })
            // The card is reported gone before its reader.
            let removedCard = try #require(outage.lastIndex(of: .cardRemoved(reader: harness.readerName)))
            let removedReader = try #require(outage.lastIndex(of: .readerRemoved(harness.readerName)))
            #expect(removedCard < removedReader)

            let mark = recorder.all.count
            try await harness.start()
            // vpcd reconnects on its own, as a card left on the reader would be seen again.
            let after = try await recorder.wait {
                $0.dropFirst(mark).contains { if case .cardInserted = $0 { true } else { false } }
            }
            let resumed = Array(after.dropFirst(mark))
            #expect(resumed.first == .serviceRestored)
            #expect(resumed.contains(.readerAdded(harness.readerName)))

            #expect(monitor.stop(), "the monitor thread ends after a restart")
            for await _ in monitor.events {}  // the stream finishes
            #expect(await monitorThreads() == 0, "no monitor thread is left behind")
        }

        /// Threads of this process named by ReaderMonitor (Linux keeps the first 15 characters of a
        /// name), after giving a thread that just signalled its end a moment to exit.
        func monitorThreads() async -> Int {
            var count = monitorThreadCount()
            for _ in 0..<50 where count > 0 {
                try? await Task.sleep(for: .milliseconds(20))
                count = monitorThreadCount()
            }
            return count
        }

        func monitorThreadCount() -> Int {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            return tasks.filter { task in
                // /proc files report size 0, so read them with FileHandle rather than String(contentsOfFile:).
                let handle = FileHandle(forReadingAtPath: "/proc/self/task/\(task)/comm")
                defer { try? handle?.close() }
                let name = String(decoding: (try? handle?.readToEnd()) ?? Data(), as: UTF8.self)
                return name.hasPrefix("idgate-reader")
            }.count
        }

        @Test("a monitor started while pcscd is down waits, then reports the readers when it starts")
        func startsBeforePcscd() async throws {
            harness.stop()
            let monitor = ReaderMonitor(backoff: .init(initial: .milliseconds(50), maximum: .milliseconds(400)))
            let recorder = EventRecorder(monitor.events)
            monitor.start()
            defer { monitor.stop() }
            let first = try await recorder.wait { !$0.isEmpty }
            #expect(first.first == .serviceUnavailable(.noService))
            try await harness.start()
            let events = try await recorder.wait { $0.contains(.readerAdded(harness.readerName)) }
            #expect(events.contains(.serviceRestored))
        }

        @Test("stop() ends a monitor blocked in SCardGetStatusChange through SCardCancel")
        func stopCancelsBlockedWait() async throws {
            try await harness.ensureRunning()
            for _ in 0..<3 {
                let monitor = ReaderMonitor()
                let recorder = EventRecorder(monitor.events)
                monitor.start()
                // Once the readers are reported, the thread is blocked in an infinite wait.
                try await recorder.wait { $0.contains(.readerAdded(harness.secondReaderName)) }
                try await Task.sleep(for: .milliseconds(100))
                #expect(monitorThreadCount() == 1, "the monitor runs on its own named thread")
                #expect(monitor.stop(timeout: .seconds(2)), "the thread ended before the timeout")
            }
            #expect(await monitorThreads() == 0)
        }
    }
}
