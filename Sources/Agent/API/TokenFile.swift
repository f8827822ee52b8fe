import Foundation

/// The API bearer token, kept in a file readable by the service user only (0600).
public enum TokenFile {
    /// Reads the token at `path`, creating it (32 random bytes, hex) with mode 0600 when missing.
    /// A file readable by group or others is refused.
    public static func loadOrCreate(path: String) throws(AgentError) -> String {
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            let dir = (path as NSString).deletingLastPathComponent
            do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw .tokenFile(path: path, problem: "cannot create its directory: \(error.localizedDescription)")
            }
            var bytes = [UInt8](repeating: 0, count: 32)
            var g = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &g) }
            let token = bytes.map { String(format: "%02x", $0) }.joined()
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw .tokenFile(path: path, problem: "cannot create: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let line = Array((token + "\n").utf8)
            guard write(fd, line, line.count) == line.count else { throw .tokenFile(path: path, problem: "cannot write: \(String(cString: strerror(errno)))") }
            return token
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .tokenFile(path: path, problem: "cannot stat: \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw .tokenFile(path: path, problem: "readable by other users (mode \(String(info.st_mode & 0o777, radix: 8))): run chmod 600 \(path)")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .tokenFile(path: path, problem: "cannot read: \(error.localizedDescription)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.utf8.count >= 16 else { throw .tokenFile(path: path, problem: "token is shorter than 16 characters: delete the file to have a new one made") }
        return token
    }
}
