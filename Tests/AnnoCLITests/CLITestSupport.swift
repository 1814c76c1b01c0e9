import AnnoCLI
import Foundation

let ECO = "The Economic and Political Situation of the DPRK"
let PUZ = "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"

/// A scratch directory of files for one test, removed when the test ends.
final class Scratch {
    let path: String

    init() {
        // Resolve symlinks (/tmp may be one) so paths compare equal to what anno prints.
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath().path
        path = base + "/anno-cli-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` at `relative` (directories created), returning the absolute path.
    @discardableResult
    func write(_ relative: String, _ contents: String) -> String {
        write(relative, Array(contents.utf8))
    }

    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    func mkdir(_ relative: String) -> String {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }
}

/// What one in-process run of `anno` printed and returned.
struct Run {
    var status: Int32
    var output: String
    var errors: String

    var outputLines: [String] { output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    var errorLines: [String] { errors.split(separator: "\n").map(String.init) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }
}

func anno(_ arguments: String...) -> Run { anno(arguments) }

func anno(_ arguments: [String]) -> Run {
    var output = ""
    var errors = ""
    let status = AnnoCommandLine.run(arguments, output: &output, errors: &errors)
    return Run(status: status, output: output, errors: errors)
}
