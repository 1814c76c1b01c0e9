/// Several catalogues as one list of documents (spec/catalogue.md, "Several catalogues"): in
/// priority order, the first definition of a document wins. A later entry is the same document
/// when it has the same id, or the same URL (a URL that several entries of one catalogue share
/// is a collection's page, not a document's, and says nothing). Each duplicate is reported once,
/// naming any disagreement in date or title.
struct CatalogueMerge {
    /// The documents kept, in merge order, straight into the index's flat storage.
    var store: DocumentStoreBuilder
    var byID: [String: DocumentIndex] = [:]
    var byURL: [String: DocumentIndex] = [:]
    var problems: [CatalogueProblem] = []

    init(capacity: Int = 0) {
        store = DocumentStoreBuilder(capacity: capacity)
    }

    init(_ catalogues: [Catalogue]) {
        self.init(capacity: catalogues.reduce(0) { $0 + $1.documents.count })
        for catalogue in catalogues { add(catalogue) }
    }

    /// Merges the next catalogue in priority order.
    mutating func add(_ catalogue: Catalogue) {
        // URL keys are computed twice rather than kept: a million of them is memory the merge
        // of a large catalogue does not have to spare.
        var urlCounts: [String: Int] = [:]
        for doc in catalogue.documents { if let u = doc.url.flatMap(CatalogueMerge.urlKey) { urlCounts[u, default: 0] += 1 } }
        for doc in catalogue.documents {
            let url = doc.url.flatMap(CatalogueMerge.urlKey).flatMap { urlCounts[$0] == 1 ? $0 : nil }
            if let existing = byID[doc.id] {
                report(doc, sameAs: existing, how: "document \"\(doc.id)\" is also defined in")
                continue
            }
            if let url, let existing = byURL[url] {
                let firstID = store.current.string(store.current.records[Int(existing)].id)
                report(doc, sameAs: existing, how: "document \"\(doc.id)\" has the URL of \"\(firstID)\" in")
                continue
            }
            let index = DocumentIndex(store.count)
            byID[doc.id] = index
            if let url, byURL[url] == nil { byURL[url] = index }
            store.append(doc)
        }
    }

    private mutating func report(_ doc: CatalogueDocument, sameAs existing: DocumentIndex, how: String) {
        let first = store.current.document(Int(existing))
        var differences: [String] = []
        if first.date != doc.date { differences.append("date (\(first.date.iso) there, \(doc.date.iso) here)") }
        if TitleKey.exact(first.title) != TitleKey.exact(doc.title) { differences.append("title ('\(first.title)' there)") }
        let conflict = differences.isEmpty ? "" : " with another " + differences.joined(separator: " and ")
        problems.append(CatalogueProblem(
            .warning, "\(how) \(first.origin.path ?? first.origin.catalogueName)\(conflict); the first definition is used",
            path: doc.origin.path, line: doc.origin.line, column: doc.origin.column))
    }

    /// The URL as an identity: no scheme, no "www.", host lowercased, no fragment or trailing slash.
    static func urlKey(_ url: String) -> String? {
        var u = Substring(url.trimmingSpaces)
        if u.isEmpty { return nil }
        for scheme in ["https://", "http://"] where hasPrefixIgnoringCase(u, scheme) { u = u.dropFirst(scheme.count) }
        if hasPrefixIgnoringCase(u, "www.") { u = u.dropFirst(4) }
        if let hash = u.firstIndex(of: "#") { u = u[..<hash] }
        while u.hasSuffix("/") { u = u.dropLast() }
        let slash = u.firstIndex(of: "/") ?? u.endIndex
        let key = u[..<slash].lowercased() + u[slash...]
        return key.isEmpty ? nil : key
    }

    /// `prefix` is lowercase ASCII.
    static func hasPrefixIgnoringCase(_ s: Substring, _ prefix: String) -> Bool {
        var it = s.utf8.makeIterator()
        for p in prefix.utf8 {
            guard let c = it.next() else { return false }
            if c != p && !(c >= 0x41 && c <= 0x5A && c + 0x20 == p) { return false }
        }
        return true
    }
}

/// Catalogues merged into an index one at a time, in priority order, so that each parsed
/// catalogue can be freed as soon as its documents are in the index's storage.
public struct CatalogueIndexBuilder {
    private var merge = CatalogueMerge()
    private var names: [String] = []

    public init() {}

    public mutating func add(_ catalogue: Catalogue) {
        names.append(catalogue.name)
        merge.add(catalogue)
    }

    /// The index; the builder is empty afterwards (the merge's id and URL tables are freed
    /// before indexing, which needs the memory).
    public mutating func build() -> CatalogueIndex {
        let store = merge.store, problems = merge.problems
        merge = CatalogueMerge()
        return CatalogueIndex(merged: store, problems: problems, catalogueNames: names)
    }
}
