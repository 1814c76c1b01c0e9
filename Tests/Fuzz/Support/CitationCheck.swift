import AnnoCatalogue
import AnnoSyntax

/// A citation written by completion parses back to the document's date and title.
func requireReadsBack(_ citation: String, _ doc: CatalogueDocument) {
    let note = NoteParser.parse(citation)
    require(note.citations.count == 1 && note.citations[0].isClosed && note.citations[0].range == 0..<citation.utf8.count,
            "completion text \(citation) is one closed citation")
    let parts = note.citations[0].parts.map(\.text)
    require(parts.count >= 2 && parts[0] == doc.date.iso && parts[1] == collapsedWhitespace(doc.title),
            "completion text \(citation) reads back as \(doc.date.iso) | \(doc.title), not \(parts)")
}

/// How the parser reads whitespace in a part: runs of spaces, tabs and line breaks are one space.
func collapsedWhitespace(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).joined(separator: " ")
}
