import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax
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
        let summaries = summariesWithText(sorted)
        let notes = sorted.indices.map { Timeline.Note(path: displayPath(sorted[$0]), summary: summaries[$0]) }
        let timeline = Timeline.build(notes: notes, uncitedFrom: uncited ? cataloguesInUse(sorted) : [])
        return timeline.json { c in
            ["uri": .string(sorted[c.note].uri), "range": lspRange(c.range, lines: summaries[c.note].positions).json]
        }
    }

    /// The notes' summaries with their citations' text as written, which the workspace index
    /// leaves out (it would hold the text of every citation of every note): open notes from the
    /// editor's text, the others read again on every core. A note that cannot be read now keeps
    /// its indexed summary (its citations' text then reads as empty).
    private func summariesWithText(_ entries: [WorkspaceIndex.Entry]) -> [NoteSummary] {
        var open: [Int: NoteSummary] = [:]
        var paths: [(Int, String)] = []
        for (k, e) in entries.enumerated() where !e.summary.citations.keepsText {
            if let doc = documents[e.uri] {
                open[k] = NoteSummary(bytes: doc.bytes, checker: context(forURI: e.uri).checker)
            } else if let path = e.path {
                paths.append((k, path))
            }
        }
        let jobs = paths.map { (path: $0.1, context: context(forDirectory: Paths.directory(of: $0.1))) }
        let read = Parallel.map(jobs, state: { ResolutionCache() }) { cache, job -> NoteSummary? in
            NoteIndexer.summarize(job.path, context: { _ in job.context.isUsable ? job.context : nil }, cache: cache).summary
        }
        var out = entries.map(\.summary)
        for (k, summary) in open { out[k] = summary }
        for (i, (k, _)) in paths.enumerated() { if let summary = read[i] { out[k] = summary } }
        return out
    }
}
