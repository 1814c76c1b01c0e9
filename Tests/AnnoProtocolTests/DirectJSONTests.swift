import AnnoJSON
import AnnoProtocol
import AnnoTestSupport
import Testing

/// Completion lists are written straight to JSON text (`CompletionList.encodedJSON`); the text
/// must be exactly what the value tree serializes to, whatever the items hold.
@Suite struct DirectJSONTests {
    static let strings = [
        "", "Journal of Soviet Ambassador", "내각 외무성 문서 제1065553호 (A.M. Puzanov)", "Запись беседы № 5",
        #"quote " backslash \ slash /"#, "tab\tnewline\ncr\r\u{0}\u{1F}\u{7F}", "emoji 🇰🇷👨‍👩‍👧 😀", "[[1960 | Memo \\| Annex \\[draft]]",
    ]

    /// Items with every optional member present or absent, in many combinations.
    static func items(seed: Int) -> [CompletionItem] {
        var rng = SeededRandom(seed: UInt64(seed))
        func text() -> String { strings[Int(rng.next() % UInt64(strings.count))] }
        func maybe<T>(_ make: () -> T) -> T? { rng.next() % 3 == 0 ? nil : make() }
        func position() -> Position { Position(line: Int(rng.next() % 100_000), character: Int(rng.next() % 5_000)) }
        func edit() -> TextEdit { TextEdit(range: LSPRange(start: position(), end: position()), newText: text()) }
        return (0..<40).map { _ in
            CompletionItem(
                label: text(),
                labelDetails: maybe { CompletionItemLabelDetails(detail: maybe(text), description: maybe(text)) },
                kind: maybe { CompletionItemKind(rawValue: Int(rng.next() % 25)) },
                detail: maybe(text),
                documentation: maybe { MarkupContent(kind: rng.next() % 2 == 0 ? .markdown : .plaintext, value: text()) },
                filterText: maybe(text), sortText: maybe(text), insertText: maybe(text),
                textEdit: maybe(edit),
                additionalTextEdits: maybe { (0..<Int(rng.next() % 3)).map { _ in edit() } },
                insertTextFormat: maybe { rng.next() % 2 == 0 ? .plainText : .snippet },
                preselect: maybe { rng.next() % 2 == 0 },
                data: maybe { [.number(Double(rng.next() % 1_000_000)), .number(-1), .string(text()), ["k": .string(text()), "a": .null],
                               .number(1.5), .number(1e300), .number(-0.0), .number(.nan), .number(9_007_199_254_740_993),
                               .bool(rng.next() % 2 == 0), .null, [[.number(-7)], []]] },
                textEditText: maybe(text))
        }
    }

    @Test(arguments: 0..<20)
    func aCompletionListIsWrittenAsItsValueTreeSerializes(seed: Int) {
        let range = LSPRange(start: Position(line: seed, character: 3), end: Position(line: seed, character: 9))
        let defaults: [CompletionItemDefaults?] = [nil, CompletionItemDefaults(), CompletionItemDefaults(editRange: range),
                                                   CompletionItemDefaults(editRange: range, insertTextFormat: .plainText),
                                                   CompletionItemDefaults(insertTextFormat: .snippet)]
        for incomplete in [true, false] {
            for itemDefaults in defaults {
                let list = CompletionList(isIncomplete: incomplete, itemDefaults: itemDefaults, items: Self.items(seed: seed))
                #expect(list.encodedJSON() == JSON.serialize(list.json))
            }
        }
        let empty = CompletionList(isIncomplete: false, items: [])
        #expect(empty.encodedJSON() == JSON.serialize(empty.json))
    }

    @Test(arguments: 0..<20)
    func diagnosticsAreWrittenAsTheirValueTreeSerializes(seed: Int) {
        var rng = SeededRandom(seed: UInt64(seed) &+ 1_000)
        func text() -> String { Self.strings[Int(rng.next() % UInt64(Self.strings.count))] }
        func maybe<T>(_ make: () -> T) -> T? { rng.next() % 3 == 0 ? nil : make() }
        func position() -> Position { Position(line: Int(rng.next() % 100_000), character: Int(rng.next() % 5_000)) }
        func range() -> LSPRange { LSPRange(start: position(), end: position()) }
        let diagnostics = (0..<Int(rng.next() % 30)).map { _ in
            LSPDiagnostic(
                range: range(), severity: maybe { DiagnosticSeverity(rawValue: Int(rng.next() % 4) + 1) ?? .error },
                code: maybe { rng.next() % 4 == 0 ? .number(Int(rng.next() % 1000) - 500) : .string(text()) },
                codeDescriptionHref: maybe(text), source: maybe(text), message: text(),
                tags: maybe { (0..<Int(rng.next() % 3)).map { _ in rng.next() % 2 == 0 ? .unnecessary : .deprecated } },
                relatedInformation: maybe { (0..<Int(rng.next() % 3)).map { _ in
                    DiagnosticRelatedInformation(location: Location(uri: text(), range: range()), message: text())
                } },
                data: maybe { ["documents": .array([.string(text()), .string(text())]), "b": [.number(1), ["z": .null, "a": .bool(true)]]] })
        }
        for version in [nil, 0, 7, -2] as [Int?] {
            let params = PublishDiagnosticsParams(uri: "file:///notes/" + text(), version: version, diagnostics: diagnostics)
            #expect(params.encodedJSON() == JSON.serialize(params.json))
            let direct = JSONRPCMessage.encodeNotification(method: "textDocument/publishDiagnostics", encodedParams: params.encodedJSON())
            #expect(direct == JSONRPCMessage.notification(method: "textDocument/publishDiagnostics", params: params.json).encode())
        }
    }

    @Test(arguments: [RequestID.number(0), .number(7), .number(-3), .string("anno-1"), .string("квота \"q\"")])
    func aResponseAroundWrittenJSONIsTheResponseMessage(id: RequestID) {
        let list = CompletionList(isIncomplete: true, items: Self.items(seed: 99))
        let direct = JSONRPCMessage.encodeResponse(id: id, encodedResult: list.encodedJSON())
        #expect(direct == JSONRPCMessage.response(id: id, result: list.json, error: nil).encode())
    }
}
