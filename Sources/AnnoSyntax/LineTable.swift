#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a column is counted. LSP defaults to UTF-16 code units; terminals count characters.
public enum ColumnUnit: Sendable, Hashable {
    case utf8
    case utf16
    case utf32
}

/// A position in text: a 0-based line and a 0-based column in some `ColumnUnit`.
public struct LineColumn: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// The one place byte offsets become line/column positions and back.
///
/// Lines end at LF, CRLF or a lone CR, as LSP counts them. Built once per text in O(n) over the
/// UTF-8 bytes; conversions scan only the one line they concern.
public struct LineTable: Sendable {
    public let bytes: [UInt8]
    /// Byte offset where each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Column checkpoints on long lines (LineTable+LongLines.swift), so that a conversion scans
    /// a bounded stretch of its line, not all of it from the line's start.
    let checkpoints: [Int: [LineCheckpoint]]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        let n = bytes.count
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            // Most text has no CR: then line starts are found with memchr, a word at a time,
            // counted first so that the table is allocated once at its size (a guess would be
            // twice too large for long lines, or grow by doubling for short ones).
            if memchr(base, 0x0D, n) == nil {
                var count = 0, i = 0
                while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    count += 1
                }
                starts.reserveCapacity(count + 1)
                i = 0
                while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(i)
                }
                return
            }
            var i = 0
            while i < n {
                let c = p[i]
                if c == 0x0A {
                    starts.append(i + 1)
                } else if c == 0x0D {
                    if i + 1 < n && p[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        lineStarts = starts
        checkpoints = LineTable.checkpoints(bytes, lineStarts: starts)
    }

    public init(_ text: String) { self.init(Array(text.utf8)) }

    init(bytes: [UInt8], lineStarts: [Int], checkpoints: [Int: [LineCheckpoint]]) {
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.checkpoints = checkpoints
    }

    public var lineCount: Int { lineStarts.count }

    /// The line containing a byte offset (offsets past the end belong to the last line).
    public func line(containingByte offset: Int) -> Int {
        var lo = 0, hi = lineStarts.count - 1
        let target = max(0, offset)
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Byte range of a line's content, without its line terminator.
    public func contentRange(ofLine line: Int) -> Range<Int> {
        guard line >= 0 && line < lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        if end > start && bytes[end - 1] == 0x0A { end -= 1 }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The position of a byte offset, with the column counted in `unit`. Offsets are clamped to the
    /// text; an offset inside a character counts as that character's start (as in `byteOffset`).
    public func position(ofByte offset: Int, in unit: ColumnUnit) -> LineColumn {
        let clamped = min(max(0, offset), bytes.count)
        let line = line(containingByte: clamped)
        let content = contentRange(ofLine: line)
        let end = min(clamped, content.upperBound)
        // Step through characters as `byteOffset` does (an invalid sequence is one character per
        // maximal ill-formed subpart), so the two agree; a character that contains `end` counts
        // as its start.
        let from = checkpoint(line: line, atOrBeforeByte: end)
        var column = from?.column(unit, lineStart: content.lowerBound) ?? 0
        var i = from?.byte ?? content.lowerBound
        while i < end {
            if bytes[i] < 0x80 { column += 1; i += 1; continue }
            let (len, valid) = UTF8Sequence.length(bytes, at: i, end: content.upperBound)
            if i + len > end { break }
            column += UTF8Sequence.units(length: len, valid: valid, in: unit)
            i += len
        }
        return LineColumn(line: line, column: column)
    }

    /// The byte offset of a line/column position. Lines past the end clamp to the end of the text;
    /// columns past the end of a line clamp to the line's end; a column inside a character
    /// (e.g. between the two halves of a surrogate pair) moves to that character's start.
    public func byteOffset(of position: LineColumn, in unit: ColumnUnit) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let range = contentRange(ofLine: position.line)
        var remaining = max(0, position.column)
        var i = range.lowerBound
        if let from = checkpoint(line: position.line, atOrBeforeColumn: remaining, in: unit, lineStart: range.lowerBound) {
            remaining -= from.column(unit, lineStart: range.lowerBound)
            i = from.byte
        }
        while i < range.upperBound && remaining > 0 {
            let (len, valid) = UTF8Sequence.length(bytes, at: i, end: range.upperBound)
            let units = UTF8Sequence.units(length: len, valid: valid, in: unit)
            if units > remaining { break }
            remaining -= units
            i += len
        }
        return i
    }

    /// Counts code units in `unit` between two byte offsets that lie on character boundaries.
    public static func count(_ bytes: [UInt8], from start: Int, to end: Int, in unit: ColumnUnit) -> Int {
        if unit == .utf8 { return end - start }
        var n = 0
        var i = start
        while i < end {
            if bytes[i] < 0x80 { n += 1; i += 1; continue }
            let (len, valid) = UTF8Sequence.length(bytes, at: i, end: end)
            n += UTF8Sequence.units(length: len, valid: valid, in: unit)
            i += len
        }
        return n
    }
}
