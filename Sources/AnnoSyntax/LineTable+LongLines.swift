/// A character boundary on a long line and its column there in each unit.
struct LineCheckpoint: Sendable, Hashable {
    var byte: Int
    var utf16: Int
    var utf32: Int

    func column(_ unit: ColumnUnit, lineStart: Int) -> Int {
        switch unit {
        case .utf8: return byte - lineStart
        case .utf16: return utf16
        case .utf32: return utf32
        }
    }
}

/// Long lines: a note written as one paragraph can be megabytes on one line, and every
/// diagnostic on it converts two offsets. Scanning from the line's start each time made that
/// quadratic (a million citations on a 3 MB line: hours). Lines longer than twice the spacing
/// get a checkpoint at the first character boundary after every `checkpointSpacing` bytes, so
/// a conversion scans at most about that far. Built with the table, in one pass over those
/// lines only; lines of ordinary length cost nothing.
extension LineTable {
    static let checkpointSpacing = 256

    static func checkpoints(_ bytes: [UInt8], lineStarts: [Int]) -> [Int: [LineCheckpoint]] {
        var out: [Int: [LineCheckpoint]] = [:]
        for line in lineStarts.indices {
            let start = lineStarts[line]
            let end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
            if let marks = checkpoints(bytes, line: start..<end) { out[line] = marks }
        }
        return out
    }

    /// One line's checkpoints (`line`: from its start to the next line's start); nil for a line
    /// of ordinary length.
    static func checkpoints(_ bytes: [UInt8], line: Range<Int>) -> [LineCheckpoint]? {
        let start = line.lowerBound, end = line.upperBound
        guard end - start > 2 * checkpointSpacing else { return nil }
        var marks: [LineCheckpoint] = []
        marks.reserveCapacity((end - start) / checkpointSpacing)
        var i = start, utf16 = 0, utf32 = 0, next = start + checkpointSpacing
        while i < end {
            if i >= next {
                marks.append(LineCheckpoint(byte: i, utf16: utf16, utf32: utf32))
                next = i + checkpointSpacing
            }
            let c = bytes[i]
            if c == 0x0A || c == 0x0D { break }
            if c < 0x80 { utf16 += 1; utf32 += 1; i += 1; continue }
            let (len, valid) = UTF8Sequence.length(bytes, at: i, end: end)
            utf16 += UTF8Sequence.units(length: len, valid: valid, in: .utf16)
            utf32 += 1
            i += len
        }
        return marks
    }

    /// The last checkpoint of `line` at or before byte `offset`.
    func checkpoint(line: Int, atOrBeforeByte offset: Int) -> LineCheckpoint? {
        guard let marks = checkpoints[line] else { return nil }
        return last(in: marks) { $0.byte <= offset }
    }

    /// The last checkpoint of `line` whose column in `unit` is at most `column`.
    func checkpoint(line: Int, atOrBeforeColumn column: Int, in unit: ColumnUnit, lineStart: Int) -> LineCheckpoint? {
        guard let marks = checkpoints[line] else { return nil }
        return last(in: marks) { $0.column(unit, lineStart: lineStart) <= column }
    }

    /// Binary search: the last element satisfying a predicate that holds for a prefix.
    private func last(in marks: [LineCheckpoint], where holds: (LineCheckpoint) -> Bool) -> LineCheckpoint? {
        var lo = 0, hi = marks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holds(marks[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? marks[lo - 1] : nil
    }
}
