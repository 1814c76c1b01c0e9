import AnnoCheck

/// A unified diff (`diff -u`, `git diff` style, three lines of context) of a note before and
/// after byte edits, for `anno check --fix --dry-run`. The hunks come straight from the edits
/// (no line-matching search): each edit changes the lines it touches and nothing else.
///
/// Lines end at LF, as `patch` and `git apply` read them; a CR before it stays part of the line,
/// and a last line without LF gets `\ No newline at end of file`.
enum UnifiedDiff {
    static let context = 3

    /// nil when there is nothing to change.
    static func make(path: String, old: [UInt8], edits: [ByteEdit]) -> String? {
        guard !edits.isEmpty else { return nil }
        let lines = LFLines(old)

        // Each group of edits touching the same lines becomes one change: old lines first...last,
        // replaced by the new text of those lines.
        struct Change { var first: Int; var last: Int; var new: [[UInt8]] }
        var changes: [Change] = []
        var i = 0
        let sorted = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
        while i < sorted.count {
            var first = lines.line(containing: sorted[i].range.lowerBound)
            var last = lines.line(containing: max(sorted[i].range.lowerBound, sorted[i].range.upperBound - 1))
            var j = i + 1
            while j < sorted.count && lines.line(containing: sorted[j].range.lowerBound) <= last {
                last = max(last, lines.line(containing: max(sorted[j].range.lowerBound, sorted[j].range.upperBound - 1)))
                j += 1
            }
            first = min(first, last)
            let start = lines.starts[first], end = lines.end(ofLine: last)
            var segment = Array(old[start..<end])
            for edit in sorted[i..<j].reversed() {
                segment.replaceSubrange((edit.range.lowerBound - start)..<(edit.range.upperBound - start), with: edit.bytes)
            }
            changes.append(Change(first: first, last: last, new: LFLines.split(segment)))
            i = j
        }

        // git's a/ and b/ for relative paths (`git apply`, `patch -p1`); absolute ones as they are.
        let (a, b) = path.hasPrefix("/") ? (path, path) : ("a/" + path, "b/" + path)
        var out = "--- \(a)\n+++ \(b)\n"
        var lineDelta = 0   // new line number minus old, before the current hunk
        var c = 0
        while c < changes.count {
            // A hunk holds changes whose context would overlap.
            var d = c
            while d + 1 < changes.count && changes[d + 1].first - changes[d].last - 1 <= 2 * context { d += 1 }
            let oldStart = max(0, changes[c].first - context)
            let oldEnd = min(lines.count - 1, changes[d].last + context)
            var body = ""
            var oldCount = 0, newCount = 0
            var line = oldStart
            for k in c...d {
                while line < changes[k].first { body += lines.show(" ", old, line); oldCount += 1; newCount += 1; line += 1 }
                for l in changes[k].first...changes[k].last { body += lines.show("-", old, l); oldCount += 1 }
                for text in changes[k].new { body += LFLines.show("+", text); newCount += 1 }
                line = changes[k].last + 1
            }
            while line <= oldEnd { body += lines.show(" ", old, line); oldCount += 1; newCount += 1; line += 1 }
            let newStart = oldStart + lineDelta
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n" + body
            for k in c...d { lineDelta += changes[k].new.count - (changes[k].last - changes[k].first + 1) }
            c = d + 1
        }
        return out
    }

    /// `start,count` with a 1-based start (the line before, when the count is 0).
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : "\(start + 1),\(count)"
    }
}

/// Lines of a text split after each LF; the last line may lack one.
private struct LFLines {
    let starts: [Int]
    let total: Int

    init(_ bytes: [UInt8]) {
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
        self.starts = starts
        total = bytes.count
    }

    var count: Int { starts.count }

    func line(containing offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Offset after the line's LF (or the end of the text).
    func end(ofLine l: Int) -> Int { l + 1 < starts.count ? starts[l + 1] : total }

    func show(_ prefix: String, _ bytes: [UInt8], _ l: Int) -> String {
        LFLines.show(prefix, Array(bytes[starts[l]..<end(ofLine: l)]))
    }

    static func show(_ prefix: String, _ line: [UInt8]) -> String {
        let text = String(decoding: line, as: UTF8.self)
        return line.last == 0x0A ? prefix + text : prefix + text + "\n\\ No newline at end of file\n"
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append(Array(bytes[start...i]))
            start = i + 1
        }
        if start < bytes.count { out.append(Array(bytes[start...])) }
        return out
    }
}
