import Testing
import AnnoJSON
import AnnoTestSupport

@Test func mutatedDocumentsParseOrThrowButNeverTrap() {
    let seed = Array(#"{"a": [1, -2.5e3, "x\u00e9\uD83D\uDE00\n", true, false, null], "ключ": {"c": "😀", "d": []}}"#.utf8)
    let interesting: [UInt8] = Array(#"{}[]",:\u0123456789-+.eE tfn"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xED, 0xF0, 0xFF]
    var rng = SeededRandom(seed: 42)
    var accepted = 0, rejected = 0
    for _ in 0..<3000 {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[position] = interesting.randomElement(using: &rng) ?? 0
            case 1: bytes.remove(at: position)
            default: bytes.insert(interesting.randomElement(using: &rng) ?? 0, at: position)
            }
        }
        do {
            let value = try JSON.parse(bytes)
            // Whatever parses must serialize to something that parses to the same value.
            #expect(try JSON.parse(JSON.serialize(value)) == value)
            accepted += 1
        } catch let error as JSONSyntaxError {
            #expect(error.offset >= 0 && error.offset <= bytes.count)
            #expect(error.line >= 1 && error.column >= 1)
            rejected += 1
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }
    #expect(accepted > 0 && rejected > 0)
}
