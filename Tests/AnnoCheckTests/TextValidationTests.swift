import AnnoCheck
import AnnoSyntax
import Testing

/// `firstInvalidUTF8` takes common sequences on a fast path and `binaryContent` uses memchr:
/// both must say what the plain definitions say, on any bytes.
@Suite struct TextValidationTests {
    /// The definition: step through with the decoder's rules, counting invalid subparts.
    func reference(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        var first: Int?, count = 0, i = 0
        while i < bytes.count {
            let (len, valid) = UTF8Sequence.length(bytes, at: i, end: bytes.count)
            if !valid { first = first ?? i; count += 1 }
            i += len
        }
        return first.map { ($0, count) }
    }

    @Test func invalidUTF8IsFoundAsTheDecoderFindsIt() {
        var state: UInt64 = 12345
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        let pieces: [[UInt8]] = [[0x41], [0xD0, 0x9F], [0xEA, 0xB0, 0x80], [0xED, 0x9E, 0xA3], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80],
                                 [0xE0, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x80], [0xC2], [0xE1, 0x80], [0x80], [0xFF], [0xC0, 0xAF],
                                 [0xEF, 0xBF, 0xBD], [0xF4, 0x90, 0x80, 0x80], [0x0A], [0]]
        for _ in 0..<5000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(next() % 12) { bytes += pieces[Int(next() % UInt64(pieces.count))] }
            let got = TextValidation.firstInvalidUTF8(bytes), expected = reference(bytes)
            #expect(got?.offset == expected?.offset && got?.count == expected?.count, "\(bytes)")
            #expect(TextValidation.binaryContent(bytes) == bytes.prefix(8192).firstIndex(of: 0), "\(bytes)")
        }
        #expect(TextValidation.binaryContent([UInt8](repeating: 0x41, count: 9000) + [0]) == nil)
        #expect(TextValidation.binaryContent([]) == nil)
    }
}
