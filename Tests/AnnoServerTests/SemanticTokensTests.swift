import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Semantic tokens, full and range: dates, titles, locators, punctuation, and broken parts.
@Suite struct SemanticTokensTests {
    /// Decoded tokens: `line:start+length type[+broken]`.
    static func decode(_ result: JSONValue) -> [String] {
        let data = (result["data"]?.arrayValue ?? []).compactMap(\.intValue)
        let types = ["date", "title", "locator", "punct"]
        var out: [String] = []
        var line = 0, start = 0
        var i = 0
        while i + 4 < data.count {
            line += data[i]
            start = data[i] == 0 ? start + data[i + 1] : data[i + 1]
            let type = data[i + 3] < types.count ? types[data[i + 3]] : "?"
            out.append("\(line):\(start)+\(data[i + 2]) \(type)\(data[i + 4] & 1 == 1 ? "+broken" : "")")
            i += 5
        }
        return out
    }

    func full(_ s: Session) throws -> [String] {
        Self.decode(try s.client.result("textDocument/semanticTokens/full", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))]]))
    }

    @Test func theLegendIsAnnounced() throws {
        try withSession { s in
            let provider = s.initializeResult["capabilities"]?["semanticTokensProvider"]
            #expect(provider?["legend"]?["tokenTypes"] == ["number", "string", "property", "operator"])
            #expect(provider?["legend"]?["tokenModifiers"] == ["broken"])
            #expect(provider?["full"] == true && provider?["range"] == true)
        }
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8, .utf32])
    func partsAndPunctuationInEachEncoding(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            // "한국어 😀 " is 3 + 1 + 2 + 1 = 7 UTF-16 units, 3·3 + 1 + 4 + 1 = 15 bytes, 6 scalars.
            let text = "한국어 😀 [[1960-05-02 | \(Bundled.puzanov) | с. 3]]"
            try s.open("note.anno", text)
            let c = ["utf-16": 7, "utf-8": 15, "utf-32": 6][encoding.rawValue] ?? 0
            let title = Bundled.puzanov.utf8.count
            let locator = ["utf-16": 4, "utf-8": 5, "utf-32": 4][encoding.rawValue] ?? 0   // "с. 3": one Cyrillic letter
            let t = c + 2 + 10 + 3
            let l = t + title + 3
            #expect(try full(s) == [
                "0:\(c)+2 punct", "0:\(c + 2)+10 date", "0:\(c + 13)+1 punct", "0:\(t)+\(title) title",
                "0:\(t + title + 1)+1 punct", "0:\(l)+\(locator) locator", "0:\(l + locator)+2 punct",
            ])
        }
    }

    @Test func aWrappedTitleIsOneTokenPerLine() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960-06-12 | The Economic and\r\n    Political Situation of the DPRK]]")
            let tokens = try full(s)
            #expect(tokens == [
                "0:0+2 punct", "0:2+10 date", "0:13+1 punct", "0:15+16 title",
                "1:4+31 title", "1:35+2 punct",
            ])
        }
    }

    @Test func brokenPartsAreMarked() throws {
        try withSession { s in
            // A wrong date (error), a variant title (warning), an imprecise date (a hint: not broken).
            try s.open("note.anno", "[[1961 | \(Bundled.economic.lowercased())]]\n[[1960 | \(Bundled.economic)]]\n[[1960 | Unclosed\n\nx")
            let tokens = try full(s)
            #expect(tokens.contains("0:2+4 date+broken"))
            #expect(tokens.contains("0:9+\(Bundled.economic.count) title+broken"))
            #expect(tokens.contains("1:2+4 date"))
            #expect(tokens.contains("1:9+\(Bundled.economic.count) title"))
            // An unclosed citation: every part of it.
            #expect(tokens.filter { $0.hasPrefix("2:") } == ["2:0+2 punct+broken", "2:2+4 date+broken", "2:7+1 punct+broken", "2:9+8 title+broken"])
        }
    }

    @Test func aRangeGetsOnlyItsTokens() throws {
        try withSession { s in
            let f = s.fixture("[[1960 | A]]\n«x [[1961 | B]]»\n[[1962 | C]]")
            try s.open("note.anno", f.text)
            let result = try s.client.result("textDocument/semanticTokens/range", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))], "range": f.range.lspJSON])
            let tokens = Self.decode(result)
            #expect(tokens.allSatisfy { $0.hasPrefix("1:") })
            #expect(tokens.count == 5)
        }
    }

    @Test func codeAndProseHaveNoTokens() throws {
        try withSession { s in
            try s.open("note.anno", "plain [text] | bars\n```\n[[1960 | not a citation]]\n```\n`[[1960 | nor this]]`")
            #expect(try full(s) == [])
        }
    }
}
