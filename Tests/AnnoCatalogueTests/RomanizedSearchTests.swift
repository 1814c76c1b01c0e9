import AnnoCatalogue
import AnnoSyntax
import Foundation
import Testing

/// Names in every romanization, in completion and "did you mean" (spec/romanization.md), on the
/// seed titles and on real romanized names.
@Suite struct RomanizedSearchTests {
    static let bundled = CatalogueIndex(catalogues: [CatalogueLoader.bundled])
    static let puzanov = "wilson:1960-05-02-puzanov-journal"
    static let cable = "wilson:1947-05-12-cable-121973"
    static let gromyko = "wilson:1967-11-20-gromyko-pak-seong-cheol"
    static let kapto = "wilson:1996-kapto-recollections"
    static let tkachenko = "wilson:1960-06-17-tkachenko-korean-peninsula"

    func complete(_ typed: String, in index: CatalogueIndex = bundled, date: String = "") -> [String] {
        index.search(CatalogueQuery(datePrefix: date, titleText: typed), limit: 20).results.map { index[$0.document].id }
    }

    func suggest(_ title: String, in index: CatalogueIndex = bundled, date: String? = nil) -> [String] {
        let d: PartialDate? = date.map { PartialDate.parse($0) }
        return index.suggestions(forTitle: title, date: d).map { index[$0.document].id }
    }

    /// `[[Пузанов` completes to the Puzanov journal, and so does every prefix from three letters.
    @Test func cyrillicCompletesToTheRomanizedTitle() {
        #expect(complete("Пузанов") == [RomanizedSearchTests.puzanov])
        for n in 3...7 {
            #expect(complete(String("Пузанов".prefix(n))).first == RomanizedSearchTests.puzanov, "Пузанов.prefix(\(n))")
        }
        #expect(complete("Громыко") == [RomanizedSearchTests.gromyko])
        #expect(complete("Капто") == [RomanizedSearchTests.kapto])
        #expect(complete("Ткаченко") == [RomanizedSearchTests.tkachenko])
        #expect(complete("Штыков").first == RomanizedSearchTests.cable, "Штыков is one edit from the archive's Shytkov")
        #expect(complete("Меретсков Сталин") == [RomanizedSearchTests.cable])
    }

    @Test func hangulCompletesToTheRomanizedTitle() {
        #expect(complete("박성철") == [RomanizedSearchTests.gromyko])
        #expect(complete("박성").first == RomanizedSearchTests.gromyko)
        #expect(complete("Gromyko 박성철") == [RomanizedSearchTests.gromyko])
    }

    @Test func otherRomanizationsComplete() {
        for typed in ["Pak Song-chol", "Park Sung-chul", "Pak Sŏng-ch'ŏl", "Pouzanov", "Shtykov", "Štykov", "Shtykoff", "Tkatchenko", "Meretzkov"] {
            #expect(!complete(typed).isEmpty, "\(typed)")
        }
        #expect(complete("Park Sung-chul").first == RomanizedSearchTests.gromyko)
        #expect(complete("Shtykoff").first == RomanizedSearchTests.cable)
        #expect(complete("Pouzanov 1960").first == RomanizedSearchTests.puzanov)
    }

