import Foundation
import Logging

/// The BHYT gateway client: token reuse until expiry, refresh on HTTP 401/403 or `maKetQua`
/// `401`/`501`, one retry on a connection reset and on nothing else.
public actor InsuranceGatewayClient: InsuranceGateway {
    /// A token and when it stops being valid.
    public struct Token: Sendable, Equatable {
        public var accessToken: String
        public var idToken: String
        public var expiresAt: Date
    }

    /// Counters a test or `doctor` can read.
    public struct Statistics: Sendable, Equatable {
        public var tokensFetched = 0
        public var tokenRefreshes = 0
        public var resetsRetried = 0
        public var requests = 0
    }

    private let configuration: GatewayConfiguration
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var token: Token?
    private var pendingToken: Task<Result<Token, EligibilityError>, Never>?
    /// What happened so far.
    public private(set) var statistics = Statistics()

    /// A client over `transport`; `now` is injectable for expiry tests.
    public init(
        configuration: GatewayConfiguration, transport: any HTTPTransport,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "idgate.eligibility")
    ) {
        self.configuration = configuration
        self.transport = transport
        self.now = now
        self.logger = logger
    }

    /// The token in use, if any.
    public var currentToken: Token? { token }

    public func checkCard(_ query: EligibilityQuery) async throws(EligibilityError) -> CardCheckAnswer {
        let path = configuration.cardCheckPath
        let fields: [(String, String)] = [
            ("maThe", query.maThe), ("hoTen", query.name.normalized), ("ngaySinh", query.birthDate.text),
            ("hoTenCb", configuration.staffName), ("cccdCb", configuration.staffID),
        ]
        var refreshed = false
        while true {
            let tok = try await validToken()
            let request = try makeRequest(path: path, fields: fields, token: tok)
            let response = try await sendRetryingResets(request)
            if response.status == 401 || response.status == 403 {
                guard !refreshed else { throw .authenticationFailed("HTTP \(response.status) after a fresh token") }
                refresh(reason: "HTTP \(response.status)", used: tok)
                refreshed = true
                continue
            }
            guard response.status == 200 else { throw .malformedAnswer("HTTP \(response.status) from \(path)") }
            let answer: CardCheckAnswer
            do { answer = try JSONDecoder().decode(CardCheckAnswer.self, from: Data(response.body)) } catch {
                throw .malformedAnswer("card check body is not the documented JSON")
            }
            if let code = answer.maKetQua, code == "401" || code == "501" {
                guard !refreshed else { throw .authenticationFailed("maKetQua \(code) after a fresh token") }
                refresh(reason: "maKetQua \(code)", used: tok)
                refreshed = true
                continue
            }
            logger.debug("card check", metadata: ["subject": "\(query.maskedSubject)", "maKetQua": "\(answer.maKetQua ?? "nil")"])
            return answer
        }
    }

    private func refresh(reason: String, used: Token) {
        if token?.accessToken == used.accessToken { token = nil }
        statistics.tokenRefreshes += 1
        logger.info("gateway token refused, fetching a new one", metadata: ["reason": "\(reason)"])
    }

    /// The current token, or a new one; concurrent callers share one token request.
    private func validToken() async throws(EligibilityError) -> Token {
        if let t = token, t.expiresAt.timeIntervalSince(now()) > 5 { return t }
        if let pending = pendingToken { return try await pending.value.get() }
        let pending = Task { await self.fetchToken() }
        pendingToken = pending
        let result = await pending.value
        pendingToken = nil
        return try result.get()
    }

    private func fetchToken() async -> Result<Token, EligibilityError> {
        do throws(EligibilityError) { return .success(try await requestToken()) } catch { return .failure(error) }
    }

    private func requestToken() async throws(EligibilityError) -> Token {
        let body = try encodeBody(path: GatewayConfiguration.tokenPath, fields: [
            ("username", configuration.username), ("password", MD5.hex(configuration.password)),
        ])
        let request = HTTPRequest(
            method: "POST", url: configuration.baseURL.appendingPathComponent(GatewayConfiguration.tokenPath),
            headers: body.headers, body: body.bytes)
        let response = try await sendRetryingResets(request)
        guard response.status == 200,
              let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(response.body)),
              answer.maKetQua == "200", let key = answer.APIKey,
              let access = key.access_token, !access.isEmpty
        else { throw .authenticationFailed("token request answered HTTP \(response.status)") }
        let expiry = key.expires_in.flatMap(TokenExpiry.parse) ?? now().addingTimeInterval(configuration.fallbackTokenLifetime)
        let t = Token(accessToken: access, idToken: key.id_token ?? "", expiresAt: expiry)
        token = t
        statistics.tokensFetched += 1
        return t
    }

    private func makeRequest(path: String, fields: [(String, String)], token: Token) throws(EligibilityError) -> HTTPRequest {
        var components = URLComponents(url: configuration.baseURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
        components?.queryItems = [
            URLQueryItem(name: "token", value: token.accessToken), URLQueryItem(name: "id_token", value: token.idToken),
            URLQueryItem(name: "username", value: configuration.username),
            URLQueryItem(name: "password", value: MD5.hex(configuration.password)),
        ]
        guard let url = components?.url else { throw .invalidInput(field: "baseURL", reason: "cannot form a URL for \(path)") }
        let body = try encodeBody(path: path, fields: fields)
        return HTTPRequest(method: "POST", url: url, headers: body.headers, body: body.bytes)
    }

    private func encodeBody(path: String, fields: [(String, String)]) throws(EligibilityError) -> (headers: [String: String], bytes: [UInt8]) {
        switch configuration.encoding(for: path) {
        case .form:
            return (["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], Array(FormEncoding.encode(fields).utf8))
        case .json:
            let dict = Dictionary(fields, uniquingKeysWith: { a, _ in a })
            guard let data = try? JSONSerialization.data(withJSONObject: dict, options: [.sortedKeys]) else {
                throw .invalidInput(field: "body", reason: "cannot encode the request as JSON")
            }
            return (["Content-Type": "application/json; charset=utf-8"], Array(data))
        }
    }

    private func sendRetryingResets(_ request: HTTPRequest) async throws(EligibilityError) -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            statistics.requests += 1
            do {
                return try await transport.send(request)
            } catch {
                switch error {
                case .connectionReset(let m) where attempt == 1:
                    statistics.resetsRetried += 1
                    logger.info("connection reset, retrying once", metadata: ["detail": "\(m)"])
                case .connectionReset(let m), .unreachable(let m), .other(let m): throw .gatewayUnreachable(m)
                case .timedOut(let m): throw .timeout(m)
                }
            }
        }
    }
}
