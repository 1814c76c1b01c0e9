import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol
import AnnoSyntax

/// Document links: a cited document's URL on the citation's title, so it opens with a click.
/// Only `http://` and `https://` URLs that hover would also show as links (catalogue text is
/// untrusted: no `command:`, `file:` or `javascript:` targets).
extension LanguageServer {
    func documentLinks(_ params: DocumentLinkParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        let checker = context(forURI: doc.uri).checker
        var links: [DocumentLink] = []
        for citation in doc.note.citations {
            guard let d = checker.resolve(citation).document else { continue }
            let entry = checker.index[d]
            guard let url = entry.url, Markdown.link(url) != nil else { continue }
            let range = citation.title.map { $0.range.isEmpty ? citation.range : $0.range } ?? citation.range
            links.append(DocumentLink(range: lspRange(range, in: doc), target: url,
                                      tooltip: "Open '\(entry.title)' in \(entry.archive ?? entry.origin.catalogueName)"))
        }
        return links.json
    }
}
