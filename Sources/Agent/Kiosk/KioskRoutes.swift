import Hummingbird
import NIOCore

/// Serves the kiosk page at `/kiosk/` and the holder's details at `/v1/sessions/{id}/citizen` (token required;
/// only while the card is on the reader).
///
/// The token: the kiosk launcher opens `http://127.0.0.1:8787/kiosk/#token=<content of api.token>` (optionally
/// `&lang=en`, `&clear=<seconds before personal data leaves the screen after card removal, default 10>`,
/// `&reader=<reader id>`). A fragment is never sent to the server, logged or put in a Referer; the page removes it
/// from the address bar at once, keeps the token in memory only and refuses to work without it. The page itself is
/// served without a token because it holds no data; the agent never injects the token into it (any local user
/// could then fetch it).
public struct KioskRoutes: Sendable {
    let hub: SessionHub
    let assets: KioskAssets

    public init(hub: SessionHub) {
        self.hub = hub
        self.assets = KioskAssets.load()
    }

    /// Adds the page routes to `router` and the citizen route to the authenticated `v1` group.
    public func register(on router: Router<BasicRequestContext>, v1: RouterGroup<BasicRequestContext>) {
        let assets = assets
        let hub = hub
        router.get("kiosk") { _, _ in Self.serve(assets, "index.html") }
        router.get("kiosk/:file") { _, context in
            Self.serve(assets, try context.parameters.require("file"))
        }
        v1.get("sessions/:reader/citizen") { _, context in
            let id = try context.parameters.require("reader")
            do {
                guard let citizen = try await hub.kioskCitizen(id) else {
                    return LocalAPI.json(LocalAPI.encode(LocalAPI.ErrorAnswer(error: "no citizen: the card has left the reader or has not been read")),
                                         status: .notFound)
                }
                return LocalAPI.json(LocalAPI.encode(citizen))
            } catch let error as AgentError {
                return LocalAPI.failure(error)
            }
        }
    }

    static func serve(_ assets: KioskAssets, _ name: String) -> Response {
        guard let asset = assets.files[name] else {
            let missing = assets.files.isEmpty
            return Response(status: missing ? .serviceUnavailable : .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: missing ? "kiosk resources missing: reinstall idgate with its idgate_Agent.resources bundle"
                                                                               : "not found")))
        }
        // No caching, no referrer, same-origin scripts and connections only.
        return Response(status: .ok, headers: [
            .contentType: asset.contentType, .cacheControl: "no-store", .init("Referrer-Policy")!: "no-referrer",
            .init("X-Content-Type-Options")!: "nosniff",
            .init("Content-Security-Policy")!:
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'",
        ], body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
