import Foundation

/// Why an exchange with the central failed; the uploader decides retry or dead letter from the case.
public enum SyncError: Error, Equatable, CustomStringConvertible {
    /// No answer: connection refused or dropped, DNS, timeout. Retried with backoff.
    case unreachable(String)
    /// The central answered with a transient status (5xx, 408, 429). Retried with backoff.
    case transient(status: Int, detail: String)
    /// The central refused the whole request permanently (4xx other than 401/403/408/429).
    case rejected(status: Int, detail: String)
    /// The agent token was refused (401/403). Retried, but a person must fix the token.
    case unauthorized(String)
    /// The central's answer could not be understood.
    case malformedResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let detail): "central unreachable (\(detail)); records stay queued and are sent when it is back"
        case .transient(let status, let detail): "central answered \(status) (\(detail)); retrying with backoff"
        case .rejected(let status, let detail): "central refused the request with \(status): \(detail)"
        case .unauthorized(let detail): "central refused the agent token (\(detail)); check the token in the configuration"
        case .malformedResponse(let detail): "central sent an answer idgate cannot read: \(detail)"
        }
    }

    /// True for failures that say nothing about the records themselves.
    public var isTransient: Bool {
        switch self {
        case .rejected, .malformedResponse: false
        case .unreachable, .transient, .unauthorized: true
        }
    }

    /// Classifies an HTTP status: nil for 2xx, else the error the uploader acts on.
    public static func classify(status: Int, detail: String) -> SyncError? {
        switch status {
        case 200..<300: nil
        case 401, 403: .unauthorized("HTTP \(status): \(detail)")
        case 408, 429, 500...: .transient(status: status, detail: detail)
        default: .rejected(status: status, detail: detail)
        }
    }
}
