/// Keystrokes: most edits change bytes inside one line and neither remove nor add a line break.
/// The lines after such an edit only move by its length, so the new table is the old one's line
/// starts shifted, not a scan of the whole text (a keystroke in a long note then costs as much as
/// in a short one, apart from the shift).
public struct LineTableEdit: Sendable {
    fileprivate var lineStarts: [Int]
    fileprivate var checkpoints: [Int: [LineCheckpoint]]
    /// The line the edit is on, and how many bytes longer it makes the text.
    fileprivate let line: Int
    fileprivate let delta: Int
}

extension LineTable {
    /// What this table keeps through replacing `range` with `replacement`, or nil when the edit
    /// removes or adds a line break, or touches one (a CR just before it could pair with an LF):
    /// then the new text needs a table of its own (`LineTable(_:)`). Take it before the text
    /// changes; build the new table with `init(_:after:)`.
    public func edit(replacing range: Range<Int>, with replacement: [UInt8]) -> LineTableEdit? {
        let start = min(max(0, range.lowerBound), bytes.count), end = min(max(start, range.upperBound), bytes.count)
        func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
        if start > 0 && bytes[start - 1] == 0x0D { return nil }
        if bytes[start..<end].contains(where: isBreak) || replacement.contains(where: isBreak) { return nil }
        return LineTableEdit(lineStarts: lineStarts, checkpoints: checkpoints,
                             line: line(containingByte: start), delta: replacement.count - (end - start))
    }

    /// The table of `bytes`: the text `edit` was taken from, with its edit applied.
    public init(_ bytes: [UInt8], after edit: consuming LineTableEdit) {
        var starts = edit.lineStarts
        edit.lineStarts = []   // the only reference left: shifted in place
        var marks = edit.checkpoints
        edit.checkpoints = [:]
        let line = edit.line, delta = edit.delta
        if delta != 0 {
            starts.withUnsafeMutableBufferPointer { p in
                var k = line + 1
                while k < p.count { p[k] += delta; k += 1 }
            }
            for (l, lineMarks) in marks where l > line {
                marks[l] = lineMarks.map { LineCheckpoint(byte: $0.byte + delta, utf16: $0.utf16, utf32: $0.utf32) }
            }
        }
        // The edited line's own checkpoints are counted again.
        let lineStart = starts[line]
        let lineEnd = line + 1 < starts.count ? starts[line + 1] : bytes.count
        marks[line] = LineTable.checkpoints(bytes, line: lineStart..<lineEnd)
        self.init(bytes: bytes, lineStarts: starts, checkpoints: marks)
    }
}
