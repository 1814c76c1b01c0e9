import AnnoTestSupport
import Foundation
import Testing
@testable import AnnoCatalogue

/// Lookups skip Foundation's normalization for text that is surely NFC already; text that is
/// not (decomposed accents, Hangul jamo) must still hash as its NFC form does.
@Suite struct CanonicalKeyTests {
    @Test func composedLatinCyrillicAndHangulAreSurelyNFC() {
        #expect(CanonicalKey.isSurelyNFC("Record of Conversation — “Puzanov”, No. 48213"))
        #expect(CanonicalKey.isSurelyNFC("Запись беседы посла А.М. Пузанова с Ким Ир Сеном № 5"))
        #expect(CanonicalKey.isSurelyNFC("내각 외무성 문서 제1065553호 (Pak Seong-cheol)"))
        #expect(CanonicalKey.isSurelyNFC("Café"))
    }

    @Test func decomposedTextIsNotAndHashesAsItsNFCForm() {
        let pairs = ["Cafe\u{301}", "\u{1100}\u{1161}\u{11A8} 문서", "Ки\u{306}м", "\u{212B}ngstr\u{F6}m"]
        for text in pairs {
            #expect(!CanonicalKey.isSurelyNFC(text), "\(text)")
            #expect(CanonicalKey.hash(text) == CanonicalKey.hash(text.precomposedStringWithCanonicalMapping), "\(text)")
        }
    }
}

/// `TitleKey.isAlreadyExact` reads plain ASCII eight bytes at a time; it must answer as the
/// byte-by-byte definition does, wherever spaces, controls and Unicode spaces fall.
@Suite struct AlreadyExactTests {
    /// The definition, one byte at a time.
    static func reference(_ title: String) -> Bool {
        let b = Array(title.utf8)
        var previousSpace = true
        for (i, c) in b.enumerated() {
            if c == 0x20 {
                if previousSpace { return false }
                previousSpace = true
                continue
            }
            previousSpace = false
            if c >= 0x09 && c <= 0x0D { return false }
            let c1: UInt8 = i + 1 < b.count ? b[i + 1] : 0, c2: UInt8 = i + 2 < b.count ? b[i + 2] : 0
            switch c {
            case 0xC2 where c1 == 0x85 || c1 == 0xA0: return false
            case 0xE1 where c1 == 0x9A && c2 == 0x80: return false
            case 0xE2 where c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF): return false
            case 0xE2 where c1 == 0x81 && c2 == 0x9F: return false
            case 0xE3 where c1 == 0x80 && c2 == 0x80: return false
            default: break
            }
        }
        return !previousSpace || b.isEmpty
    }

    @Test func agreesWithTheDefinitionOnRandomTitles() {
        let pieces = ["a", "Kim", "Il", " ", " ", " ", "  ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{1F}", "~", "!", "0",
                      "Пузанов", "평양", "\u{A0}", "\u{85}", "\u{2009}", "\u{3000}", "\u{202F}", "é", "№", "\u{7F}"]
        var rng = SeededRandom(seed: 6)   // reproducible: a failure names the same titles on every run
        for _ in 0..<20_000 {
            var title = ""
            for _ in 0..<Int.random(in: 0...24, using: &rng) { title += pieces.randomElement(using: &rng) ?? "" }
            #expect(TitleKey.isAlreadyExact(title) == Self.reference(title), "\(Array(title.utf8))")
        }
    }

    @Test func spacesAtTheEdgesOfEightByteRuns() {
        for text in ["abcdefg  hijklmnop", "abcdefgh ijklmnop", "abcdefgh  ijklmnop", " abcdefghijklmnop", "abcdefghijklmnop ",
                     "abcdefghijklmno p", "abcdefg hijklmno", "a b c d e f g h i", "abcdefghijklmnopqrstuvwx"] {
            #expect(TitleKey.isAlreadyExact(text) == Self.reference(text), "\(text)")
        }
    }
}
