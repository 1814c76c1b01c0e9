import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import Testing

/// `Checker.fixAll`: every clear fix at once, citation by citation, with everything outside the
/// edits left byte for byte.
@Suite struct FixAllTests {
    let checker = makeChecker([doc("armistice", "1953-07", "Armistice Report"), doc("memo", "1960", "Memo [draft]"),
                               doc("bar", "1989", "Minutes | Annex"),
                               doc("moc-1", "1950-01-10", "Memorandum of Conversation"),
                               doc("moc-3", "1950-03-02", "Memorandum of Conversation")])

    func fixed(_ text: String) -> String {
        String(decoding: checker.fixAll(Array(text.utf8)).text, as: UTF8.self)
    }

    @Test(arguments: [
        "[[1961-06-12 | \(ECO)]]",
        "[[1960-06-12 | the economic and political situation of the dprk]]",
        "[[1960-06-12 | The Economic and Politcal Situation of the DPRK]]",
        "[[1961 | The Economic and Politcal Situation of the DPRK]]",
        "[[1960 | \(ECO)]]",
        "[[June 12, 1960 | \(ECO)]]",
        "[[May 2, 1961 | \(PUZ)]]",
        "[[1960-6-12 | \(ECO) | p. 2]]",
        "[[\(ECO)]]",
        "[[ | \(ECO) | p. 2]]",
        "[[1960-06-12 | \(ECO) | ]]",
        "Text [[1960-06-12 | \(ECO)\n\nmore text",
        "[[1960 | Memo [drat]]]",
        "[[1989 | Minutes \\| Anex]]",
        "Пхеньян 😀 [[1961 | the economic and political situation of the dprk]] and [[1960-06 | \(ECO)]]",
        "Line one\r\n[[1961-06-12 | the economic and\r\npolitical situation of the dprk]]\r\n",
    ])
    func fixAllLeavesTheNoteClean(_ note: String) {
        #expect(!checker.check(note).diagnostics.isEmpty)
        #expect(checker.summary(fixed(note)).isEmpty, "\(note)\n→ \(fixed(note))")
    }

    @Test func onlyTheDifferingBytesAreEdited() {
        let note = "한국어 [[1961-06-12 | \(ECO) | с. 3]] and [[1960-06-12 | the economic and political situation of the DPRK]]"
        let result = checker.fixAll(Array(note.utf8))
        let bytes = Array(note.utf8)
        #expect(result.edits.count == 2)
        #expect(result.edits.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["1", "the economic and political s"])
        #expect(result.edits.map(\.replacement) == ["0", "The Economic and Political S"])
        #expect(result.applied == ["Use the catalogue's date 1960-06-12", "Use the catalogue's spelling"])
    }

    /// A fix never splits a character: a trimmed edit backs off to the character's start.
    @Test func editsStayOnCharacterBoundaries() throws {
        let checker = makeChecker([doc("k", "1990", "Kraków Report")], bundled: false)
        let note = "[[1990 | Krakòw Report]]"   // ò (C3 B2) for ó (C3 B3): a variant
        let result = checker.fixAll(Array(note.utf8))
        let edit = try #require(result.edits.first)
        #expect(edit.replacement == "ó")
        #expect(String(decoding: Array(note.utf8)[edit.range], as: UTF8.self) == "ò")
    }

    @Test func everythingOutsideTheEditsIsKeptByteForByte() {
        // CRLF, a lone CR, trailing spaces and tabs, no final newline, an invalid byte, Cyrillic and emoji.
        let head = Array("Заметка  \t\r\n😀 [[".utf8), middle = Array(" | \(ECO)]]   \rconst ".utf8)
        let tail = Array(" [[1960 | \(ECO)]] end  ".utf8)
        let bytes = head + Array("1961-06-12".utf8) + middle + [0xFF] + tail
        let result = checker.fixAll(bytes)
        let expected = head + Array("1960-06-12".utf8) + middle + [0xFF] + Array(" [[1960-06-12 | \(ECO)]] end  ".utf8)
        #expect(result.text == expected)
        #expect(result.byteEdits.map(\.bytes) == [Array("0".utf8), Array("-06-12".utf8)])
        #expect(result.applied == ["Use the catalogue's date 1960-06-12", "Use the full date 1960-06-12"])
    }

