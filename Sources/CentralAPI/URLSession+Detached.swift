import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

extension URLSession {
    /// `data(for:)` run in a task of its own, so cancelling the caller (a graceful shutdown) returns at once with
    /// `CancellationError` and never cancels the URLSessionTask: on Linux, FoundationNetworking traps ("Trying to access
    /// a behaviour for a task that in not in the registry") when a task is cancelled as it completes. The abandoned
    /// request ends by itself, at the latest at its timeout.
    public func dataDetachedFromCancellation(for request: URLRequest) async throws -> (Data, URLResponse) {
        let once = ResumeOnce<(Data, URLResponse)>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                once.install(continuation)
                let session = self
                Task.detached {
                    do { once.resume(.success(try await session.data(for: request))) } catch { once.resume(.failure(error)) }
                }
            }
        } onCancel: {
            once.resume(.failure(CancellationError()))
        }
    }
}

/// A continuation resumed exactly once, by whichever comes first; a resume before `install` is kept for it.
private final class ResumeOnce<T: Sendable>: Sendable {
    private enum State { case waiting, installed(CheckedContinuation<T, any Error>), done(Result<T, any Error>?) }
    private let state = Mutex<State>(.waiting)

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { s in
            switch s {
            case .waiting:
                s = .installed(continuation)
                return nil
            case .done(let result):
                s = .done(nil)
                return result
            case .installed:
                return nil
            }
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(_ result: Result<T, any Error>) {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { s in
            switch s {
            case .waiting:
                s = .done(result)
                return nil
            case .installed(let c):
                s = .done(nil)
                return c
            case .done:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}
