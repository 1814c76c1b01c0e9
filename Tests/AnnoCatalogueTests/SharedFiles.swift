import Foundation

/// Files of the shared/ folder that sits beside the repository (in CI, a copy beside the clone),
/// found by walking up from this file.
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

    /// The repository's spec/ folder.
    static let specDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("spec").path
    }()

    static func bytes(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

struct MissingSharedFile: Error, CustomStringConvertible {
    var relative: String
    var description: String { "shared/\(relative) not found in any folder above the repository (CI copies shared/ beside the clone)" }
}
