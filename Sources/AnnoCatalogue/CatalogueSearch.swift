import AnnoSyntax

/// A document found by a search, with how well it matched (higher is better).
public struct ScoredDocument: Hashable, Sendable {
    public var document: DocumentIndex
    public var score: Double
    public init(document: DocumentIndex, score: Double) {
        self.document = document
        self.score = score
    }
}

/// Searches answered from the index: "did you mean" titles for an unknown citation, and the
/// ranked documents for a completion query. Each bounds its work by the query, never by the
/// catalogue's size, apart from a fallback over the vocabulary (distinct words) for misspelled words.
extension CatalogueIndex {
    /// Titles near an unknown one: sharing words (or near-misspelled words), preferring documents
    /// on the cited date. Scores lie in 0...1.1; `limit` best first.
    public func suggestions(forTitle title: String, date: PartialDate?, limit: Int = 3) -> [ScoredDocument] {
        let queryWords = expandingHangul(TitleKey.words(title))
        // A score is at most 2·|title| / (|query| + |title|) (+ 0.1 for the date), so a query of
        // more than five times the longest title's words cannot reach 0.45 below: answered at
        // once, not searched word by word (a pasted paragraph as a title was minutes per citation).
        if queryWords.count > 64 && queryWords.count > 5 * longestTitleWordCount() { return [] }
        let variants = romanizedVariants(queryWords, prefixes: false)
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
                for near in vocabularyWords(within: word.count >= 8 ? 2 : 1, of: word) {
                    for d in (postings(near) ?? []).prefix(commonCutoff) { hits[d, default: 0] += 1 }
                }
            }
        }
        addRomanizedHits(queryWords, variants, to: &hits, cutoff: commonCutoff)
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
            var score = max(TitleSimilarity.score(queryWords, title), romanizedSimilarity(queryWords, variants, title))
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
    func longestTitleWordCount() -> Int {
        var longest = 0
        for k in titleWordOffsets.indices.dropFirst() {
            longest = max(longest, Int(titleWordOffsets[k] - titleWordOffsets[k - 1]))
        }
        return longest
    }

    /// Vocabulary words within `distance` edits of `word` (a scan of distinct words, not documents).
    func vocabularyWords(within distance: Int, of word: String) -> [String] {
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

/// How alike two titles are, from their loose words: a Dice coefficient in which a word matches
/// another equal to it or one typo away, so dropped words and misspellings both score high.
public enum TitleSimilarity {
    public static func score(_ a: [String], _ b: [String]) -> Double {
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

/// Bounded Levenshtein distance on bytes.
public enum EditDistance {
    /// True when `a` and `b` are at most `limit` insertions, deletions or substitutions apart.
    public static func atMost(_ limit: Int, _ a: [UInt8], _ b: [UInt8]) -> Bool {
        if abs(a.count - b.count) > limit { return false }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit }
        // Skip the common prefix and suffix: typos leave most of a word alone.
        var start = 0
        while start < a.count && start < b.count && a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start && endB > start && a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let n = endA - start, m = endB - start
        if n == 0 || m == 0 { return max(n, m) <= limit }
        if limit == 1 && n == 1 && m == 1 { return true }   // one substitution
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (m + 1)) { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var previous = base
            var current = base + (m + 1)
            for j in 0...m { previous[j] = j }
            for i in 1...n {
                current[0] = i
                var rowMin = i
                let ca = a[start + i - 1]
                for j in 1...m {
                    let cost = ca == b[start + j - 1] ? 0 : 1
                    let value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    current[j] = value
                    if value < rowMin { rowMin = value }
                }
                if rowMin > limit { return false }
                swap(&previous, &current)
            }
            return previous[m] <= limit
        }
    }
}
