import Foundation

/// How a request body is encoded; some gateway endpoints reject JSON and take forms.
public enum BodyEncoding: String, Sendable, Codable, Equatable {
    case json
    case form
}

/// The card-check endpoint names the gateway has used.
public enum CardCheckEndpoint: String, Sendable, Codable, Equatable, CaseIterable {
    case kqNhanLichSuKCB2024 = "KQNhanLichSuKCB2024"
    case kqNhanLichSuKCB2019 = "KQNhanLichSuKCB2019"
    case nhanLichSuKCB2018 = "NhanLichSuKCB2018"
}

/// Everything the gateway client needs from configuration.
public struct GatewayConfiguration: Sendable, Equatable {
    /// Base URL, e.g. `https://egw.baohiemxahoi.gov.vn`.
    public var baseURL: URL
    /// The facility's gateway account.
    public var username: String
    /// Plain password; sent only as MD5 hex.
    public var password: String
    /// Name of the staff member doing look-ups (`hoTenCb`).
    public var staffName: String
    /// ID number of that staff member (`cccdCb`).
    public var staffID: String
    /// Which card-check endpoint to call.
    public var cardCheckEndpoint: CardCheckEndpoint
    /// Body encoding per path (e.g. `"/api/egw/KQNhanLichSuKCB2024": .form`); JSON otherwise.
    public var encodings: [String: BodyEncoding]
    /// Token lifetime assumed when `expires_in` cannot be read.
    public var fallbackTokenLifetime: TimeInterval

    public init(
        baseURL: URL, username: String, password: String, staffName: String, staffID: String,
        cardCheckEndpoint: CardCheckEndpoint = .kqNhanLichSuKCB2024, encodings: [String: BodyEncoding] = [:],
        fallbackTokenLifetime: TimeInterval = 600
    ) {
        self.baseURL = baseURL
        self.username = username
        self.password = password
        self.staffName = staffName
        self.staffID = staffID
        self.cardCheckEndpoint = cardCheckEndpoint
        self.encodings = encodings
        self.fallbackTokenLifetime = fallbackTokenLifetime
    }

    /// Path of the token endpoint.
    public static let tokenPath = "/api/token/take"
    /// Path of the configured card-check endpoint.
    public var cardCheckPath: String { "/api/egw/" + cardCheckEndpoint.rawValue }
    /// Encoding used for `path`.
    public func encoding(for path: String) -> BodyEncoding { encodings[path] ?? .json }
}
