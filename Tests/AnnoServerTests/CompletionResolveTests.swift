import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// `completionItem/resolve` (spec/lsp.md, "Completion"): clients that resolve items lazily get
/// completion items without documentation, and the documentation when they resolve one.
@Suite struct CompletionResolveTests {
    /// As VS Code declares it.
    static var lazyClient: ClientOptions {
        var o = ClientOptions()
        o.completionResolveProperties = ["documentation", "detail", "additionalTextEdits"]
        return o
    }

    static let puzanovSummary = "Kim Il Sung and Puzanov discuss"

    func complete(_ s: Session, _ marked: String) throws -> (Fixture, JSONValue) {
        let f = s.fixture(marked)
        try s.open("note.anno", f.text)
        return (f, try s.completion("note.anno", at: f.cursor))
    }

    func resolve(_ s: Session, _ item: JSONValue) throws -> JSONValue {
        try s.client.result("completionItem/resolve", item)
    }

    /// `item` without the member `key`.
    func removing(_ key: String, from item: JSONValue) -> JSONValue {
        guard case .object(var members) = item else { return item }
        members[key] = nil
        return .object(members)
    }

    @Test func theServerAnnouncesResolve() throws {
        try withSession { s in
            #expect(s.initializeResult["capabilities"]?["completionProvider"]?["resolveProvider"] == true)
        }
    }

    @Test func lazyClientsGetItemsWithoutDocumentationAndResolveFillsItIn() throws {
        try withSession(Self.lazyClient) { s in
            let (_, list) = try complete(s, "See [[Puz$0")
            let items = completionItems(list)
            #expect(!items.isEmpty)
            for item in items {
                // Documentation and detail are listed: both are left to resolve.
                #expect(item["documentation"] == nil && item["detail"] == nil)
                #expect(item["data"] != nil)
                // What the list needs stays in the item.
                #expect(item["label"] != nil && item["textEdit"] != nil && item["filterText"] != nil && item["labelDetails"] != nil)
            }
            let item = try #require(items.first { $0["label"] == .string(Bundled.puzanov) })
            let resolved = try resolve(s, item)
            #expect(resolved["documentation"]?["kind"] == "markdown")
            #expect(resolved["documentation"]?["value"]?.stringValue?.contains(Self.puzanovSummary) == true)
            #expect(resolved["documentation"]?["value"]?.stringValue?.contains("**\(Bundled.puzanov)**") == true)
            #expect(resolved["detail"]?.stringValue?.hasPrefix("1960-05-02 · ") == true)
            // Everything else comes back as it was sent.
            #expect(removing("detail", from: removing("documentation", from: resolved)) == item)
            // Each item resolves to its own document.
            for other in items {
                let doc = try resolve(s, other)["documentation"]?["value"]?.stringValue ?? ""
                let title = other["label"]?.stringValue ?? "?"
                #expect(doc.contains(title.replacingOccurrences(of: ".", with: "\\.")) || doc.contains(title), "\(title): \(doc)")
            }
        }
    }

    @Test func theDocumentationIsWhatNonLazyClientsGetInTheItem() throws {
        let eager = try withSession { s in completionItems(try complete(s, "[[Puz$0").1) }
        let lazy = try withSession(Self.lazyClient) { s in
            try completionItems(try complete(s, "[[Puz$0").1).map { try resolve(s, $0) }
        }
        #expect(eager.count == lazy.count)
        for (e, l) in zip(eager, lazy) {
            #expect(e["label"] == l["label"])
            #expect(e["documentation"] == l["documentation"])
            #expect(e["detail"] == l["detail"])
        }
    }

    /// A client that lists documentation but not detail keeps detail in the items.
    @Test func detailStaysInTheItemsUnlessListed() throws {
        var options = ClientOptions()
        options.completionResolveProperties = ["documentation"]
        try withSession(options) { s in
            let (_, list) = try complete(s, "[[1960-05-02 | Puz$0")
            let item = try #require(completionItems(list).first)
            #expect(item["documentation"] == nil)
            #expect(item["detail"]?.stringValue?.hasPrefix("1960-05-02 · ") == true)
            let resolved = try resolve(s, item)
            #expect(resolved["detail"] == item["detail"])
            #expect(resolved["documentation"]?["value"]?.stringValue?.contains(Self.puzanovSummary) == true)
        }
    }

