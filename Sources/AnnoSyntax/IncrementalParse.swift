/// One replacement in a note's bytes: `oldRange` of the old text became `newLength` bytes.
public struct NoteEdit: Sendable, Hashable {
    public var oldRange: Range<Int>
    public var newLength: Int

    public init(oldRange: Range<Int>, newLength: Int) {
        self.oldRange = oldRange
        self.newLength = newLength
    }

    /// How far bytes after the edit moved.
    public var delta: Int { newLength - oldRange.count }
    /// The end of the inserted bytes in the new text.
    public var newEnd: Int { oldRange.lowerBound + newLength }
}

/// How `NoteParser.reparse` changed a note's citations, so that what was derived per citation
/// (diagnostics) can be spliced the same way: `old[0..<kept]` stayed as they were,
/// `old[kept..<resumed]` were replaced by `fresh` new citations, and `old[resumed...]` follow,
/// shifted by `delta`.
public struct ReparseSplice: Sendable, Hashable {
    public var kept: Int
    public var resumed: Int
    public var fresh: Int
    public var delta: Int
}

extension NoteParser {
    /// Parses again only around an edit, reusing the citations before and after it.
    ///
    /// Parsing restarts at a *clean point* before the edit and stops at the first clean point
    /// after it whose text and state are unchanged. A clean point is a line start right after a
    /// blank line, outside fenced code blocks: citations and code spans never cross a blank line
    /// (spec/format.md), so nothing is open there, and what follows parses the same whatever came
    /// before. A fence that opens or closes moves the next clean point to where the old and new
    /// parses agree again, at worst the end of the text. The result equals `parse(bytes)`.
    ///
    /// `note` must be the parse of the text before the edit; `bytes` is the text after it.
    public static func reparse(_ bytes: [UInt8], after edit: NoteEdit, updating note: inout ParsedNote) -> ReparseSplice {
        let n = bytes.count
        let oldCount = n - edit.delta
        guard edit.oldRange.lowerBound >= 0, edit.oldRange.upperBound <= oldCount, edit.newLength >= 0,
              edit.newEnd <= n else {
            let fresh = note.citations.count
            note = parse(bytes)
            return ReparseSplice(kept: 0, resumed: fresh, fresh: note.citations.count, delta: edit.delta)
        }
        return bytes.withUnsafeBufferPointer { b in
            let start = restartPoint(b, before: edit.oldRange.lowerBound, fences: note.fencedBlocks)
            let delta = edit.delta
            let oldFences = note.fencedBlocks
            var scanner = NoteScanner(bytes: b)
            let stop = scanner.run(from: start) { i in
                // A clean point in the new text whose blank line, and the line break before it,
                // lie after the edit is the same text in the old one; it is clean there too
                // unless an old fence held it.
                guard let blankStart = cleanPointBlankLine(b, at: i), blankStart > edit.newEnd else { return false }
                return !strictlyInside(i - delta, oldFences)
            }
            // Splice the citations: old ones before `start`, fresh ones, old ones from `stop` on.
            let cits = note.citations
            let kept = firstIndex(cits, atOrAfter: start) { $0.range.lowerBound }
            let resumed = stop >= n ? cits.count : max(kept, firstIndex(cits, atOrAfter: stop - delta) { $0.range.lowerBound })
            note.citations.replaceSubrange(kept..<resumed, with: scanner.citations)
            let fresh = scanner.citations.count
            if delta != 0 {
                for k in (kept + fresh)..<note.citations.count { note.citations[k].shift(by: delta) }
            }
            let fenceKept = firstIndex(oldFences, atOrAfter: start) { $0.lowerBound }
            let fenceResumed = stop >= n ? oldFences.count : max(fenceKept, firstIndex(oldFences, atOrAfter: stop - delta) { $0.lowerBound })
            note.fencedBlocks.replaceSubrange(fenceKept..<fenceResumed, with: scanner.fencedBlocks)
            if delta != 0 {
                for k in (fenceKept + scanner.fencedBlocks.count)..<note.fencedBlocks.count {
                    let r = note.fencedBlocks[k]
                    note.fencedBlocks[k] = (r.lowerBound + delta)..<(r.upperBound + delta)
                }
            }
            return ReparseSplice(kept: kept, resumed: resumed, fresh: fresh, delta: delta)
        }
    }

    /// The last clean point of `bytes` after its start, or nil when there is none: a text may
    /// be cut there and each side read on its own as if it were a whole note (nothing is open
    /// across it: no citation, code span, fence or paragraph). Only `bytes` are read, so a
    /// prefix of a longer text gives a clean point of the longer text too: a fence still open
    /// at the prefix's end counts as open to its end.
    public static func lastCleanPoint(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            var scanner = NoteScanner(bytes: b, buildParts: false)
            let fences = scanner.run().fencedBlocks
            let point = restartPoint(b, before: b.count, fences: fences)
            return point > 0 ? point : nil
        }
    }

    /// The last clean point at or before `offset`, or 0. Only bytes before `offset` are read,
    /// and they are the same in the old and new text, so the old parse's state holds there.
    static func restartPoint(_ b: UnsafeBufferPointer<UInt8>, before offset: Int, fences: [Range<Int>]) -> Int {
        var i = min(offset, b.count)
        while i > 0 {
            if b[i - 1] == 0x0A, cleanPointBlankLine(b, at: i) != nil, !strictlyInside(i, fences) { return i }
            i -= 1
        }
        return 0
    }

    /// When `i` starts a line that follows a blank line (LF-terminated), the blank line's start.
    static func cleanPointBlankLine(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        guard i >= 1, i <= b.count, b[i - 1] == 0x0A else { return nil }
        var j = i - 2
        if j >= 0 && b[j] == 0x0D { j -= 1 }   // CRLF
        while j >= 0 && (b[j] == 0x20 || b[j] == 0x09) { j -= 1 }
        if j < 0 { return 0 }
        // The blank line must end a previous line (LF, or a lone CR), or start the text.
        guard b[j] == 0x0A || b[j] == 0x0D else { return nil }
        return j + 1
    }

    /// True when `offset` lies inside a block, after its first byte (the block's own start is a
    /// clean point: the scan sees its fence there).
    static func strictlyInside(_ offset: Int, _ blocks: [Range<Int>]) -> Bool {
        let k = firstIndex(blocks, atOrAfter: offset + 1) { $0.lowerBound }
        guard k > 0 else { return false }
        let block = blocks[k - 1]
        return offset > block.lowerBound && offset < block.upperBound
    }

    /// The first position whose key is at least `offset` (keys ascending).
    static func firstIndex<T>(_ items: [T], atOrAfter offset: Int, key: (T) -> Int) -> Int {
        var lo = 0, hi = items.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if key(items[mid]) < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
