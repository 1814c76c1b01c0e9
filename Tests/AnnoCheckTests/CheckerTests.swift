import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import Testing

/// The resolution order of spec/diagnostics.md — form, date, exact title, loose title, suggestions —
/// and what each code covers.
@Suite struct CheckerTests {
    let checker = makeChecker([
        doc("moc-1", "1950-01-10", "Memorandum of Conversation"),
        doc("moc-3", "1950-03-02", "Memorandum of Conversation"),
        doc("armistice", "1953-07", "Armistice Report"),
    ])

    @Test func aCorrectCitationIsClean() {
        #expect(checker.summary("[[1960-06-12 | \(ECO)]]").isEmpty)
        #expect(checker.summary("[[1960-06-12 | \(ECO) | p. 4]]").isEmpty)
        #expect(checker.summary("[[1996 | \(KAP)]]").isEmpty)
        #expect(checker.summary("no citations at all").isEmpty)
    }

    @Test func malformedCitationsStopResolution() {
        #expect(checker.summary("[[]]") == ["malformed-citation error «[[]]»"])
        #expect(checker.summary("[[1960-13-45]]") == ["malformed-citation error «[[1960-13-45]]»"])
        #expect(checker.summary("[[1960 | a | b | c]]") == ["malformed-citation error «[[1960 | a | b | c]]»"])
        // Unclosed: nothing else is said about it, not even its bad date.
        #expect(checker.summary("x [[1960-13-45 | \(ECO)\n\nnext") == ["malformed-citation error «[[1960-13-45 | \(ECO)»"])
    }

    @Test func theMalformedMessages() {
        func message(_ text: String) -> String? { checker.check(text).diagnostics.first?.message }
        #expect(message("[[]]") == "empty citation: write [[DATE | TITLE]]")
        #expect(message("[[") == "unclosed, empty citation: write [[DATE | TITLE]]")
        #expect(message("[[1960-05-02]]") == "citation has a date but no title: write [[1960-05-02 | TITLE]]")
        #expect(message("[[1960-05-02 | ]]") == "citation has no title: write [[1960-05-02 | TITLE]]")
        #expect(message("[[\(ECO)]]") == "citation has no date: write [[DATE | \(ECO)]]")
        #expect(message("[[\(ECO)") == "unclosed citation without a date: write [[DATE | TITLE]]")
        #expect(message("[[1960 | \(ECO)") == "unclosed citation: '[[' needs a closing ']]' before the blank line or the end of the note")
    }

    /// An unclosed citation gets a fix only when its parts, as written, name one document.
    @Test func closingAnUnclosedCitation() throws {
        let named = "See [[1960-06-12 | \(ECO)\n\nNext paragraph."
        let fix = try #require(checker.check(named).diagnostics.first?.fix)
        #expect(apply(fix, to: named) == "See [[1960-06-12 | \(ECO)]]\n\nNext paragraph.")
        let swallowed = "See [[1960-06-12 | \(ECO), which says\nmuch.\n\nNext."
        #expect(checker.check(swallowed).diagnostics.first?.fix == nil)
    }

    @Test func aMissingDateIsFilledFromTheCatalogue() throws {
        for text in ["[[\(ECO)]]", "[[ | \(ECO)]]", "[[ | \(ECO) | p. 2]]"] {
            let fix = try #require(checker.check(text).diagnostics.first?.fix, "\(text)")
            let fixed = apply(fix, to: text)
            #expect(checker.summary(fixed).isEmpty, "\(text) → \(fixed)")
        }
        // Two documents share the title: no date can be chosen.
        #expect(checker.check("[[Memorandum of Conversation]]").diagnostics.first?.fix == nil)
    }

