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
        var newText: String
        var filterText: String
        var sortText: String
    }

    /// Bytes the chosen item replaces: the whole partial citation, closing `]]` included.
    var replaceRange: Range<Int>
    var items: [Item]
    var isIncomplete: Bool

    static let defaultLimit = 50

    /// nil when the cursor is not inside a citation's date or title.
    static func compute(bytes: [UInt8], note: ParsedNote, cursor: Int, index: CatalogueIndex, limit: Int = defaultLimit) -> CitationCompletion? {
        guard let citation = note.citation(at: cursor) else { return nil }
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

        let replaceEnd = citation.isClosed ? citation.range.upperBound : cursor
        let replaceRange = citation.range.lowerBound..<replaceEnd
        let typedSinceOpen = String(decoding: bytes[citation.range.lowerBound..<cursor], as: UTF8.self)
        let locator = citation.isClosed && citation.parts.count >= 3 ? citation.parts[2].text : nil
        var items: [Item] = []
        items.reserveCapacity(found.results.count)
        for (rank, result) in found.results.enumerated() {
            let doc = index[result.document]
            items.append(Item(
                document: result.document,
                newText: CitationFormatter.citation(date: doc.date.iso, title: doc.title, locator: locator),
                filterText: typedSinceOpen + " " + doc.date.iso + " | " + doc.title,
                sortText: String(rank + 100_000)))
        }
        return CitationCompletion(replaceRange: replaceRange, items: items, isIncomplete: true)
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
