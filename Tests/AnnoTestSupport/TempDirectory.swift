import AnnoJSON
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system temp directory, for notes, catalogues and anno.json files;
/// `remove()` deletes it. Paths hold only safe characters, so `uri(_:)` needs no escaping.
public final class TempDirectory: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "anno-lsptest") throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestClientError("mkdtemp failed: errno \(errno)")
        }
        // Resolve symlinks (/tmp may be one) so the server's paths and ours agree.
        path = (String(cString: made) as NSString).resolvingSymlinksInPath
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The absolute path of a file inside.
    public func file(_ relative: String) -> String { (path as NSString).appendingPathComponent(relative) }

    /// Writes a file (creating directories), returning its absolute path.
    @discardableResult
    public func write(_ relative: String, _ contents: String) throws -> String {
        let full = file(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes a JSON value as a file.
    @discardableResult
    public func write(_ relative: String, json: JSONValue) throws -> String {
        try write(relative, JSON.serializeString(json, pretty: true))
    }

    /// The `file://` URI of a file inside.
    public func uri(_ relative: String) -> String { "file://" + file(relative) }

    public var uri: String { "file://" + path }
}

/// A catalogue file's JSON: `{"name": …, "documents": [{id, date, title, summary, …}]}`.
public func catalogueJSON(name: String, documents: [[String: String]]) -> JSONValue {
    ["name": .string(name), "documents": .array(documents.map { doc in .object(doc.mapValues { .string($0) }) })]
}
