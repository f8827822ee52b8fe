#if canImport(Glibc)
import Glibc
#endif

/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), to split the simulated chip's share from the reader's.
public enum ThreadCPU {
    /// Nanoseconds of CPU this thread has used.
    public static func nanoseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return ts.tv_sec * 1_000_000_000 + ts.tv_nsec
    }
}
