import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Completion inside a citation (issue 3, "Features: Completion"; spec/lsp.md "Completion").
@Suite struct CompletionTests {
    /// Opens `marked` (with `$0` at the cursor) and asks for completion there.
    func complete(_ s: Session, _ marked: String) throws -> (Fixture, JSONValue) {
        let f = s.fixture(marked)
        try s.open("note.anno", f.text)
        return (f, try s.completion("note.anno", at: f.cursor))
    }

    @Test func afterOpeningBracketsEveryBundledDocumentIsOffered() throws {
        try withSession { s in
            let (f, list) = try complete(s, "Notes: «[[$0»")
            #expect(Set(labels(list)) == Set(Bundled.all))
            #expect(list["isIncomplete"] == true)
            for item in completionItems(list) {
                #expect(item["kind"] == 18)
                #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
                let newText = item["textEdit"]?["newText"]?.stringValue ?? ""
                #expect(newText.hasPrefix("[[") && newText.hasSuffix("]]") && newText.contains(" | "))
            }
        }
    }

    @Test func itemsCarryDateTitleSummaryAndACompleteCitation() throws {
        try withSession { s in
            let (_, list) = try complete(s, "[[1960-05-02 | Puz$0")
            let item = try #require(completionItems(list).first)
            #expect(item["label"] == .string(Bundled.puzanov))
            #expect(item["labelDetails"]?["description"] == "2 May 1960")
            #expect(item["detail"]?.stringValue?.contains("1960-05-02") == true)
            #expect(item["documentation"]?["kind"] == "markdown")
            #expect(item["documentation"]?["value"]?.stringValue?.contains("Kim Il Sung and Puzanov discuss") == true)
            #expect(item["textEdit"]?["newText"] == .string("[[1960-05-02 | \(Bundled.puzanov)]]"))
            let filterText = item["filterText"]?.stringValue ?? ""
            #expect(filterText.contains("1960-05-02") && filterText.contains(Bundled.puzanov))
        }
    }

    @Test func plaintextDocumentationForClientsThatOnlyTakePlaintext() throws {
        var options = ClientOptions()
        options.completionDocumentationFormats = ["plaintext"]
        options.labelDetails = false
        try withSession(options) { s in
            let (_, list) = try complete(s, "[[Puz$0")
            let item = try #require(completionItems(list).first)
            #expect(item["documentation"]?["kind"] == "plaintext")
            #expect(item["labelDetails"] == nil)
        }
    }

    @Test func afterAYearThatYearsDocumentsRankFirst() throws {
        try withSession { s in
            let (_, list) = try complete(s, "См. [[1960$0")
            #expect(Set(labels(list).prefix(3)) == Set(Bundled.of1960))
        }
    }

    @Test func afterAFullDateThatDaysDocumentComesFirstThenCloseDates() throws {
        try withSession { s in
            let (_, list) = try complete(s, "See [[1960-05-02 | $0]]")
            let found = labels(list)
            #expect(found.first == Bundled.puzanov)
            #expect(Set(found.dropFirst().prefix(2)) == Set([Bundled.economic, Bundled.tkachenko]))
        }
    }

    /// " " is a trigger character: typing `[[1960-05-02 | ` at the end of a note (or of a
    /// paragraph) asks for completion with the cursor after that space.
    @Test(arguments: ["See [[1960-05-02 | $0", "See [[1960-05-02 | $0\n\nNext paragraph.", "[[Journal $0", "[[ $0", "[[1960-05-02 | $0 \n"])
    func completionRightAfterASpaceAtTheEndOfAnUnclosedCitation(marked: String) throws {
        try withSession { s in
            let (f, list) = try complete(s, marked)
            #expect(!completionItems(list).isEmpty)
            if marked.contains("1960-05-02") { #expect(labels(list).first == Bundled.puzanov) }
            for item in completionItems(list) {
                let range = try #require(LSPRange(lsp: item["textEdit"]?["range"]))
                #expect(range.end == f.cursor)
            }
        }
    }

    @Test(arguments: ["Puz", "puzanov", "pzn", "Pùzanov", "journal puz", "1960-05-02 | Puz"])
    func aWordInTheMiddleOfATitleFindsIt(typed: String) throws {
        try withSession { s in
            let (_, list) = try complete(s, "[[\(typed)$0")
            #expect(labels(list).contains(Bundled.puzanov))
        }
    }

    /// What was typed since `[[` must let every item through each editor's own filter.
    @Test(arguments: EditorFilter.allCases, ["Puz", "pzn", "1960", "1960-05-02 | Puz", "Journal of Soviet", "Korea"])
    func itemsSurviveTheEditorsFilter(editor: EditorFilter, typed: String) throws {
        try withSession { s in
            let (f, list) = try complete(s, "\(mixedScript)[[\(typed)$0")
            let items = completionItems(list)
            #expect(!items.isEmpty)
            for item in items {
                let range = try #require(LSPRange(lsp: item["textEdit"]?["range"]))
                let typedSinceStart = s.encoding.text(of: f.text, in: LSPRange(start: range.start, end: f.cursor))
                #expect(typedSinceStart == "[[\(typed)")
                let filterText = item["filterText"]?.stringValue ?? item["label"]?.stringValue ?? ""
                #expect(editor.keeps(typed: typedSinceStart, filterText: filterText),
                        "\(editor) drops \(item["label"]?.stringValue ?? "?") (filterText \(filterText))")
            }
            if typed.lowercased().contains("puz") {
                #expect(labels(list).contains(Bundled.puzanov))
            }
        }
    }

