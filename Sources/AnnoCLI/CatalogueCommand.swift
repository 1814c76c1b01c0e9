import AnnoCatalogue
import AnnoJSON
import AnnoWorkspace

/// `anno catalogue list|search|validate|convert`: look into the catalogues a project uses, and
/// convert between the formats Anno reads.
struct CatalogueCommand {
    static let usage = """
    usage: anno catalogue list [--catalogue FILE]... [--json]
           anno catalogue search WORDS... [--catalogue FILE]... [--limit N]
           anno catalogue validate FILE...
           anno catalogue convert IN OUT [--to FORMAT] [--from FORMAT]

    list and search use the catalogues of the anno.json above the current directory, the
    bundled catalogue and any --catalogue files. validate reports every problem in the files
    given, with file:line:column, and exits 1 when any is an error. convert writes IN's
    documents to OUT in the format OUT's name says (.json Anno JSON, .csl.json CSL-JSON, .bib
    BibTeX, .csv, .tsv) or --to says (anno, csl-json, bibtex, csv, tsv); OUT may be - with --to.
    Files are read as Anno JSON, CSL-JSON, BibTeX, CSV or TSV by their name or content.
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
        var formats: [String: CatalogueFormat] = [:]
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
            } else if a == "--to" || a == "--from" {
                guard i + 1 < rest.count, let f = CatalogueCommand.format(named: rest[i + 1]) else {
                    errors.write("anno: \(a) needs a format: anno, csl-json, bibtex, csv or tsv\n"); return 2
                }
                formats[a] = f; i += 2; continue
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
        case "convert":
            guard rest.count == 2 else {
                errors.write("anno: catalogue convert needs an input and an output file: anno catalogue convert IN OUT\n")
                return 2
            }
            return convert(rest[0], to: rest[1], format: formats["--to"], inputFormat: formats["--from"], output: &output, errors: &errors)
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
                    if let location = doc.archiveLocation { o["archive_location"] = .string(location) }
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

extension CatalogueCommand {
    static func format(named name: String) -> CatalogueFormat? {
        switch name.lowercased() {
        case "anno", "json", "anno-json": return .anno
        case "csl-json", "csljson", "csl": return .cslJSON
        case "bibtex", "bib", "biblatex": return .bibtex
        case "csv": return .csv
        case "tsv": return .tsv
        default: return nil
        }
    }

    /// Reads IN (problems to standard error, as `validate` prints them) and writes its documents
    /// to OUT. Exit 0, or 1 when IN has errors (OUT still gets the documents that loaded) or
    /// none loaded (nothing written), 2 for usage and an OUT that cannot be written.
    static func convert(_ input: String, to outputPath: String, format: CatalogueFormat?, inputFormat: CatalogueFormat?,
                        output: inout some TextOutputStream, errors: inout some TextOutputStream) -> Int32 {
        guard let outFormat = format ?? (outputPath == "-" ? nil : CatalogueFormat.forOutput(path: outputPath)) else {
            errors.write("anno: cannot tell the output format from '\(outputPath)': name it .json, .csl.json, .bib, .csv or .tsv, or give --to FORMAT\n")
            return 2
        }
        let catalogue = CatalogueFile.load(input, format: inputFormat)
        for p in catalogue.problems { errors.write("\(p)\n") }
        let failed = catalogue.problems.contains { $0.severity == .error }
        if catalogue.documents.isEmpty && failed {
            errors.write("anno: nothing written: \(input) has no usable documents\n")
            return 1
        }
        if outFormat == .bibtex {
            for d in catalogue.documents where CatalogueWriter.bibtexKey(d.id) != d.id {
                errors.write("anno: warning: the id \"\(d.id)\" is written as the BibTeX key \"\(CatalogueWriter.bibtexKey(d.id))\"\n")
            }
        }
        let defaultName = String(input.split(separator: "/").last ?? Substring(input))
        let bytes = CatalogueWriter.write(catalogue.documents, name: catalogue.name == defaultName ? nil : catalogue.name, format: outFormat)
        let summary = "\(input): \(catalogue.documents.count) document\(catalogue.documents.count == 1 ? "" : "s") written to \(outputPath) (\(outFormat.displayName))\n"
        if outputPath == "-" {
            output.write(String(decoding: bytes, as: UTF8.self))
            errors.write(summary)
        } else {
            do {
                try AtomicFile.write(outputPath, bytes)
            } catch {
                errors.write("anno: cannot write \(error.path): \(error.reason)\n")
                return 2
            }
            output.write(summary)
        }
        return failed ? 1 : 0
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
