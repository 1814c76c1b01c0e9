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
    /// Candidates scored at most (spec/lsp.md, "Completion"): past this many, `isComplete` is false.
    /// Each costs a read of its title's word ids, a cache miss in a large catalogue: 5,000 keep a
    /// request near a millisecond at a million documents.
    static let completionCandidateCap = 5_000

    /// Ranked documents for a query, at most `limit`. Work is bounded by the query's rarest word
    /// (or the date neighbourhood), not by the catalogue: each query word becomes word ids up front
    /// (an exact id, a prefix's id range, romanization key ids), titles are scored by comparing
    /// ids, and only the best `limit` are kept.
    public func search(_ query: CatalogueQuery, limit: Int) -> CatalogueSearchResult {
        let limit = max(1, limit)
        let cited: PartialDate? = {
            if case .valid(let d) = DateParser.parse(query.datePrefix) { return d }
            return nil
        }()
        let prefixBytes = Array(query.datePrefix.utf8)
        let words = expandingHangul(query.words.filter { !$0.isEmpty })
        var top = TopDocuments(limit: limit)
        var total = 0
        if words.isEmpty {
            let (candidates, truncated) = dateNeighbourhood(prefix: query.datePrefix, count: limit)
            for d in candidates {
                var score = 0.0
                score += dateScore(d, prefix: query.datePrefix, prefixBytes, cited: cited)
                top.insert(d, score, packedDate(of: d))
                total += 1
            }
            return CatalogueSearchResult(results: top.sorted(), isComplete: !truncated && total <= limit)
        }
        let variants = romanizedVariants(words, prefixes: true)
        var matchers = words.indices.map { QueryWordMatcher(self, words[$0], variants[$0]) }
        let driver = drivingWord(matchers)
        let cap = CatalogueIndex.completionCandidateCap
        var truncated = driver.size > cap
        var processed = 0
        candidates: for (j, w) in driver.words.enumerated() {
            for d in postings(wordID: Int(w)) {
                let ids = titleWordIDs(of: d)
                // A document is scored once, from the first of the driving words its title has.
                if driver.hasEarlierWord(ids, than: j, matcher: matchers[driver.word]) { continue }
                if processed == cap { truncated = true; break candidates }
                processed += 1
                var words = 0.0
                var firstPosition = ids.count
                var matched = true
                for k in matchers.indices {
                    let (best, at) = matchers[k].best(in: ids, self)
                    if best == 0 { matched = false; break }
                    words += best
                    firstPosition = min(firstPosition, at)
                }
                guard matched else { continue }
                var score = 0.0
                score += words + 0.5 / Double(1 + firstPosition) + 0.2 / Double(1 + ids.count)
                score += dateScore(d, prefix: query.datePrefix, prefixBytes, cited: cited)
                total += 1
                if top.accepts(score) { top.insert(d, score, packedDate(of: d)) }
            }
        }
        return CatalogueSearchResult(results: top.sorted(), isComplete: !truncated && total <= limit)
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

    /// The query word with the fewest documents (postings of its prefix's words, or of the words
    /// containing it as a subsequence when none starts with it, plus those of its romanized
    /// variants): its documents are the candidates, and the other words are checked per candidate.
    private func drivingWord(_ matchers: [QueryWordMatcher]) -> DrivingWords {
        var bestSize = Int.max
        var best = 0
        var bestSubsequence: [UInt32] = []
        for (k, m) in matchers.enumerated() {
            var size = 0
            for w in m.range {
                size += postings(wordID: w).count
                if size >= bestSize { break }
            }
            if size >= bestSize { continue }
            var subsequence: [UInt32] = []
            if m.range.isEmpty {
                subsequence = subsequenceWords(m.bytes)
                for w in subsequence { size += postings(wordID: Int(w)).count }
            }
            for w in romanization.wordPositions(in: m.variants, limit: 500) { size += postings(wordID: Int(w)).count }
            if size < bestSize { bestSize = size; best = k; bestSubsequence = subsequence }
            if bestSize == 0 { break }
        }
        let m = matchers[best]
        // Best matches first (an equal word, words it starts, then equal, prefix and near keys,
        // then letters in order), so that a query over the candidate cap still finds the best.
        var words: [UInt32] = m.range.map { UInt32($0) }
        var rank: [UInt32: Int] = [:]
        var romanized: [(word: UInt32, match: VariantMatch)] = []
        for w in romanization.wordPositions(in: m.variants, limit: 500) where !m.range.contains(Int(w)) && rank[UInt32(w)] == nil {
            rank[UInt32(w)] = -1
            if let match = m.variants.match(romanization.keyID(ofWordAt: Int(w))) { romanized.append((UInt32(w), match)) }
        }
        for match in [VariantMatch.sameKey, .keyPrefix, .near] {
            for r in romanized where r.match == match { rank[r.word] = words.count; words.append(r.word) }
        }
        if m.range.isEmpty {
            for w in bestSubsequence where rank[w] == nil { rank[w] = words.count; words.append(w) }
        }
        return DrivingWords(word: best, size: bestSize == Int.max ? 0 : bestSize, words: words, range: m.range, rank: rank)
    }

    /// Vocabulary ids of the words that have `word`'s letters in order (a scan of the distinct
    /// words, only when no word starts with what was typed).
    func subsequenceWords(_ word: [UInt8]) -> [UInt32] {
        var out: [UInt32] = []
        for i in 0..<vocabulary.count where isSubsequence(word, of: vocabulary.utf8(i)) { out.append(UInt32(i)) }
        return out
    }
}

