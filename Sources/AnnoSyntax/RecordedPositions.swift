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
    private let offsets: [Int32]
    private let fields: [Int32]

    /// Records `offsets` (any order, repeats allowed) of the text `lines` was built from.
    public init(_ lines: LineTable, offsets: [Int]) {
        // Sorted and deduplicated in place (no Set: a large note records 100,000 offsets).
        var sorted = offsets.map { min(max(0, $0), lines.bytes.count) }
        sorted.sort()
        var unique = 0
        for k in sorted.indices where k == 0 || sorted[k] != sorted[unique - 1] {
            sorted[unique] = sorted[k]
            unique += 1
        }
        sorted.removeLast(sorted.count - unique)
        var fields: [Int32] = []
        fields.reserveCapacity(sorted.count * 4)
        for offset in sorted {
            let utf8 = lines.position(ofByte: offset, in: .utf8)
            fields.append(Int32(clamping: utf8.line))
            fields.append(Int32(clamping: utf8.column))
            fields.append(Int32(clamping: lines.position(ofByte: offset, in: .utf16).column))
            fields.append(Int32(clamping: lines.position(ofByte: offset, in: .utf32).column))
        }
        self.offsets = sorted.map { Int32(clamping: $0) }
        self.fields = fields
    }

    public var count: Int { offsets.count }

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
