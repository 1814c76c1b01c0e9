import AnnoCatalogue
@testable import AnnoCheck
@testable import AnnoServer
import AnnoSyntax
import AnnoWorkspace

/// The catalogue loaders (every format of spec/catalogue.md) and anno.json, on arbitrary bytes.
///
/// A broken entry is reported and skipped, never fatal: every problem points into the file
/// (line and column ≥ 1, line within it), every document kept has an id, a title and a date, and
/// ids are unique within a catalogue. The index built from the result finds each document by id
/// and title; each title survives citation escaping (completion writes it into `[[…]]`) and
/// markdown escaping (hover shows it); and writing the catalogue back in Anno JSON reads back
/// the same documents (`anno catalogue convert`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalogue(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lineCount = LineTable(bytes).lineCount
    let (_, configProblems) = ProjectConfig.parse(bytes, path: "/nowhere/anno.json")
    checkProblems(configProblems, lineCount: lineCount, what: "anno.json")

    var loaded: [Catalogue] = [CatalogueLoader.load(bytes: bytes, path: nil, defaultName: "fuzz")]
    for format in CatalogueFormat.allCases {
        loaded.append(CatalogueLoader.load(bytes: bytes, path: nil, defaultName: "fuzz", format: format))
    }
    for (k, catalogue) in loaded.enumerated() {
        let what = k == 0 ? "detected format" : CatalogueFormat.allCases[k - 1].rawValue
        checkProblems(catalogue.problems, lineCount: lineCount, what: what)
        var ids = Set<String>()
        for doc in catalogue.documents.prefix(64) {
            require(!doc.id.isEmpty && !doc.title.allSatisfy(\.isWhitespace), "\(what): a kept document has an id and a title")
            require(ids.insert(doc.id).inserted, "\(what): id \(doc.id) is unique")
            requireReadsBack(CitationFormatter.citation(date: doc.date.iso, title: doc.title), doc)
            requireInertMarkdown(CitationHover.documentMarkdown(doc).joined(separator: "\n\n"), "\(what) document \(doc.id)")
        }
    }

    // Merged after the bundled catalogue, as a project's catalogues are.
    let catalogue = loaded[0]
    let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled, catalogue])
    for doc in catalogue.documents.prefix(16) {
        guard let found = index.document(id: doc.id) else {
            require(false, "document \(doc.id) is in the index")
            return 0
        }
        if index[found] == doc {
            require(index.exactTitleMatches(doc.title).contains(found), "document \(doc.id) found by its title")
        }
        _ = index.suggestions(forTitle: doc.title, date: doc.date)
        let result = index.search(CatalogueQuery(datePrefix: String(doc.date.iso.prefix(4)), words: TitleKey.words(doc.title)), limit: 10)
        require(result.results.count <= 10, "search honours its limit")
    }

    // Anno JSON round trip: what `anno catalogue convert` writes reads back the same.
    if !catalogue.documents.isEmpty {
        let written = CatalogueWriter.write(catalogue.documents, name: catalogue.name, format: .anno)
        let again = CatalogueLoader.load(bytes: written, path: nil, defaultName: "again", format: .anno)
        require(again.problems.filter { $0.severity == .error }.isEmpty, "written Anno JSON loads without errors: \(again.problems)")
        require(again.documents.count == catalogue.documents.count, "written Anno JSON keeps every document")
        for (a, b) in zip(catalogue.documents, again.documents) {
            require(a.id == b.id && a.date == b.date && a.title == b.title && a.summary == b.summary && a.url == b.url
                    && a.archive == b.archive && a.archiveLocation == b.archiveLocation,
                    "document \(a.id) reads back the same from Anno JSON")
        }
    }
    return 0
}

private func checkProblems(_ problems: [CatalogueProblem], lineCount: Int, what: String) {
    for p in problems {
        require(p.line >= 1 && p.column >= 1 && p.line <= lineCount, "\(what): problem at \(p.line):\(p.column) of \(lineCount) lines: \(p.message)")
        require(!p.message.isEmpty, "\(what): a problem says what is wrong")
    }
}
