/// A note's Markdown structure as far as navigation needs it: its headings (with the sections
/// they open) and its fenced code blocks. The outline of the editor's symbol view and the
/// folding ranges come from here; citations come from `NoteParser`.
///
/// Recognised as CommonMark does, within what notes use:
/// - ATX headings: up to three spaces, one to six `#`, then a space, a tab or the line's end; an
///   optional closing run of `#` (after a space) is not part of the text.
/// - Setext headings: a paragraph line followed by a line of `=` (level 1) or `-` (level 2),
///   indented at most three spaces. A paragraph line here is a non-blank line that is not itself
///   a heading, a fence, a list item or a quote (so `- item` then `---` is a list and a rule).
/// - Fenced code blocks exactly as `NoteParser` skips them (spec/format.md): headings inside are
///   code, not headings.
/// Parsing never fails; one pass over the lines.
public struct NoteOutline: Sendable, Hashable {
    public struct Heading: Sendable, Hashable {
        /// 1…6.
        public var level: Int
        /// The heading's text, trimmed, `#` markers removed (invalid UTF-8 reads as U+FFFD).
        public var text: String
        /// The heading's lines: from the first character of its first line to the end of its
        /// last line's content (the underline included for a setext heading).
        public var range: Range<Int>
        /// The text alone (what an editor selects when jumping to the heading).
        public var textRange: Range<Int>
        /// 0-based lines of the heading (a setext heading spans its text and its underline).
        public var firstLine: Int
        public var lastLine: Int
        /// The section the heading opens: from its start to the next heading of the same or a
        /// higher level (or the end of the note).
        public var section: Range<Int>
        /// The section's last line that is not blank (the heading's own last line at least).
        public var sectionLastLine: Int
    }

    public struct CodeBlock: Sendable, Hashable {
        /// 0-based line of the opening fence.
        public var firstLine: Int
        /// 0-based line of the closing fence, or the note's last line when it is never closed.
        public var lastLine: Int
        public var range: Range<Int>
    }

    public var headings: [Heading]
    public var codeBlocks: [CodeBlock]

    public init(headings: [Heading], codeBlocks: [CodeBlock]) {
        self.headings = headings
        self.codeBlocks = codeBlocks
    }

    public static func scan(_ text: String) -> NoteOutline { scan(LineTable(text)) }

    /// True when the line holds only spaces and tabs (how sections find their last text).
    public static func isBlank(line: Int, of lines: LineTable) -> Bool {
        lines.contentRange(ofLine: line).allSatisfy { lines.bytes[$0] == 0x20 || lines.bytes[$0] == 0x09 }
    }

    public static func scan(_ lines: LineTable) -> NoteOutline {
        var scanner = OutlineScanner(lines: lines)
        return scanner.run()
    }
}

private struct OutlineScanner {
    let lines: LineTable
    let b: [UInt8]
    var headings: [NoteOutline.Heading] = []
    var blocks: [NoteOutline.CodeBlock] = []

    init(lines: LineTable) {
        self.lines = lines
        self.b = lines.bytes
    }

    enum Kind { case blank, fence, heading, paragraph, other }