    @Test func plaintextOnlyClientsResolvePlaintext() throws {
        var options = Self.lazyClient
        options.completionDocumentationFormats = ["plaintext"]
        try withSession(options) { s in
            let (_, list) = try complete(s, "[[1960-05-02 | Puz$0")
            let item = try #require(completionItems(list).first)
            #expect(item["documentation"] == nil)
            let resolved = try resolve(s, item)
            #expect(resolved["documentation"]?["kind"] == "plaintext")
            #expect(resolved["documentation"]?["value"]?.stringValue?.hasPrefix(Bundled.puzanov) == true)
        }
    }

    /// Neovim's own client, eglot and Helix's older versions declare no resolveSupport (or not
    /// for documentation): their items carry it, as before, and resolving one changes nothing.
    @Test(arguments: [nil, [], ["detail", "additionalTextEdits"], ["edit"]] as [[String]?])
    func clientsThatDoNotResolveDocumentationGetItInTheItems(properties: [String]?) throws {
        var options = ClientOptions()
        options.completionResolveProperties = properties
        try withSession(options) { s in
            let (_, list) = try complete(s, "[[1960-05-02 | Puz$0")
            let item = try #require(completionItems(list).first)
            #expect(item["documentation"]?["value"]?.stringValue?.contains(Self.puzanovSummary) == true)
            #expect(item["data"] == nil)
            #expect(try resolve(s, item) == item)
        }
    }

    @Test func editRangesAreUnchangedWithHangulAndCyrillicBeforeTheCitation() throws {
        for encoding in PositionEncoding.allCases {
            var options = Self.lazyClient
            options.positionEncodings = [encoding.rawValue]
            try withSession(options) { s in
                let (f, list) = try complete(s, "Заметка\n\(mixedScript)«[[Puz$0]]» 한국 🇰🇷")
                let items = completionItems(list)
                #expect(!items.isEmpty)
                for item in items {
                    #expect(LSPRange(lsp: item["textEdit"]?["range"]) == f.range, "\(encoding)")
                    let resolved = try resolve(s, item)
                    #expect(resolved["textEdit"] == item["textEdit"])
                    #expect(resolved["documentation"] != nil)
                }
            }
        }
    }

    @Test func aWrappedCitationsDeletionIsStillInTheLazyItem() throws {
        try withSession(Self.lazyClient) { s in
            let (_, list) = try complete(s, "Пишу [[1960-05-02 |\nJournal of Soviet$0 Ambassador]]")
            let item = try #require(completionItems(list).first)
            let extra = try #require(item["additionalTextEdits"]?.arrayValue)
            #expect(extra.count == 1)
            #expect(try resolve(s, item)["additionalTextEdits"] == item["additionalTextEdits"])
        }
    }

