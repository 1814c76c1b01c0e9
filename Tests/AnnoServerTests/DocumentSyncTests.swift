import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// didOpen / didChange / didClose and the diagnostics pushed for them (issue 3, "Documents").
@Suite struct DocumentSyncTests {
    let puzanov = Bundled.puzanov
    let economic = Bundled.economic

    @Test func didOpenPublishesDiagnosticsWithTheVersion() throws {
        try withSession { s in
            let f = s.fixture("\(mixedScript)[[«1960-05-03» | \(puzanov)]]")
            let published = try s.open("note.anno", f.text, version: 7)
            #expect(published["version"] == 7)
            #expect(published["uri"] == .string(s.dir.uri("note.anno")))
            #expect(diagnostics(published) == [SeenDiagnostic(code: "date-mismatch", range: f.range)])
            let d = published["diagnostics"]?[0]
            #expect(d?["severity"] == 1)
            #expect(d?["source"] == "anno")
            #expect(d?["message"]?.stringValue?.contains("2 May 1960") == true)
            #expect(d?["data"]?["documents"] == ["wilson:1960-05-02-puzanov-journal"])
        }
    }

    /// Edits keep each untouched citation's diagnostics and re-check only what changed
    /// (`NoteParser.reparse`, `CheckedCitations`): after every edit, what is published equals
    /// what opening the same text fresh publishes — across paragraphs, a fence opened and
    /// closed, a wrapped citation split by a blank line, and lines in Hangul and Cyrillic.
    @Test func editsPublishWhatAFreshOpenOfTheSameTextPublishes() throws {
        try withSession { s in
            var lines: [String] = []
            for k in 0..<40 {
                let date = k % 3 == 0 ? "1960-05-03" : "1960-05-02"
                lines.append("\(k % 2 == 0 ? "한국어 문단" : "Абзац") \(k): [[\(date) | \(puzanov)]] and [[1960-06-12 | \(economic)]].")
                lines.append(k % 5 == 0 ? "Wrapped [[1960-05-02 |" : "More prose.")
                lines.append(k % 5 == 0 ? "\(puzanov)]] here." : "")
                lines.append("")
            }
            var version = 1
            try s.open("edited.anno", lines.joined(separator: "\n"), version: version)
            func utf16(_ line: Int) -> Int { lines[line].utf16.count }
            let edits: [(LSPRange, String)] = [
                // A letter typed into a title makes it unknown; then removed.
                (LSPRange(start: Position(line: 4, character: 30), end: Position(line: 4, character: 30)), "x"),
                (LSPRange(start: Position(line: 4, character: 30), end: Position(line: 4, character: 31)), ""),
                // A fence opened before paragraph 10 hides every citation after it; then closed.
                (LSPRange(start: Position(line: 40, character: 0), end: Position(line: 40, character: 0)), "```\n"),
                (LSPRange(start: Position(line: 60, character: 0), end: Position(line: 60, character: 0)), "```\n"),
                (LSPRange(start: Position(line: 40, character: 0), end: Position(line: 41, character: 0)), ""),
                // A blank line typed inside a wrapped citation splits it.
                (LSPRange(start: Position(line: 21, character: 0), end: Position(line: 21, character: 0)), "\n"),
                // A date fixed, a paragraph deleted, text pasted across paragraphs.
                (LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: utf16(0))), "Fixed [[1960-05-02 | \(puzanov)]]."),
                (LSPRange(start: Position(line: 8, character: 0), end: Position(line: 12, character: 0)), ""),
                (LSPRange(start: Position(line: 30, character: 5), end: Position(line: 33, character: 2)), "[[1960 | Unknown\n\n title]] [["),
            ]
            for (range, text) in edits {
                version += 1
                let published = try s.change("edited.anno", version: version, [(range, text)])
                let current = try #require(s.serverText("edited.anno"))
                let fresh = try s.open("fresh-\(version).anno", current, version: 1)
                #expect(published["diagnostics"] == fresh["diagnostics"], "after \(text.debugDescription) at \(range)")
                let count = published["diagnostics"]?.arrayValue?.count ?? 0
                #expect(count > 0)
            }
        }
    }

    @Test func aCleanNoteGetsAnEmptyList() throws {
        try withSession { s in
            let published = try s.open("clean.anno", "\(mixedScript)[[1960-05-02 | \(puzanov)]]\n")
            #expect(published["diagnostics"] == [])
        }
    }

    /// Several changes in one notification, applied in order, each range counted in the text the
    /// previous change left — across Hangul, Cyrillic, flags, ZWJ sequences and astral emoji.
    @Test(arguments: PositionEncoding.allCases)
    func incrementalChangesAcrossScripts(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            #expect(s.encoding == encoding)
            let v1 = s.fixture("""
                \(mixedScript)[[1960-«05-02» | \(puzanov)]]
                Привет 😀 [[1960-06-12 | \(economic)]]
                """)
            #expect(try s.open("note.anno", v1.text, version: 1)["diagnostics"] == [])

            let v2 = s.fixture("""
                \(mixedScript)[[1960-05-03 | \(puzanov)]]
                $0Привет 😀 [[1960-06-12 | \(economic)]]
                """)
            let v3 = s.fixture("""
                \(mixedScript)[[1960-05-03 | \(puzanov)]]
                🇰🇷 Привет 😀 [[1960-06-12 | The «Economic» and Political Situation of the DPRK]]
                """)
            let v4 = s.fixture("""
                \(mixedScript)[[1960-05-03 | \(puzanov)]]
                🇰🇷 Привет «😀 »[[1960-06-12 | The Экономик and Political Situation of the DPRK]]
                """)
            let expected = s.fixture("""
                \(mixedScript)[[«1960-05-03» | \(puzanov)]]
                🇰🇷 Привет [[1960-06-12 | «The Экономик and Political Situation of the DPRK»]]
                """)
            let published = try s.change("note.anno", version: 2, [
                (v1.range, "05-03"),
                (LSPRange(start: v2.cursor, end: v2.cursor), "🇰🇷 "),
                (v3.range, "Экономик"),
                (v4.range, ""),
            ])
            #expect(s.serverText("note.anno") == expected.text)
            #expect(published["version"] == 2)
            #expect(diagnostics(published) == [
                SeenDiagnostic(code: "date-mismatch", range: expected.ranges[0]),
                SeenDiagnostic(code: "unknown-document", range: expected.ranges[1]),
            ])
        }
    }

    @Test func everyChangeGetsDiagnosticsOfItsVersion() throws {
        try withSession { s in
            let typed = "[[1960-05-02 | \(puzanov)]]"
            try s.open("note.anno", "", version: 0)
            var text = ""
            // Type the citation one character at a time, as an editor sends it.
            for (i, ch) in typed.enumerated() {
                let end = s.fixture(text + "$0").cursor
                let published = try s.change("note.anno", version: i + 1, [(LSPRange(start: end, end: end), String(ch))])
                text.append(ch)
                #expect(published["version"] == .number(Double(i + 1)))
            }
            #expect(s.serverText("note.anno") == typed)
            let last = try s.change("note.anno", version: 1000, [])
            #expect(last["diagnostics"] == [])
        }
    }

    @Test func aChangeWithoutRangeReplacesTheWholeText() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960-05-03 | \(puzanov)]]")
            let f = s.fixture("Новый текст: [[«1955» | \(Bundled.nature)]]")
            let published = try s.change("note.anno", version: 2, [(nil, f.text)])
            #expect(s.serverText("note.anno") == f.text)
            #expect(diagnostics(published) == [SeenDiagnostic(code: "imprecise-date", range: f.range)])
        }
    }

    @Test func didCloseClearsDiagnostics() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960-05-03 | \(puzanov)]]")
            try s.client.notify("textDocument/didClose", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))]])
            let cleared = try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))
            #expect(cleared["diagnostics"] == [])
            #expect(s.serverText("note.anno") == nil)
        }
    }

    @Test func didSaveChangesNothing() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960-05-03 | \(puzanov)]]")
            try s.client.notify("textDocument/didSave", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))]])
            #expect(try ping(s.client))
            #expect(s.serverText("note.anno") == "[[1960-05-03 | \(puzanov)]]")
        }
    }

    @Test func changeOfANoteThatIsNotOpenIsIgnored() throws {
        try withSession { s in
            try s.client.notify("textDocument/didChange", [
                "textDocument": ["uri": .string(s.dir.uri("never-opened.anno")), "version": 2],
                "contentChanges": [["text": "x"]],
            ])
            #expect(try ping(s.client))
            #expect(s.serverText("never-opened.anno") == nil)
        }
    }

    // MARK: Positions out of range

    @Test(arguments: [
        // A column past the end of its line clamps to the line's end.
        ("😀 end\nnext", Position(line: 0, character: 0), Position(line: 0, character: 999), "X", "X\nnext"),
        // A line past the end of the document clamps to the end of the text.
        ("Привет", Position(line: 99, character: 5), Position(line: 120, character: 0), "!", "Привет!"),
        // Inside a surrogate pair (UTF-16 character 2 is between 😀's halves): the start of 😀.
        ("a😀b", Position(line: 0, character: 2), Position(line: 0, character: 2), "X", "aX😀b"),
        // A range inside one surrogate pair is empty at the character's start.
        ("a😀b", Position(line: 0, character: 2), Position(line: 0, character: 2), "", "a😀b"),
        // An end before the start is the same range the right way round.
        ("한국어", Position(line: 0, character: 2), Position(line: 0, character: 1), "-", "한-어"),
    ])
    func outOfRangePositionsInChangesAreClamped(text: String, start: Position, end: Position, insert: String, result: String) throws {
        try withSession { s in
            let plain = Fixture(text).text
            try s.open("note.anno", plain)
            try s.change("note.anno", version: 2, [(LSPRange(start: start, end: end), insert)])
            #expect(s.serverText("note.anno") == result)
        }
    }

    /// In UTF-8, a character offset inside a multi-byte sequence moves to that character's start.
    @Test func aUTF8PositionInsideASequenceMovesToItsStart() throws {
        try withSession(.encoding(.utf8)) { s in
            try s.open("note.anno", "한b")
            try s.change("note.anno", version: 2, [(LSPRange(start: Position(line: 0, character: 1), end: Position(line: 0, character: 2)), "X")])
            #expect(s.serverText("note.anno") == "X한b")
        }
    }

    @Test func requestsAtPositionsPastTheEndAnswerWithoutCrashing() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960-05-02 | \(puzanov)]]\n😀")
            for p in [Position(line: 0, character: 100_000), Position(line: 1, character: 1), Position(line: 50, character: 3)] {
                _ = try s.hover("note.anno", at: p)
                _ = try s.completion("note.anno", at: p)
            }
            #expect(try ping(s.client))
        }
    }

    /// Diagnostics are not computed for a version that a change already read replaces; the
    /// latest version's come, with its diagnostics, and a request read meanwhile is answered.
    @Test func diagnosticsSkipAVersionThatAChangeAlreadyReadReplaces() throws {
        try withSession { s in
            let uri = s.dir.uri("note.anno")
            try s.open("note.anno", "Заметка 한국 [[1960-05-02 | \(puzanov)]]\n")
            func change(_ version: Int, at character: Int, _ text: String) throws {
                let at = Position(line: 1, character: character)
                try s.client.notify("textDocument/didChange", [
                    "textDocument": ["uri": .string(uri), "version": .number(Double(version))],
                    "contentChanges": [["range": LSPRange(start: at, end: at).lspJSON, "text": .string(text)]],
                ])
            }
            // The queue: hold 1, didChange 2, hold 2; releasing hold 1 queues version 2's
            // diagnostics behind hold 2, and version 3's change and a completion are read before
            // hold 2 is released.
            let release1 = s.server.holdQueue()
            try change(2, at: 0, "[[Jurnal of Nobody]] ")
            try s.server.waitUntilReaderIdle(s.client)
            let release2 = s.server.queueHold()
            release1()
            try change(3, at: 21, "[[Puz")
            let completion = try s.client.sendRequest("textDocument/completion", s.position("note.anno", Position(line: 1, character: 26)))
            try s.server.waitUntilReaderIdle(s.client)
            release2()
            guard case .success(let list) = try s.client.waitForResponse(completion, method: "textDocument/completion") else {
                Issue.record("completion failed")
                return
            }
            #expect(labels(list).contains(puzanov))
            let published = try s.client.waitForDiagnostics(uri: uri, version: 3)
            #expect(codes(published).count >= 2)   // the unknown title and the unclosed citation
            let versions = s.client.notifications
                .filter { $0.method == "textDocument/publishDiagnostics" && $0.params["uri"]?.stringValue == uri }
                .compactMap { $0.params["version"]?.intValue }
            #expect(versions == [1, 3])
        }
    }
}
