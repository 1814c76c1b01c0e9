@testable import AnnoCatalogue
import AnnoRomanization
import AnnoSyntax

// The search and suggestions as they were before word-id scoring (commit a040118), kept to
// prove the faster ones rank exactly the same (SearchEquivalenceTests). Scores are 1.9/1.6/1.4
// and 0.9/0.8 as spec/romanization.md says.

extension CatalogueIndex {
    /// Ranked documents for a query, at most `limit`. Work is bounded by the query's rarest word
    /// (or the date neighbourhood), not by the catalogue.
    /// True when the query's candidates are more than `cap`: the search then scores a
    /// different (best-first) subset, so only smaller queries are compared.
    func referenceCandidatesExceed(_ query: CatalogueQuery, cap: Int) -> Bool {
        let words = reference_expandingHangul(query.words.filter { !$0.isEmpty })
        if words.isEmpty { return false }
        return reference_wordCandidates(words, reference_romanizedVariants(words, prefixes: true), cap: cap).1
    }

    func referenceSearch(_ query: CatalogueQuery, limit: Int) -> CatalogueSearchResult {
        let limit = max(1, limit)
        let cited: PartialDate? = {
            if case .valid(let d) = DateParser.parse(query.datePrefix) { return d }
            return nil
        }()
        let words = reference_expandingHangul(query.words.filter { !$0.isEmpty })
        let variants = reference_romanizedVariants(words, prefixes: true)
        var candidates: [DocumentIndex]
        var truncated = false
        if words.isEmpty {
            (candidates, truncated) = reference_dateNeighbourhood(prefix: query.datePrefix, count: limit)
        } else {
            (candidates, truncated) = reference_wordCandidates(words, variants, cap: 20_000)
        }
        let prefixBytes = Array(query.datePrefix.utf8)
        var scored: [ScoredDocument] = []
        scored.reserveCapacity(candidates.count)
        for d in candidates {
            var score = 0.0
            if !words.isEmpty {
                guard let w = reference_wordScore(words, variants, titleWords(of: d)) else { continue }
                score += w
            }
            score += reference_dateScore(d, prefix: query.datePrefix, prefixBytes, cited: cited)
            scored.append(ScoredDocument(document: d, score: score))
        }
        let total = scored.count
        scored.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            let ia = packedDate(of: a.document), ib = packedDate(of: b.document)
            if ia != ib { return ia < ib }
            return a.document < b.document
        }
        return CatalogueSearchResult(results: Array(scored.prefix(limit)), isComplete: !truncated && total <= limit)
    }

    func reference_dateScore(_ d: DocumentIndex, prefix: String, _ prefixBytes: [UInt8], cited: PartialDate?) -> Double {
        if prefix.isEmpty { return 0 }
        let packed = packedDate(of: d)
        if let cited {
            let docDate = PackedDate.unpack(packed)
            if docDate.agrees(with: cited) { return 10 }
            let days = abs(docDate.approximateDayNumber - cited.approximateDayNumber)
            return 5.0 / (1.0 + Double(days) / 30.0)
        }
        return PackedDate.isoHasPrefix(packed, prefixBytes) ? 10 : 0
    }

    /// Documents whose date starts with `prefix`, then the nearest dates on either side.
    func reference_dateNeighbourhood(prefix: String, count: Int) -> ([DocumentIndex], Bool) {
        let n = chronological.count
        if prefix.isEmpty { return (Array(chronological.prefix(count)), n > count) }
        let prefixBytes = Array(prefix.utf8)
        var lo = 0, hi = n
        while lo < hi {
            let mid = (lo + hi) / 2
            if PackedDate.isoLess(packedDate(of: chronological[mid]), than: prefixBytes) { lo = mid + 1 } else { hi = mid }
        }
        var out: [DocumentIndex] = []
        var right = lo, left = lo - 1
        while right < n && out.count < count && PackedDate.isoHasPrefix(packedDate(of: chronological[right]), prefixBytes) {
            out.append(chronological[right]); right += 1
        }
        let moreWithPrefix = right < n && PackedDate.isoHasPrefix(packedDate(of: chronological[right]), prefixBytes)
        while out.count < count && (left >= 0 || right < n) {
            if right < n { out.append(chronological[right]); right += 1 }
            if out.count < count && left >= 0 { out.append(chronological[left]); left -= 1 }
        }
        return (out, moreWithPrefix || out.count < n)
    }

    /// Candidates from the query word with the fewest documents; the others are checked per candidate.
    func reference_wordCandidates(_ words: [String], _ variants: [WordVariants], cap: Int) -> ([DocumentIndex], Bool) {
        var best: [DocumentIndex]? = nil
        var bestSize = Int.max
        for (k, word) in words.enumerated() {
            let range = vocabularyRange(prefix: word)
            var lists: [DocumentList] = range.map { postings(wordID: $0) }
            if lists.isEmpty {
                // No word starts with it: fall back to words containing it as a subsequence.
                lists = vocabulary.indices.filter { isSubsequence(word, of: vocabulary[$0]) }.map { postings(wordID: $0) }
            }
            lists += reference_romanizedPostings(variants[k])
            let size = lists.reduce(0) { $0 + $1.count }
            if size < bestSize {
                bestSize = size
                if lists.count == 1 { best = Array(lists[0]) }
                else {
                    var set = Set<DocumentIndex>()
                    for list in lists { for d in list { set.insert(d); if set.count >= cap { break } } }
                    best = set.sorted()
                }
            }
            if bestSize == 0 { break }
        }
        let result = best ?? []
        return (Array(result.prefix(cap)), result.count > cap || bestSize > cap)
    }

    /// Sum over query words of the best match in the title: whole word 3, word start 2, another
    /// romanization of it 1.9 to 1.4 (`RomanizedSearch`), letters in order inside a word 1; nil
    /// when a query word matches nothing. Earlier matches and shorter titles rank slightly higher.
    func reference_wordScore(_ query: [String], _ variants: [WordVariants], _ title: TitleWords) -> Double? {
        var total = 0.0
        var firstPosition = title.count
        for (k, q) in query.enumerated() {
            var best = 0.0
            var at = -1
            for (i, w) in title.enumerated() {
                let s: Double
                if w == q { s = 3 } else if w.hasPrefix(q) { s = 2 } else if q.count >= 2 && isSubsequence(q, of: w) { s = 1 } else { continue }
                if s > best { best = s; at = i }
                if s == 3 { break }
            }
            if best < CatalogueIndex.sameKeyScore, let v = reference_romanizedWordScore(variants[k], title), v.score > best {
                best = v.score
                at = v.position
            }
            if best == 0 { return nil }
            total += best
            firstPosition = min(firstPosition, at)
        }
        return total + 0.5 / Double(1 + firstPosition) + 0.2 / Double(1 + title.count)
    }
}


