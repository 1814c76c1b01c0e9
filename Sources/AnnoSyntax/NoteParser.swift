/// Finds citations in a note's UTF-8 bytes in one left-to-right pass.
///
/// The grammar (spec/format.md):
/// - `[[` opens a citation; in a run of more than two `[`, the last two open it.
/// - Inside, `|` separates parts; `\|`, `\[`, `\]` and `\\` are escapes.
/// - A single `[` inside a part opens a bracket that a later `]` closes, so titles like
///   `Memo [draft]` work. A run of two or more `]` always closes the citation: first it closes
///   as many pending inner brackets as it can spare, then two `]` close the citation, and any
///   further `]` are ordinary text (`[[1960 | Memo [draft]]]` → `Memo [draft]`).
/// - A blank line, a line that opens a code fence, a new `[[`, or the end of the text ends an
///   unclosed citation.
/// - Fenced code blocks (``` or ~~~) and inline code spans hold no citations. A code span ends
///   within its paragraph: at a blank line or a fence line, as CommonMark's do.
/// - In prose, `\[`, `\\` and ``\` `` are escapes, so `\[[` opens no citation and ``\` `` no code span.
public enum NoteParser {
    public static func parse(_ text: String) -> ParsedNote {
        parse(Array(text.utf8))
    }

    public static func parse(_ bytes: [UInt8]) -> ParsedNote {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = NoteScanner(bytes: buffer)
            return scanner.run()
        }
    }

    /// Where the note's citations are, without their parts: the same ranges and closedness as
    /// `parse` gives, for a fraction of its cost. A reader that needs a citation's parts builds
    /// them with `citation(openingAt:in:)`.
    public static func citationSpans(_ bytes: [UInt8]) -> [CitationSpan] {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = NoteScanner(bytes: buffer, buildParts: false)
            return scanner.run().citations.map { CitationSpan(range: $0.range, isClosed: $0.isClosed) }
        }
    }

    /// The citation whose `[[` starts at `offset` (a span's lower bound), parts and all, as
    /// `parse` gives it: a citation's scan depends only on the bytes from its opening.
    public static func citation(openingAt offset: Int, in bytes: [UInt8]) -> Citation {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = NoteScanner(bytes: buffer)
            return scanner.scanCitation(openAt: offset).0
        }
    }
}

/// A citation's place in a note (`NoteParser.citationSpans`).
public struct CitationSpan: Hashable, Sendable {
    public var range: Range<Int>
    public var isClosed: Bool
    public init(range: Range<Int>, isClosed: Bool) {
        self.range = range
        self.isClosed = isClosed
    }
}

/// Bytes a citation's scan must look at when it builds no parts: escapes, brackets, bars (a bar
/// resets the depth of inner brackets), line breaks.
nonisolated(unsafe) private let citationSpanStops: UnsafePointer<Bool> = {   // written once, then only read
    let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
    table.initialize(repeating: false, count: 256)
    for c: UInt8 in [0x0A, 0x0D, 0x5C, 0x5B, 0x5D, 0x7C] { table[Int(c)] = true }
    return UnsafePointer(table)
}()

/// Bytes the prose scan stops at (line breaks, backticks, backslashes, brackets); every other
/// byte is skipped in a tight loop.
nonisolated(unsafe) private let proseStops: UnsafePointer<Bool> = {   // written once, then only read
    let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
    table.initialize(repeating: false, count: 256)
    for c: UInt8 in [0x0A, 0x0D, 0x60, 0x5C, 0x5B] { table[Int(c)] = true }
    return UnsafePointer(table)
}()

private let LF: UInt8 = 0x0A, CR: UInt8 = 0x0D, SPACE: UInt8 = 0x20, TAB: UInt8 = 0x09
private let OPEN: UInt8 = 0x5B, CLOSE: UInt8 = 0x5D, BAR: UInt8 = 0x7C, BACKSLASH: UInt8 = 0x5C
private let BACKTICK: UInt8 = 0x60, TILDE: UInt8 = 0x7E

struct NoteScanner {
    let b: UnsafeBufferPointer<UInt8>
    let n: Int
    /// False: citations get their ranges only, no parts (`NoteParser.citationSpans`).
    let buildParts: Bool
    var citations: [Citation] = []
    /// Where the last closer search that failed stopped (its paragraph's end), and where the last
    /// backtick run of each length it passed starts: a later opener before that point whose length
    /// has no run after it is literal without another search. Failed searches thus never cover the
    /// same bytes twice, which keeps unmatched runs of many lengths from making the scan quadratic.
    var searchedTo = 0
    var lastRunStart: [Int: Int] = [:]
    /// Fenced code blocks passed, from the opening line's start to after the closing line.
    var fencedBlocks: [Range<Int>] = []

    init(bytes: UnsafeBufferPointer<UInt8>, buildParts: Bool = true) {
        b = bytes
        n = bytes.count
        self.buildParts = buildParts
    }

