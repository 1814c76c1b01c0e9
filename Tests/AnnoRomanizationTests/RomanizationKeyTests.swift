import AnnoRomanization
import Foundation
import Testing

/// The key of a name of several words: the words' keys run together, as a title's words are
/// compared one by one and a Hangul word spans several of them.
func nameKey(_ name: String) -> String {
    words(name).map { RomanizationKey.key($0) }.joined()
}

func words(_ text: String) -> [String] {
    text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
}

/// The spellings of one name that archives, libraries and newspapers use meet under one key.
@Suite struct RomanizationKeyTests {
    /// McCune–Reischauer, Revised Romanization, their common simplifications and Hangul.
    static let koreanNames: [[String]] = [
        ["Pak Seong-cheol", "Pak Song-chol", "Park Sung-chul", "Pak Sŏng-ch'ŏl", "Bak Seongcheol", "박성철"],
        ["Kim Il Sung", "Kim Il-sŏng", "Kim Il-seong", "Gim Il-seong", "Kim Ilsung", "김일성"],
        ["Park Chung Hee", "Pak Chŏng-hŭi", "Bak Jeong-hui", "박정희"],
        ["Kim Dae-jung", "Kim Tae-chung", "Gim Dae-jung", "김대중"],
        ["Chun Doo Hwan", "Jeon Du-hwan", "Chŏn Tu-hwan", "전두환"],
        ["Yoon Suk Yeol", "Yun Seok-yeol", "Yun Sŏk-yŏl", "윤석열"],
        ["Lee Myung-bak", "I Myeong-bak", "Yi Myŏng-bak", "Rhee Myong-bak", "이명박"],
        ["Roh Tae-woo", "No Tae-u", "노태우"],
        ["Moon Jae-in", "Mun Jae-in", "Mun Chae-in", "문재인"],
        ["Kim Yong-sam", "Kim Young-sam", "Gim Yeong-sam", "김영삼"],
        ["Kwon", "Gwon", "Kwŏn", "권"],
    ]

