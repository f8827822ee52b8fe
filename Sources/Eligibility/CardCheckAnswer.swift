/// The card-check answer exactly as the gateway sends it: every field a string or null (DOMAIN.md §2).
public struct CardCheckAnswer: Sendable, Codable, Equatable {
    public var maKetQua: String?
    public var ghiChu: String?
    public var maThe: String?
    public var hoTen: String?
    public var ngaySinh: String?
    public var gioiTinh: String?
    public var diaChi: String?
    public var maDKBD: String?
    public var cqBHXH: String?
    public var gtTheTu: String?
    public var gtTheDen: String?
    public var maKV: String?
    public var ngayDu5Nam: String?
    public var maSoBHXH: String?
    public var maTheCu: String?
    public var maTheMoi: String?
    public var gtTheTuMoi: String?
    public var gtTheDenMoi: String?
    public var maDKBDMoi: String?
    public var tenDKBDMoi: String?

    /// An answer carrying only a result code.
    public init(maKetQua: String?, ghiChu: String? = nil) {
        self.maKetQua = maKetQua
        self.ghiChu = ghiChu
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func s(_ k: CodingKeys) -> String? { c.lenientString(k) }
        maKetQua = s(.maKetQua); ghiChu = s(.ghiChu); maThe = s(.maThe); hoTen = s(.hoTen)
        ngaySinh = s(.ngaySinh); gioiTinh = s(.gioiTinh); diaChi = s(.diaChi); maDKBD = s(.maDKBD)
        cqBHXH = s(.cqBHXH); gtTheTu = s(.gtTheTu); gtTheDen = s(.gtTheDen); maKV = s(.maKV)
        ngayDu5Nam = s(.ngayDu5Nam); maSoBHXH = s(.maSoBHXH); maTheCu = s(.maTheCu); maTheMoi = s(.maTheMoi)
        gtTheTuMoi = s(.gtTheTuMoi); gtTheDenMoi = s(.gtTheDenMoi); maDKBDMoi = s(.maDKBDMoi); tenDKBDMoi = s(.tenDKBDMoi)
    }
}

/// The token answer: `{maKetQua: "200", APIKey: {access_token, id_token, expires_in, …}}`.
public struct TokenAnswer: Sendable, Codable, Equatable {
    public struct Key: Sendable, Codable, Equatable {
        public var access_token: String?
        public var id_token: String?
        public var token_type: String?
        public var username: String?
        public var expires_in: String?

        public init(access_token: String?, id_token: String?, token_type: String? = "bearer", username: String?, expires_in: String?) {
            self.access_token = access_token
            self.id_token = id_token
            self.token_type = token_type
            self.username = username
            self.expires_in = expires_in
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            access_token = c.lenientString(.access_token)
            id_token = c.lenientString(.id_token)
            token_type = c.lenientString(.token_type)
            username = c.lenientString(.username)
            expires_in = c.lenientString(.expires_in)
        }
    }

    public var maKetQua: String?
    public var APIKey: Key?

    public init(maKetQua: String?, APIKey: Key?) {
        self.maKetQua = maKetQua
        self.APIKey = APIKey
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maKetQua = c.lenientString(.maKetQua)
        APIKey = try? c.decodeIfPresent(Key.self, forKey: .APIKey)
    }
}

extension KeyedDecodingContainer {
    /// A string field that some gateways send as a number; nil when absent, null or another type.
    func lenientString(_ key: Key) -> String? {
        if let s = try? decodeIfPresent(String.self, forKey: key) { return s }
        if let i = try? decodeIfPresent(Int.self, forKey: key) { return String(i) }
        return nil
    }
}
