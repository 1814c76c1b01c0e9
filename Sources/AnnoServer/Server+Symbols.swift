import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax

/// Document symbols (the note's outline: Markdown headings, with the citations under each) and
/// workspace symbols (catalogue documents and the notes' headings, searched by words).
extension LanguageServer {
    static let workspaceSymbolLimit = 200

    func documentSymbols(_ params: DocumentSymbolParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        let outline = NoteOutline.scan(doc.lines)
        let hierarchical = capabilities.raw["textDocument"]?["documentSymbol"]?["hierarchicalDocumentSymbolSupport"]?.boolValue == true
        let tree = NoteOutlineTree(outline: outline, citations: doc.note.citations)
        if hierarchical {
            return tree.roots.map { symbol($0, doc: doc) }.json
        }
        var flat: [SymbolInformation] = []
        func add(_ node: NoteOutlineTree.Node, container: String?) {
            let s = symbol(node, doc: doc)
            flat.append(SymbolInformation(name: s.name, kind: s.kind, location: Location(uri: doc.uri, range: s.range), containerName: container))
            for child in node.children { add(child, container: s.name) }
        }
        for root in tree.roots { add(root, container: nil) }
        return flat.json
    }

    private func symbol(_ node: NoteOutlineTree.Node, doc: OpenDocument) -> DocumentSymbol {
        switch node.item {
        case .heading(let h):
            return DocumentSymbol(name: h.text.isEmpty ? String(repeating: "#", count: h.level) : h.text, kind: .string,
                                  range: lspRange(h.section, in: doc), selectionRange: lspRange(h.textRange, in: doc),
                                  children: node.children.map { symbol($0, doc: doc) })
        case .citation(let c):
            let title = c.title?.text ?? ""
            let date = c.date?.text ?? ""
            var detail = date
            if let locator = c.locator?.text, !locator.isEmpty { detail += detail.isEmpty ? locator : " · \(locator)" }
            let selection = c.title.map { $0.range.isEmpty ? c.range : $0.range } ?? c.range
            return DocumentSymbol(name: title.isEmpty ? (date.isEmpty ? "[[ ]]" : "[[\(date)]]") : title,
                                  detail: detail.isEmpty ? nil : detail, kind: .event,
                                  range: lspRange(c.range, in: doc), selectionRange: lspRange(selection, in: doc))
        }
    }

    func workspaceSymbols(_ params: WorkspaceSymbolParams) throws -> JSONValue {
        let words = params.query.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let entries = currentIndex()
        var symbols: [SymbolInformation] = []
        // Catalogue documents, best first, named "DATE TITLE" so that a client filtering on the
        // name keeps what a date or title query found.
        if !words.isEmpty {
            var seen = Set<String>()
            for index in cataloguesInUse(entries) {
                for hit in index.search(CatalogueQuery(searchWords: words), limit: 50).results {
                    let doc = index[hit.document]
                    guard seen.insert(doc.id).inserted, let location = catalogueLocation(doc) else { continue }
                    symbols.append(SymbolInformation(name: "\(doc.date.iso) \(doc.title)", kind: .event, location: location,
                                                     containerName: doc.archive ?? doc.origin.catalogueName))
                }
            }
        }
        // Headings whose words start with every word of the query (all headings for an empty one).
        let queryWords = TitleKey.words(params.query)
        for entry in entries {
            for h in entry.summary.outline.headings where HeadingMatch.matches(queryWords, h.text) {
                symbols.append(SymbolInformation(name: h.text.isEmpty ? "#" : h.text, kind: .string,
                                                 location: Location(uri: entry.uri, range: lspRange(h.textRange, lines: entry.summary.positions)),
                                                 containerName: displayPath(entry)))
            }
        }
        return Array(symbols.prefix(Self.workspaceSymbolLimit)).json
    }
}

/// A heading matches a query when each query word starts one of its words (case and
/// diacritics ignored, as titles are compared).
enum HeadingMatch {
    static func matches(_ queryWords: [String], _ heading: String) -> Bool {
        if queryWords.isEmpty { return true }
        let words = TitleKey.words(heading)
        return queryWords.allSatisfy { q in words.contains { $0.hasPrefix(q) } }
    }
}

/// Headings nested by level, each holding the citations of its own text (before its first
/// subsection and after each): the shape of `textDocument/documentSymbol`.
struct NoteOutlineTree {
    enum Item {
        case heading(NoteOutline.Heading)
        case citation(Citation)
    }

    struct Node {
        var item: Item
        var children: [Node] = []
        var level: Int {
            if case .heading(let h) = item { return h.level }
            return Int.max
        }
    }

    var roots: [Node]

    init(outline: NoteOutline, citations: [Citation]) {
        // Merge headings and citations in text order, then nest with a stack of open headings.
        // A setext heading may start with a citation: the heading comes first and holds it.
        var items: [(offset: Int, rank: Int, item: Item)] = outline.headings.map { ($0.range.lowerBound, 0, .heading($0)) }
        items += citations.map { ($0.range.lowerBound, 1, .citation($0)) }
        items.sort { ($0.offset, $0.rank) < ($1.offset, $1.rank) }
        var stack: [Node] = []
        var roots: [Node] = []
        func close(downTo level: Int) {
            while let top = stack.last, top.level >= level {
                stack.removeLast()
                if stack.isEmpty { roots.append(top) } else { stack[stack.count - 1].children.append(top) }
            }
        }
        for (_, _, item) in items {
            switch item {
            case .heading(let h):
                close(downTo: h.level)
                stack.append(Node(item: item))
            case .citation:
                if stack.isEmpty { roots.append(Node(item: item)) } else { stack[stack.count - 1].children.append(Node(item: item)) }
            }
        }
        close(downTo: 0)
        self.roots = roots
    }
}
