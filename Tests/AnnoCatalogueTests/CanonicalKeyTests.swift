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
