import AnnoCatalogue
import AnnoJSON
import AnnoSyntax

/// Every cited document in date order, each with the notes and lines that cite it: how a
/// historian reads a body of notes chronologically. `anno timeline` prints it and the
/// language server's `anno.timeline` command returns its JSON (spec/cli.md, spec/lsp.md).
///
/// Partial dates sort as spec/format.md says, a coarser date before the finer dates it contains
/// (`1960` < `1960-05` < `1960-05-02` < `1961`); documents of one date sort by title, then id.
/// Pure: summaries in, a value out.
public struct Timeline: Sendable {
    /// A note as the timeline sees it: how to show its path, and what it cites.
    public struct Note: Sendable {
        public var path: String
        public var summary: NoteSummary
        public init(path: String, summary: NoteSummary) {
            self.path = path
            self.summary = summary
        }
    }

    /// One citation on the timeline.
    public struct Citation: Sendable, Hashable {
        /// Index of the note in the list the timeline was built from.
        public var note: Int
        public var path: String
        /// Bytes of the citation in its note.
        public var range: Range<Int>
        /// 1-based line and 1-based column in characters, as `anno check` prints them.
        public var line: Int
        public var column: Int
        /// The date and title as written; the locator when there is one.
        public var date: String
        public var title: String
        public var locator: String?
        /// Codes reported on the citation (a date-mismatch still cites its document).
        public var problems: [DiagnosticCode]
    }

    public struct Entry: Sendable {
        public var document: CatalogueDocument
        /// In the order of the notes given, then of the text.
        public var citations: [Citation]
    }

    public var entries: [Entry]
    /// Citations that name no document (unknown, ambiguous, malformed), in note and text order.
    public var unresolved: [Citation]

    /// `uncitedFrom`: also list the documents of these indexes that no note cites.
    public static func build(notes: [Note], uncitedFrom indexes: [CatalogueIndex] = []) -> Timeline {
        var order: [String] = []
        var documents: [String: CatalogueDocument] = [:]
        var cited: [String: [Citation]] = [:]
        var unresolved: [Citation] = []
        for (n, note) in notes.enumerated() {
            for resolved in note.summary.citations {
                let start = note.summary.positions.position(ofByte: resolved.range.lowerBound, in: .utf32)
                let entry = Citation(note: n, path: note.path, range: resolved.range, line: start.line + 1, column: start.column + 1,
                                     date: resolved.date, title: resolved.title, locator: resolved.locator,
                                     problems: resolved.codes)
                guard let d = resolved.document, let id = resolved.documentID else {
                    unresolved.append(entry)
                    continue
                }
                if documents[id] == nil {
                    documents[id] = note.summary.index[d]
                    order.append(id)
                }
                cited[id, default: []].append(entry)
            }
        }
        for index in indexes {
            for doc in index.documents where documents[doc.id] == nil {
                documents[doc.id] = doc
                order.append(doc.id)
            }
        }
        var entries = order.compactMap { id in documents[id].map { Entry(document: $0, citations: cited[id] ?? []) } }
        entries.sort { a, b in
            if a.document.date != b.document.date { return a.document.date < b.document.date }
            if a.document.title != b.document.title { return a.document.title < b.document.title }
            return a.document.id < b.document.id
        }
        return Timeline(entries: entries, unresolved: unresolved)
    }

    public var citationCount: Int { entries.reduce(0) { $0 + $1.citations.count } }

    /// The timeline as JSON (schema version 1, spec/cli.md). `location` adds fields to each
    /// citation: the language server adds its `uri` and LSP `range`.
    public func json(location: (Citation) -> [String: JSONValue] = { _ in [:] }) -> JSONValue {
        func citation(_ c: Citation) -> JSONValue {
            var object: [String: JSONValue] = [
                "path": .string(c.path), "line": JSONValue(c.line), "column": JSONValue(c.column),
                "date": .string(c.date), "title": .string(c.title),
                "problems": .array(c.problems.map { .string($0.rawValue) }),
            ]
            if let locator = c.locator { object["locator"] = .string(locator) }
            for (key, value) in location(c) { object[key] = value }
            return .object(object)
        }
        let documents: [JSONValue] = entries.map { e in
            var object: [String: JSONValue] = [
                "id": .string(e.document.id), "date": .string(e.document.date.iso),
                "dateText": .string(e.document.date.humanReadable), "title": .string(e.document.title),
                "catalogue": .string(e.document.origin.catalogueName),
                "citations": .array(e.citations.map(citation)),
            ]
            if let url = e.document.url { object["url"] = .string(url) }
            if let archive = e.document.archive { object["archive"] = .string(archive) }
            return .object(object)
        }
        return [
            "version": 1,
            "documents": .array(documents),
            "unresolved": .array(unresolved.map(citation)),
            "summary": [
                "documents": JSONValue(entries.count),
                "cited": JSONValue(entries.filter { !$0.citations.isEmpty }.count),
                "citations": JSONValue(citationCount),
                "unresolved": JSONValue(unresolved.count),
            ],
        ]
    }
}
