@testable import Agent
import CardIO
import CardSim
import EMRTD
import Eligibility
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import LDS
import Store
import Sync
import Synchronization
import Testing
import VNID

/// A card reader that plays a read of a CitizenSample: refuses any CAN but the sample's, reports progress
/// slowly enough for a screenshot, and returns DG13 and a face with the verdict the test chose.
final class ScriptedKioskReader: CardReader {
    let sample: CitizenSample
    let verdict = Mutex<String?>(nil)

    init(sample: CitizenSample) { self.sample = sample }

    func read(reader: String, keys: CCCDAccessKeys, progress: @escaping @Sendable (CardReadProgress) -> Void) async
        -> Result<CardReadResult, CardReadFailure>
    {
        guard keys.can == String(sample.idNumber.suffix(6)) else { return .failure(.accessDenied("PACE: wrong CAN")) }
        progress(CardReadProgress(step: "access", percent: 15))
        for (i, step) in ["COM", "DG1", "DG2", "DG13", "SOD"].enumerated() {
            try? await Task.sleep(for: .milliseconds(step == "DG2" ? 1500 : 150))
            progress(CardReadProgress(step: step, percent: 15 + 17 * (i + 1)))
        }
        do {
            return .success(try Self.result(for: sample, verdict: verdict.withLock { $0 }))
        } catch {
            return .failure(.card("scripted read could not build its files: \(error)"))
        }
    }
}