    /// A word spelled as typed ranks above the same name spelled another way.
    @Test func exactWordsRankAboveVariants() {
        let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled, catalogue("Extra", [
            ("shtykov-note", "1946-09", "Note for Comrade Shtykov"),
            ("park-visit", "1961-11-13", "Chairman Park (Korea)"),
        ])])
        #expect(complete("Shtykov", in: index) == ["shtykov-note", RomanizedSearchTests.cable])
        #expect(complete("Shytkov", in: index) == [RomanizedSearchTests.cable, "shtykov-note"])
        #expect(complete("Park", in: index) == ["park-visit", RomanizedSearchTests.gromyko])
        #expect(complete("Pak", in: index) == [RomanizedSearchTests.gromyko, "park-visit"])
        // The existing matches keep their order: "puza" is a word start, found as before.
        #expect(complete("puza", in: index) == [RomanizedSearchTests.puzanov])
    }

    /// "Did you mean": a citation that spells a name another way is pointed at the document.
    @Test func suggestionsUnderstandRomanizations() {
        #expect(suggest("Cable No. 121973, Meretskov and Shtykov to Cde. Stalin").first == RomanizedSearchTests.cable)
        #expect(suggest("Cable No. 121973, Мерецков and Штыков to Cde. Stalin").first == RomanizedSearchTests.cable)
        let gromyko = "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade "
        for name in ["Pak Song-chol", "Park Sung-chul", "Pak Sŏng-ch'ŏl", "박성철"] {
            #expect(suggest(gromyko + name) == [RomanizedSearchTests.gromyko], "\(name)")
        }
        #expect(suggest("Journal of Soviet Ambassador in the DPRK A.M. Pouzanov for 2 May 1960").first == RomanizedSearchTests.puzanov)
    }

    // MARK: - Real romanized names

    static let visits: CatalogueIndex? = {
        guard let path = try? SharedFiles.path("data/foreign-leader-visits.json"), let bytes = try? SharedFiles.bytes(path) else { return nil }
        return CatalogueIndex(catalogues: [CatalogueLoader.load(bytes: bytes, path: path, defaultName: "visits")])
    }()

    /// shared/data/foreign-leader-visits.json: 3,264 visits with names as the State Department
    /// spelled them. Typed in Hangul or Cyrillic, or in another romanization, they are found.
    @Test(arguments: [
        ("박정희", "President Park Chung Hee (Korea)"),
        ("전두환", "President Chun Doo Hwan (Korea)"),
        ("노태우", "President Roh Tae-woo (Korea)"),
        ("김대중", "President Kim Dae-jung (Korea)"),
        ("김영삼", "President Kim Yong-sam (Korea)"),
        ("이명박", "President Lee Myung-bak (Korea)"),
        ("윤석열", "President Yoon Suk Yeol (Korea)"),
        ("문재인", "President Moon Jae-in (Korea, South)"),
        ("Bak Jeong-hui", "President Park Chung Hee (Korea)"),
        ("Jeon Du-hwan", "President Chun Doo Hwan (Korea)"),
        ("Хрущёв", "Premier Khrushchev (U.S.S.R.)"),
        ("Горбачёв", "General Secretary Mikhail S. Gorbachev (U.S.S.R.)"),
        ("Ельцин", "President Boris N. Yeltsin (Russia)"),
        ("Косыгин", "Chairman Aleksei N. Kosygin (U.S.S.R.)"),
        ("Khrushchyov", "Premier Khrushchev (U.S.S.R.)"),
        ("Dmitriy Medvedev", "President Dmitriy Medvedev (Russia)"),
    ])
    func realNamesAreFoundInEveryRomanization(typed: String, title: String) throws {
        let index = try #require(RomanizedSearchTests.visits)
        let found = index.search(CatalogueQuery(datePrefix: "", titleText: typed), limit: 20).results.map { index[$0.document].title }
        #expect(found.contains(title), "\(typed): \(found.prefix(5))")
    }

    /// The State Department itself spells Medvedev's first name three ways; each finds all.
    @Test func oneNameSpelledThreeWaysInOneCatalogue() throws {
        let index = try #require(RomanizedSearchTests.visits)
        for typed in ["Dmitri", "Dimitry", "Dmitriy", "Дмитрий"] {
            let titles = Set(index.search(CatalogueQuery(datePrefix: "", titleText: typed + " Medvedev"), limit: 50).results.map { index[$0.document].title })
            #expect(titles.isSuperset(of: ["President Dmitri Medvedev (Russia)", "President Dimitry Medvedev (Russia)", "President Dmitriy Medvedev (Russia)"]), "\(typed)")
        }
    }
}