    @Test func alternativesAreNeverApplied() {
        // Ambiguous: two documents agree with 1950; choosing one is the writer's call.
        #expect(fixed("[[1950 | Memorandum of Conversation]]") == "[[1950 | Memorandum of Conversation]]")
        // An unknown title far from every other: nothing to do.
        #expect(checker.fixAll(Array("[[1960 | Minutes of the Politburo]]".utf8)).isEmpty)
    }

    @Test func rulesThatAreOffAreNotFixed() {
        var rules = RuleSettings()
        rules.set(.impreciseDate, nil)
        let lenient = makeChecker(rules: rules)
        #expect(lenient.fixAll(Array("[[1960 | \(ECO)]]".utf8)).isEmpty)
        #expect(!checker.fixAll(Array("[[1960 | \(ECO)]]".utf8)).isEmpty)
    }

    @Test func binaryFilesAreLeftAlone() {
        let bytes: [UInt8] = Array("[[1961-06-12 | \(ECO)]]".utf8) + [0]
        #expect(checker.fixAll(bytes).isEmpty)
        #expect(checker.fixAll(bytes).text == bytes)
    }

    @Test func aCleanNoteHasNoEdits() {
        #expect(checker.fixAll(Array("[[1960-06-12 | \(ECO)]] text".utf8)).isEmpty)
        #expect(checker.fixAll([]).isEmpty)
    }
}

/// Remedies offered as alternatives where no single answer is clear (spec/diagnostics.md).
@Suite struct AlternativeRemedyTests {
    let checker = makeChecker([doc("moc-1", "1950-01-10", "Memorandum of Conversation"),
                               doc("moc-3", "1950-03-02", "Memorandum of Conversation")])

    func only(_ text: String) throws -> Diagnostic {
        let found = checker.check(text).diagnostics
        try #require(found.count == 1, "\(found)")
        return found[0]
    }

    @Test func aDateWithoutATitleOffersTheDocumentsOfThatDate() throws {
        let d = try only("[[1960-06]]")
        #expect(d.fix == nil)
        #expect(d.alternatives.map(\.title).contains("Cite '\(ECO)' (1960-06-12)"))
        let alternative = try #require(d.alternatives.first { $0.title.contains(ECO) })
        #expect(checker.summary(apply(alternative, to: "[[1960-06]]")).isEmpty)
    }

    @Test func anUnclosedCitationThatNamesNothingCanStillBeClosed() throws {
        let d = try only("[[1960 | Something unknown\n\nnext")
        #expect(d.fix == nil)
        #expect(d.alternatives.map(\.title) == ["Close the citation with ']]'"])
        #expect(apply(d.alternatives[0], to: "[[1960 | Something unknown\n\nnext") == "[[1960 | Something unknown]]\n\nnext")
    }

    @Test func aMissingDateWithSeveralDocumentsOffersEachDate() throws {
        let d = try only("[[ | Memorandum of Conversation]]")
        #expect(d.fix == nil)
        #expect(d.alternatives.map(\.title) == ["Add the date 1950-01-10", "Add the date 1950-03-02"])
        #expect(apply(d.alternatives[1], to: "[[ | Memorandum of Conversation]]") == "[[1950-03-02 | Memorandum of Conversation]]")
    }

    @Test func anUnverifiableDateCanTakeTheCataloguesDate() throws {
        let d = try only("[[1996-03 | \(KAP)]]")
        #expect(d.code == .unverifiableDate && d.fix == nil)
        #expect(d.alternatives.map(\.title) == ["Use the catalogue's date 1996"])
    }

    @Test func anInvalidDateWithAKnownTitleCanTakeTheCataloguesDate() throws {
        let d = try only("[[1960-13-45 | \(ECO)]]")
        #expect(d.code == .invalidDate && d.fix == nil)
        #expect(d.alternatives.map(\.title) == ["Use the catalogue's date 1960-06-12"])
    }
}