    @Test func theEditReplacesTheWholeCitationWithItsClosingBrackets() throws {
        try withSession { s in
            let (f, list) = try complete(s, "See «[[Puz$0]]» later.")
            let item = try #require(completionItems(list).first { $0["label"] == .string(Bundled.puzanov) })
            #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
            #expect(item["textEdit"]?["newText"] == .string("[[1960-05-02 | \(Bundled.puzanov)]]"))
        }
    }

    @Test func anUnfinishedDateAndTitleAreReplacedToo() throws {
        try withSession { s in
            let (f, list) = try complete(s, "See «[[1960-05 | Jour$0nal]]» later.")
            let item = try #require(completionItems(list).first { $0["label"] == .string(Bundled.puzanov) })
            #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
            #expect(item["textEdit"]?["newText"] == .string("[[1960-05-02 | \(Bundled.puzanov)]]"))
        }
    }

    @Test func aLocatorAlreadyWrittenIsKept() throws {
        try withSession { s in
            let (f, list) = try complete(s, "«[[1960 | Puz$0 | p. 3]]»")
            let item = try #require(completionItems(list).first { $0["label"] == .string(Bundled.puzanov) })
            #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
            #expect(item["textEdit"]?["newText"] == .string("[[1960-05-02 | \(Bundled.puzanov) | p. 3]]"))
        }
    }

