import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoWorkspace

/// `workspace/executeCommand` `anno.timeline`: the timeline of the workspace's notes, as the JSON
/// of `anno timeline --format json`, each citation with its `uri` and LSP `range` added so that
/// an editor can show it and jump to the citations (spec/lsp.md).
///
/// Arguments (all optional), one object: `{"uncited": true}` also lists the catalogue documents
/// no note cites; `{"uris": ["file:///…/notes"]}` limits the timeline to notes under those
/// files or folders.
extension LanguageServer {
    static let timelineCommand = "anno.timeline"
    static let commands = [timelineCommand]

    func executeCommand(_ params: ExecuteCommandParams) throws -> JSONValue {
        switch params.command {
        case Self.timelineCommand: return try timeline(params.arguments ?? [])
        default: throw ResponseError.invalidParams("unknown command '\(params.command)' (known: \(Self.commands.joined(separator: ", ")))")
        }
    }

    private func timeline(_ arguments: [JSONValue]) throws -> JSONValue {
        let options = arguments.first ?? [:]
        guard options.objectValue != nil else { throw ResponseError.invalidParams("arguments[0]: expected an object such as {\"uncited\": true}") }
        let uncited: Bool = try options["uncited"].map { try Bool(json: $0, path: "arguments[0].uncited") } ?? false
        let uris: [String]? = try options["uris"].map { try [String](json: $0, path: "arguments[0].uris") }
        let scopes = uris?.map { FileURI.path($0) ?? $0 }
        var entries = currentIndex()
        if let scopes {
            entries = entries.filter { e in
                let key = e.path ?? e.uri
                return scopes.contains { key == $0 || key.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            }
        }
        let sorted = entries.sorted { displayPath($0) < displayPath($1) }
        let notes = sorted.map { Timeline.Note(path: displayPath($0), summary: $0.summary) }
        let timeline = Timeline.build(notes: notes, uncitedFrom: uncited ? cataloguesInUse(sorted) : [])
        return timeline.json { c in
            let entry = sorted[c.note]
            return ["uri": .string(entry.uri), "range": lspRange(c.range, lines: entry.summary.positions).json]
        }
    }
}
