@testable import AnnoCatalogue
import AnnoSyntax
import Foundation
import Testing

/// Completion and "did you mean" rank exactly as before they compared word ids instead of
/// strings (SearchReference.swift holds the string-comparing versions): same documents, same
/// order, same scores, same completeness (for completion, whenever the candidates fit under the
/// cap; past it the search takes the best-matching ones first), on generated catalogues full of names spelled several
/// ways and on real ones. Set ANNO_EQUIVALENCE_CATALOGUE to a catalogue file to compare on it too.
@Suite struct SearchEquivalenceTests {
    /// Deterministic: xorshift.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    static let people = ["Kim Il Sung", "A.M. Puzanov", "A.M. Pouzanov", "А.М. Пузанов", "T.F. Shtykov", "T.F. Shytkov",
                         "Т.Ф. Штыков", "A.A. Gromyko", "Pak Seong-cheol", "Park Sung-chul", "Pak Sŏng-ch'ŏl", "박성철",
                         "Nam Il", "Kim Tu-bong", "Choe Yong-geon", "Choi Yong-kun", "N.S. Khrushchev", "Н.С. Хрущёв",
                         "Khrushchyov", "Mao Zedong", "V.I. Ivanov", "Peng Dehuai", "Kim Jong Il", "김정일", "L.I. Brezhnev",
                         "Syngman Rhee", "Lee Seung-man", "Park Chung Hee", "박정희", "Dmitri Medvedev", "Dimitry Medvedev",
                         "Tkachenko", "Tkatchenko", "Meretskov", "Meretzkov"]
    static let heads = ["Record of Conversation Between", "Cable from", "Journal of Soviet Ambassador", "Memorandum on",
                        "Report by", "Letter to", "Запись беседы посла", "Телеграмма из Пхеньяна", "내각 외무성 문서",
                        "평양 주재 소련 대사관 보고", "Note for Comrade", "Excerpts from the Diary of"]
    static let topics = ["the Seven-Year Plan", "the Chollima Movement", "Reunification of Korea", "Soviet Economic Aid",
                         "the August Plenum", "Grain Deliveries", "Trade Negotiations", "Border Incidents", "Kraków Talks",
                         "the Kaesong Talks", "Prisoners of War", "Pyongyang and Moscow", "экономика и помощь"]

    static func generated(_ n: Int, seed: UInt64) -> Catalogue {
        var r = Random(state: seed)
        var docs: [(String, String, String)] = []
        for i in 0..<n {
            let year = 1945 + r.int(50)
            let date: String
            switch r.int(10) {
            case 0: date = "\(year)"
            case 1: date = "\(year)-0\(1 + r.int(9))"
            default: date = "\(year)-0\(1 + r.int(9))-1\(r.int(9))"
            }
            var title = r.pick(heads) + " " + r.pick(people)
            if r.int(2) == 0 { title += " and " + r.pick(people) }
            title += " on " + r.pick(topics)
            if r.int(3) > 0 { title += ", No. \(r.int(3 * n))" }   // some numbers shared, most not
            docs.append(("gen-\(i)", date, title))
        }
        return catalogue("Generated", docs)
    }

    /// What people type: word starts, whole words, pairs, letters in order, other scripts, typos.
    static func completionQueries(_ index: CatalogueIndex, count: Int, seed: UInt64) -> [CatalogueQuery] {
        var r = Random(state: seed)
        var out: [CatalogueQuery] = []
        let typed = ["Пуза", "Пузанов", "박성", "박성철", "Shtykov", "Штыков", "pzn", "kchnk", "Park Sung", "Pak Song-chol",
                     "Khrushchev", "Хрущёв", "Dmitriy", "Дмитрий", "zzzz", "no", "1960", "of the", "puz", "pu", "p", "김",
                     "Pouzanov 1960", "Gromyko 박성철", "stykov", "Krakow", "Kraków", "Medvedev Dimitry", "ki", "seong cheol"]
        for t in typed {
            out.append(CatalogueQuery(datePrefix: "", titleText: t))
            out.append(CatalogueQuery(datePrefix: "1960", titleText: t))
        }
        while out.count < count {
            let d = DocumentIndex(r.int(index.count))
            let words = Array(index.titleWords(of: d))
            guard !words.isEmpty else { continue }
            let w = r.pick(words)
            var q = String(w.prefix(1 + r.int(max(1, w.count))))
            if r.int(4) == 0 { q = r.pick(words) + " " + q }
            if r.int(6) == 0, w.count > 3 {   // letters in order
                var s = Array(w); s.remove(at: 1); q = String(s)
            }
            let iso = index.isoDate(of: d)
            let date = [("", 4), (String(iso.prefix(4)), 2), (String(iso.prefix(7)), 1), (iso, 1)]
                .flatMap { Array(repeating: $0.0, count: $0.1) }
            out.append(CatalogueQuery(datePrefix: r.pick(date), titleText: q))
        }
        return out
    }

    /// Cited titles the catalogue does not have: a word dropped, a letter changed, a name spelled another way.
    static func unknownTitles(_ index: CatalogueIndex, count: Int, seed: UInt64) -> [(String, PartialDate?)] {
        var r = Random(state: seed)
        var out: [(String, PartialDate?)] = []
        let swaps = [("Puzanov", "Pouzanov"), ("Shtykov", "Штыков"), ("Pak Seong-cheol", "Park Sung-chul"), ("Kim Il Sung", "김일성"),
                     ("Khrushchev", "Хрущёв"), ("Medvedev", "Medvedeff")]
        while out.count < count {
            let d = DocumentIndex(r.int(index.count))
            var words = index.title(of: d).split(separator: " ").map(String.init)
            guard words.count > 1 else { continue }
            switch r.int(4) {
            case 0: words.remove(at: r.int(words.count))
            case 1:
                let k = r.int(words.count)
                var chars = Array(words[k])
                if chars.count > 3 { chars[1 + r.int(chars.count - 2)] = "x" }
                words[k] = String(chars)
            case 2:
                var t = words.joined(separator: " ")
                for (a, b) in swaps { t = t.replacingOccurrences(of: a, with: b) }
                words = t.split(separator: " ").map(String.init)
            default:
                words.swapAt(0, words.count - 1)
            }
            let date: PartialDate? = r.int(3) == 0 ? nil : index.date(of: d)
            out.append((words.joined(separator: " "), date))
        }
        out.append(("Minutes of the Politburo", nil))
        out.append(("", nil))
        return out
    }

    func expectSame(_ index: CatalogueIndex, completions: Int, suggestions: Int, seed: UInt64) {
        var compared = 0
        for query in SearchEquivalenceTests.completionQueries(index, count: completions, seed: seed) {
            if index.referenceCandidatesExceed(query, cap: CatalogueIndex.completionCandidateCap) { continue }
            compared += 1
            for limit in [1, 50] {
                let new = index.search(query, limit: limit), old = index.referenceSearch(query, limit: limit)
                #expect(new.results == old.results && new.isComplete == old.isComplete,
                        "\(query.datePrefix) | \(query.words) limit \(limit): \(new.results.prefix(3)) vs \(old.results.prefix(3))")
            }
        }
        #expect(compared > completions / 2)
        for (title, date) in SearchEquivalenceTests.unknownTitles(index, count: suggestions, seed: seed) {
            let new = index.suggestions(forTitle: title, date: date), old = index.referenceSuggestions(forTitle: title, date: date)
            #expect(new == old, "\(title) \(date?.iso ?? "-"): \(new) vs \(old)")
        }
    }

    @Test func generatedCatalogue() {
        let index = CatalogueIndex(catalogues: [CatalogueLoader.bundled, SearchEquivalenceTests.generated(2_000, seed: 7)])
        expectSame(index, completions: 400, suggestions: 150, seed: 11)
    }

    @Test func realNames() throws {
        let path = try SharedFiles.path("data/foreign-leader-visits.json")
        let index = CatalogueIndex(catalogues: [CatalogueLoader.load(bytes: try SharedFiles.bytes(path), path: path, defaultName: "visits")])
        expectSame(index, completions: 200, suggestions: 80, seed: 5)
    }

    @Test func catalogueFromTheEnvironment() throws {
        guard let path = ProcessInfo.processInfo.environment["ANNO_EQUIVALENCE_CATALOGUE"] else { return }
        let index = CatalogueIndex(catalogues: [CatalogueLoader.load(bytes: try SharedFiles.bytes(path), path: path, defaultName: "env")])
        expectSame(index, completions: 2_000, suggestions: 500, seed: 3)
    }
}
