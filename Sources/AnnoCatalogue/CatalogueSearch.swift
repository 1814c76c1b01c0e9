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
        let queryWords = TitleKey.words(title)
        var hits: [DocumentIndex: Int] = [:]
        let commonCutoff = max(1_000, documents.count / 10)
        var skippedCommon: [String] = []
        for word in Set(queryWords) {
            if let list = postings[word] {
                if list.count > commonCutoff { skippedCommon.append(word); continue }
                for d in list { hits[d, default: 0] += 1 }
            } else if word.count >= 4 {
                for near in vocabularyWords(within: word.count >= 8 ? 2 : 1, of: word) {
                    for d in (postings[near] ?? []).prefix(commonCutoff) { hits[d, default: 0] += 1 }
                }
            }
        }
        if hits.isEmpty {
            for word in skippedCommon { for d in (postings[word] ?? []).prefix(commonCutoff) { hits[d, default: 0] += 1 } }
        }
        if let date {
            for d in documents(inYear: date.year).prefix(500) where self[d].date.agrees(with: date) {
                hits[d, default: 0] += 0
            }
        }
        // Score precisely only the best-connected candidates.
        let candidates = hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(300)
        var scored: [ScoredDocument] = []
        for (d, _) in candidates {
            var score = TitleSimilarity.score(queryWords, titleWords[Int(d)])
            if let date {
                let docDate = self[d].date
                if docDate.agrees(with: date) { score += 0.1 } else if docDate.year == date.year { score += 0.05 }
            }
            if score >= 0.45 { scored.append(ScoredDocument(document: d, score: score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
        return Array(scored.prefix(limit))
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
        var unused = b.map { Array($0.utf8) }
        var matched = 0.0
        for word in a {
            let w = Array(word.utf8)
            if let i = unused.firstIndex(of: w) {
                matched += 1
                unused.remove(at: i)
            } else if w.count >= 4, let i = unused.firstIndex(where: { EditDistance.atMost(w.count >= 8 ? 2 : 1, w, $0) }) {
                matched += 0.8
                unused.remove(at: i)
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
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return false }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit
    }
}
