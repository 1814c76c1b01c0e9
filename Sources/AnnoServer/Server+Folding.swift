import AnnoJSON
import AnnoProtocol
import AnnoSyntax

/// Folding ranges: each section (a heading to the last text before the next heading of the same
/// or a higher level) and each fenced code block. Whole lines, as every client can fold them.
extension LanguageServer {
    func foldingRanges(_ params: FoldingRangeParams) throws -> JSONValue {
        let doc = try document(params.textDocument.uri)
        let outline = NoteOutline.scan(doc.lines)
        var ranges: [FoldingRange] = []
        for h in outline.headings where h.sectionLastLine > h.lastLine {
            ranges.append(FoldingRange(startLine: h.firstLine, endLine: h.sectionLastLine))
        }
        for block in outline.codeBlocks where block.lastLine > block.firstLine {
            ranges.append(FoldingRange(startLine: block.firstLine, endLine: block.lastLine))
        }
        ranges.sort { ($0.startLine, $0.endLine) < ($1.startLine, $1.endLine) }
        return ranges.json
    }
}
