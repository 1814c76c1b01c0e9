import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Hover on citations (issue 3, "Features: Hover"; spec/lsp.md "Hover").
@Suite struct HoverTests {
    /// Cursors on the first `[`, in the date, in the title and on the last `]`.
    @Test(arguments: PositionEncoding.allCases, 0...3)
    func hoverOnAnyCharacterOfACitationShowsTheDocument(encoding: PositionEncoding, cursor: Int) throws {
        try withSession(.encoding(encoding)) { s in
            let f = s.fixture("\(mixedScript)«$0[[1960-0$15-02 | Journal of $2Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]$3]» Ещё 😀")
            try s.open("note.anno", f.text)
            let hover = try s.hover("note.anno", at: f.cursor(cursor))
            #expect(hover["contents"]?["kind"] == "markdown")
            let md = hoverText(hover)
            #expect(md.contains("**\(Bundled.puzanov)**"))
            #expect(md.contains("2 May 1960"))
            #expect(md.contains("Wilson Center Digital Archive"))
            #expect(md.contains("Kim Il Sung and Puzanov discuss events in South Korea"))
            #expect(LSPRange(lsp: hover["range"]) == f.range)
        }
    }

    @Test(arguments: [
        ("[[1996 | \(Bundled.kapto)$0]]", "1996"),
        ("[[1947-05-12 | \(Bundled.cable)$0]]", "12 May 1947"),
    ])
    func datesAreWrittenForHumans(marked: String, human: String) throws {
        try withSession { s in
            let f = s.fixture(marked)
            try s.open("note.anno", f.text)
            #expect(hoverText(try s.hover("note.anno", at: f.cursor)).contains(human))
        }
    }

    @Test(arguments: ["Just prose$0 here.", "`[[1960-05-02 | Puz$0anov]]`", "$0"])
    func nothingOutsideACitation(marked: String) throws {
        try withSession { s in
            let f = s.fixture(marked)
            try s.open("note.anno", f.text)
            #expect(try s.hover("note.anno", at: f.cursor) == .null)
        }
    }

    @Test(arguments: [
        // Wrong date: what is wrong, then the document meant.
        ("[[1960-05-0$03 | \(Bundled.puzanov)]]", ["date-mismatch", "Probably meant", "**\(Bundled.puzanov)**", "2 May 1960"]),
        // A misspelt title: the document it probably means.
        ("[[1960-05-02 | Jurnal of Soviet Ambasador in the DPRK A.M. Puzanov for 2 May 1960$0]]",
         ["unknown-document", "Probably meant", "**\(Bundled.puzanov)**"]),
        // The catalogue spells it differently.
        ("[[1960-05-02 | journal of soviet ambassador in the dprk a.m. puzanov for 2 may 1960$0]]",
         ["title-variant", "**\(Bundled.puzanov)**"]),
        // No title at all.
        ("[[1960-05-02$0]]", ["malformed-citation", "no title"]),
        // Not closed.
        ("[[1960-05-02 | \(Bundled.puzanov)$0", ["malformed-citation", "unclosed"]),
    ])
    func hoverOnABrokenCitationSaysWhatIsWrongAndWhatWasMeant(marked: String, expected: [String]) throws {
        try withSession { s in
            let f = s.fixture(marked)
            try s.open("note.anno", f.text)
            let md = hoverText(try s.hover("note.anno", at: f.cursor))
            for piece in expected {
                #expect(md.contains(piece), "hover lacks \(piece): \(md)")
            }
        }
    }

