import AnnoCatalogue
import AnnoJSON
import AnnoProtocol

/// `completionItem/resolve`: the documentation completion leaves out for clients that resolve
/// items lazily (`resolveSupport.properties` lists "documentation"; spec/lsp.md, "Completion").
///
/// Completion is asked for on every keystroke and an item's markdown is most of its bytes, while
/// the editor shows the documentation of one item at a time: sending it on demand keeps each
/// keystroke's answer small.
extension LanguageServer {
    /// True when the client fills in completion items' documentation through resolve.
    var resolvesCompletionDocumentation: Bool {
        capabilities.completionResolveProperties.contains("documentation")
    }

    /// True when `detail` may be left to resolve too: the client resolves documentation and
    /// lists `detail` (VS Code shows an item's detail only beside the item it resolves).
    var resolvesCompletionDetail: Bool {
        resolvesCompletionDocumentation && capabilities.completionResolveProperties.contains("detail")
    }

    /// An item's `detail`: the ISO date and the archive (or the catalogue, when there is none).
    static func completionDetail(_ d: DocumentIndex, iso: String, in index: CatalogueIndex) -> String {
        iso + " · " + (index.archive(of: d) ?? index.catalogueName(of: d))
    }

    /// The `data` of a lazy completion item: `[index generation, document number, document id]`.
    /// Opaque to clients. The generation says whether the number still means the same index; the
    /// id finds the document again after the catalogue was reloaded.
    static func completionData(_ d: DocumentIndex, in index: CatalogueIndex) -> JSONValue {
        .array([.number(Double(index.generation)), .number(Double(d)), .string(index.id(of: d))])
    }

    /// The item as the client sent it, with `documentation` (and `detail`, when missing) filled
    /// in when its `data` names a document that is still in a loaded catalogue under the item's
    /// label. Anything else (no or foreign `data`, a document since removed or renamed,
    /// documentation already there) gives the item back unchanged; only a non-object is an error.
    func resolveCompletionItem(_ params: JSONValue?) throws -> JSONValue {
        guard case .object(var item)? = params else {
            throw ResponseError.invalidParams("completionItem/resolve: expected a completion item (an object)")
        }
        if let existing = item["documentation"], !existing.isNull { return .object(item) }
        guard let (d, index) = completionDocument(data: item["data"], label: item["label"]?.stringValue) else {
            return .object(item)
        }
        item["documentation"] = completionDocumentation(d, in: index).json
        if item["detail"] == nil || item["detail"] == .null { item["detail"] = .string(Self.completionDetail(d, iso: index.isoDate(of: d), in: index)) }
        return .object(item)
    }

    /// Markdown, or plaintext for clients that only take plaintext, as completion items carry it.
    func completionDocumentation(_ d: DocumentIndex, in index: CatalogueIndex) -> MarkupContent {
        let formats = capabilities.completionDocumentationFormat
        return formats.isEmpty || formats.contains(.markdown)
            ? MarkupContent(kind: .markdown, value: documentation.markdown(for: d, in: index))
            : MarkupContent(kind: .plaintext, value: documentation.plaintext(for: d, in: index))
    }

    /// The document `data` (from `completionData`) names, checked against the item's label.
    private func completionDocument(data: JSONValue?, label: String?) -> (DocumentIndex, CatalogueIndex)? {
        guard let parts = data?.arrayValue, parts.count == 3, let label,
              let generation = parts[0].intValue, let number = parts[1].intValue, let id = parts[2].stringValue else { return nil }
        func named(_ d: DocumentIndex, in index: CatalogueIndex) -> Bool {
            index.id(of: d) == id && index.title(of: d) == label
        }
        func numbered(in index: CatalogueIndex) -> DocumentIndex? {
            guard UInt64(exactly: generation) == index.generation, number >= 0, number < index.count else { return nil }
            let d = DocumentIndex(number)
            return named(d, in: index) ? d : nil
        }
        let current = lastGoodContexts.values.map(\.index)
        // The index the item came from, while it is in use.
        for index in current { if let d = numbered(in: index) { return (d, index) } }
        if let index = unlistedCompletionIndex, let d = numbered(in: index) { return (d, index) }
        // Reloaded since: the same document by id in the catalogues now in use, if its title is
        // still the label.
        for index in current {
            if let d = index.document(id: id), named(d, in: index) { return (d, index) }
        }
        return nil
    }
}