    @Test func invalidDatesCoverTheDateAndTheTitleIsStillResolved() {
        #expect(checker.summary("[[1960-13-45 | \(ECO)]]") == ["invalid-date error «1960-13-45»"])
        #expect(checker.summary("[[60-06-12 | \(ECO)]]") == ["invalid-date error «60-06-12»"])
        // The ISO reading of a prose date is checked against the catalogue too.
        #expect(checker.summary("[[June 12, 1960 | \(ECO)]]") == ["invalid-date error «June 12, 1960»"])
        #expect(checker.summary("[[June 13, 1960 | \(ECO)]]") == ["invalid-date error «June 13, 1960»", "date-mismatch error «June 13, 1960»"])
        #expect(checker.summary("[[1960-13-45 | Zzz]]") == ["invalid-date error «1960-13-45»", "unknown-document error «Zzz»"])
        #expect(checker.check("[[May 2, 1960 | \(PUZ)]]").diagnostics.first?.fix?.edits.first?.replacement == "1960-05-02")
        #expect(checker.check("[[1960-13-45 | \(ECO)]]").diagnostics.first?.fix == nil)
    }

    /// Dates agree at the coarser precision of the two.
    @Test(arguments: [
        ("1960-06-12", []), ("1960-06", ["imprecise-date hint «1960-06»"]), ("1960", ["imprecise-date hint «1960»"]),
        ("1960-06-13", ["date-mismatch error «1960-06-13»"]), ("1960-07", ["date-mismatch error «1960-07»"]),
        ("1961", ["date-mismatch error «1961»"]),
    ] as [(String, [String])])
    func dateAgreement(_ date: String, _ expected: [String]) {
        #expect(checker.summary("[[\(date) | \(ECO)]]") == expected)
    }

    @Test func precisionAgainstACoarserCatalogueDate() {
        #expect(checker.summary("[[1953-07 | Armistice Report]]").isEmpty)
        #expect(checker.summary("[[1953-07-27 | Armistice Report]]") == ["unverifiable-date hint «1953-07-27»"])
        #expect(checker.summary("[[1953 | Armistice Report]]") == ["imprecise-date hint «1953»"])
        #expect(checker.summary("[[1953-08-01 | Armistice Report]]") == ["date-mismatch error «1953-08-01»"])
        #expect(checker.summary("[[1996-05 | \(KAP)]]") == ["unverifiable-date hint «1996-05»"])
        #expect(checker.check("[[1996-05 | \(KAP)]]").diagnostics.first?.message == "the catalogue dates this document only to 1996; 1996-05 cannot be checked")
        #expect(checker.check("[[1953-07-27 | Armistice Report]]").diagnostics.first?.fix == nil)
        #expect(checker.check("[[1953 | Armistice Report]]").diagnostics.first?.message == "the catalogue dates this document July 1953 (1953-07)")
    }

    @Test func dateMismatchGivesTheCataloguesDate() throws {
        let text = "[[1961-06-12 | \(ECO)]]"
        let d = try #require(checker.check(text).diagnostics.first)
        #expect(d.message == "the catalogue dates '\(ECO)' 12 June 1960 (1960-06-12), not 1961-06-12")
        #expect(d.related.map(\.id) == ["wilson:1960-06-12-economic-political-situation-dprk"])
        #expect(apply(try #require(d.fix), to: text) == "[[1960-06-12 | \(ECO)]]")
    }

    @Test func dateMismatchAmongSeveralDocumentsOffersEachDate() throws {
        let d = try #require(checker.check("[[1952 | Memorandum of Conversation]]").diagnostics.first)
        #expect(d.code == .dateMismatch)
        #expect(d.fix == nil)
        #expect(d.message == "no document with this title is dated 1952; the catalogue has it on 1950-01-10, 1950-03-02")
        #expect(d.alternatives.map { $0.edits.first?.replacement } == ["1950-01-10", "1950-03-02"])
    }

    @Test func exactTitlesBeatLooseOnes() {
        let c = makeChecker([doc("upper", "1970", "MEMO"), doc("lower", "1970", "memo")])
        #expect(c.summary("[[1970 | memo]]").isEmpty)
        #expect(c.summary("[[1970 | MEMO]]").isEmpty)
        #expect(c.summary("[[1970 | Memo]]") == ["ambiguous-citation error «[[1970 | Memo]]»"])
    }

