// Writes the seed corpora of the fuzz targets from the simulated card (CardSim's CitizenSample, LDSBuilder,
// CCCDProfile, TestPKI), into <output>/<target>/seed-<n> (default output: Fuzz/corpus). Small files only.
import CardIO
import CardSim
import EMRTD
import Eligibility
import Foundation
import LDS
import VNID

let output = CommandLine.arguments.dropFirst().first ?? "Fuzz/corpus"
var written = 0

@MainActor func write(_ target: String, _ seeds: [[UInt8]]) {
    let dir = URL(fileURLWithPath: output).appendingPathComponent(target)
    try? FileManager.default.removeItem(at: dir)
    do {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (i, seed) in seeds.enumerated() {
            try Data(seed).write(to: dir.appendingPathComponent(String(format: "seed-%02d", i)))
        }
    } catch {
        FileHandle.standardError.write(Data("cannot write \(dir.path): \(error)\n".utf8))
        exit(1)
    }
    written += seeds.count
    print("\(target): \(seeds.count) seeds, \(seeds.map(\.count).reduce(0, +)) bytes")
}

do {
    let samples = CitizenSample.samples
    let first = samples[0]
    let pki = try TestPKI.generate(now: CCCDProfile.issueDate(first))
    let profile = try CCCDProfile(first, pki: pki)
    let dhProfile = try CCCDProfile(first, pki: nil, caDH: true)
    let card = profile.card()
    let cardAccess = card.cardAccess ?? []

    write("FuzzBERTLV", [LDSBuilder.com(), LDSBuilder.dg1(for: first), cardAccess, profile.files[0x010E] ?? [],
                         Array(LDSBuilder.dg13(for: first).prefix(300))])
    write("FuzzDG1", samples.map { LDSBuilder.dg1(for: $0) } + [LDSBuilder.dg1(for: first, noExpiryValue: "000000")])
    var flat = LDSBuilder.DG13Options()
    flat.parents = .flat
    flat.stringTag = 0x13
    var perParent = LDSBuilder.DG13Options()
    perParent.parents = .perParent
    perParent.field16 = nil
    perParent.extraFields = [17: "X"]
    write("FuzzDG13", samples.map { LDSBuilder.dg13(for: $0) } + [LDSBuilder.dg13(for: first, options: flat),
                                                                  LDSBuilder.dg13(for: first, options: perParent)])
    write("FuzzQR", samples.map { Array($0.qrText.utf8) })
    write("FuzzDG2", [LDSBuilder.dg2(for: first)])
    write("FuzzSecurityInfos", [cardAccess, profile.files[0x010E] ?? [], dhProfile.files[0x010E] ?? []])
    write("FuzzSOD", [profile.files[0x011D] ?? []])

    var answer = CardCheckAnswer(maKetQua: "000", ghiChu: "Thẻ còn giá trị sử dụng")
    answer.maThe = "GD4797923456789"
    answer.hoTen = first.fullName
    answer.ngaySinh = first.dateOfBirth.ddMMyyyy
    answer.gioiTinh = "Nam"
    answer.maDKBD = "79001"
    answer.gtTheTu = "01/01/2026"
    answer.gtTheDen = "31/12/2026"
    var renewed = answer
    renewed.maKetQua = "003"
    renewed.maTheMoi = "GD4797923456790"
    renewed.gtTheTuMoi = "01/01/2027"
    renewed.gtTheDenMoi = "31/12/2027"
    let token = TokenAnswer(maKetQua: "200", APIKey: .init(access_token: "eyJhbGciOi", id_token: "id", username: "user",
                                                          expires_in: "2026-12-31T23:59:59+07:00"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    write("FuzzGatewayJSON", [
        Array(try encoder.encode(answer)), Array(try encoder.encode(renewed)), Array(try encoder.encode(token)),
        Array(try encoder.encode(EligibilityVerdict(answer: answer))), Array(#"{"maKetQua":401,"ghiChu":null}"#.utf8),
    ])

    // FuzzCardSM: selector (bit 0: 0 AES/PACE, 1 3DES/BAC; bits 1–2: mode), then the payload.
    let select: [UInt8] = [0x00, 0xA4, 0x02, 0x0C, 0x00, 0x01, 0x01]  // CLA INS P1 P2, Le 0, data: DG1
    let read: [UInt8] = [0x00, 0xB0, 0x00, 0x00, 0x20]
    let internalAuthenticate: [UInt8] = [0x00, 0x88, 0x00, 0x00, 0x00] + Array(repeating: 0x42, count: 8)
    let mseCA: [UInt8] = [0x00, 0x22, 0x41, 0xA4, 0x00, 0x80, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x03, 0x02, 0x01]
    write("FuzzCardSM", [
        [0x00] + select, [0x00] + read, [0x01] + select, [0x01] + read, [0x00] + internalAuthenticate, [0x00] + mseCA,
        [0x02, 0x0C, 0xB0, 0x00, 0x00, 0x00, 0x97, 0x01, 0x20],  // valid MAC over DO'97'
        [0x03, 0x0C, 0xA4, 0x02, 0x0C, 0x00, 0x87, 0x09, 0x01] + Array(repeating: 0, count: 8),
        [0x04, 0x00, 0xA4, 0x04, 0x0C, 0x07] + CCCDCard.aid, [0x04, 0x00, 0x84, 0x00, 0x00, 0x08],
    ])
    // FuzzTerminalSM: cipher index (3DES, AES-128, AES-192, AES-256), mode, payload.
    write("FuzzTerminalSM", [
        [0x01, 0x02, 0x90, 0x00] + Array("hello, card".utf8), [0x00, 0x02, 0x90, 0x00] + Array(repeating: 0x61, count: 16),
        [0x01, 0x01, 0x90, 0x00, 0x99, 0x02, 0x90, 0x00], [0x03, 0x01, 0x90, 0x00, 0x87, 0x11, 0x01] + Array(repeating: 0, count: 16)
            + [0x99, 0x02, 0x62, 0x82],
        [0x01, 0x00, 0x99, 0x02, 0x90, 0x00, 0x8E, 0x08] + Array(repeating: 0, count: 8) + [0x90, 0x00], [0x01, 0x00, 0x69, 0x88],
    ])
    let packaged = (try? String(contentsOfFile: "Packaging/idgate.toml", encoding: .utf8)) ?? ""
    let withoutTrustStore = packaged.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.contains("trust_store") }.joined(separator: "\n")
    write("FuzzConfig", [
        Array(withoutTrustStore.utf8),
        Array("[agent]\nlog_level = \"debug\"\nstate_dir = \"/var/lib/idgate\"\n\n[api]\nlisten = \"127.0.0.1:8443\"\n".utf8),
        Array("[readers]\nread_timeout_seconds = 30\n[access]\nremember_seconds = 0\n".utf8),
    ].filter { !$0.isEmpty })
    print("\(written) seeds written under \(output)")
} catch {
    FileHandle.standardError.write(Data("seed generation failed: \(error)\n".utf8))
    exit(1)
}
