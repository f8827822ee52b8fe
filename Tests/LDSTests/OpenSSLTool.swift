import Foundation

/// Runs the `openssl` command line tool in a temporary directory (test fixtures generated at test time).
struct OpenSSLTool {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ldstests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    @discardableResult
    func run(_ args: String...) throws -> [UInt8] { try run(args) }

    @discardableResult
    func run(_ args: [String]) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = args
        p.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ToolError(message: "openssl \(args.joined(separator: " ")): \(String(decoding: errData, as: UTF8.self))")
        }
        return [UInt8](data)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    func digest(_ alg: String, _ bytes: [UInt8]) throws -> [UInt8] {
        try write("digest-input.bin", bytes)
        return try run("dgst", "-\(alg)", "-binary", "digest-input.bin")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    struct ToolError: Error { let message: String }
}
