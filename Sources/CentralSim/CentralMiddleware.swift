import Hummingbird

/// Refuses agent requests without a known bearer token, and admin requests without the admin token.
struct TokenAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let agentTokens: Set<String>
    let adminToken: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let presented = request.headers[.authorization].flatMap { value -> String? in
            value.hasPrefix("Bearer ") ? String(value.dropFirst(7)) : nil
        }
        if path.hasPrefix("/admin") {
            guard let adminToken, presented == adminToken else {
                throw HTTPError(.unauthorized, message: "admin token required")
            }
        } else if path.hasPrefix("/v1") {
            guard let presented, agentTokens.contains(presented) else {
                throw HTTPError(.unauthorized, message: "agent token missing or unknown")
            }
        }
        return try await next(request, context)
    }
}

/// Applies the `FaultInjector`'s plan to agent requests.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    struct DroppedOnPurpose: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/v1") else { return try await next(request, context) }
        let (delay, decision) = injector.decide()
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
        switch decision {
        case .pass:
            return try await next(request, context)
        case .fail:
            throw HTTPError(.internalServerError, message: "fault injected")
        case .dropAfterHandling:
            let handled = try await next(request, context)
            // Announce a body, then fail while writing it: the server closes the connection
            // and the agent never sees the answer to a request the central did process.
            return Response(status: handled.status, headers: handled.headers,
                            body: ResponseBody(contentLength: 1024) { _ in throw DroppedOnPurpose() })
        }
    }
}