    mutating func run() -> NoteOutline {
        var line = 0
        /// The first line of the paragraph the previous line belongs to (nil: not in a paragraph).
        var paragraphStart: Int?
        while line < lines.lineCount {
            let content = lines.contentRange(ofLine: line)
            if let fence = fenceOpening(content) {
                let closeLine = closingLine(after: line, fence: fence)
                let last = closeLine ?? (lines.lineCount - 1)
                let end = lines.contentRange(ofLine: last).upperBound
                blocks.append(NoteOutline.CodeBlock(firstLine: line, lastLine: last, range: content.lowerBound..<end))
                paragraphStart = nil
                line = last + 1
                continue
            }
            if isBlank(content) {
                paragraphStart = nil
            } else if let atx = atxHeading(content) {
                append(level: atx.level, text: atx.text, range: firstNonSpace(content)..<content.upperBound,
                       firstLine: line, lastLine: line)
                paragraphStart = nil
            } else if let start = paragraphStart, let level = setextUnderline(content) {
                let first = lines.contentRange(ofLine: start)
                let last = lines.contentRange(ofLine: line - 1)
                let textStart = firstNonSpace(first)
                let textEnd = lastNonSpace(last, from: textStart)
                append(level: level, text: collapse(textStart..<textEnd).0, textRange: textStart..<textEnd,
                       range: textStart..<content.upperBound, firstLine: start, lastLine: line)
                paragraphStart = nil
            } else {
                // A list item or a quote ends the paragraph; other text starts or continues one.
                paragraphStart = startsParagraph(content) ? (paragraphStart ?? line) : nil
            }
            line += 1
        }
        finishSections()
        return NoteOutline(headings: headings, codeBlocks: blocks)
    }

    mutating func append(level: Int, text: (String, Range<Int>), range: Range<Int>, firstLine: Int, lastLine: Int) {
        append(level: level, text: text.0, textRange: text.1, range: range, firstLine: firstLine, lastLine: lastLine)
    }

    mutating func append(level: Int, text: String, textRange: Range<Int>, range: Range<Int>, firstLine: Int, lastLine: Int) {
        headings.append(NoteOutline.Heading(level: level, text: text, range: range, textRange: textRange,
                                            firstLine: firstLine, lastLine: lastLine, section: range, sectionLastLine: lastLine))
    }

    /// Each section runs to the next heading of the same or a higher level.
    mutating func finishSections() {
        for i in headings.indices {
            var endLine = lines.lineCount - 1
            var end = b.count
            for j in (i + 1)..<max(i + 1, headings.count) where headings[j].level <= headings[i].level {
                endLine = headings[j].firstLine - 1
                end = lines.lineStarts[headings[j].firstLine]
                break
            }
            // Back over blank lines, so a fold ends at the section's last text.
            var last = max(endLine, headings[i].lastLine)
            while last > headings[i].lastLine && isBlank(lines.contentRange(ofLine: last)) { last -= 1 }
            headings[i].section = headings[i].range.lowerBound..<max(headings[i].range.upperBound, end)
            headings[i].sectionLastLine = last
        }
    }

    // MARK: Lines

    func isBlank(_ r: Range<Int>) -> Bool {
        r.allSatisfy { b[$0] == 0x20 || b[$0] == 0x09 }   // as `NoteOutline.isBlank(line:of:)`
    }

    func indent(_ r: Range<Int>) -> Int? {
        var i = r.lowerBound
        while i < r.upperBound && b[i] == 0x20 && i - r.lowerBound < 4 { i += 1 }
        let n = i - r.lowerBound
        return n < 4 ? n : nil
    }

    func firstNonSpace(_ r: Range<Int>) -> Int {
        var i = r.lowerBound
        while i < r.upperBound && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        return i
    }

    func lastNonSpace(_ r: Range<Int>, from floor: Int) -> Int {
        var e = r.upperBound
        while e > max(floor, r.lowerBound) && (b[e - 1] == 0x20 || b[e - 1] == 0x09) { e -= 1 }
        return e
    }

    /// `#`…`######` then a space, a tab or the end; the text without the closing sequence.
    func atxHeading(_ r: Range<Int>) -> (level: Int, text: (String, Range<Int>))? {
        guard let n = indent(r) else { return nil }
        var i = r.lowerBound + n
        var level = 0
        while i < r.upperBound && b[i] == 0x23 { level += 1; i += 1 }
        guard (1...6).contains(level) else { return nil }
        guard i == r.upperBound || b[i] == 0x20 || b[i] == 0x09 else { return nil }
        let start = firstNonSpace(i..<r.upperBound)
        var end = lastNonSpace(start..<r.upperBound, from: start)
        // A closing run of '#' preceded by a space (or making up the whole text) is not text.
        var k = end
        while k > start && b[k - 1] == 0x23 { k -= 1 }
        if k < end && (k == start || b[k - 1] == 0x20 || b[k - 1] == 0x09) {
            end = lastNonSpace(start..<k, from: start)
        }
        return (level, collapse(start..<end))
    }

