#if canImport(Glibc)
import Glibc
#endif

/// This process's resident memory, read from /proc with open/read (Foundation reads /proc files as empty).
public enum ResidentMemory {
    /// Resident bytes now (`/proc/self/statm` field 2 × page size); 0 where /proc is missing.
    public static func bytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer.prefix(count).split(separator: 0x20)
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Bytes as MiB.
    public static func mebibytes(_ bytes: Int) -> Double { Double(bytes) / 1_048_576 }
}
