import CentralSim
import Foundation
import Testing

/// True when python3 with openapi-spec-validator (from PyPI) is installed.
private let validatorAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import openapi_spec_validator, yaml"]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("The served document is a valid OpenAPI 3.1 description", .enabled(if: validatorAvailable, "needs python3 with openapi-spec-validator"))
    func validates() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("idgate-openapi-\(UUID().uuidString).yaml")
        try Data(OpenAPIDocument.yaml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, yaml; from openapi_spec_validator import validate; validate(yaml.safe_load(open(sys.argv[1])))", file.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message.suffix(600))")
    }
}
