import AnnoCatalogue
import AnnoCheck
import AnnoSyntax

let ECO = "The Economic and Political Situation of the DPRK"
let PUZ = "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"
let KAP = "Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto"

func doc(_ id: String, _ date: String, _ title: String) -> CatalogueDocument {
    guard case .valid(let d) = DateParser.parse(date) else { fatalError("bad test date \(date)") }
    return CatalogueDocument(id: id, date: d, title: title, summary: "", origin: CatalogueLocation(catalogueName: "test", path: nil))
}

/// The bundled catalogue plus `extra` documents.
func makeChecker(_ extra: [CatalogueDocument] = [], bundled: Bool = true, rules: RuleSettings = RuleSettings()) -> Checker {
    var catalogues: [Catalogue] = bundled ? [CatalogueLoader.bundled] : []
    catalogues.append(Catalogue(name: "test", path: nil, documents: extra))
    return Checker(index: CatalogueIndex(catalogues: catalogues), rules: rules)
}

/// A diagnostic as a line of text: `code severity «covered text» message`.
func describe(_ d: Diagnostic, in text: String) -> String {
    let bytes = Array(text.utf8)
    let covered = String(decoding: bytes[d.range], as: UTF8.self)
    return "\(d.code.rawValue) \(d.severity.rawValue) «\(covered)»"
}

extension Checker {
    /// `code severity «covered text»` for each diagnostic of `text`.
    func summary(_ text: String) -> [String] {
        check(text).diagnostics.map { describe($0, in: text) }
    }
}

/// Applies a fix's edits (byte ranges, non-overlapping) to a text.
func apply(_ fix: Fix, to text: String) -> String {
    var bytes = Array(text.utf8)
    for edit in fix.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
        bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
}
