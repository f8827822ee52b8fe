import Agent
import CardIO
import CardSim
import EMRTD
import Foundation
import PassiveAuth
import Testing

extension PCSCIntegration {
    /// The complete simulated CCCD read and verified end to end: Agent → PCSCCard → pcscd → vpcd → CCCDCard.
    @Suite("Verified read of the complete simulated CCCD through pcscd and vpcd")
    struct VerifiedReadOverPCSC {
        let harness = PCSCHarness.shared

        @Test("PCSCCardReader reads the sample citizen with passive, chip and active authentication passing: genuine chip")
        func endToEnd() async throws {
            try await harness.ensureRunning()
            let sample = CitizenSample.samples[0]
            let pki = try TestPKI.generate(now: CCCDProfile.issueDate(sample))
            let profile = try CCCDProfile(sample, pki: pki)
            var store = TrustStore()
            _ = store.add(try Certificate(derEncoded: pki.csca.der))
            let vpcd = harness.virtualCard(profile.card())
            vpcd.insert()
            defer { vpcd.remove() }
            #expect(await vpcd.waitConnected())
            let context = try PCSCContext()
            defer { context.release() }
            // Wait until pcscd sees the card, then hand the reader to the agent's reader (which connects itself).
            try await harness.connectWhenPresent(context).disconnect(.leave)
            let reader = PCSCCardReader(trustStore: store)
            var result = await reader.read(reader: harness.readerName, keys: profile.accessKeys, progress: { _ in })
            // A stale vpcd link fails the first APDU (SCARD_E_NOT_TRANSACTED) on ~40% of back-to-back runs: retry once.
            if case .failure(.card(let why)) = result {
                print("VerifiedReadOverPCSC: first read failed (\(why)); retrying once")
                try await Task.sleep(for: .milliseconds(300))
                result = await reader.read(reader: harness.readerName, keys: profile.accessKeys, progress: { _ in })
            }
            let read = try result.get()
            let verification = try #require(read.verification)
            #expect(verification.verdict == "verified", "\(verification.details)")
            #expect(verification.details.contains("genuine chip"), "\(verification.details)")
            #expect(verification.details.contains { $0.hasPrefix("CA ECDH brainpoolP256r1 AES-128: passed") })
            #expect(verification.details.contains { $0.hasPrefix("AA ECDSA brainpoolP256r1 SHA256: passed") })
            #expect(read.holder?.maskedID.hasPrefix(String(sample.idNumber.prefix(4))) == true)
            #expect(read.face?.imageData.isEmpty == false)
            #expect(read.files.map(\.name) == ["COM", "DG13", "DG1", "SOD", "DG14", "DG15", "DG2"])
            print("pcscd verified read: \(read.apdus) APDUs, \(read.milliseconds) ms,", read.files.map { "\($0.name)=\($0.size)B/\($0.apdus)" }.joined(separator: " "))
        }

        /// Runs `idgate read --simulated` on the harness's vpcd port; returns the exit status and the JSON on stdout.
        func idgateRead(_ extra: [String]) throws -> (Int32, [String: Any]) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("idgate")
            process.arguments = ["read", "--simulated", "--port", String(harness.vpcdPort)] + extra
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (process.terminationStatus, json)
        }

        @Test("idgate read --simulated prints the citizen and a genuine-chip report; with the CSCA untrusted it still reads, issuer not trusted")
        func idgateCommand() async throws {
            try await harness.ensureRunning()
            let photo = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-face-\(getpid()).jpg")
            defer { try? FileManager.default.removeItem(at: photo) }
            for (extra, chip, passive) in [(["--photo", photo.path], "genuine chip", "verified"),
                                            (["--untrusted-simulator", "--sample", "1"], "chip keys not authenticated by the SOD", "issuerNotTrusted")] {
                var (status, json) = try idgateRead(extra)
                if status != 0 {  // stale vpcd link on the first APDU: retry once
                    try await Task.sleep(for: .milliseconds(300))
                    (status, json) = try idgateRead(extra)
                }
                #expect(status == 0)
                let sample = extra.contains("1") ? CitizenSample.samples[1] : CitizenSample.samples[0]
                let citizen = json["citizen"] as? [String: Any]
                #expect(citizen?["fullName"] as? String == sample.fullName)
                #expect(citizen?["placeOfResidence"] as? String == sample.placeOfResidence)
                #expect(json["chip"] as? String == chip)
                let authentication = json["authentication"] as? [String: Any]
                let outcome = (authentication?["passive"] as? [String: Any])?["outcome"]
                #expect("\(outcome ?? "")".contains(passive), "\(outcome ?? "none")")
                #expect((json["totalAPDUs"] as? Int ?? 0) > 20)
                print("idgate read \(extra.first ?? ""): \(json["totalAPDUs"] ?? "?") APDUs, ms \(json["milliseconds"] ?? "?")")
            }
            let face = try Data(contentsOf: photo)
            #expect(face.starts(with: [0xFF, 0xD8]))
        }
    }
}
