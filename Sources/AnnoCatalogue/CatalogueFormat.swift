/// The catalogue formats Anno reads and writes (spec/catalogue.md, "Other formats"): its own
/// JSON, and the formats historians already keep their sources in.
public enum CatalogueFormat: String, Sendable, CaseIterable {
    case anno
    /// Zotero's and Pandoc's CSL-JSON: an array of items.
    case cslJSON = "csl-json"
    /// BibTeX and BibLaTeX, as Zotero and Better BibTeX export them.
    case bibtex
    case csv
    case tsv

    public var displayName: String {
        switch self {
        case .anno: return "Anno JSON"
        case .cslJSON: return "CSL-JSON"
        case .bibtex: return "BibTeX"
        case .csv: return "CSV"
        case .tsv: return "TSV"
        }
    }

    /// The format a file name says, or nil when it does not (`.json` is either Anno's format or
    /// CSL-JSON: the content decides).
    public static func fromExtension(_ path: String) -> CatalogueFormat? {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        if name.hasSuffix(".csl.json") || name.hasSuffix(".csljson") { return .cslJSON }
        if name.hasSuffix(".bib") || name.hasSuffix(".bibtex") || name.hasSuffix(".biblatex") { return .bibtex }
        if name.hasSuffix(".csv") { return .csv }
        if name.hasSuffix(".tsv") || name.hasSuffix(".tab") { return .tsv }
        return nil
    }

    /// The format to write for an output path (`anno catalogue convert`): `.json` is Anno JSON.
    public static func forOutput(path: String) -> CatalogueFormat? {
        if let f = fromExtension(path) { return f }
        return path.lowercased().hasSuffix(".json") ? .anno : nil
    }

    /// By the file name, then by the first character that is not a byte order mark, space or
    /// `%` comment line: `{` Anno JSON, `[` CSL-JSON, `@` BibTeX; anything else is a table,
    /// TSV when its first line has a tab, CSV otherwise.
    public static func detect(path: String?, bytes: [UInt8]) -> CatalogueFormat {
        if let path, let f = fromExtension(path) { return f }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { i += 1; continue }
            if c == UInt8(ascii: "%") {      // a BibTeX comment line
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                continue
            }
            break
        }
        guard i < bytes.count else { return .anno }
        switch bytes[i] {
        case UInt8(ascii: "{"): return .anno
        case UInt8(ascii: "["): return .cslJSON
        case UInt8(ascii: "@"): return .bibtex
        default:
            var j = i
            while j < bytes.count && bytes[j] != 0x0A {
                if bytes[j] == 0x09 { return .tsv }
                j += 1
            }
            return .csv
        }
    }
}

extension CatalogueLoader {
    /// Reads a catalogue in any format Anno knows, from its bytes (no I/O): `format`, or the one
    /// the path's extension or the content names.
    public static func load(bytes: [UInt8], path: String?, defaultName: String, format: CatalogueFormat? = nil) -> Catalogue {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return Catalogue(name: defaultName, path: path, documents: [], problems: [CatalogueProblem(
                .error, "the file is UTF-16; save it as UTF-8", path: path, line: 1, column: 1)])
        }
        switch format ?? CatalogueFormat.detect(path: path, bytes: bytes) {
        case .anno: return load(json: bytes, path: path, defaultName: defaultName)
        case .cslJSON: return CSLJSONReader.load(bytes: bytes, path: path, defaultName: defaultName)
        case .bibtex: return BibTeXReader.load(bytes: bytes, path: path, defaultName: defaultName)
        case .csv: return DelimitedReader.load(bytes: bytes, path: path, defaultName: defaultName, tabs: false)
        case .tsv: return DelimitedReader.load(bytes: bytes, path: path, defaultName: defaultName, tabs: true)
        }
    }
}
