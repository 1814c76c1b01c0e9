import AnnoRomanization
import AnnoSyntax

/// What a person has typed of a citation so far, for completion and `anno catalogue search`.
public struct CatalogueQuery: Sendable, Hashable {
    /// Typed in the date part: "", "19", "1960", "1960-05-02" …
    public var datePrefix: String
    /// Loose words typed for the title; each may be the start of a word.
    public var words: [String]

    public init(datePrefix: String = "", words: [String] = []) {
        self.datePrefix = datePrefix
        self.words = words
    }

    public init(datePrefix: String, titleText: String) {
        self.init(datePrefix: datePrefix, words: TitleKey.words(titleText))
    }
}

public struct CatalogueSearchResult: Sendable {
    /// Best first.
    public var results: [ScoredDocument]
    /// False when more documents matched than were returned.
    public var isComplete: Bool
}

extension CatalogueIndex {
    /// Ranked documents for a query, at most `limit`. Work is bounded by the query's rarest word
    /// (or the date neighbourhood), not by the catalogue.
    public func search(_ query: CatalogueQuery, limit: Int) -> CatalogueSearchResult {
        let limit = max(1, limit)
        let cited: PartialDate? = {
            if case .valid(let d) = DateParser.parse(query.datePrefix) { return d }
            return nil
        }()
        let words = expandingHangul(query.words.filter { !$0.isEmpty })
        let variants = romanizedVariants(words, prefixes: true)
        var candidates: [DocumentIndex]
        var truncated = false
        if words.isEmpty {
            (candidates, truncated) = dateNeighbourhood(prefix: query.datePrefix, count: limit)
        } else {
            (candidates, truncated) = wordCandidates(words, variants, cap: 20_000)
        }
        let prefixBytes = Array(query.datePrefix.utf8)
        var scored: [ScoredDocument] = []
        scored.reserveCapacity(candidates.count)
        for d in candidates {
            var score = 0.0
            if !words.isEmpty {
                guard let w = wordScore(words, variants, titleWords(of: d)) else { continue }
                score += w
            }
            score += dateScore(d, prefix: query.datePrefix, prefixBytes, cited: cited)
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

    private func dateScore(_ d: DocumentIndex, prefix: String, _ prefixBytes: [UInt8], cited: PartialDate?) -> Double {
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
    private func dateNeighbourhood(prefix: String, count: Int) -> ([DocumentIndex], Bool) {
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
    private func wordCandidates(_ words: [String], _ variants: [WordVariants], cap: Int) -> ([DocumentIndex], Bool) {
        var best: [DocumentIndex]? = nil
        var bestSize = Int.max
        for (k, word) in words.enumerated() {
            let range = vocabularyRange(prefix: word)
            var lists: [DocumentList] = range.map { postings(wordID: $0) }
            if lists.isEmpty {
                // No word starts with it: fall back to words containing it as a subsequence.
                lists = vocabulary.indices.filter { isSubsequence(word, of: vocabulary[$0]) }.map { postings(wordID: $0) }
            }
            lists += romanizedPostings(variants[k])
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
    private func wordScore(_ query: [String], _ variants: [WordVariants], _ title: TitleWords) -> Double? {
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
            if best < CatalogueIndex.sameKeyScore, let v = romanizedWordScore(variants[k], title), v.score > best {
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

func isSubsequence(_ needle: String, of haystack: String) -> Bool {
    var it = haystack.utf8.makeIterator()
    outer: for c in needle.utf8 {
        while let h = it.next() { if h == c { continue outer } }
        return false
    }
    return true
}