    @Test(arguments: koreanNames)
    func koreanSpellingsOfOneNameShareAKey(_ spellings: [String]) {
        let expected = nameKey(spellings[0])
        for s in spellings { #expect(nameKey(s) == expected, "\(s) → \(nameKey(s)), \(spellings[0]) → \(expected)") }
    }

    /// The issue's examples: systems (Shtykov, Štykov), old spellings (Shtykoff), the endings
    /// of -ий (-ii, -iy, -y, -ij), ë / yo / e, and Cyrillic typed as is.
    @Test func russianSpellingsOfOneNameShareAKey() {
        let groups: [[String]] = [
            ["Shtykov", "Štykov", "Shtykoff", "Shtȳkov", "Штыков"],
            ["Puzanov", "Pouzanov", "Пузанов"],
            ["Vyshinskii", "Vyshinskiy", "Vyshinsky", "Vyšinskij", "Vyshinskijj", "Вышинский"],
            ["Khrushchev", "Khrushchyov", "Khrushchëv", "Khruschev", "Hruščëv", "Хрущёв", "Хрущев"],
            ["Semenov", "Semyonov", "Semënov", "Semionov", "Семёнов"],
            ["Dmitri", "Dmitriy", "Dmitrii", "Dmitrij", "Дмитрий"],
            ["Yeltsin", "Eltsin", "El'tsin", "Ельцин"],
            ["Gorbachev", "Gorbachyov", "Gorbačëv", "Горбачёв"],
            ["Mikhailovich", "Mikhaylovich", "Mihajlovič", "Mixajlovich", "Mikhajjlovich", "Михайлович"],
            ["Aleksandr", "Alexandr", "Александр"],
        ]
        for group in groups {
            let expected = RomanizationKey.key(group[0])
            for s in group { #expect(RomanizationKey.key(s) == expected, "\(s) → \(RomanizationKey.key(s)), \(group[0]) → \(expected)") }
        }
    }

    /// Letters swapped, or changed by a French or German system: one edit apart, so "near",
    /// never equal.
    @Test func oneEditApartIsNearNotEqual() {
        for (a, b) in [("Shytkov", "Shtykov"), ("Chtykov", "Shtykov"), ("Dimitry", "Dmitriy"), ("Khrouchtchev", "Khrushchev"),
                       ("Vychinskii", "Vyshinsky"), ("Hruŝëv", "Khrushchev"), ("Khrushhjov", "Khrushchev")] {
            let ka = RomanizationKey.key(a), kb = RomanizationKey.key(b)
            #expect(ka != kb, "\(a) and \(b) should not share a key")
            #expect(RomanizationKey.isNear(ka, kb), "\(a) (\(ka)) should be near \(b) (\(kb))")
        }
    }

    /// Different people stay apart: short names are never "near" each other.
    @Test func differentNamesStayApart() {
        let distinct = ["Kim", "Kang", "Pak", "Puzanov", "Kapto", "Stalin", "Shtykov", "Gromyko", "Tkachenko", "Meretskov",
                        "Sung", "Sang", "Song-chol", "Molotov", "Malenkov", "Brezhnev", "Kosygin"]
        var seen: [String: String] = [:]
        for name in distinct {
            let k = nameKey(name)
            #expect(seen[k] == nil, "\(name) shares the key \(k) with \(seen[k] ?? "")")
            seen[k] = name
        }
        #expect(!RomanizationKey.isNear(RomanizationKey.key("Sung"), RomanizationKey.key("Sang")))
        #expect(!RomanizationKey.isNear(RomanizationKey.key("Molotov"), RomanizationKey.key("Malenkov")))
    }

    /// shared/data/translit/russian_name_variants_sample.json: each name as 29 transliteration
    /// schemas write it. Every spelling meets the Cyrillic word by word, equal or one edit apart.
    @Test func everySchemaSpellingMeetsTheCyrillic() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try SharedFiles.path("data/translit/russian_name_variants_sample.json")))
        let names = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String]]])
        #expect(names.count >= 10)
        var same = 0, near = 0
        for (cyrillic, spellings) in names {
            let expected = words(cyrillic).map { RomanizationKey.key($0) }
            for (spelling, schemas) in spellings {
                // GOST 7034 writes ё as "jo" at the start of a word, where "j" reads as Korean ㅈ
                // (spec/romanization.md, "What the rules do not reach").
                if spelling == "Pak Khon Jon" { continue }
                let got = words(spelling.replacingOccurrences(of: "`", with: "")).map { RomanizationKey.key($0) }
                try #require(got.count == expected.count, "\(spelling) (\(schemas.joined(separator: ", ")))")
                for (g, e) in zip(got, expected) {
                    if g == e { same += 1 } else {
                        near += 1
                        #expect(RomanizationKey.isNear(g, e), "\(spelling) (\(schemas.joined(separator: ", "))): \(g) vs \(e)")
                    }
                }
            }
        }
        #expect(same > near * 5, "most spellings should share the key exactly (\(same) same, \(near) near)")
    }

    /// shared/data/translit/korean: Revised Romanization and McCune–Reischauer side by side.
    /// Every vowel agrees; consonant transitions agree except where a Russian-style cluster
    /// (t+s, t+j, l+h) appears across a syllable boundary.
    @Test func revisedRomanizationAndMcCuneReischauerAgree() throws {
        let rows = try SharedFiles.text("data/translit/korean/jamo_romanization_rr_mr_yale.tsv")
            .split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0.count >= 6 }
        #expect(rows.count > 500)
        var disagreeing: [String] = []
        for row in rows {
            let rr = row[3], mr = row[5]
            if RomanizationKey.key(rr) == RomanizationKey.key(mr) { continue }
            #expect(row[0] == "boundary", "vowel \(row[1]): \(rr) vs \(mr)")
            disagreeing.append(rr)
        }
        for rr in disagreeing {
            #expect(rr.contains("ts") || rr.contains("tj") || rr.contains("lh") || rr.contains("lph"), "\(rr)")
        }
        #expect(disagreeing.count * 20 < rows.count)
    }
}

/// Hangul and Cyrillic become Latin letters by rule and by table.
@Suite struct LatinizerTests {
    @Test func hangulSyllablesDecomposeAndRomanize() {
        #expect(Latinizer.latin("김일성") == "gimilseong")
        #expect(Latinizer.latin("박성철") == "bakseongcheol")
        #expect(Latinizer.latin("윤석열") == "yunseokyeol")
        #expect(Latinizer.latin("\u{1100}\u{1175}\u{11B7}") == "gim")          // 김 decomposed (NFD)
        #expect(Latinizer.latin("ㅍ") == "p")                                   // a lone jamo while typing
        #expect(Hangul.splitSyllables("김일성") == ["김", "일", "성"])
    }

