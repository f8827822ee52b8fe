/// Masking for logs: IDs and names never appear in clear.
public enum Masking {
    /// Keeps the first 4 and last 2 characters (`0010******45`); short values are fully masked.
    public static func idNumber(_ s: String) -> String {
        let c = Array(s)
        guard c.count > 8 else { return String(repeating: "*", count: c.count) }
        return String(c.prefix(4)) + String(repeating: "*", count: c.count - 6) + String(c.suffix(2))
    }

    /// Initials with dots: `Nguyễn Văn An` → `N. V. A.`.
    public static func name(_ s: String) -> String {
        VNText.normalized(s).split(separator: " ").compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
    }
}