    @Test func titleVariants() throws {
        let text = "[[1960-06-12 | the economic and  political situation of the dprk | p. 2]]"
        let d = try #require(checker.check(text).diagnostics.first)
        #expect(describe(d, in: text) == "title-variant warning «the economic and  political situation of the dprk»")
        #expect(d.message == "the catalogue spells this title '\(ECO)'")
        #expect(apply(try #require(d.fix), to: text) == "[[1960-06-12 | \(ECO) | p. 2]]")
        // A variant with a wrong date gets both.
        #expect(checker.summary("[[1961 | the economic and political situation of the dprk]]") == [
            "date-mismatch error «1961»", "title-variant warning «the economic and political situation of the dprk»"])
    }

    @Test func unknownDocuments() throws {
        let text = "[[1960-06-12 | The Economic and Politcal Situation of the DPRK]]"
        let d = try #require(checker.check(text).diagnostics.first)
        #expect(d.code == .unknownDocument)
        #expect(d.message == "no document titled 'The Economic and Politcal Situation of the DPRK' in the catalogue; did you mean '\(ECO)' (1960-06-12)?")
        #expect(apply(try #require(d.fix), to: text) == "[[1960-06-12 | \(ECO)]]")
        let far = try #require(checker.check("[[1960 | Minutes of the Politburo]]").diagnostics.first)
        #expect(far.message == "no document titled 'Minutes of the Politburo' in the catalogue")
        #expect(far.fix == nil && far.alternatives.isEmpty && far.related.isEmpty)
    }

    /// With a wrong date too, the suggestion rewrites both parts.
    @Test func anUnknownDocumentsFixAlsoCorrectsTheDate() throws {
        let text = "[[1961 | The Economic and Politcal Situation of the DPRK]]"
        let fix = try #require(checker.check(text).diagnostics.first?.fix)
        #expect(apply(fix, to: text) == "[[1960-06-12 | \(ECO)]]")
    }

    /// Two near titles equally close: suggestions, but no single fix.
    @Test func noFixWhenSuggestionsAreClose() throws {
        let c = makeChecker([doc("a", "1958", "Report on the Harvest in Hwanghai"), doc("b", "1958", "Report on the Harvests in Hwanghae")], bundled: false)
        let d = try #require(c.check("[[1958 | Report on the Harvest in Hwanghae]]").diagnostics.first)
        #expect(d.code == .unknownDocument)
        #expect(d.fix == nil)
        #expect(d.alternatives.count == 2)
    }

    @Test func ambiguousCitations() throws {
        let text = "[[1950 | Memorandum of Conversation]]"
        let d = try #require(checker.check(text).diagnostics.first)
        #expect(describe(d, in: text) == "ambiguous-citation error «[[1950 | Memorandum of Conversation]]»")
        #expect(d.message == "2 documents match this citation: moc-1 (1950-01-10), moc-3 (1950-03-02); give the full date to choose one")
        #expect(d.fix == nil)
        #expect(Set(d.related.map(\.id)) == ["moc-1", "moc-3"])
        for alternative in d.alternatives {
            #expect(checker.summary(apply(alternative, to: text)).isEmpty)
        }
        #expect(checker.summary("[[1950-03 | Memorandum of Conversation]]") == ["imprecise-date hint «1950-03»"])
    }

    /// When the documents share the date as well, no date can choose between them: the message
    /// must not ask for one, and no alternative may leave the citation as it was.
    @Test func ambiguousCitationsThatNoDateCanResolve() throws {
        let c = makeChecker([doc("w1", "1960-06-12", ECO)])
        let text = "[[1960-06-12 | \(ECO)]]"
        let d = try #require(c.check(text).diagnostics.first)
        #expect(d.code == .ambiguousCitation)
        #expect(!d.message.contains("give the full date"), "\(d.message)")
        for alternative in d.alternatives {
            #expect(apply(alternative, to: text) != text, "alternative '\(alternative.title)' changes nothing")
        }
    }

    @Test func diagnosticsComeInTextOrder() {
        let text = "[[1961 | \(ECO)]] then [[]] then [[1960 | Zzz]] then [[1960-13 | \(ECO)]]"
        let d = checker.check(text).diagnostics
        #expect(d.map(\.range.lowerBound) == d.map(\.range.lowerBound).sorted())
        #expect(d.map(\.code) == [.dateMismatch, .malformedCitation, .unknownDocument, .invalidDate])
    }

    @Test func rulesChangeSeveritiesOrTurnCodesOff() {
        var rules = RuleSettings()
        rules.set(.titleVariant, nil)
        rules.set(.dateMismatch, .warning)
        rules.set(.impreciseDate, .info)
        let c = makeChecker(rules: rules)
        #expect(c.summary("[[1960-06-12 | the economic and political situation of the dprk]]").isEmpty)
        #expect(c.summary("[[1961 | \(ECO)]]") == ["date-mismatch warning «1961»"])
        #expect(c.summary("[[1960 | \(ECO)]]") == ["imprecise-date info «1960»"])
        #expect(c.summary("[[1960 | Zzz]]") == ["unknown-document error «Zzz»"])
        #expect(RuleSettings.parseLevel("off") == .some(nil))
        #expect(RuleSettings.parseLevel("hint") == .some(.hint))
        #expect(RuleSettings.parseLevel("fatal") == nil)
    }

    /// Rules apply to the file-level codes too.
    @Test func rulesApplyToInvalidUTF8AndBinaryFiles() {
        var rules = RuleSettings()
        rules.set(.invalidUTF8, nil)
        rules.set(.binaryFile, .warning)
        let c = makeChecker(rules: rules)
        #expect(c.check(Array("caf".utf8) + [0xE9]).diagnostics.isEmpty)
        #expect(c.check([0x61, 0x00]).diagnostics.map(\.severity) == [.warning])
        rules.set(.invalidUTF8, .warning)
        #expect(makeChecker(rules: rules).check(Array("caf".utf8) + [0xE9]).diagnostics.map(\.severity) == [.warning])
    }

    @Test func defaultSeverities() {
        let defaults = Dictionary(uniqueKeysWithValues: DiagnosticCode.allCases.map { ($0.rawValue, $0.defaultSeverity.rawValue) })
        #expect(defaults == [
            "malformed-citation": "error", "invalid-date": "error", "unknown-document": "error", "date-mismatch": "error",
            "title-variant": "warning", "ambiguous-citation": "error", "unverifiable-date": "hint", "imprecise-date": "hint",
            "invalid-utf8": "error", "binary-file": "error",
        ])
    }

    @Test func binaryAndInvalidText() throws {
        let binary = checker.check([0x50, 0x4B, 0x00, 0x01] + Array("[[1961 | \(ECO)]]".utf8))
        #expect(binary.diagnostics.map(\.code) == [.binaryFile])
        #expect(binary.diagnostics[0].range == 2..<3)
        #expect(binary.diagnostics[0].message == "this is not a text file (a NUL byte at offset 2); it was not checked")
        #expect(binary.note.citations.isEmpty)

        let latin1 = Array("caf".utf8) + [0xE9] + Array(" [[1961 | \(ECO)]]".utf8)
        let result = checker.check(latin1)
        #expect(result.diagnostics.map(\.code) == [.invalidUTF8, .dateMismatch])
        #expect(result.diagnostics[0].range == 3..<4)
        #expect(result.diagnostics[0].message == "invalid UTF-8 at byte offset 3 (1 invalid sequence in the file); save the note as UTF-8")
    }

    /// A truncated multi-byte sequence is one invalid sequence (one U+FFFD, as decoders count it).
    @Test func aTruncatedSequenceCountsOnce() throws {
        let d = try #require(checker.check([0x61, 0xE2, 0x82, 0x20, 0x62]).diagnostics.first)
        #expect(d.message == "invalid UTF-8 at byte offset 1 (1 invalid sequence in the file); save the note as UTF-8")
        #expect(String(decoding: [0x61, 0xE2, 0x82, 0x20, 0x62] as [UInt8], as: UTF8.self).unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 1)
    }
}