    @Test(arguments: PositionEncoding.allCases)
    func editRangesAreCountedInTheNegotiatedEncoding(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            let (f, list) = try complete(s, "Заметка\n\(mixedScript)«[[Puz$0]]» 🇰🇷")
            let item = try #require(completionItems(list).first)
            #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
        }
    }

    @Test(arguments: [
        "Some prose$0 here.",
        "Prose [$0 one bracket",
        "Inline code: `[[Puz$0`",
        "```\n[[Puz$0\n```",
        "[[1960-05-02 | \(Bundled.puzanov) | p. $0]]",
        "[[1960-05-02 | \(Bundled.puzanov)]] and then$0",
        "\\[[Puz$0",
        "[[1960-05-02 | \(Bundled.puzanov)]]$0",
    ])
    func nothingIsOfferedOutsideADateOrTitle(marked: String) throws {
        try withSession { s in
            let (_, list) = try complete(s, marked)
            #expect(completionItems(list).isEmpty)
        }
    }

    @Test func anUntitledBufferCompletesFromTheWorkspace() throws {
        try withSession { s in
            let f = s.fixture("[[Puz$0")
            let uri = "untitled:Untitled-1"
            try s.client.notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri), "languageId": "anno", "version": 1, "text": .string(f.text)]])
            _ = try s.client.waitForDiagnostics(uri: uri, version: 1)
            let list = try s.client.result("textDocument/completion", ["textDocument": ["uri": .string(uri)], "position": f.cursor.lspJSON])
            #expect(labels(list).first == Bundled.puzanov)
        }
    }

    @Test func atMostABoundedListIsReturned() throws {
        var documents: [[String: String]] = []
        for i in 0..<300 {
            documents.append(["id": "bulk:\(i)", "date": "1961-01-\(String(format: "%02d", i % 28 + 1))",
                              "title": "Bulk Report Number \(i)", "summary": "Report \(i)."])
        }
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["bulk.json"]]
        options.files = ["bulk.json": JSON.serializeString(catalogueJSON(name: "Bulk", documents: documents))]
        try withSession(options) { s in
            let (_, list) = try complete(s, "[[Bulk$0")
            #expect(list["isIncomplete"] == true)
            #expect(completionItems(list).count > 0 && completionItems(list).count <= 50)
        }
    }

    /// LSP 3.17: a completion item's textEdit "must be a single line range and it must contain
    /// the position at which completion has been requested"; VS Code drops items that break it.
    @Test
    func theEditRangeIsOnTheCursorsLineWhenACitationWraps() throws {
        try withSession { s in
            let (f, list) = try complete(s, "See [[1960-05-02 |\nJournal of Soviet$0 Ambassador]]")
            let items = completionItems(list)
            #expect(!items.isEmpty)
            for item in items {
                let range = try #require(LSPRange(lsp: item["textEdit"]?["range"]))
                #expect(range.start.line == f.cursor.line && range.end.line == f.cursor.line)
                #expect(range.start <= f.cursor && f.cursor <= range.end)
                // The citation's part on the line before is deleted with the item, so applying
                // the item leaves one complete citation.
                let extra = try #require(item["additionalTextEdits"]?.arrayValue)
                #expect(extra.count == 1)
                let deleted = try #require(LSPRange(lsp: extra[0]["range"]))
                #expect(deleted.start == Position(line: 0, character: 4))
                #expect(deleted.end == range.start)
                #expect(extra[0]["newText"] == "")
            }
        }
    }

    /// LSP 3.17 `itemDefaults`: a client that takes them (VS Code) gets the edit range, the same
    /// for every item, once for the list, and each item's edit text in `textEditText`.
    @Test(arguments: PositionEncoding.allCases)
    func clientsThatTakeItemDefaultsGetTheEditRangeOnce(encoding: PositionEncoding) throws {
        var options = ClientOptions.encoding(encoding)
        options.completionListItemDefaults = ["commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"]
        try withSession(options) { s in
            let (f, list) = try complete(s, "Заметка\n\(mixedScript)«[[1960-05-02 | Puz$0 | p. 3]]» 한국 🇰🇷")
            #expect(LSPRange(lsp: list["itemDefaults"]?["editRange"]) == f.range)
            #expect(list["itemDefaults"]?["insertTextFormat"] == 1)
            let items = completionItems(list)
            #expect(!items.isEmpty)
            for item in items {
                #expect(item["textEdit"] == nil && item["insertTextFormat"] == nil)
                #expect(item["textEditText"]?.stringValue?.hasSuffix(" | p. 3]]") == true)
            }
            #expect(items.first?["textEditText"] == .string("[[1960-05-02 | \(Bundled.puzanov) | p. 3]]"))
        }
    }

    @Test func clientsThatTakeNoItemDefaultsGetTheRangeInEachItem() throws {
        var options = ClientOptions()
        options.completionListItemDefaults = ["commitCharacters", "data"]
        try withSession(options) { s in
            let (f, list) = try complete(s, "«[[Puz$0]]»")
            #expect(list["itemDefaults"] == nil)
            for item in completionItems(list) {
                #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range)
                #expect(item["textEditText"] == nil && item["insertTextFormat"] == 1)
            }
        }
    }

    @Test func titlesWithBarsAndBracketsAreEscapedInTheEdit() throws {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["odd.json"]]
        options.files = ["odd.json": JSON.serializeString(catalogueJSON(name: "Odd", documents: [
            ["id": "odd:1", "date": "1970-01-02", "title": "Memo | Annex [draft", "summary": "An odd title."],
        ]))]
        try withSession(options) { s in
            let (_, list) = try complete(s, "[[Memo$0")
            let item = try #require(completionItems(list).first { $0["label"] == "Memo | Annex [draft" })
            let newText = try #require(item["textEdit"]?["newText"]?.stringValue)
            #expect(newText == #"[[1970-01-02 | Memo \| Annex \[draft]]"#)
            // What the edit writes reads back as that document: no diagnostics.
            let published = try s.change("note.anno", version: 2, [(nil, newText)])
            #expect(published["diagnostics"] == [])
        }
    }
}