extension CatalogueIndex {
    /// Titles near an unknown one: sharing words (or near-misspelled words), preferring documents
    /// on the cited date. Scores lie in 0...1.1; `limit` best first.
    func referenceSuggestions(forTitle title: String, date: PartialDate?, limit: Int = 3) -> [ScoredDocument] {
        let queryWords = reference_expandingHangul(TitleKey.words(title))
        // A score is at most 2·|title| / (|query| + |title|) (+ 0.1 for the date), so a query of
        // more than five times the longest title's words cannot reach 0.45 below: answered at
        // once, not searched word by word (a pasted paragraph as a title was minutes per citation).
        if queryWords.count > 64 && queryWords.count > 5 * reference_longestTitleWordCount() { return [] }
        let variants = reference_romanizedVariants(queryWords, prefixes: false)
        var hits: [DocumentIndex: Int] = [:]
        let commonCutoff = max(1_000, count / 10)
        var skippedCommon: [String] = []
        // Rarest words first: they find the candidates; once there are enough, commoner words
        // only add to the counts of documents already found.
        let unique = Set(queryWords).sorted { (postings($0)?.count ?? 0, $0) < (postings($1)?.count ?? 0, $1) }
        for word in unique {
            if let list = postings(word) {
                if list.count > commonCutoff { skippedCommon.append(word); continue }
                if hits.count < 500 {
                    for d in list { hits[d, default: 0] += 1 }
                } else {
                    for d in list { if let count = hits[d] { hits[d] = count + 1 } }
                }
            } else if word.count >= 4 {
                for near in reference_vocabularyWords(within: word.count >= 8 ? 2 : 1, of: word) {
                    for d in (postings(near) ?? []).prefix(commonCutoff) { hits[d, default: 0] += 1 }
                }
            }
        }
        reference_addRomanizedHits(queryWords, variants, to: &hits, cutoff: commonCutoff)
        if hits.isEmpty {
            for word in skippedCommon { for d in (postings(word) ?? []).prefix(commonCutoff) { hits[d, default: 0] += 1 } }
        }
        if let date {
            for d in yearSlice(date.year).prefix(500) where self.date(of: d).agrees(with: date) {
                hits[d, default: 0] += 0
            }
        }
        // The best-connected candidates, by bucketing on hit count (at most one per query word):
        // linear in the candidates, where sorting them all was not.
        var buckets = [[DocumentIndex]](repeating: [], count: queryWords.count + 2)
        for (d, count) in hits { buckets[min(count, buckets.count - 1)].append(d) }
        var candidates: [(DocumentIndex, Int)] = []
        for count in stride(from: buckets.count - 1, through: 0, by: -1) where candidates.count < 40 {
            for d in buckets[count].sorted().prefix(40 - candidates.count) { candidates.append((d, count)) }
        }
        var scored: [ScoredDocument] = []
        for (d, _) in candidates {
            let title = Array(titleWords(of: d))
            var score = max(ReferenceTitleSimilarity.score(queryWords, title), reference_romanizedSimilarity(queryWords, variants, title))
            if let date {
                let docDate = self.date(of: d)
                if docDate.agrees(with: date) { score += 0.1 } else if docDate.year == date.year { score += 0.05 }
            }
            if score >= 0.45 { scored.append(ScoredDocument(document: d, score: score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
        return Array(scored.prefix(limit))
    }

    /// The most words any title has (a scan of the title word offsets; only long queries ask).
    func reference_longestTitleWordCount() -> Int {
        var longest = 0
        for k in titleWordOffsets.indices.dropFirst() {
            longest = max(longest, Int(titleWordOffsets[k] - titleWordOffsets[k - 1]))
        }
        return longest
    }

    /// Vocabulary words within `distance` edits of `word` (a scan of distinct words, not documents).
    func reference_vocabularyWords(within distance: Int, of word: String) -> [String] {
        let w = Array(word.utf8)
        var out: [String] = []
        for candidate in vocabulary {
            let c = candidate.utf8
            if abs(c.count - w.count) > distance { continue }
            if EditDistance.atMost(distance, w, Array(c)) { out.append(candidate) }
        }
        return out
    }
}


enum ReferenceTitleSimilarity {
    static func score(_ a: [String], _ b: [String]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        var used = [Bool](repeating: false, count: b.count)
        var matched = 0.0
        outer: for word in a {
            for (i, other) in b.enumerated() where !used[i] && other == word {
                used[i] = true
                matched += 1
                continue outer
            }
            let length = word.utf8.count
            guard length >= 4 else { continue }
            let limit = length >= 8 ? 2 : 1
            for (i, other) in b.enumerated() where !used[i] && abs(other.utf8.count - length) <= limit {
                if EditDistance.atMost(limit, Array(word.utf8), Array(other.utf8)) {
                    used[i] = true
                    matched += 0.8
                    continue outer
                }
            }
        }
        return 2 * matched / Double(a.count + b.count)
    }
}


extension CatalogueIndex {

    /// Query words as matched: a Hangul word that no title word starts with is split into its
    /// syllables, since romanized titles write a Korean name's syllables as separate words
    /// (김일성 → Kim Il Sung).
    func reference_expandingHangul(_ words: [String]) -> [String] {
        var out: [String] = []
        for word in words {
            if word.unicodeScalars.contains(where: Hangul.isSyllable), vocabularyRange(prefix: word).isEmpty {
                out.append(contentsOf: Hangul.splitSyllables(word))
            } else {
                out.append(word)
            }
        }
        return out
    }

    /// What each query word matches under romanization; `prefixes` while a word is being typed.
    /// Near keys are looked for while typing, and in suggestions for words no title has (a word
    /// some title spells as cited is rarely a misspelt name, and checking many citations
    /// should not pay for it).
    func reference_romanizedVariants(_ words: [String], prefixes: Bool) -> [WordVariants] {
        words.map { romanization.variants(of: $0, prefixes: prefixes, near: prefixes || postings($0) == nil) }
    }

    /// The posting lists of the title words a query word's variants name (bounded).
    func reference_romanizedPostings(_ variants: WordVariants, wordLimit: Int = 500) -> [DocumentList] {
        romanization.words(in: variants, limit: wordLimit).compactMap { postings($0) }
    }

    /// The best variant match of a query word among a title's words, with its position.
    func reference_romanizedWordScore(_ variants: WordVariants, _ title: TitleWords) -> (score: Double, position: Int)? {
        if variants.isEmpty { return nil }
        var best: (score: Double, position: Int)? = nil
        for (i, word) in title.enumerated() {
            guard let id = romanization.keyID(ofWord: word), let match = variants.match(id) else { continue }
            let s: Double
            switch match {
            case .sameKey: s = CatalogueIndex.sameKeyScore
            case .keyPrefix: s = CatalogueIndex.keyPrefixScore
            case .near: s = CatalogueIndex.nearScore
            }
            if s > (best?.score ?? 0) { best = (s, i) }
            if match == .sameKey { break }
        }
        return best
    }

    /// Adds to `hits` the documents whose titles have a romanization variant of a query word,
    /// as the main loop adds those of the word itself: common words (more than `cutoff`
    /// documents) are left out, and once 500 documents are found only their counts grow.
    func reference_addRomanizedHits(_ query: [String], _ variants: [WordVariants], to hits: inout [DocumentIndex: Int], cutoff: Int) {
        let listLimit = min(cutoff, 2_000)
        for (q, v) in zip(query, variants) where (postings(q)?.count ?? 0) <= cutoff {
            var seen = Set<DocumentIndex>()
            for word in romanization.words(in: v, limit: 50) where word != q {
                guard let list = postings(word), list.count <= listLimit else { continue }
                for d in list where seen.insert(d).inserted {
                    if hits.count < 500 { hits[d, default: 0] += 1 } else if let count = hits[d] { hits[d] = count + 1 }
                }
            }
        }
    }

    /// `ReferenceTitleSimilarity.score` that also counts a word spelled in another romanization (0.9 for
    /// an equal key, 0.8 one edit apart, like a typo), so that a title citing "Park Sung-chul"
    /// finds the one with "Pak Seong-cheol".
    func reference_romanizedSimilarity(_ query: [String], _ variants: [WordVariants], _ title: [String]) -> Double {
        if query.isEmpty || title.isEmpty || variants.count != query.count { return 0 }
        var used = [Bool](repeating: false, count: title.count)
        var matched = 0.0
        var rest: [Int] = []
        for (k, q) in query.enumerated() {
            if let i = title.indices.first(where: { !used[$0] && title[$0] == q }) {
                used[i] = true
                matched += 1
            } else {
                rest.append(k)
            }
        }
        for k in rest {
            let q = Array(query[k].utf8)
            var best = 0.0, bestAt = -1
            for (i, word) in title.enumerated() where !used[i] {
                var s = 0.0
                if let id = romanization.keyID(ofWord: word), let match = variants[k].match(id) {
                    s = match == .sameKey ? CatalogueIndex.sameKeyWeight : (match == .near ? CatalogueIndex.nearWeight : 0)
                }
                if s < 0.8 && q.count >= 4 {
                    let limit = q.count >= 8 ? 2 : 1
                    let w = Array(word.utf8)
                    if abs(w.count - q.count) <= limit && EditDistance.atMost(limit, q, w) { s = 0.8 }
                }
                if s > best { best = s; bestAt = i }
            }
            if bestAt >= 0 {
                used[bestAt] = true
                matched += best
            }
        }
        return 2 * matched / Double(query.count + title.count)
    }
}
