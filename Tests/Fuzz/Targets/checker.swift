import AnnoCatalogue
@testable import AnnoCheck
@testable import AnnoServer
import AnnoSyntax

/// The checker, fix-all, hover and completion on an arbitrary note, against the bundled
/// catalogue, the conformance catalogues and a hostile one (Support/FuzzCatalogues.swift).
///
/// Checks that diagnostics, fixes and edits stay inside the text; that fix-all changes only the
/// bytes its edits name (spec/cli.md, `--fix`: nothing else in the file moves); that hover and
/// completion documentation is inert markdown; and that each completion's text reads back as the
/// document it offers.
private let checker = Checker(index: FuzzCatalogues.index)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChecker(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = checker.check(bytes)
    for d in result.diagnostics {
        require(d.range.lowerBound >= 0 && d.range.upperBound <= max(bytes.count, d.range.lowerBound + 1), "\(d.code) range \(d.range) in \(bytes.count) bytes")
        for fix in [d.fix].compactMap({ $0 }) + d.alternatives {
            for e in fix.edits { require(e.range.lowerBound >= 0 && e.range.upperBound <= bytes.count, "\(d.code) fix edit \(e.range)") }
        }
        for r in d.related { require(checker.index.document(id: r.id) != nil, "related document \(r.id) exists") }
    }
    checkFixAll(bytes)

    // Hover and completion where they matter: inside citations (a few, chosen by the input's
    // length so that each gets its turn) and at the ends of the text.
    let lines = LineTable(bytes)
    var cursors: [Int] = [0, bytes.count]
    let citations = result.note.citations
    for k in 0..<min(4, citations.count) {
        let c = citations[(size &* 7 &+ k &* 13) % citations.count]
        cursors += [c.range.lowerBound + 2, (c.range.lowerBound + c.range.upperBound) / 2, c.parts.last?.range.upperBound ?? c.range.upperBound]
    }
    for cursor in cursors {
        if let hover = CitationHover.compute(note: result.note, cursor: cursor, checker: checker) {
            require(hover.range.lowerBound <= cursor && cursor <= hover.range.upperBound, "hover range contains the cursor")
            requireInertMarkdown(hover.markdown, "hover at \(cursor)")
        }
        guard let completion = CitationCompletion.compute(bytes: bytes, lines: lines, note: result.note, cursor: cursor, index: checker.index) else { continue }
        let r = completion.replaceRange
        require(r.lowerBound <= cursor && cursor <= r.upperBound && r.upperBound <= bytes.count, "completion range \(r) holds the cursor \(cursor)")
        require(lines.line(containingByte: r.lowerBound) == lines.line(containingByte: r.upperBound), "completion edit range \(r) is on one line")
        for extra in completion.extraDeletions {
            require(!extra.overlaps(r) && extra.upperBound <= bytes.count, "extra deletion \(extra) beside \(r)")
        }
        for item in completion.items.prefix(8) {
            let doc = checker.index[item.document]
            requireInertMarkdown(CitationHover.documentMarkdown(doc).joined(separator: "\n\n"), "completion documentation of \(doc.id)")
            requireReadsBack(item.newText, doc)
        }
    }
    return 0
}

/// Fix-all keeps every byte outside its edits, and its edits are ordered and disjoint.
private func checkFixAll(_ bytes: [UInt8]) {
    let fixed = checker.fixAll(bytes)
    var rebuilt: [UInt8] = []
    var at = 0
    for e in fixed.byteEdits {
        require(e.range.lowerBound >= at && e.range.upperBound <= bytes.count, "fix-all edit \(e.range) after \(at), inside the text")
        rebuilt += bytes[at..<e.range.lowerBound]
        rebuilt += e.bytes
        at = e.range.upperBound
    }
    rebuilt += bytes[at...]
    require(rebuilt == fixed.text, "fix-all's text is the original with its edits applied")
    require(fixed.edits.count == fixed.byteEdits.count, "as many text edits as byte edits")
    // Fixing again finds nothing left to fix with the same edits (no edit undoes another).
    let again = checker.fixAll(fixed.text)
    require(again.text == fixed.text || !again.byteEdits.isEmpty, "a second fix-all that changes the text has edits")
}
