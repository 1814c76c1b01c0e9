import Testing
@testable import AnnoSyntax

/// Titles exactly as archives give them (from ../shared/data/archive-documents.json): brackets,
/// straight and curly quotes, commas, semicolons, periods, hyphens.
let realDocuments: [(date: String, title: String)] = [
    ("1967-11-24", "Economic Cooperation Division [Ministry of Foreign Affairs, Japan], 'Main Points of Meeting Between Prime Minister Sato and National Defense Minister Chiang Ching-kuo'"),
    ("1967-11-18", "Asian Affairs Bureau [Ministry of Foreign Affairs, Japan], 'The Chinese Communist Problem'"),
    ("1967-11-06", "Petition on Opposition to the Coming to Japan of Taiwan’s National Defense Minister Chiang"),
    ("1967-11", "Statement of Nakajima Kenzo, Chairman of the Board, Opposing the Visit of Prime Minister Sato to the United States and Protesting the Coming to Japan of Chiang Ching-kuo"),
    ("1997-10-31", "The Chancellor's [Helmut Kohl's] Meeting with British PM Blair on 20 October 1997, 10.30 a.m. - 3 p.m. in Chequers"),
    ("1997-10-22", "The Chancellor's [Helmut Kohl's] Conversation with Portuguese Prime Minister Guterres on 17 October 1997, 10 a.m. - 11.15 a.m."),
    ("1997-05-12", "The Chancellor's [Helmut Kohl's] Conversation with Kazakhstan's President Nazarbayev on Saturday, 10 May 1997, 2.30 p.m. - 3.45 p.m. in Almaty"),
    ("1996-09-12", "The Chancellor's [Helmut Kohl's] Telephone Conversation with Polish President Kwasniewski on Thursday, 12 September 1996, 9.30 hours"),
    ("1989-12-06", "Report of the Hungarian Ministry of Foreign Affairs [F. Somogyi] for the Council of Ministers about the Meeting of the leaders of the Warsaw Pact on 4 December"),
    ("1945-10-16", "TASS Digest Distributed to Cde. I.V. Stalin and Cde. C.M. Molotov, 'The Anti-Soviet Fabrications of a Mexican Newspaper; Etc.'"),
    ("1944-05-19", "Djilas's First Conversation with Stalin"),
    ("1958", "Letter to the Deputy Chairman of the Soviet Committee of the MGG, Prof. Pushkov"),
    ("1981-06", "Office of the Historian Research Project on Department of State Publication of Foreign Government Documents, June 1981"),
]

@Suite("NoteParser: real titles")
struct RealTitleTests {
    @Test(arguments: realDocuments.map { [$0.date, $0.title] })
    func citedOnOneLine(_ document: [String]) {
        let (date, title) = (document[0], document[1])
        let citation = "[[\(date) | \(title) | p. 3]]"
        check("As \"the record\" shows, \(citation), and more.",
              "«\(citation)» \"\(date)\" \"\(title)\" \"p. 3\"")
    }

    @Test(arguments: realDocuments.map { [$0.date, $0.title] })
    func citedWithATitleEndingInABracket(_ document: [String]) {
        let (date, title) = (document[0], document[1] + " [draft]")
        check("[[\(date) | \(title)]]", "«[[\(date) | \(title)]]» \"\(date)\" \"\(title)\"")
    }

    /// Every title hard-wrapped as prose editors wrap it, with LF and with CRLF: the parts come
    /// back exactly, and their ranges cover the wrapped text.
    @Test(arguments: ["\n", "\r\n", "\n    "])
    func citedHardWrapped(_ lineBreak: String) throws {
        var note = "# Notes\n\nSome prose before the citations.\n"
        for (date, title) in realDocuments {
            note += "Cited [[\(date) | \(wrap(title, width: 30, lineBreak: lineBreak)) | p.\(lineBreak)3]].\(lineBreak)"
        }
        let bytes = Array(note.utf8)
        let parsed = NoteParser.parse(bytes)
        checkInvariants(bytes, parsed)
        try #require(parsed.citations.count == realDocuments.count)
        for (citation, document) in zip(parsed.citations, realDocuments) {
            #expect(citation.isClosed)
            #expect(citation.parts.map(\.text) == [document.date, document.title, "p. 3"])
            let raw = String(decoding: bytes[citation.parts[1].range], as: UTF8.self)
            #expect(raw == wrap(document.title, width: 30, lineBreak: lineBreak))
        }
    }

    /// Breaks `text` at spaces so no line is much longer than `width`.
    func wrap(_ text: String, width: Int, lineBreak: String) -> String {
        var out = "", lineLength = 0
        for word in text.split(separator: " ") {
            if lineLength > 0 && lineLength + word.count > width {
                out += lineBreak; lineLength = 0
            } else if lineLength > 0 {
                out += " "; lineLength += 1
            }
            out += word; lineLength += word.count
        }
        return out
    }
}