    mutating func run() -> ParsedNote {
        _ = run(from: 0, stopAt: nil)
        return ParsedNote(citations: citations, fencedBlocks: fencedBlocks)
    }

    /// Scans from `start`, a line start where nothing is open (no citation, code span or fence),
    /// to the end, or to the first line start for which `stopAt` is true; returns where it stopped.
    mutating func run(from start: Int, stopAt: ((Int) -> Bool)?) -> Int {
        var i = start
        var atLineStart = true
        let stops = proseStops
        while i < n {
            if atLineStart {
                if let stopAt, i > start, stopAt(i) { return i }
                atLineStart = false
                if let afterFence = skipFencedBlock(at: i) {
                    fencedBlocks.append(i..<afterFence)
                    i = afterFence
                    atLineStart = true
                    continue
                }
            }
            while i < n && !stops[Int(b[i])] { i += 1 }
            if i >= n { break }
            let c = b[i]
            if c == LF || c == CR {
                i += 1
                atLineStart = true
            } else if c == BACKTICK {
                i = skipCodeSpan(at: i)
            } else if c == BACKSLASH && i + 1 < n && (b[i + 1] == OPEN || b[i + 1] == BACKSLASH || b[i + 1] == BACKTICK) {
                i += 2   // an escaped bracket or backtick in prose opens nothing; `\\` escapes the backslash
            } else if c == OPEN && i + 1 < n && b[i + 1] == OPEN {
                var j = i
                while j + 1 < n && b[j + 1] == OPEN { j += 1 }
                // j is the last '[' of the run; the citation opens at j-1.
                let (citation, next) = scanCitation(openAt: j - 1)
                citations.append(citation)
                i = next
                if i > 0 && (b[i - 1] == LF || b[i - 1] == CR) { atLineStart = true }
            } else {
                i += 1
            }
        }
        return n
    }

    // MARK: Code

    /// If a fence opens at this line start, returns the offset after the block (or text end).
    func skipFencedBlock(at lineStart: Int) -> Int? {
        guard let fence = fenceOpening(at: lineStart) else { return nil }
        var i = endOfLine(from: lineStart)
        while i < n {
            i = afterLineBreak(i)
            if i >= n { break }
            if let close = fenceOpening(at: i), close.char == fence.char, close.count >= fence.count,
               close.infoIsBlank {
                return afterLineBreak(endOfLine(from: i))
            }
            i = endOfLine(from: i)
        }
        return n
    }

    /// A fence line: up to three spaces, then at least three ``` ` ``` or `~`.
    func fenceOpening(at lineStart: Int) -> (char: UInt8, count: Int, infoIsBlank: Bool)? {
        var i = lineStart
        var indent = 0
        while i < n && b[i] == SPACE && indent < 4 { i += 1; indent += 1 }
        guard indent < 4, i < n, b[i] == BACKTICK || b[i] == TILDE else { return nil }
        let char = b[i]
        var count = 0
        while i < n && b[i] == char { i += 1; count += 1 }
        guard count >= 3 else { return nil }
        let lineEnd = endOfLine(from: i)
        var blank = true
        var j = i
        while j < lineEnd {
            if b[j] != SPACE && b[j] != TAB { blank = false }
            // CommonMark: a backtick fence's info string may not contain backticks.
            if char == BACKTICK && b[j] == BACKTICK { return nil }
            j += 1
        }
        return (char, count, blank)
    }

    /// Skips an inline code span starting at a backtick run; an unmatched run is literal text.
    /// Spans end within their paragraph (a blank line or a fence line ends the search).
    mutating func skipCodeSpan(at start: Int) -> Int {
        var i = start
        while i < n && b[i] == BACKTICK { i += 1 }
        let length = i - start
        if i < searchedTo && (lastRunStart[length] ?? -1) < i { return i }
        var runs: [Int: Int] = [:]
        var j = i
        while j < n {
            let c = b[j]
            if c == BACKTICK {
                var k = j
                while k < n && b[k] == BACKTICK { k += 1 }
                if k - j == length { return k }
                runs[k - j] = j
                j = k
            } else if c == LF || c == CR {
                let next = afterLineBreak(j)
                if endsParagraph(at: next) { searchedTo = next; lastRunStart = runs; return i }
                j = next
            } else {
                j += 1
            }
        }
        searchedTo = n; lastRunStart = runs
        return i
    }

    // MARK: Citations