    /// `===` (level 1) or `---` (level 2), up to three spaces before, spaces after.
    func setextUnderline(_ r: Range<Int>) -> Int? {
        guard let n = indent(r) else { return nil }
        let start = r.lowerBound + n
        guard start < r.upperBound, b[start] == 0x3D || b[start] == 0x2D else { return nil }
        let c = b[start]
        var i = start
        while i < r.upperBound && b[i] == c { i += 1 }
        guard isBlank(i..<r.upperBound) else { return nil }
        return c == 0x3D ? 1 : 2
    }

    /// A line that can start a paragraph a setext underline turns into a heading.
    func startsParagraph(_ r: Range<Int>) -> Bool {
        guard let n = indent(r) else { return false }
        let i = r.lowerBound + n
        guard i < r.upperBound else { return false }
        let c = b[i]
        let next: UInt8 = i + 1 < r.upperBound ? b[i + 1] : 0x20
        if c == 0x3E { return false }                                                  // > quote
        if (c == 0x2D || c == 0x2A || c == 0x2B) && (next == 0x20 || next == 0x09) { return false }   // list item
        if setextUnderline(r) != nil || isThematicBreak(r) { return false }
        var j = i
        while j < r.upperBound && b[j] >= 0x30 && b[j] <= 0x39 { j += 1 }
        if j > i && j < r.upperBound && (b[j] == 0x2E || b[j] == 0x29) { return false }  // 1. ordered item
        return true
    }

    func isThematicBreak(_ r: Range<Int>) -> Bool {
        var count = 0
        var char: UInt8 = 0
        for i in r {
            let c = b[i]
            if c == 0x20 || c == 0x09 { continue }
            guard c == 0x2A || c == 0x2D || c == 0x5F else { return false }
            if char == 0 { char = c } else if c != char { return false }
            count += 1
        }
        return count >= 3
    }

    /// Text of a byte range with whitespace runs collapsed (as titles are).
    func collapse(_ r: Range<Int>) -> (String, Range<Int>) {
        var out: [UInt8] = []
        var pendingSpace = false
        for i in r {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(c)
            }
        }
        return (String(decoding: out, as: UTF8.self), r)
    }

    // MARK: Fences (the same rules as NoteParser's)

    struct Fence { var char: UInt8; var count: Int }

    func fenceOpening(_ r: Range<Int>) -> Fence? {
        guard let fence = fenceLine(r) else { return nil }
        return Fence(char: fence.char, count: fence.count)
    }

    func fenceLine(_ r: Range<Int>) -> (char: UInt8, count: Int, infoIsBlank: Bool)? {
        guard let n = indent(r) else { return nil }
        var i = r.lowerBound + n
        guard i < r.upperBound, b[i] == 0x60 || b[i] == 0x7E else { return nil }
        let char = b[i]
        var count = 0
        while i < r.upperBound && b[i] == char { i += 1; count += 1 }
        guard count >= 3 else { return nil }
        var blank = true
        for j in i..<r.upperBound {
            if b[j] != 0x20 && b[j] != 0x09 { blank = false }
            if char == 0x60 && b[j] == 0x60 { return nil }
        }
        return (char, count, blank)
    }

    func closingLine(after open: Int, fence: Fence) -> Int? {
        var line = open + 1
        while line < lines.lineCount {
            if let close = fenceLine(lines.contentRange(ofLine: line)), close.char == fence.char,
               close.count >= fence.count, close.infoIsBlank {
                return line
            }
            line += 1
        }
        return nil
    }
}
