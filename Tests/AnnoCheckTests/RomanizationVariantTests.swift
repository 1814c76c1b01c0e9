import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import Testing

/// A citation that spells a name in another romanization is never clean: at best a
/// `title-variant` (when only case, marks or punctuation differ), otherwise `unknown-document`
/// whose "did you mean" names the document, and whose fix, when there is one, writes the
/// catalogue's spelling (spec/romanization.md).
@Suite struct RomanizationVariantTests {
    /// Seed titles with one name spelled another way: (document id, date, title as cited).
    static let variants: [(String, String, String)] = {
        let seeds: [(id: String, date: String, title: String, name: String, spellings: [String])] = [
            ("wilson:1947-05-12-cable-121973", "1947-05-12", "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin",
             "Shytkov", ["Shtykov", "Štykov", "Shtykoff", "Штыков", "Chtykov"]),
            ("wilson:1947-05-12-cable-121973", "1947-05-12", "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin",
             "Meretskov", ["Meretzkov", "Mereckov", "Мерецков"]),
            ("wilson:1960-05-02-puzanov-journal", "1960-05-02", "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960",
             "Puzanov", ["Pouzanov", "Пузанов"]),
            ("wilson:1967-11-20-gromyko-pak-seong-cheol", "1967-11-20",
             "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade Pak Seong-cheol",
             "Pak Seong-cheol", ["Pak Song-chol", "Park Sung-chul", "Pak Sŏng-ch'ŏl", "Bak Seongcheol", "박성철", "Pak Seong cheol"]),
            ("wilson:1967-11-20-gromyko-pak-seong-cheol", "1967-11-20",
             "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade Pak Seong-cheol",
             "Gromyko", ["Громыко", "Gromȳko"]),
            ("wilson:1996-kapto-recollections", "1996", "Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto",
             "Aleksandr", ["Alexandr", "Alexander", "Александр"]),
            ("wilson:1960-06-17-tkachenko-korean-peninsula", "1960-06-17", "Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests'",
             "Tkachenko", ["Tkatchenko", "Tkačenko", "Ткаченко"]),
        ]
        var out: [(String, String, String)] = []
        for seed in seeds {
            for spelling in seed.spellings {
                out.append((seed.id, seed.date, seed.title.replacingOccurrences(seed.name, with: spelling)))
            }
        }
        return out
    }()

    @Test func aVariantSpellingIsNeverClean() throws {
        let checker = makeChecker()
        #expect(RomanizationVariantTests.variants.count >= 20)
        for (id, date, title) in RomanizationVariantTests.variants {
            let text = "[[\(date) | \(title)]]"
            let diagnostics = checker.check(text).diagnostics
            let d = try #require(diagnostics.first, "\(title) checked clean")
            #expect(d.code == .unknownDocument || d.code == .titleVariant, "\(title): \(d.code)")
            #expect(d.related.first?.id == id, "\(title): related \(d.related.map(\.id))")
            if let fix = d.fix {
                #expect(checker.check(apply(fix, to: text)).diagnostics.isEmpty, "\(title): the fix should leave the citation clean")
            }
        }
        // Most variants are clear enough for a fix.
        let fixed = RomanizationVariantTests.variants.filter { checker.check("[[\($0.1) | \($0.2)]]").diagnostics.first?.fix != nil }
        #expect(fixed.count * 10 >= RomanizationVariantTests.variants.count * 9, "\(fixed.count) of \(RomanizationVariantTests.variants.count) have a fix")
    }

    /// The archive's own spelling stays the only clean one.
    @Test func theCataloguesSpellingIsClean() {
        let checker = makeChecker()
        #expect(checker.check("[[1947-05-12 | Cable No. 121973, Meretskov and Shytkov to Cde. Stalin]]").diagnostics.isEmpty)
        let message = checker.check("[[1947-05-12 | Cable No. 121973, Meretskov and Shtykov to Cde. Stalin]]").diagnostics.map(\.message)
        #expect(message == ["no document titled 'Cable No. 121973, Meretskov and Shtykov to Cde. Stalin' in the catalogue; did you mean 'Cable No. 121973, Meretskov and Shytkov to Cde. Stalin' (1947-05-12)?"])
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard let r = firstRange(of: target) else { return self }
        return String(self[..<r.lowerBound]) + replacement + String(self[r.upperBound...])
    }
}
