import Hummingbird

/// Refuses requests without `Authorization: Bearer <token>` (401), comparing in constant time.
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    public init(token: String) { self.token = Array(token.utf8) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              Self.constantTimeEqual(Array(header.dropFirst(7).utf8), token)
        else {
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = #"Bearer realm="idgate""#
            headers[.contentType] = "application/json"
            return Response(status: .unauthorized, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error":"missing or wrong bearer token: send Authorization: Bearer <contents of the token file>"}"#)))
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
