import AnnoCatalogue
import AnnoCheck
import AnnoSyntax

/// What to offer when the cursor is inside a citation being written.
///
/// Matching is the server's: the list is filtered and ranked here, bounded, and marked
/// incomplete so the editor asks again as the person types. Each item's `filterText` starts with
/// exactly the text from the replaced range's start (`[[`) to the cursor, so that editors which
/// filter again (VS Code fuzzily, eglot and Neovim by prefix) keep every item (spec/lsp.md).
struct CitationCompletion: Sendable {
    struct Item: Sendable {
        var document: DocumentIndex
        /// The document's title, date and ISO date, read once for the item's label, detail and edit.
        var title: String
        var date: PartialDate
        var iso: String
        var newText: String
        var filterText: String
        var sortText: String
    }

    /// Bytes the item's `textEdit` replaces: the partial citation, closing `]]` included, limited
    /// to the cursor's line (LSP wants a one-line edit range that contains the cursor).
    var replaceRange: Range<Int>
    /// The rest of a citation that wraps onto other lines, deleted along with the edit.
    var extraDeletions: [Range<Int>]
    var items: [Item]
    var isIncomplete: Bool

    static let defaultLimit = 50

    /// nil when the cursor is not inside a citation's date or title.
    static func compute(bytes: [UInt8], lines: LineTable, note: ParsedNote, cursor: Int, index: CatalogueIndex, limit: Int = defaultLimit) -> CitationCompletion? {
        guard let citation = citationBeingWritten(note: note, bytes: bytes, cursor: cursor) else { return nil }
        let interiorStart = citation.range.lowerBound + 2
        // The cursor must be after `[[` and, in a closed citation, before `]]`.
        guard cursor >= interiorStart, !citation.isClosed || cursor <= citation.range.upperBound - 2 else { return nil }
        let typedBytes = Array(bytes[interiorStart..<cursor])
        let typedParts = splitParts(typedBytes)
        guard typedParts.count <= 2 else { return nil }   // in the locator: nothing to complete

        var query = CatalogueQuery()
        if typedParts.count == 1 {
            let only = trimmed(typedParts[0])
            if looksLikeDatePrefix(only) { query.datePrefix = only } else { query.words = TitleKey.words(only) }
        } else {
            query.datePrefix = trimmed(typedParts[0])
            query.words = TitleKey.words(typedParts[1])
        }
        let found = index.search(query, limit: limit)

        let wholeEnd = citation.isClosed ? citation.range.upperBound : cursor
        let line = lines.contentRange(ofLine: lines.line(containingByte: cursor))
        let replaceStart = max(citation.range.lowerBound, line.lowerBound)
        let replaceEnd = max(cursor, min(wholeEnd, line.upperBound))
        var extra: [Range<Int>] = []
        if replaceStart > citation.range.lowerBound { extra.append(citation.range.lowerBound..<replaceStart) }
        if wholeEnd > replaceEnd { extra.append(replaceEnd..<wholeEnd) }
        let typedSinceOpen = String(decoding: bytes[replaceStart..<cursor], as: UTF8.self)
        let locator = citation.isClosed && citation.parts.count >= 3 ? citation.parts[2].text : nil
        var items: [Item] = []
        items.reserveCapacity(found.results.count)
        for (rank, result) in found.results.enumerated() {
            // Only the fields an item shows, not the whole document (summary, URL, ...).
            let d = result.document
            let title = index.title(of: d)
            let iso = index.isoDate(of: d)
            var filterText = typedSinceOpen
            filterText.reserveCapacity(typedSinceOpen.utf8.count + iso.utf8.count + title.utf8.count + 4)
            filterText += " "
            filterText += iso
            filterText += " | "
            filterText += title
            items.append(Item(
                document: d, title: title, date: index.date(of: d), iso: iso,
                newText: CitationFormatter.citation(date: iso, title: title, locator: locator),
                filterText: filterText,
                sortText: String(rank + 100_000)))
        }
        return CitationCompletion(replaceRange: replaceStart..<replaceEnd, extraDeletions: extra, items: items, isIncomplete: true)
    }

    /// The citation the cursor is writing: the one containing it, or an unclosed one that ends
    /// just before it with only spaces between (the parser trims an unclosed citation's range,
    /// so `[[1960 | ` followed by the cursor would otherwise be missed).
    static func citationBeingWritten(note: ParsedNote, bytes: [UInt8], cursor: Int) -> Citation? {
        if let c = note.citation(at: cursor) { return c }
        var i = min(cursor, bytes.count)
        while i > 0 && (bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09) { i -= 1 }
        guard i < cursor, let c = note.citation(at: i), !c.isClosed, c.range.upperBound == i else { return nil }
        return c
    }

    /// Splits at unescaped `|`.
    static func splitParts(_ bytes: [UInt8]) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x5C, i + 1 < bytes.count { current.append(bytes[i + 1]); i += 2; continue }
            if c == 0x7C { parts.append(String(decoding: current, as: UTF8.self)); current = []; i += 1; continue }
            current.append(c)
            i += 1
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts
    }

    static func trimmed(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars
        while let f = scalars.first, f.properties.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// "1", "196", "1960-0", "1960-05-02": digits and dashes starting with a digit.
    static func looksLikeDatePrefix(_ s: String) -> Bool {
        guard let first = s.utf8.first, first >= 0x30 && first <= 0x39 else { return false }
        return s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
