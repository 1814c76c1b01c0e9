import Testing
@testable import AnnoSyntax

/// `anno check` finds citations with `citationSpans`, which skips what only the parts' text
/// needs; on any text it must find exactly what `parse` finds.
@Suite struct CitationSpanTests {
    @Test func spansAgreeWithParseOnRandomTexts() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet: [[UInt8]] = ["[", "[[", "]", "]]", "|", "\\", " ", "\t", "\n", "\r\n", "\n\n", "`", "```\n", "~~~\n", "x", "1960", "한", "Я"].map { Array($0.utf8) }
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 40) { bytes += alphabet[Int(next() % UInt64(alphabet.count))] }
            checkInvariants(bytes, NoteParser.parse(bytes))
        }
    }
}
