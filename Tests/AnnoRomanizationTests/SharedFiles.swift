import Foundation

/// Files of the shared/ folder beside the repository (in CI, a copy beside the clone), found by
/// walking up from this file.
enum SharedFiles {
    static func path(_ relative: String, from file: String = #filePath) throws -> String {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("shared/" + relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        throw MissingSharedFile(relative: relative)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: try path(relative), encoding: .utf8)
    }
}

struct MissingSharedFile: Error, CustomStringConvertible {
    var relative: String
    var description: String { "shared/\(relative) not found in any folder above the repository (CI copies shared/ beside the clone)" }
}
