/// The whole package is built with `-sanitize=fuzzer`, which links libFuzzer and its reference to this symbol;
/// the seed generator is an ordinary program (its own main), so the callback is never called.
@_cdecl("LLVMFuzzerTestOneInput")
public func unusedFuzzCallback(_ start: UnsafeRawPointer, _ count: Int) -> CInt { 0 }
