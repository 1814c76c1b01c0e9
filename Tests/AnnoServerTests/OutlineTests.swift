import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Document symbols (headings with the citations under each) and folding ranges.
@Suite struct OutlineTests {
    /// `«…»` are, in order: section 1, its title, citation 1, section 1.1, its title, citation 2,
    /// section 2 (setext), its title, citation 3.
    static let note = """
        «# «Визит в Пхеньян»
        Text «[[1960-05-02 | \(Bundled.puzanov) | p. 3]]».

        «## «한국어 메모»
        «[[1960-06-12 | \(Bundled.economic)]]»

        »»««Вторая часть»
        ===
        «[[1996 | \(Bundled.kapto)]]»»
        """

    func symbols(_ s: Session) throws -> JSONValue {
        try s.client.result("textDocument/documentSymbol", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))]])
    }

    @Test(arguments: [PositionEncoding.utf16, .utf8])
    func headingsHoldTheirCitations(encoding: PositionEncoding) throws {
        try withSession(.encoding(encoding)) { s in
            let f = s.fixture(Self.note)
            try s.open("note.anno", f.text)
            let tree = try [DocumentSymbol](json: try symbols(s))
            #expect(tree.map(\.name) == ["Визит в Пхеньян", "Вторая часть"])
            let first = tree[0]
            #expect(first.kind == .string)
            #expect(first.range == f.ranges[0] && first.selectionRange == f.ranges[1])
            #expect(first.children?.map(\.name) == [Bundled.puzanov, "한국어 메모"])
            let citation = try #require(first.children?[0])
            #expect(citation.kind == .event && citation.detail == "1960-05-02 · p. 3")
            #expect(citation.range == f.ranges[2])
            let sub = try #require(first.children?[1])
            #expect(sub.range == f.ranges[3] && sub.selectionRange == f.ranges[4])
            #expect(sub.children?.map(\.name) == [Bundled.economic])
            #expect(sub.children?[0].range == f.ranges[5])
            #expect(tree[1].range == f.ranges[6] && tree[1].selectionRange == f.ranges[7])
            #expect(tree[1].children?.map(\.range) == [f.ranges[8]])
        }
    }

    @Test func flatSymbolsForClientsWithoutHierarchy() throws {
        var options = ClientOptions()
        options.hierarchicalDocumentSymbols = false
        try withSession(options) { s in
            let f = s.fixture(Self.note)
            try s.open("note.anno", f.text)
            let flat = try [SymbolInformation](json: try symbols(s))
            #expect(flat.map(\.name) == ["Визит в Пхеньян", Bundled.puzanov, "한국어 메모", Bundled.economic, "Вторая часть", Bundled.kapto])
            #expect(flat.map(\.containerName) == [nil, "Визит в Пхеньян", "Визит в Пхеньян", "한국어 메모", nil, "Вторая часть"])
            #expect(flat[1].location == Location(uri: s.dir.uri("note.anno"), range: f.ranges[2]))
        }
    }

    @Test func citationsBeforeTheFirstHeadingAndBrokenOnesHaveNames() throws {
        try withSession { s in
            try s.open("note.anno", "[[1960]] [[]] [[ | ]]\n# Потом")
            let tree = try [DocumentSymbol](json: try symbols(s))
            #expect(tree.map(\.name) == ["[[1960]]", "[[ ]]", "[[ ]]", "Потом"])
            #expect(tree.allSatisfy { !$0.name.isEmpty })
        }
    }

    @Test func foldingRangesForSectionsAndCodeBlocks() throws {
        try withSession { s in
            let text = "# A\ntext\n```\n# code\n[[1960 | x]]\n```\n\n## B\nmore\n\n\n# C\nlast line"
            try s.open("note.anno", text)
            let ranges = try [FoldingRange](json: try s.client.result("textDocument/foldingRange", ["textDocument": ["uri": .string(s.dir.uri("note.anno"))]]))
            #expect(ranges.map { "\($0.startLine)-\($0.endLine)" } == ["0-8", "2-5", "7-8", "11-12"])
        }
    }

    @Test func unknownDocumentsAreInvalidParams() throws {
        try withSession { s in
            let error = try s.client.error("textDocument/documentSymbol", ["textDocument": ["uri": "untitled:nothing"]])
            #expect(error.code == -32602)
            let missing = try s.client.error("textDocument/foldingRange", [:])
            #expect(missing.code == -32602)
        }
    }
}
