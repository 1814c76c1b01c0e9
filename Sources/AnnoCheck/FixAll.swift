import AnnoSyntax

/// A replacement of a byte range by bytes (`TextEdit` carries a string, which cannot hold bytes
/// that are not UTF-8; a note's may be kept as they are).
public struct ByteEdit: Sendable, Hashable {
    public var range: Range<Int>
    public var bytes: [UInt8]
    public init(range: Range<Int>, bytes: [UInt8]) {
        self.range = range
        self.bytes = bytes
    }
}

/// Every clear fix of a note applied at once: what `source.fixAll.anno` and `anno check --fix` do.
public struct FixAllResult: Sendable, Hashable {
    /// Edits of the original text: at most one per citation, in text order, never overlapping,
    /// each as small as it can be (the bytes that differ, on character boundaries).
    public var edits: [TextEdit]
    /// The same edits as bytes, exactly (for writing files and diffs).
    public var byteEdits: [ByteEdit]
    /// The titles of the fixes applied, in text order (a citation fixed in two rounds has two).
    public var applied: [String]
    /// The note with the edits applied; every byte outside them is the original's.
    public var text: [UInt8]

    public var isEmpty: Bool { edits.isEmpty }
}

extension Checker {
    /// Applies every diagnostic's clear `fix` (never an alternative) to the note, citation by
    /// citation, round after round until the citation needs no more (a date written
    /// `May 2, 1961` is first made ISO, then the catalogue's). Rules apply: a code that is off
    /// is not fixed. Binary files are left alone.
    ///
    /// Each fix only touches its own citation, so citations are fixed independently: the
    /// citation's bytes are parsed and checked on their own (a citation reads the same alone as
    /// in its note), which keeps every edit inside the citation and everything else byte for byte.
    public func fixAll(_ bytes: [UInt8], maxRounds: Int = 4) -> FixAllResult {
        if TextValidation.binaryContent(bytes) != nil {
            return FixAllResult(edits: [], byteEdits: [], applied: [], text: bytes)
        }
        let note = NoteParser.parse(bytes)
        return fixAll(bytes, note: note, diagnostics: check(note), maxRounds: maxRounds)
    }

    /// The same, given the note as parsed from `bytes` and what `check(note)` found (an editor
    /// has both already). Only citations with a fix are looked at again.
    public func fixAll(_ bytes: [UInt8], note: ParsedNote, diagnostics: [Diagnostic], maxRounds: Int = 4) -> FixAllResult {
        if TextValidation.binaryContent(bytes) != nil {
            return FixAllResult(edits: [], byteEdits: [], applied: [], text: bytes)
        }
        let fixable = Set(diagnostics.compactMap { d in d.fix == nil ? nil : note.citation(at: d.range.lowerBound)?.range.lowerBound })
        var edits: [TextEdit] = []
        var applied: [String] = []
        var byteEdits: [ByteEdit] = []
        for citation in note.citations where fixable.contains(citation.range.lowerBound) && citation.range.upperBound <= bytes.count {
            let original = Array(bytes[citation.range])
            var local = original
            for _ in 0..<maxRounds {
                let parsed = NoteParser.parse(local)
                // A fix must leave exactly one citation spanning the text; anything else stops.
                guard parsed.citations.count == 1, let only = parsed.citations.first, only.range == 0..<local.count else { break }
                var chosen: [TextEdit] = []
                var titles: [String] = []
                for d in check(ParsedNote(citations: [only])) {
                    guard let fix = d.fix else { continue }
                    let clashes = fix.edits.contains { e in chosen.contains { $0.range.overlaps(e.range) || $0.range.lowerBound == e.range.lowerBound } }
                    if clashes { continue }
                    chosen += fix.edits
                    titles.append(fix.title)
                }
                guard !chosen.isEmpty else { break }
                var next = local
                for edit in chosen.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                    guard edit.range.lowerBound >= 0, edit.range.upperBound <= next.count else { continue }
                    next.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
                }
                if next == local { break }
                local = next
                applied += titles
            }
            if local != original, let edit = Self.minimalEdit(from: original, to: local, at: citation.range.lowerBound) {
                edits.append(TextEdit(range: edit.range, replacement: String(decoding: edit.bytes, as: UTF8.self)))
                byteEdits.append(edit)
            }
        }
        // Built from bytes, not from the edits' strings: bytes that are not UTF-8 stay as they were.
        var text = bytes
        for edit in byteEdits.reversed() { text.replaceSubrange(edit.range, with: edit.bytes) }
        return FixAllResult(edits: edits, byteEdits: byteEdits, applied: applied, text: text)
    }

    /// The one edit that turns `old` into `new`, trimmed of their common start and end but never
    /// inside a UTF-8 sequence; `base` is where `old` starts in the note.
    static func minimalEdit(from old: [UInt8], to new: [UInt8], at base: Int) -> ByteEdit? {
        guard old != new else { return nil }
        func isContinuation(_ c: UInt8) -> Bool { c & 0xC0 == 0x80 }
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        while prefix > 0 && ((prefix < old.count && isContinuation(old[prefix])) || (prefix < new.count && isContinuation(new[prefix]))) {
            prefix -= 1
        }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix && old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        while suffix > 0 && isContinuation(old[old.count - suffix]) { suffix -= 1 }
        return ByteEdit(range: (base + prefix)..<(base + old.count - suffix), bytes: Array(new[prefix..<(new.count - suffix)]))
    }
}