    @Test func everyHangulSyllableRomanizes() {
        for v in UInt32(0xAC00)...UInt32(0xD7A3) {
            guard let s = Unicode.Scalar(v) else { continue }
            let latin = Latinizer.latin(String(s))
            #expect(!latin.isEmpty && latin.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }, "U+\(String(v, radix: 16))")
        }
    }

    @Test func cyrillicTransliteratesByTable() {
        #expect(Latinizer.latin("Пузанов") == "puzanov")
        #expect(Latinizer.latin("ШТЫКОВ") == "shtykov")
        #expect(Latinizer.latin("Хрущёв") == "khrushchyov")
        #expect(Latinizer.latin("Ельцин") == "eltsin")
        #expect(Latinizer.latin("Юлия") == "yuliya")
        #expect(Latinizer.latin("Київ") == "kiyiv")
    }

    @Test func latinLosesItsMarks() {
        #expect(Latinizer.latin("Kim Il-sŏng") == "kimilsong")
        #expect(Latinizer.latin("Vyšinskij") == "vysinskij")
        #expect(Latinizer.latin("Łódź") == "lodz")
        #expect(Latinizer.latin("Straße") == "strasse")
        #expect(Latinizer.latin("Ch'ŏl") == "chol")
        #expect(Latinizer.latin("t͡s") == "ts")
    }
}

/// The word-level index: what a query word finds, and how.
@Suite struct RomanizationIndexTests {
    let index = RomanizationIndex(words: ["shytkov", "puzanov", "pak", "seong", "cheol", "stalin", "kim", "il", "sung", "cable"])

    func found(_ word: String, prefixes: Bool = false) -> Set<String> {
        Set(index.words(in: index.variants(of: word, prefixes: prefixes)))
    }

    @Test func equalKeysAndNearKeys() throws {
        #expect(found("Пузанов") == ["puzanov"])
        #expect(found("Park") == ["pak"])
        #expect(found("Sŏng") == ["seong", "sung"])
        #expect(found("Shtykov") == ["shytkov"])
        #expect(found("Molotov").isEmpty)
        let v = index.variants(of: "Shtykov", prefixes: false)
        let id = try #require(index.keyID(ofWord: "shytkov"))
        #expect(v.match(id) == .near)
        #expect(index.variants(of: "Pouzanov", prefixes: false).match(try #require(index.keyID(ofWord: "puzanov"))) == .sameKey)
    }

    @Test func prefixesWhileTyping() throws {
        #expect(found("Пуза", prefixes: true) == ["puzanov"])
        #expect(found("Пуза", prefixes: false).isEmpty)
        let v = index.variants(of: "Пуза", prefixes: true)
        #expect(v.match(try #require(index.keyID(ofWord: "puzanov"))) == .keyPrefix)
        #expect(found("П", prefixes: true).isEmpty, "one letter is not enough to suggest anything")
    }
}

/// Any text gives a key, without trapping: mixed scripts, marks, lone jamo, controls.
@Suite struct RomanizationFuzzTests {
    @Test func anyTextGivesAKey() {
        let pieces = ["a", "Ш", "щ", "ё", "й", "한", "\u{1100}", "\u{1161}", "\u{11A8}", "ㄱ", "ㅏ", "\u{0301}", "ŏ", "ß", "ʹ", "1", " ",
                      "\u{0}", "😀", "jj", "shch", "w", "r", "h", "oo", "\u{FFFD}", "ǅ", "Ⅻ"]
        var state: UInt64 = 5
        let index = RomanizationIndex(words: ["shytkov", "puzanov", "kim"])
        for _ in 0..<5_000 {
            var s = ""
            for _ in 0..<Int(state % 9) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                s += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            let key = RomanizationKey.key(s)
            #expect(key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }, "\(s) → \(key)")
            _ = RomanizationKey.skeleton(key)
            _ = index.words(in: index.variants(of: s, prefixes: true))
        }
    }
}