    /// `data` is the server's; whatever comes back in it, resolve answers the item unchanged.
    @Test func foreignStaleOrMalformedDataGivesTheItemBackUnchanged() throws {
        try withSession(Self.lazyClient) { s in
            let (_, list) = try complete(s, "[[1960-05-02 | Puz$0")
            let item = try #require(completionItems(list).first)
            let data = try #require(item["data"]?.arrayValue)
            #expect(data.count == 3)
            let generation = data[0], number = data[1], id = data[2]
            func with(_ data: JSONValue?) -> JSONValue {
                guard case .object(var members) = item else { return item }
                members["data"] = data
                return .object(members)
            }
            let garbage: [JSONValue?] = [
                nil, .null, "x", 7, true, [:], ["documentation": "injected"], [], [generation],
                [generation, number], [generation, number, id, 1], [id, number, generation],
                [generation, 1.5, id], [generation, number, 3], [1e300, number, id], [generation, number, "no-such-id"],
                [123_456_789, 0, "no-such-id"], [generation, -1, "no-such-id"],
            ]
            for data in garbage {
                #expect(try resolve(s, with(data)) == with(data), "data \(data.map { JSON.serializeString($0) } ?? "absent")")
            }
            // A number that is out of range or from another index: the id still finds the document.
            for data: JSONValue in [[generation, -1, id], [generation, 99_999_999, id], [-1, number, id],
                                    [generation, .number(Double(Int32.max) + 10), id], [123_456_789, 0, id]] {
                let resolved = try resolve(s, with(data))
                #expect(resolved["documentation"]?["value"]?.stringValue?.contains(Self.puzanovSummary) == true, "data \(JSON.serializeString(data))")
            }
            // A label that is no longer the document's title: not resolved either.
            if case .object(var members) = item {
                members["label"] = "Some Other Title"
                #expect(try resolve(s, .object(members)) == .object(members))
            }
            // A document number of another item: its id and title do not match.
            let others = completionItems(list).dropFirst()
            if let other = others.first?["data"]?.arrayValue, other.count == 3, case .object(var members) = item {
                members["data"] = [generation, other[1], id]
                #expect(try resolve(s, .object(members)) == .object(members))
            }
            // Documentation already present is left alone.
            if case .object(var members) = item {
                members["documentation"] = "mine"
                #expect(try resolve(s, .object(members)) == .object(members))
            }
        }
    }

    @Test(arguments: [nil, .null, "item", 3, [1, 2], ["label": "x"]] as [JSONValue?])
    func paramsThatAreNotACompletionItemAreAnError(params: JSONValue?) throws {
        try withSession(Self.lazyClient) { s in
            switch params {
            case .object?:
                // An object is echoed back, whatever it holds.
                #expect(try resolve(s, try #require(params)) == params)
            case .string?, .number?:
                // Not params at all (JSON-RPC allows an object or an array): the request is invalid.
                #expect(try s.client.error("completionItem/resolve", params).code == -32600)
            default:
                let error = try s.client.error("completionItem/resolve", params)
                #expect(error.code == -32602)
                #expect(error.message.contains("completion item"))
            }
            // The server keeps serving.
            let (_, list) = try complete(s, "[[Puz$0")
            #expect(labels(list).contains(Bundled.puzanov))
        }
    }

    /// The catalogue changes between completion and resolve: the same document (by id) gets its
    /// new documentation; one whose title changed is not resolved.
    @Test func afterTheCatalogueIsReloadedTheDocumentIsFoundByID() throws {
        func catalogue(_ summary: String, title: String = "Minutes of the Pyongyang Trade Delegation") -> String {
            JSON.serializeString(catalogueJSON(name: "Trade", documents: [
                ["id": "trade:1", "date": "1958-03-04", "title": title, "summary": summary],
            ]))
        }
        var options = Self.lazyClient
        options.annoJSON = ["catalogues": ["trade.json"]]
        options.files = ["trade.json": catalogue("The first summary.")]
        try withSession(options) { s in
            let (_, list) = try complete(s, "Встреча [[Pyong$0")
            let item = try #require(completionItems(list).first { $0["label"] == "Minutes of the Pyongyang Trade Delegation" })
            #expect(try resolve(s, item)["documentation"]?["value"]?.stringValue?.contains("The first summary.") == true)

            try s.dir.write("trade.json", catalogue("The second summary."))
            try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.dir.uri("trade.json")), "type": 2]]])
            _ = try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))
            #expect(try resolve(s, item)["documentation"]?["value"]?.stringValue?.contains("The second summary.") == true)

            try s.dir.write("trade.json", catalogue("The third summary.", title: "Minutes of Another Delegation"))
            try s.client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(s.dir.uri("trade.json")), "type": 2]]])
            _ = try s.client.waitForDiagnostics(uri: s.dir.uri("note.anno"))
            #expect(try resolve(s, item) == item)
        }
    }
}
