/// A small deterministic generator (SplitMix64), so a failing random case fails again.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0).
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}

/// Random notes made of what real notes hold, for tests that compare two ways of reading one:
/// headings (ATX and setext), fenced code (closed, and unclosed at the end), code spans, lists,
/// quotes, blank lines (some with spaces), CRLF lines, Hangul and Cyrillic prose, and citations
/// from `citations` written whole, unclosed, broken across lines or inside code.
public enum NoteGenerator {
    public static func note(lines count: Int, citations: [String], random: inout SeededRandom) -> String {
        var out = ""
        func cite(_ r: inout SeededRandom) -> String { citations.isEmpty ? "[[1960 | x]]" : citations[r.next(below: citations.count)] }
        for _ in 0..<count {
            let eol = random.next(below: 12) == 0 ? "\r\n" : "\n"
            switch random.next(below: 20) {
            case 0, 1, 2: out += eol
            case 3: out += "   " + eol
            case 4: out += "# Heading \(random.next(below: 100))" + eol
            case 5: out += "## Раздел \(random.next(below: 100)) ##" + eol
            case 6: out += "### 평양 \(random.next(below: 100))" + eol
            case 7: out += "Setext title" + eol + (random.next(below: 2) == 0 ? "=====" : "-----") + eol
            case 8:
                out += (random.next(below: 2) == 0 ? "```" : "~~~") + eol
            case 9: out += "`\(cite(&random))` in a code span" + eol
            case 10: out += "- a list item " + cite(&random) + eol
            case 11: out += "> a quote " + cite(&random) + eol
            case 12:
                let c = cite(&random)
                out += "unclosed " + String(c.dropLast(2)) + eol
            case 13:
                let c = cite(&random)
                let cut = c.index(c.startIndex, offsetBy: min(c.count, 8))
                out += "broken " + c[..<cut] + eol + c[cut...] + " after" + eol
            case 14: out += "Ки́рилл и 평양: " + cite(&random) + " и " + cite(&random) + eol
            default: out += "Prose before " + cite(&random) + " and after." + eol
            }
        }
        return out
    }
}
