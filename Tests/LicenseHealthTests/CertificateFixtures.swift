import Eligibility
import Foundation
import LicenseHealth
import Testing

enum Fixtures {
    static var today: GatewayDate { (try? GatewayDate(year: 2026, month: 11, day: 27)) ?? GatewayDate(Date()) }

    /// A valid certificate concluded on 15/03/2026 for class B, built from a chip-verified identity.
    static func certificate(sequence: Int = 42, licenceClass: LicenceClass = .b, concluded: GatewayDate? = nil) throws -> HealthCertificate {
        let identity = VerifiedIdentity(
            idNumber: "079090000000", fullName: "NGUYỄN THỊ ĐÀO", birthDate: "01/01/1990", sex: "Nữ",
            address: "Số 1 Lê Lợi, Phường Bến Thành, TP Hồ Chí Minh", idIssueDate: "15/08/2021", chipVerified: true)
        let conclusion = DoctorConclusion(
            sequence: sequence, licenceClass: licenceClass, conclusion: "A0-1",
            conclusionDate: try concluded ?? GatewayDate(year: 2026, month: 3, day: 15), doctor: "BS. Lê Văn Minh")
        var c = HealthCertificate(identity: identity, facility: Facility(code: "79001", name: "Bệnh viện Quận 1 <&>"), conclusion: conclusion)
        c.provinceCode = "79"
        c.districtCode = "760"
        c.communeCode = "26734"
        return c
    }

    /// Runs a program and returns its exit status and combined output.
    @discardableResult
    static func run(_ tool: String, _ args: [String], in dir: URL) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        p.currentDirectoryURL = dir
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh RSA key and self-signed certificate made by `openssl` in a temporary directory.
    static func signingIdentity() throws -> (identity: SigningIdentity, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-lh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                                    "-days", "30", "-subj", "/C=VN/O=Test Clinic/CN=79001"], in: dir)
        try #require(r.status == 0, "openssl failed: \(r.output)")
        let identity = try SigningIdentity(privateKeyFile: dir.appendingPathComponent("key.pem").path, certificateFile: dir.appendingPathComponent("cert.pem").path)
        return (identity, dir)
    }
}
