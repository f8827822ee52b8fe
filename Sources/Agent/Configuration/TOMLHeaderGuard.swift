/// A guard in front of TOMLKit: toml++ (vendored by TOMLKit 0.6.0) enters `parse_key()` with a broken precondition
/// when a table header's key does not start with a bare-key character or a quote (`[&`, `[#`, `[` then end of line,
/// `[[[1]]]`…): an assertion abort with assertions, undefined behaviour without (upstream marzer/tomlplusplus #294,
/// fixed by #301). Found by the FuzzConfig target; the loader refuses such text before TOMLKit sees it.
public enum TOMLHeaderGuard {
    /// True when `text` has a table header toml++ cannot parse safely.
    public static func trips(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var i = 0
        var lineStart = true
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A { lineStart = true; i += 1; continue }
            if lineStart && (b == 0x20 || b == 0x09) { i += 1; continue }
            if lineStart && b == 0x5B && headerTrips(bytes, after: i) { return true }
            lineStart = false
            i += 1
        }
        return false
    }

    /// After the `[` at `open`: optional spaces, an optional contiguous second `[`, optional spaces, then the key.
    private static func headerTrips(_ b: [UInt8], after open: Int) -> Bool {
        var j = open + 1
        let start = j
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        var array = false
        if j < b.count, b[j] == 0x5B, j == start {
            array = true
            j += 1
            while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        }
        guard j < b.count else { return false }  // end of input: toml++ reports an error
        let c = b[j]
        let bareKey = (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F || c == 0x2D
        // `[ [` is refused cleanly (brackets must be contiguous); `[[[` is not.
        return !(bareKey || c == 0x22 || c == 0x27 || c == 0x5D || (c == 0x5B && !array))
    }
}
