import Foundation

/// The kiosk page's files (index.html, kiosk.css, kiosk-texts.js, kiosk.js), shipped as resources of the Agent target.
struct KioskAssets: Sendable {
    struct Asset: Sendable {
        var contentType: String
        var bytes: [UInt8]
    }

    /// File name → contents; empty when the resource bundle is missing (the route then answers 503).
    let files: [String: Asset]

    static let types = ["html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    /// Loads the files from the module's resource bundle.
    static func load() -> KioskAssets {
        var files: [String: Asset] = [:]
        for name in ["index.html", "kiosk.css", "kiosk-texts.js", "kiosk.js"] {
            let parts = name.split(separator: ".").map(String.init)
            guard parts.count == 2, let type = types[parts[1]],
                  let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Resources"),
                  let data = try? Data(contentsOf: url)
            else { continue }
            files[name] = Asset(contentType: type, bytes: [UInt8](data))
        }
        return KioskAssets(files: files)
    }
}