    @Test func plaintextWhenTheClientPrefersIt() throws {
        var options = ClientOptions()
        options.hoverFormats = ["plaintext", "markdown"]
        try withSession(options) { s in
            let f = s.fixture("[[1960-05-02 | Journal$0 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
            try s.open("note.anno", f.text)
            let hover = try s.hover("note.anno", at: f.cursor)
            #expect(hover["contents"]?["kind"] == "plaintext")
            let text = hoverText(hover)
            #expect(text.contains(Bundled.puzanov) && text.contains("2 May 1960"))
            #expect(!text.contains("**"))
        }
    }

    @Test func markdownWhenTheClientListsItFirst() throws {
        var options = ClientOptions()
        options.hoverFormats = ["markdown", "plaintext"]
        try withSession(options) { s in
            let f = s.fixture("[[1960-05-02 | Journal$0 of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
            try s.open("note.anno", f.text)
            #expect(try s.hover("note.anno", at: f.cursor)["contents"]?["kind"] == "markdown")
        }
    }

    // MARK: Untrusted catalogue text

    static let hostileTitle = "[click](command:evil) <img src=x> ![i](http://x)"

    static func hostileOptions() -> ClientOptions {
        var options = ClientOptions()
        options.annoJSON = ["catalogues": ["hostile.json"], "bundledCatalogue": false]
        options.files = ["hostile.json": JSON.serializeString(catalogueJSON(name: "Hostile [x](command:name)", documents: [
            ["id": "h:1", "date": "1960-01-01", "title": hostileTitle,
             "summary": "<script>alert(1)</script> [run](command:workbench.action.terminal.new) ![p](https://evil.example/p.png) <https://evil.example> `code` *bold*",
             "archive": "<b>Archive</b> [x](command:y)", "url": "javascript:alert(1)"],
            ["id": "h:2", "date": "1960-01-02", "title": "# Heading > quote", "summary": "- list\n\n[y]: command:z",
             "url": "https://example.org/doc?a=1"],
            ["id": "h:3", "date": "1960-01-03", "title": "Plain Memo", "summary": "Fine.",
             "url": "https://evil.example/x)](command:evil"],
            ["id": "h:4", "date": "1960-01-04", "title": "Data Memo", "summary": "Fine.",
             "url": "HTTPS://example.org/<img src=x>"],
        ]))]
        return options
    }

    /// Markup a catalogue could have smuggled in: an unescaped bracket (link, image, reference),
    /// a `<` that is not an http(s) autolink (HTML, other autolinks), a javascript: URL.
    static func injectedMarkup(_ md: String) -> [String] {
        var found: [String] = []
        let s = Array(md.unicodeScalars)
        var insideAutolink = false
        for (i, c) in s.enumerated() {
            // Inside an http(s) autolink everything up to `>` is the URL, not markup.
            if insideAutolink { if c == ">" { insideAutolink = false }; continue }
            var backslashes = 0
            var j = i - 1
            while j >= 0 && s[j] == "\\" { backslashes += 1; j -= 1 }
            let escaped = backslashes % 2 == 1
            if (c == "[" || c == "]") && !escaped { found.append("unescaped \(c) at \(i)") }
            if c == "<" && !escaped {
                let rest = String(String.UnicodeScalarView(s[i...])).lowercased()
                if rest.hasPrefix("<https://") || rest.hasPrefix("<http://") { insideAutolink = true } else { found.append("raw < at \(i)") }
            }
        }
        if md.lowercased().contains("javascript:") { found.append("javascript: URL") }
        return found
    }

    @Test func aHostileCatalogueCannotInjectMarkupIntoHovers() throws {
        try withSession(Self.hostileOptions()) { s in
            // The citation as completion writes it, so it names exactly the hostile document.
            let start = s.fixture("[[1960-01-0$0")
            try s.open("note.anno", start.text)
            let items = completionItems(try s.completion("note.anno", at: start.cursor))
            #expect(items.count == 4)
            var note = ""
            for item in items { note += (item["textEdit"]?["newText"]?.stringValue ?? "") + "\n\n" }
            let published = try s.change("note.anno", version: 2, [(nil, note)])
            #expect(published["diagnostics"] == [], "the citations completion wrote do not resolve: \(published)")
            for line in 0..<items.count {
                let hover = try s.hover("note.anno", at: Position(line: line * 2, character: 5))
                let md = hoverText(hover)
                #expect(!md.isEmpty)
                #expect(Self.injectedMarkup(md) == [], "\(md)")
            }
            let first = hoverText(try s.hover("note.anno", at: Position(line: 0, character: 5)))
            #expect(first.contains("click") && first.contains("img src=x"), "the title should still be readable: \(first)")
            // Only http(s) URLs become links.
            let second = hoverText(try s.hover("note.anno", at: Position(line: 2, character: 5)))
            #expect(second.contains("<https://example.org/doc?a=1>"))
        }
    }

    @Test func aHostileCatalogueCannotInjectMarkupIntoCompletionDocumentation() throws {
        try withSession(Self.hostileOptions()) { s in
            let f = s.fixture("[[1960-01-0$0")
            try s.open("note.anno", f.text)
            let items = completionItems(try s.completion("note.anno", at: f.cursor))
            #expect(items.count == 4)
            for item in items {
                #expect(item["documentation"]?["kind"] == "markdown")
                let md = item["documentation"]?["value"]?.stringValue ?? ""
                #expect(Self.injectedMarkup(md) == [], "\(md)")
            }
        }
    }

    @Test func theCheckerOfInjectedMarkupCatchesInjections() {
        #expect(!Self.injectedMarkup("[a](command:x)").isEmpty)
        #expect(!Self.injectedMarkup("<img src=x>").isEmpty)
        #expect(!Self.injectedMarkup("\\\\[a](b)").isEmpty)
        #expect(Self.injectedMarkup("\\[a\\](b) &lt;img&gt; <https://example.org/x)](command:y>") == [])
        #expect(!Self.injectedMarkup("<https://example.org> [a](command:x)").isEmpty)
    }
}
