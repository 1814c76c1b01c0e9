import AnnoCatalogue
import AnnoCheck
import AnnoSyntax

/// What hovering a citation shows: the document (title, date for humans, archive, summary,
/// link) or, for a broken citation, what is wrong and what was probably meant.
struct CitationHover: Sendable {
    var range: Range<Int>
    var markdown: String
    var plaintext: String

    static func compute(note: ParsedNote, cursor: Int, checker: Checker) -> CitationHover? {
        guard let citation = note.citation(at: cursor) else { return nil }
        let resolution = checker.resolve(citation)
        let index = checker.index
        var md: [String] = []
        var plain: [String] = []
        let problems = resolution.diagnostics.filter { checker.rules.severity(for: $0.code) != nil }
        for d in problems {
            let label = d.code.rawValue
            md.append("**\(Markdown.escape(label))**: \(Markdown.escape(d.message))")
            plain.append("\(label): \(d.message)")
        }
        let meant = resolution.document ?? (resolution.candidates.count == 1 ? resolution.candidates.first : nil)
        if let meant {
            let doc = index[meant]
            if !problems.isEmpty {
                md.append("Probably meant:")
                plain.append("Probably meant:")
            }
            md.append(contentsOf: documentMarkdown(doc))
            plain.append(contentsOf: documentPlaintext(doc))
        } else if !resolution.candidates.isEmpty {
            md.append("Candidates:")
            plain.append("Candidates:")
            for c in resolution.candidates.prefix(5) {
                let doc = index[c]
                md.append("- \(Markdown.escape(doc.title)) (\(doc.date.humanReadable))")
                plain.append("- \(doc.title) (\(doc.date.humanReadable))")
            }
        }
        if md.isEmpty { return nil }
        return CitationHover(range: citation.range, markdown: md.joined(separator: "\n\n"), plaintext: plain.joined(separator: "\n\n"))
    }

    /// The document, then the catalogue it comes from (several may be merged: spec/catalogue.md).
    static func documentMarkdown(_ doc: CatalogueDocument) -> [String] {
        var out = ["**\(Markdown.escape(doc.title))**"]
        var meta = [doc.date.humanReadable]
        if let archive = doc.archive, !archive.isEmpty { meta.append(Markdown.escape(archive)) }
        if let location = doc.archiveLocation, !location.isEmpty { meta.append(Markdown.escape(location)) }
        out.append(meta.joined(separator: " · "))
        if !doc.summary.isEmpty { out.append(Markdown.escape(doc.summary)) }
        if let url = doc.url, let link = Markdown.link(url) { out.append(link) }
        out.append("Catalogue: \(Markdown.escape(doc.origin.catalogueName))")
        return out
    }

    static func documentPlaintext(_ doc: CatalogueDocument) -> [String] {
        var out = [doc.title]
        var meta = [doc.date.humanReadable]
        if let archive = doc.archive, !archive.isEmpty { meta.append(archive) }
        if let location = doc.archiveLocation, !location.isEmpty { meta.append(location) }
        out.append(meta.joined(separator: " · "))
        if !doc.summary.isEmpty { out.append(doc.summary) }
        if let url = doc.url { out.append(url) }
        out.append("Catalogue: \(doc.origin.catalogueName)")
        return out
    }
}