/// The words whose postings give completion's candidates, best matches first.
struct DrivingWords {
    /// Which query word drives.
    let word: Int
    /// Its postings' total length (the same document counted once per word).
    let size: Int
    let words: [UInt32]
    /// Its prefix's word ids (the first `range.count` of `words`).
    let range: Range<Int>
    /// Position in `words` of the words outside `range`.
    let rank: [UInt32: Int]

    /// True when the title has one of `words[0..<j]` (its document was scored from that word's postings).
    @inline(__always)
    func hasEarlierWord(_ ids: FlatView<UInt32>, than j: Int, matcher: QueryWordMatcher) -> Bool {
        if j == 0 { return false }
        if j <= range.count {
            let earlier = range.lowerBound..<(range.lowerBound + j)
            for id in ids where earlier.contains(Int(id)) { return true }
            return false
        }
        for id in ids {
            if range.contains(Int(id)) { return true }
            if let r = rank[id], r >= 0, r < j { return true }
        }
        return false
    }
}

/// A query word as word ids: how well a title's words match it, without comparing strings
/// (apart from letters-in-order matches, which are looked up once per distinct word).
struct QueryWordMatcher {
    let bytes: [UInt8]
    /// The id of the word spelled as typed, or -1.
    let exact: Int
    /// Ids of the words that start with it (`exact` is the first when there).
    let range: Range<Int>
    let variants: WordVariants
    let allowsSubsequence: Bool
    private var subsequence: [UInt32: Bool] = [:]

    init(_ index: CatalogueIndex, _ word: String, _ variants: WordVariants) {
        bytes = Array(word.utf8)
        range = index.vocabularyRange(prefix: word)
        exact = !range.isEmpty && index.vocabulary[range.lowerBound] == word ? range.lowerBound : -1
        self.variants = variants
        allowsSubsequence = word.count >= 2
    }

    /// The best match among a title's words and the first position it is at; (0, _) when none.
    /// Whole word 3, word start 2, another romanization of it 1.9 to 1.4 (`RomanizedSearch`),
    /// letters in order inside a word 1.
    @inline(__always)
    mutating func best(in ids: FlatView<UInt32>, _ index: CatalogueIndex) -> (Double, Int) {
        // Words spelled as typed first, by id alone: a word it starts (2) outranks every
        // romanized match, so keys are looked up only for titles without one.
        var at = -1
        for i in 0..<ids.count {
            let id = Int(ids[i])
            if id == exact { return (3, i) }
            if at < 0 && range.contains(id) {
                at = i
                if exact < 0 { return (2, i) }
            }
        }
        if at >= 0 { return (2, at) }
        var best = 0.0
        if !variants.isEmpty {
            for i in 0..<ids.count {
                guard let match = variants.match(index.romanization.keyID(ofWordAt: Int(ids[i]))) else { continue }
                let s: Double
                switch match {
                case .sameKey: s = CatalogueIndex.sameKeyScore
                case .keyPrefix: s = CatalogueIndex.keyPrefixScore
                case .near: s = CatalogueIndex.nearScore
                }
                if s > best { best = s; at = i }
                if match == .sameKey { break }
            }
        }
        if best > 0 || !allowsSubsequence { return (best, at) }
        for (i, raw) in ids.enumerated() {
            let found: Bool
            if let known = subsequence[raw] { found = known }
            else {
                found = isSubsequence(bytes, of: index.vocabulary.utf8(Int(raw)))
                subsequence[raw] = found
            }
            if found { return (1, i) }
        }
        return (0, at)
    }
}

/// The best `limit` documents seen, by score (higher first), then date, then catalogue order: a
/// heap whose root is the worst kept.
struct TopDocuments {
    struct Entry { var document: DocumentIndex; var score: Double; var date: UInt32 }
    let limit: Int
    private var heap: [Entry] = []

    init(limit: Int) {
        self.limit = limit
        heap.reserveCapacity(limit)
    }

    /// False when a document scoring `score` cannot be kept (before reading its date).
    @inline(__always)
    func accepts(_ score: Double) -> Bool {
        guard heap.count == limit, let worst = heap.first else { return true }
        return score >= worst.score
    }

    /// True when `a` ranks before `b`.
    @inline(__always)
    static func better(_ a: Entry, _ b: Entry) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.date != b.date { return a.date < b.date }
        return a.document < b.document
    }

    mutating func insert(_ d: DocumentIndex, _ score: Double, _ date: UInt32) {
        let e = Entry(document: d, score: score, date: date)
        if heap.count < limit {
            heap.append(e)
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard TopDocuments.better(heap[parent], heap[i]) else { break }
                heap.swapAt(parent, i)
                i = parent
            }
            return
        }
        guard let worst = heap.first, TopDocuments.better(e, worst) else { return }
        heap[0] = e
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var worse = i
            if l < heap.count && TopDocuments.better(heap[worse], heap[l]) { worse = l }
            if r < heap.count && TopDocuments.better(heap[worse], heap[r]) { worse = r }
            if worse == i { break }
            heap.swapAt(i, worse)
            i = worse
        }
    }

    /// Best first.
    func sorted() -> [ScoredDocument] {
        heap.sorted(by: TopDocuments.better).map { ScoredDocument(document: $0.document, score: $0.score) }
    }
}

func isSubsequence(_ needle: [UInt8], of haystack: UnsafeBufferPointer<UInt8>) -> Bool {
    var it = haystack.makeIterator()
    outer: for c in needle {
        while let h = it.next() { if h == c { continue outer } }
        return false
    }
    return true
}

func isSubsequence(_ needle: String, of haystack: String) -> Bool {
    var it = haystack.utf8.makeIterator()
    outer: for c in needle.utf8 {
        while let h = it.next() { if h == c { continue outer } }
        return false
    }
    return true
}
