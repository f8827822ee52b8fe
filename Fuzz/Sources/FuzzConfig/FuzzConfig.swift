import Agent
import FuzzSupport

/// The agent's configuration file: TOML text through AgentConfiguration.load, which parses it (Agent's own reader of
/// the TOML subset the configuration uses), types every key against the embedded defaults and validates each value.
/// Inputs naming `trust_store` are skipped: that key makes the loader read certificate files from the named
/// directory, which is IO, not parsing. This target found two aborts in TOMLKit's toml++ (`[&`, `c=[}`) and its
/// leaks, which is why the agent no longer uses TOMLKit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard !text.contains("trust_store") else { return -1 }
    do {
        let configuration = try AgentConfiguration.load(fileText: text, environment: [:])
        _ = configuration
    } catch {
        _ = "\(error)"
    }
    return 0
}