extension ScriptedKioskReader {
    /// What a PACE read of `sample` gives: DG13 and DG2 with a face, the verdict given.
    static func result(for sample: CitizenSample, verdict: String?) throws -> CardReadResult {
        let access = try JSONDecoder().decode(AccessOutcome.self, from: Data(
            #"{"protocol":"PACE","password":"CAN","suite":"ECDH-GM brainpoolP256r1 AES-128","attempts":1,"resets":0,"notes":[]}"#.utf8))
        func file(_ name: String, _ id: String, _ bytes: [UInt8]) throws -> FileReadResult {
            var f = try JSONDecoder().decode(FileReadResult.self, from: Data(
                #"{"name":"\#(name)","fileID":"\#(id)","size":\#(bytes.count),"apdus":3,"bytesSent":40,"bytesReceived":\#(bytes.count)}"#.utf8))
            f.contents = bytes
            return f
        }
        let files = [try file("DG13", "010D", LDSBuilder.dg13(for: sample)), try file("DG2", "0102", LDSBuilder.dg2(for: sample))]
        var result = CardReadResult(access: access, files: files, apdus: 30, bytesSent: 400, bytesReceived: 9000, milliseconds: 2500)
        result.verification = verdict.map { VerificationSummary(verdict: $0) }
        result.face = FaceImage(format: .jpeg, imageData: LDSBuilder.faceJPEG(), width: 96, height: 128, headerVersion: nil)
        result.holder = HolderSummary(maskedID: Masking.idNumber(sample.idNumber), initials: Masking.name(sample.fullName))
        return result
    }
}

/// Insurance and driver health-check answers as GatewayLookups gives them, from the origin the test chose
/// (gateway, cache, snapshot or provisional): the insurance outcome is built by GatewayLookups itself from an EligibilityAnswer.
final class ScriptedKioskLookups: LookupRunner {
    let origin = Mutex("gateway")

    func lookups(for result: CardReadResult) async -> [LookupOutcome] {
        try? await Task.sleep(for: .milliseconds(300))
        return (try? Self.outcomes(origin: origin.withLock { $0 })) ?? []
    }

    static func outcomes(origin: String) throws -> [LookupOutcome] {
        let coverage = EligibilityVerdict.Coverage(card: try CardCode("DN4010123456789"), validFrom: try GatewayDate(parsing: "01/01/2026"),
                                                   validTo: try GatewayDate(parsing: "31/12/2026"), primaryCareFacility: "01001")
        let answer: EligibilityAnswer
        switch origin {
        case "cache": answer = EligibilityAnswer(verdict: .eligible(coverage), source: .cache(age: 300), answeredAt: Date(), offlineReason: "timeout")
        case "snapshot":
            answer = EligibilityAnswer(verdict: .eligible(coverage), source: .snapshot(date: try GatewayDate(parsing: "01/11/2026")), answeredAt: Date(),
                                       offlineReason: "gateway unreachable")
        case "provisional":
            answer = EligibilityAnswer(verdict: .pendingVerification, source: .provisional(ticket: UUID()), answeredAt: Date(), offlineReason: "timeout")
        default: answer = EligibilityAnswer(verdict: .eligible(coverage), source: .gateway, answeredAt: Date())
        }
        // The health-check outcome as GatewayLookups.outcome(readiness:…) forms it (LicenseHealth is not a dependency of these tests).
        let health = origin == "provisional"
            ? LookupOutcome(source: "license-health", verdict: "not-ready", detail: "the only class B certificate expired on 02/03/2026", origin: "central",
                            originDetail: "central registry (live)", facts: LookupFacts(licenceClass: "B", renewalReady: false))
            : LookupOutcome(source: "license-health", verdict: "renewal-ready", detail: "a valid class B health certificate until 15/05/2027",
                            origin: origin == "snapshot" ? "snapshot" : "central",
                            originDetail: origin == "snapshot" ? "synced certificate snapshot" : "central registry (live)",
                            facts: LookupFacts(licenceClass: "B", certificateValidUntil: "15/05/2027", renewalReady: true))
        return [GatewayLookups.outcome(answer), health]
    }
}

/// A local database with a realistic upload state: one record delivered, one waiting five minutes, one refused by the
/// central (a dead letter), and the central unreachable now.
enum KioskSyncFixture {
    static func database(at dir: URL) async throws -> AppDatabase {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = try AppDatabase(path: dir.appendingPathComponent("agent.sqlite").path, keyring: StoreKeyring.generate())
        try db.enqueue(record())
        try await db.settle([(seq: try #require(try await db.pendingBatch(limit: 1).first).seq, outcome: .delivered(receipt: "c-1"))])
        try db.enqueue(record(createdAt: Date().addingTimeInterval(-300)))
        try await addDeadLetter(db)
        try await db.noteSyncFailure("central unreachable: connection refused", offline: true)
        return db
    }

    static func record(createdAt: Date = Date()) -> CounterRecord {
        CounterRecord(stream: "counter-1", kind: "check-in", createdAt: createdAt, payload: Data(#"{"kind":"check-in"}"#.utf8))
    }

    /// Enqueues a record and settles it as the central's permanent refusal.
    static func addDeadLetter(_ db: AppDatabase) async throws {
        let r = record()
        try db.enqueue(r)
        let seq = try #require(try await db.pendingBatch(limit: 100).first { $0.record.id == r.id }).seq
        try await db.settle([(seq: seq, outcome: .deadLetter(reason: "422 check-in refused: facility 01999 unknown to the central"))])
    }
}

@Suite struct KioskPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `router` on a loopback port until the returned task is cancelled.
    static func serve(_ router: Router<BasicRequestContext>) async throws -> (port: Int, server: Task<Void, any Error>) {
        let (ports, found) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { found.yield($0.localAddress?.port ?? 0) })
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        return (try #require(await iterator.next()), server)
    }

    static func get(_ port: Int, _ path: String, token: String? = nil) async throws -> (status: Int, headers: [String: String], text: String) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }

    @Test("Kiosk page serves its files with no-store and a same-origin CSP, and the citizen route needs the token and a card")
    func routes() async throws {
        let hub = SessionHub(policy: .init(), cardReader: ScriptedKioskReader(sample: CitizenSample.samples[0]))
        let (port, server) = try await Self.serve(LocalAPI(hub: hub, token: "t0k3n", metrics: nil, readiness: Readiness(required: [])).router())
        defer { server.cancel() }
        let page = try await Self.get(port, "/kiosk/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["cache-control"] == "no-store")
        #expect(page.headers["content-security-policy"]?.contains("connect-src 'self'") == true)
        #expect(page.text.contains("kiosk.js"))
        let script = try await Self.get(port, "/kiosk/kiosk.js")
        #expect(script.status == 200 && script.text.contains("Authorization"))
        let texts = try await Self.get(port, "/kiosk/kiosk-texts.js")
        #expect(texts.status == 200 && texts.text.contains("Vui lòng đặt thẻ") && page.text.contains("kiosk-texts.js"))
        #expect(try await Self.get(port, "/kiosk/secret.txt").status == 404)
        #expect(try await Self.get(port, "/v1/sessions/x/citizen").status == 401)
        #expect(try await Self.get(port, "/v1/sessions/x/citizen", token: "t0k3n").status == 404)
        // No local database: the page reads this 404 as "sync not configured".
        #expect(try await Self.get(port, "/v1/sync", token: "t0k3n").status == 404)
    }

    @Test("Headless Chromium walks a simulated session in Vietnamese and English: texts, verdict colours, contrast, clearing, refusal without the token")
    func chromiumSession() async throws {
        let sample = CitizenSample.samples[0]
        let readerName = "Kiosk Test Reader 00"
        let cardReader = ScriptedKioskReader(sample: sample)
        let lookups = ScriptedKioskLookups()
        let hub = SessionHub(policy: .init(), cardReader: cardReader, lookups: lookups)
        let token = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-kiosk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try await KioskSyncFixture.database(at: dir)
        // Upload configured toward a central that is not there; the service is not run, so the test alone moves the outbox.
        let sync = AgentSyncService(database: database, transport: HTTPCentralClient(baseURL: try #require(URL(string: "http://127.0.0.1:9")), token: "t"),
                                    eligibility: nil, interval: .seconds(3600), retentionDays: 30)
        let router = LocalAPI(hub: hub, token: token, metrics: nil, readiness: Readiness(required: []),
                              sync: SyncRoutes(database: database, sync: sync)).router()
        // Test-only routes that stand in for pcscd: a card goes on (with the verdict the read will carry and the
        // origin of its look-up answers) and off; a record the central refuses.
        router.post("sim/insert") { request, _ in
            cardReader.verdict.withLock { $0 = request.uri.queryParameters.get("verdict") }
            lookups.origin.withLock { $0 = request.uri.queryParameters.get("origin") ?? "gateway" }
            await hub.handle(.readerAdded(readerName))
            await hub.handle(.cardInserted(reader: readerName, atr: [0x3B, 0x88]))
            return HTTPResponse.Status.ok
        }
        router.post("sim/unresponsive") { _, _ in
            await hub.handle(.cardUnresponsive(reader: readerName))
            return HTTPResponse.Status.ok
        }
        router.post("sim/remove") { _, _ in
            await hub.handle(.cardRemoved(reader: readerName))
            return HTTPResponse.Status.ok
        }
        router.post("sim/dead-letter") { _, _ in
            try await KioskSyncFixture.addDeadLetter(database)
            return HTTPResponse.Status.ok
        }
        await hub.handle(.readerAdded(readerName))
        let (port, server) = try await Self.serve(router)
        defer { server.cancel() }
        // The same hub behind an API without a local database: the staff view says sync is not configured.
        let (bare, bareServer) = try await Self.serve(LocalAPI(hub: hub, token: token, metrics: nil, readiness: Readiness(required: [])).router())
        defer { bareServer.cancel() }

        let out = Self.root.appendingPathComponent("artifacts/kiosk")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("scripts/kiosk-test").path,
                             "--base", "http://127.0.0.1:\(port)", "--base-no-sync", "http://127.0.0.1:\(bare)", "--token", token, "--out", out.path,
                             "--can", String(sample.idNumber.suffix(6)), "--qr", sample.qrText, "--name", sample.fullName,
                             "--dob", sample.dateOfBirth.ddMMyyyy, "--masked-id", Masking.idNumber(sample.idNumber),
                             "--id-number", sample.idNumber, "--address", sample.placeOfResidence, "--reader-name", readerName]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        // Drained while the driver runs: its log is longer than a pipe's buffer.
        let output = Mutex(Data())
        pipe.fileHandleForReading.readabilityHandler = { h in let d = h.availableData; output.withLock { $0.append(d) } }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = pipe.fileHandleForReading.readDataToEndOfFile()
        let log = String(decoding: output.withLock { $0 + rest }, as: UTF8.self)
        print(log)
        #expect(status == 0, "scripts/kiosk-test failed (status \(status); chromium must be installed, see scripts/debian-packages.txt):\n\(log)")
        #expect(log.contains("0 failure(s)"))
    }
}
