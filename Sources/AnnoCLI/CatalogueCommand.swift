import AnnoCatalogue
import AnnoJSON
import AnnoWorkspace

/// `anno catalogue list|search|validate`: look into the catalogues a project uses.
struct CatalogueCommand {
    static let usage = """
    usage: anno catalogue list [--catalogue FILE]... [--json]
           anno catalogue search WORDS... [--catalogue FILE]... [--limit N]
           anno catalogue validate FILE...

    list and search use the catalogues of the anno.json above the current directory, the
    bundled catalogue and any --catalogue files. validate reports every problem in the files
    given, with file:line:column, and exits 1 when any is an error.
    """

    static func run(_ args: [String], output: inout some TextOutputStream, errors: inout some TextOutputStream) -> Int32 {
        guard let sub = args.first else {
            errors.write(usage + "\n")
            return 2
        }
        var rest = Array(args.dropFirst())
        var catalogues: [String] = []
        var json = false
        var limit = 20
        var words: [String] = []
        var i = 0
        while i < rest.count {
            let a = rest[i]
            if a == "--catalogue" || a == "-c" {
                guard i + 1 < rest.count else { errors.write("anno: --catalogue needs a file\n"); return 2 }
                catalogues.append(rest[i + 1]); i += 2; continue
            } else if a == "--json" {
                json = true
            } else if a == "--limit" {
                guard i + 1 < rest.count, let n = Int(rest[i + 1]), n > 0 else { errors.write("anno: --limit needs a positive number\n"); return 2 }
                limit = n; i += 2; continue
            } else if a.hasPrefix("-") && a != "-" {
                errors.write("anno: unknown option '\(a)' for 'anno catalogue \(sub)'\n\n\(usage)\n")
                return 2
            } else {
                words.append(a)
            }
            i += 1
        }
        rest = words
        switch sub {
        case "validate":
            guard !rest.isEmpty else { errors.write("anno: catalogue validate needs at least one file\n"); return 2 }
            var failed = false
            for path in rest {
                let catalogue = CatalogueFile.load(path)
                for p in catalogue.problems {
                    output.write("\(p)\n")
                    if p.severity == .error { failed = true }
                }
                let errorsCount = catalogue.problems.filter { $0.severity == .error }.count
                output.write("\(path): \(catalogue.documents.count) documents, \(errorsCount) error\(errorsCount == 1 ? "" : "s"), \(catalogue.problems.count - errorsCount) warning\(catalogue.problems.count - errorsCount == 1 ? "" : "s")\n")
            }
            return failed ? 1 : 0
        case "list", "search":
            let context = ProjectResolver(extraCatalogues: catalogues).context(forDirectory: Paths.currentDirectory())
            for p in context.problems { errors.write("\(p)\n") }
            let index = context.index
            let selected: [DocumentIndex]
            if sub == "list" {
                selected = (0..<index.count).map { DocumentIndex($0) }
            } else {
                guard !rest.isEmpty else { errors.write("anno: catalogue search needs words to look for\n"); return 2 }
                selected = index.search(CatalogueQuery(searchWords: rest), limit: limit).results.map(\.document)
            }
            if json {
                let docs: [JSONValue] = selected.map { d in
                    let doc = index[d]
                    var o: [String: JSONValue] = ["id": .string(doc.id), "date": .string(doc.date.iso), "title": .string(doc.title),
                                                  "summary": .string(doc.summary), "catalogue": .string(doc.origin.catalogueName)]
                    if let url = doc.url { o["url"] = .string(url) }
                    if let archive = doc.archive { o["archive"] = .string(archive) }
                    return .object(o)
                }
                output.write(JSON.serializeString(["documents": .array(docs)], pretty: true) + "\n")
            } else {
                for d in selected {
                    let doc = index[d]
                    output.write("\(doc.date.iso.padding(10))  \(doc.title)  [\(doc.id)]\n")
                }
                if sub == "search" && selected.isEmpty { errors.write("no documents match\n") }
            }
            return (sub == "search" && selected.isEmpty) ? 1 : 0
        default:
            errors.write("anno: unknown catalogue command '\(sub)'\n\n\(usage)\n")
            return 2
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
