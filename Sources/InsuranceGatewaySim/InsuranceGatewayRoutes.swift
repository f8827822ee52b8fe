import Eligibility
import Foundation
import Hummingbird
import LicenseHealth

/// The paths of the certificate endpoints: the gateway's push and our own look-up by ID number.
public enum CertificateRegistryPaths {
    /// `POST`, JSON record, headers `Username`, `Password` (MD5).
    public static let push = "/api/hssk/gksk"
    /// `POST`, JSON `{"SOCMND_PASSPORT": "<12 digits>"}`, same headers; answers `DANHSACH`.
    public static let lookup = "/api/hssk/gksk/tracuu"
}

/// Registers the simulated gateway's routes on `router` (token, card check under every
/// endpoint name, visit history, certificate push and look-up); the central service mounts them too.
public func addInsuranceGatewayRoutes<Context: RequestContext>(to router: Router<Context>, simulator: InsuranceGatewaySimulator) {
    router.post(RouterPath(stringLiteral: GatewayConfiguration.tokenPath)) { request, _ -> Response in
        guard let fields = try await formOrJSONFields(request) else { return json(TokenAnswer(maKetQua: "205", APIKey: nil)) }
        return json(await simulator.takeToken(username: fields["username"], passwordMD5: fields["password"]))
    }
    for path in InsuranceGatewaySimulator.cardCheckPaths {
        router.post(RouterPath(stringLiteral: path)) { request, _ -> Response in
            let query = queryFields(request)
            if let refused = await simulator.tokenProblem(query: query) {
                return json(refused.answer, status: .init(code: refused.status))
            }
            if await simulator.formOnlyPaths.contains(path), isJSON(request) {
                return json(CardCheckAnswer(maKetQua: "205", ghiChu: "Endpoint nhận application/x-www-form-urlencoded"))
            }
            guard let fields = try await formOrJSONFields(request) else { return json(CardCheckAnswer(maKetQua: "205", ghiChu: "Sai định dạng tham số")) }
            let latency = await simulator.latency
            if latency > .zero { try await Task.sleep(for: latency) }
            return json(await simulator.checkCard(fields))
        }
    }
    router.post(RouterPath(stringLiteral: InsuranceGatewaySimulator.historyPath)) { request, _ -> Response in
        let query = queryFields(request)
        if let refused = await simulator.tokenProblem(query: query) {
            return json(refused.answer, status: .init(code: refused.status))
        }
        guard let fields = try await formOrJSONFields(request) else { return json(VisitHistoryAnswer(maKetQua: "205", ghiChu: "Sai định dạng tham số")) }
        return json(await simulator.visitHistory(fields))
    }
    router.post(RouterPath(stringLiteral: CertificateRegistryPaths.push)) { request, _ -> Response in
        guard await simulator.facilityAuthorised(username: header(request, "username"), passwordMD5: header(request, "password"))
        else { return json(CertificateRegistryAnswer(MSG_STATE: 0, MSG_TEXT: "Sai Username/Password"), status: .unauthorized) }
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let record = try? JSONDecoder().decode(HealthCertificate.self, from: Data(buffer: body)) else {
            return json(CertificateRegistryAnswer(MSG_STATE: 0, MSG_TEXT: "Dữ liệu không đúng định dạng JSON của giấy khám sức khỏe"), status: .badRequest)
        }
        return json(try await simulator.pushCertificate(record))
    }
    router.post(RouterPath(stringLiteral: CertificateRegistryPaths.lookup)) { request, _ -> Response in
        guard await simulator.facilityAuthorised(username: header(request, "username"), passwordMD5: header(request, "password"))
        else { return json(CertificateRegistryAnswer(MSG_STATE: 0, MSG_TEXT: "Sai Username/Password"), status: .unauthorized) }
        guard let fields = try await formOrJSONFields(request), let id = fields["SOCMND_PASSPORT"],
              id.count == 12 || id.count == 9, id.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return json(CertificateRegistryAnswer(MSG_STATE: 0, MSG_TEXT: "SOCMND_PASSPORT phải là số CCCD 12 chữ số"), status: .badRequest) }
        return json(await simulator.certificates(forID: id))
    }
}

extension CertificateRegistryAnswer {
    init(MSG_STATE: Int, MSG_TEXT: String) {
        self.init(MSG_STATE: MSG_STATE, MSG_TEXT: MSG_TEXT, IDBENHVIEN: nil, SO: nil, UUID: nil, BENHVIEN: nil, DANHSACH: nil)
    }
}

func queryFields(_ request: Request) -> [String: String] {
    request.uri.queryParameters.reduce(into: [String: String]()) { $0[String($1.key)] = String($1.value) }
}

func header(_ request: Request, _ name: String) -> String? {
    request.headers.first { $0.name.canonicalName == name }?.value
}

func isJSON(_ request: Request) -> Bool {
    (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/json")
}

/// The body's string fields, from JSON or form-urlencoded (by Content-Type); nil when unreadable.
func formOrJSONFields(_ request: Request) async throws -> [String: String]? {
    var request = request
    let buffer = try await request.collectBody(upTo: 1 << 20)
    let data = Data(buffer: buffer)
    if isJSON(request) || data.first == UInt8(ascii: "{") {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object.compactMapValues { value in
            if let s = value as? String { return s }
            if let n = value as? NSNumber { return n.stringValue }
            return nil
        }
    }
    guard let text = String(data: data, encoding: .utf8) else { return nil }
    return try? URLEncodedFormDecoder().decode([String: String].self, from: text)
}

func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
    return Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}
