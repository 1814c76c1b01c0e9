/// Byte offsets to line/column positions. `LineTable` converts any offset of a text it holds;
/// `RecordedPositions` keeps only the positions of chosen offsets, without the text.
public protocol BytePositions: Sendable {
    func position(ofByte offset: Int, in unit: ColumnUnit) -> LineColumn
}

extension LineTable: BytePositions {}

/// The positions of chosen byte offsets of a text (where its citations, diagnostics and headings
/// start and end), in every unit, kept instead of the text: a workspace index holds thousands
/// of notes, and their positions take a fraction of their bytes.
public struct RecordedPositions: BytePositions, Hashable {
    /// Recorded offsets, ascending, and for each: line, then column in UTF-8, UTF-16, UTF-32.
    private var offsets: [Int32]
    private var fields: [Int32]

    /// No positions (a text read in pieces starts here and appends each piece's).
    public init() {
        offsets = []
        fields = []
    }

    /// Records `offsets` (any order, repeats allowed) of the text `lines` was built from.
    ///
    /// One pass per line over the offsets in order, counting the three units at once and going
    /// on from the previous offset of the same line: what `lines.position(ofByte:in:)` gives for
    /// each, without scanning from the line's start three times per offset.
    public init(_ lines: LineTable, offsets: [Int]) {
        let bytes = lines.bytes
        // Sorted; repeats are skipped below (no Set: a large note records 100,000 offsets).
        var sorted = offsets.map { min(max(0, $0), bytes.count) }
        sorted.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(sorted.count)
        var fields: [Int32] = []
        fields.reserveCapacity(sorted.count * 4)
        var line = -1, lineStart = 0, lineEnd = 0
        var i = 0, utf16 = 0, utf32 = 0
        var previous = -1
        for offset in sorted where offset != previous {
            previous = offset
            let l = lines.line(containingByte: offset)
            if l != line {
                line = l
                let content = lines.contentRange(ofLine: l)
                lineStart = content.lowerBound
                lineEnd = content.upperBound
                i = lineStart; utf16 = 0; utf32 = 0
            }
            // As `LineTable.position`: a character that contains `end` counts as its start.
            let end = min(offset, lineEnd)
            while i < end {
                if bytes[i] < 0x80 { utf16 += 1; utf32 += 1; i += 1; continue }
                let (len, valid) = UTF8Sequence.length(bytes, at: i, end: lineEnd)
                if i + len > end { break }
                utf16 += UTF8Sequence.units(length: len, valid: valid, in: .utf16)
                utf32 += 1
                i += len
            }
            unique.append(Int32(clamping: offset))
            fields.append(Int32(clamping: line))
            fields.append(Int32(clamping: i - lineStart))
            fields.append(Int32(clamping: utf16))
            fields.append(Int32(clamping: utf32))
        }
        self.offsets = unique
        self.fields = fields
    }

    public var count: Int { offsets.count }

    /// Gives back room left by `append`'s doubling.
    public mutating func fit() {
        if offsets.capacity > offsets.count + offsets.count / 8 + 16 {
            offsets = Array(offsets)
            fields = Array(fields)
        }
    }

    /// Appends the positions recorded in a piece of text that starts at byte `byteBase` and
    /// line `lineBase` of the whole, at a line start (so its columns stand as they are). An
    /// offset already recorded (the end of the previous piece is this one's start) is kept once.
    public mutating func append(_ piece: RecordedPositions, byteBase: Int, lineBase: Int) {
        // Grown by doubling (pieces come one after another), and fitted by the caller's end.
        if offsets.count + piece.offsets.count > offsets.capacity {
            offsets.reserveCapacity(Swift.max(offsets.count + piece.offsets.count, 2 * offsets.capacity))
            fields.reserveCapacity(Swift.max(fields.count + piece.fields.count, 2 * fields.capacity))
        }
        let last = offsets.last.map(Int.init) ?? -1
        for k in piece.offsets.indices {
            let offset = Int(piece.offsets[k]) + byteBase
            if offset <= last { continue }
            offsets.append(Int32(clamping: offset))
            fields.append(Int32(clamping: Int(piece.fields[4 * k]) + lineBase))
            fields.append(piece.fields[4 * k + 1])
            fields.append(piece.fields[4 * k + 2])
            fields.append(piece.fields[4 * k + 3])
        }
    }

    public func contains(_ offset: Int) -> Bool { find(offset).exact }

    /// The recorded position of `offset`. An offset that was not recorded gets the position of
    /// the nearest recorded offset before it (callers record every offset they convert).
    public func position(ofByte offset: Int, in unit: ColumnUnit) -> LineColumn {
        let (k, _) = find(offset)
        guard k >= 0 else { return LineColumn(line: 0, column: 0) }
        let line = Int(fields[4 * k])
        switch unit {
        case .utf8: return LineColumn(line: line, column: Int(fields[4 * k + 1]))
        case .utf16: return LineColumn(line: line, column: Int(fields[4 * k + 2]))
        case .utf32: return LineColumn(line: line, column: Int(fields[4 * k + 3]))
        }
    }

    /// The last recorded offset at or before `offset` (-1: none), and whether it is `offset`.
    private func find(_ offset: Int) -> (Int, exact: Bool) {
        var lo = 0, hi = offsets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(offsets[mid]) <= offset { lo = mid + 1 } else { hi = mid }
        }
        let k = lo - 1
        return (k, k >= 0 && Int(offsets[k]) == offset)
    }
}
