/// One part of a citation (date, title or locator) as written.
public struct CitationPart: Hashable, Sendable {
    /// The part's text with escapes resolved and every run of whitespace (line breaks included)
    /// collapsed to one space, trimmed.
    public var text: String
    /// Bytes of the part as written, trimmed of surrounding whitespace. Empty parts get an empty
    /// range where the text would go.
    public var range: Range<Int>

    public init(text: String, range: Range<Int>) {
        self.text = text
        self.range = range
    }

    public var isEmpty: Bool { text.isEmpty }
}

/// A `[[DATE | TITLE | LOCATOR]]` citation found in a note.
public struct Citation: Hashable, Sendable {
    /// From the opening `[[` through the closing `]]` (or the end of an unclosed citation).
    public var range: Range<Int>
    /// The parts between the brackets, split at unescaped `|`.
    public var parts: [CitationPart]
    /// False when the citation ran into a blank line or the end of the text before `]]`.
    public var isClosed: Bool

    public init(range: Range<Int>, parts: [CitationPart], isClosed: Bool) {
        self.range = range
        self.parts = parts
        self.isClosed = isClosed
    }

    /// Byte range of the interior, between `[[` and `]]`.
    public var interior: Range<Int> {
        let lower = range.lowerBound + 2
        let upper = isClosed ? range.upperBound - 2 : range.upperBound
        return lower..<max(lower, upper)
    }

    /// Moves every byte range by `delta` (in place: the parts are not copied when unshared).
    public mutating func shift(by delta: Int) {
        range = (range.lowerBound + delta)..<(range.upperBound + delta)
        for k in parts.indices {
            parts[k].range = (parts[k].range.lowerBound + delta)..<(parts[k].range.upperBound + delta)
        }
    }

    public var date: CitationPart? { parts.count >= 1 ? parts[0] : nil }
    public var title: CitationPart? { parts.count >= 2 ? parts[1] : nil }
    public var locator: CitationPart? { parts.count >= 3 ? parts[2] : nil }
}

/// A note after parsing: its citations in text order. Parsing never fails; what is wrong with a
/// citation is the checker's to say.
public struct ParsedNote: Sendable {
    public var citations: [Citation]
    /// Fenced code blocks (from the opening fence line's start to after the closing line), which
    /// hold no citations; kept so that an edit can be re-parsed locally (`NoteParser.reparse`).
    public var fencedBlocks: [Range<Int>]
    public init(citations: [Citation], fencedBlocks: [Range<Int>] = []) {
        self.citations = citations
        self.fencedBlocks = fencedBlocks
    }

    /// The citation whose range contains `offset` (a cursor at the closing `]]`'s end counts too;
    /// where one citation ends and the next begins, the one beginning there wins).
    public func citation(at offset: Int) -> Citation? {
        // The last citation starting at or before `offset`.
        var lo = 0, hi = citations.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if citations[mid].range.lowerBound <= offset { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let candidate = citations[lo - 1]
        return offset <= candidate.range.upperBound ? candidate : nil
    }
}