    /// Scans a citation whose `[[` starts at `open`. Returns it and the offset to resume at.
    mutating func scanCitation(openAt open: Int) -> (Citation, Int) {
        var parts: [CitationPart] = []
        var partStart = open + 2
        // One buffer for every part's text, emptied (not reallocated) between parts.
        var text: [UInt8] = []
        if buildParts {
            parts.reserveCapacity(3)
            text.reserveCapacity(128)
        }
        var pendingSpace = false
        var contentStart = -1, contentEnd = -1
        var depth = 0
        var i = open + 2

        func finishPart(at end: Int) {
            guard buildParts else { return }
            let range = contentStart >= 0 ? contentStart..<contentEnd : min(partStart, end)..<min(partStart, end)
            parts.append(CitationPart(text: String(decoding: text, as: UTF8.self), range: range))
        }
        func append(_ byte: UInt8, at offset: Int, width: Int) {
            guard buildParts else { return }
            if pendingSpace && !text.isEmpty { text.append(SPACE) }
            pendingSpace = false
            text.append(byte)
            if contentStart < 0 { contentStart = offset }
            contentEnd = offset + width
        }

        // Spans only: bytes that change nothing but the parts' text (spaces, letters)
        // are skipped in a tight loop.
        let skippable = buildParts ? nil : Optional(citationSpanStops)
        while i < n {
            if let skippable {
                while i < n && !skippable[Int(b[i])] { i += 1 }
                if i >= n { break }
            }
            let c = b[i]
            switch c {
            case BACKSLASH where i + 1 < n && (b[i + 1] == BAR || b[i + 1] == OPEN || b[i + 1] == CLOSE || b[i + 1] == BACKSLASH):
                append(b[i + 1], at: i, width: 2)
                i += 2
            case BAR:
                finishPart(at: i)
                text.removeAll(keepingCapacity: true); pendingSpace = false; contentStart = -1; contentEnd = -1; depth = 0
                i += 1
                partStart = i
            case OPEN:
                if i + 1 < n && b[i + 1] == OPEN {
                    // A new citation starts: this one was never closed.
                    finishPart(at: i)
                    return (Citation(range: open..<trimEnd(i), parts: parts, isClosed: false), i)
                }
                depth += 1
                append(c, at: i, width: 1)
                i += 1
            case CLOSE:
                var k = i
                while k < n && b[k] == CLOSE { k += 1 }
                let run = k - i
                if run >= 2 {
                    let inner = min(depth, run - 2)
                    for x in 0..<inner { append(CLOSE, at: i + x, width: 1) }
                    let closeAt = i + inner
                    finishPart(at: closeAt)
                    return (Citation(range: open..<(closeAt + 2), parts: parts, isClosed: true), closeAt + 2)
                }
                if depth > 0 { depth -= 1 }
                append(c, at: i, width: 1)
                i += 1
            case SPACE, TAB:
                pendingSpace = true
                i += 1
            case LF, CR:
                let next = afterLineBreak(i)
                if endsParagraph(at: next) {
                    finishPart(at: i)
                    return (Citation(range: open..<trimEnd(i), parts: parts, isClosed: false), next)
                }
                pendingSpace = true
                i = next
            default:
                // Copy a run of ordinary bytes at once.
                var k = i + 1
                while k < n {
                    let d = b[k]
                    if d == BACKSLASH || d == BAR || d == OPEN || d == CLOSE || d == SPACE || d == TAB || d == LF || d == CR { break }
                    k += 1
                }
                if !buildParts { i = k; continue }
                if pendingSpace && !text.isEmpty { text.append(SPACE) }
                pendingSpace = false
                text.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<k]))
                if contentStart < 0 { contentStart = i }
                contentEnd = k
                i = k
            }
        }
        finishPart(at: n)
        return (Citation(range: open..<trimEnd(n), parts: parts, isClosed: false), n)
    }

    // MARK: Lines

    /// Moves back over trailing whitespace so an unclosed citation ends at its last character.
    func trimEnd(_ end: Int) -> Int {
        var e = end
        while e > 0 && (b[e - 1] == SPACE || b[e - 1] == TAB || b[e - 1] == LF || b[e - 1] == CR) { e -= 1 }
        return e
    }

    func endOfLine(from i: Int) -> Int {
        var j = i
        while j < n && b[j] != LF && b[j] != CR { j += 1 }
        return j
    }

    func afterLineBreak(_ i: Int) -> Int {
        guard i < n else { return n }
        if b[i] == CR { return (i + 1 < n && b[i + 1] == LF) ? i + 2 : i + 1 }
        if b[i] == LF { return i + 1 }
        return i
    }

    /// True when the line starting at `i` is blank or opens a code fence: prose (a wrapped
    /// citation, a code span) does not continue onto it.
    func endsParagraph(at i: Int) -> Bool {
        isBlankLine(from: i) || fenceOpening(at: i) != nil
    }

    /// True when the line starting at `i` holds only spaces and tabs (the end of the text counts).
    func isBlankLine(from i: Int) -> Bool {
        var j = i
        while j < n {
            let c = b[j]
            if c == LF || c == CR { return true }
            if c != SPACE && c != TAB { return false }
            j += 1
        }
        return true
    }
}
