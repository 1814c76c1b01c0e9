import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import Testing

/// Every fix, applied to the note, removes what it fixes; applying the fixes a note offers
/// (round after round, as an editor's "fix all" would) leaves it clean.
@Suite struct FixTests {
    let checker = makeChecker([doc("armistice", "1953-07", "Armistice Report"), doc("memo", "1960", "Memo [draft]"), doc("bar", "1989", "Minutes | Annex")])

    /// Applies every fix of one round (fixes whose ranges do not overlap), returning the new text.
    func fixAll(_ text: String) -> String {
        var edits: [TextEdit] = []
        for d in checker.check(text).diagnostics {
            guard let fix = d.fix else { continue }
            if fix.edits.allSatisfy({ e in !edits.contains { $0.range.overlaps(e.range) || $0.range == e.range } }) {
                edits += fix.edits
            }
        }
        return apply(Fix(title: "all", edits: edits), to: text)
    }

    @Test(arguments: [
        "[[1961-06-12 | \(ECO)]]",
        "[[1960-06-12 | the economic and political situation of the dprk]]",
        "[[1960-06-12 | The Economic and Politcal Situation of the DPRK]]",
        "[[1961 | The Economic and Politcal Situation of the DPRK]]",
        "[[1960 | \(ECO)]]",
        "[[1953 | Armistice Report]]",
        "[[June 12, 1960 | \(ECO)]]",
        "[[1960-6-12 | \(ECO) | p. 2]]",
        "[[\(ECO)]]",
        "[[ | \(ECO) | p. 2]]",
        "Text [[1960-06-12 | \(ECO)\n\nmore text",
        "[[1960 | memo [draft]]]",
        "[[1960 | Memo [drat]]]",
        "[[1989 | minutes \\| annex]]",
        "[[1989 | Minutes \\| Anex]]",
        "Пхеньян 😀 [[1961 | the economic and political situation of the dprk]] and [[1960-06 | \(ECO)]]",
        "Line one\r\n[[1961-06-12 | the economic and\r\npolitical situation of the dprk]]\r\n",
    ])
    func fixesLeaveTheNoteClean(_ note: String) {
        #expect(!checker.check(note).diagnostics.isEmpty, "the note should need fixing")
        var text = note
        for _ in 0..<3 where !checker.check(text).diagnostics.isEmpty {
            text = fixAll(text)
        }
        #expect(checker.summary(text).isEmpty, "\(note)\n→ \(text)")
    }

    /// Each fix on its own removes its own diagnostic.
    @Test func eachFixRemovesItsDiagnostic() {
        let note = "[[1961-06-12 | \(ECO)]] [[1960-06-12 | the economic and political situation of the dprk]] [[1960 | \(ECO)]] [[June 12, 1960 | \(ECO)]]"
        for d in checker.check(note).diagnostics {
            guard let fix = d.fix else { continue }
            let after = checker.check(apply(fix, to: note)).diagnostics
            #expect(after.count < checker.check(note).diagnostics.count, "fix '\(fix.title)' for \(d.code.rawValue) removed nothing")
        }
    }

    @Test func fixTitles() {
        func title(_ text: String) -> String? { checker.check(text).diagnostics.first?.fix?.title }
        #expect(title("[[1961-06-12 | \(ECO)]]") == "Use the catalogue's date 1960-06-12")
        #expect(title("[[1960-06-12 | the economic and political situation of the dprk]]") == "Use the catalogue's spelling")
        #expect(title("[[1960 | \(ECO)]]") == "Use the full date 1960-06-12")
        #expect(title("[[June 12, 1960 | \(ECO)]]") == "Write the date as 1960-06-12")
        #expect(title("[[\(ECO)]]") == "Add the catalogue's date 1960-06-12")
        #expect(title("[[1960-06-12 | \(ECO)") == "Close the citation with ']]'")
        #expect(title("[[1960-06-12 | The Economic and Politcal Situation of the DPRK]]") == "Cite '\(ECO)' (1960-06-12)")
    }
}
