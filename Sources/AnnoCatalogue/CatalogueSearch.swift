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
        // Each query word as a word id (nil when no title has it): titles are compared by ids.
        let query = queryWords.map { SuggestionWord(self, $0) }
        let variants = query.map { romanization.variants(of: $0.text, prefixes: false, near: $0.id == nil) }
        var hits = DocumentCounts()
        // A fixed cutoff, not a share of the catalogue: the work per cited title stays the same
        // at a million documents (spec/diagnostics.md, unknown-document).
        let commonCutoff = CatalogueIndex.suggestionCommonCutoff
        var skippedCommon: [Int] = []
        // Rarest words first: they find the candidates; once there are enough, commoner words
        // only add to the counts of documents already found.
        var unique: [SuggestionWord] = []
        var seenWords = Set<String>()
        for q in query where seenWords.insert(q.text).inserted { unique.append(q) }
        unique.sort { ($0.postingCount, $0.text) < ($1.postingCount, $1.text) }
        for q in unique {
            if let id = q.id {
                let list = postings(wordID: id)
                if list.count > commonCutoff { skippedCommon.append(id); continue }
                if hits.count < 500 {
                    for d in list { hits.add(d, 1) }
                } else {
                    for d in list { hits.incrementIfPresent(d) }
                }
            } else if q.characterCount >= 4 {
                for near in vocabularyWords(within: q.characterCount >= 8 ? 2 : 1, of: q.bytes) {
                    for d in postings(wordID: near).prefix(commonCutoff) { hits.add(d, 1) }
                }
            }
        }
        addRomanizedHits(query, variants, to: &hits, cutoff: commonCutoff)
        if hits.count == 0 {
            for id in skippedCommon { for d in postings(wordID: id).prefix(commonCutoff) { hits.add(d, 1) } }
        }
        if let date {
            for d in yearSlice(date.year).prefix(500) where PackedDate.agrees(packedDate(of: d), with: date) {
                hits.add(d, 0)
            }
        }
        // The best-connected candidates, by bucketing on hit count (at most one per query word):
        // linear in the candidates, where sorting them all was not.
        var buckets = [[DocumentIndex]](repeating: [], count: queryWords.count + 2)
        hits.forEach { d, count in buckets[min(Int(count), buckets.count - 1)].append(d) }
        var candidates: [DocumentIndex] = []
        for count in stride(from: buckets.count - 1, through: 0, by: -1) where candidates.count < 40 {
            for d in buckets[count].sorted().prefix(40 - candidates.count) { candidates.append(d) }
        }
        var scored: [ScoredDocument] = []
        var typos = TypoMemo()
        for d in candidates {
            let title = titleWordIDs(of: d)
            var score = max(titleSimilarity(query, title, &typos), romanizedSimilarity(query, variants, title, &typos))
            if let date {
                let docDate = self.date(of: d)
                if docDate.agrees(with: date) { score += 0.1 } else if docDate.year == date.year { score += 0.05 }
            }
            if score >= 0.45 { scored.append(ScoredDocument(document: d, score: score)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
        return Array(scored.prefix(limit))
    }

    /// How alike a query and a title are, from their loose words: a Dice coefficient in which a
    /// word matches another equal to it (the same word id) or one typo away (0.8), so dropped
    /// words and misspellings both score high. Runs for every candidate of every unknown title:
    /// the title is read in place and the words already matched are marked on the stack.
    func titleSimilarity(_ query: [SuggestionWord], _ title: FlatView<UInt32>, _ typos: inout TypoMemo) -> Double {
        if query.isEmpty || title.isEmpty { return 0 }
        let t = title.buffer
        let n = t.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { used -> Double in
            used.initialize(repeating: false)
            var matched = 0.0
            outer: for k in query.indices {
                let q = query[k]
                if let id = q.id {
                    for i in 0..<n where !used[i] && Int(t[i]) == id {
                        used[i] = true
                        matched += 1
                        continue outer
                    }
                }
                let length = q.bytes.count
                guard length >= 4 else { continue }
                let limit = length >= 8 ? 2 : 1
                for i in 0..<n where !used[i] {
                    let other = vocabulary.utf8(Int(t[i]))
                    if abs(other.count - length) <= limit && q.mayBeWithin(limit, of: other)
                        && typos.within(limit, k, q.bytes, Int(t[i]), other) {
                        used[i] = true
                        matched += 0.8
                        continue outer
                    }
                }
            }
            return 2 * matched / Double(query.count + n)
        }
    }

    /// Words in more titles than this do not find candidates for suggestions.
    static let suggestionCommonCutoff = 1_000

    /// The most words any title has (a scan of the title word offsets; only long queries ask).
    func longestTitleWordCount() -> Int {
        var longest = 0
        for k in titleWordOffsets.indices.dropFirst() {
            longest = max(longest, Int(titleWordOffsets[k] - titleWordOffsets[k - 1]))
        }
        return longest
    }

    /// Ids of the vocabulary words within `distance` edits of `word` (a scan of distinct words,
    /// not documents, on their bytes).
    func vocabularyWords(within distance: Int, of word: [UInt8]) -> [Int] {
        var out: [Int] = []
        // Every byte of a candidate that the word does not have at all costs an edit: counting
        // them rejects most of the vocabulary (numbers, other scripts) before the distance is computed.
        var has = [Bool](repeating: false, count: 256)
        for b in word { has[Int(b)] = true }
        word.withUnsafeBufferPointer { w in
            for i in 0..<vocabulary.count {
                let c = vocabulary.utf8(i)
                if abs(c.count - w.count) > distance { continue }
                var foreign = 0
                for b in c where !has[Int(b)] { foreign += 1; if foreign > distance { break } }
                if foreign > distance { continue }
                if EditDistance.atMost(distance, w, c) { out.append(i) }
            }
        }
        return out
    }
}

/// Bounded Levenshtein distance on bytes.
public enum EditDistance {
    /// True when `a` and `b` are at most `limit` insertions, deletions or substitutions apart.
    public static func atMost(_ limit: Int, _ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in atMost(limit, a, b) } }
    }

    public static func atMost(_ limit: Int, _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
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

/// A word of a cited title as suggestions compare it.
struct SuggestionWord {
    let text: String
    let bytes: [UInt8]
    /// Its id in the vocabulary, nil when no title has it.
    let id: Int?
    let postingCount: Int
    let characterCount: Int

    /// The bytes the word has, as a 256-bit set.
    let present: (UInt64, UInt64, UInt64, UInt64)

    init(_ index: CatalogueIndex, _ word: String) {
        text = word
        bytes = Array(word.utf8)
        var p: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for b in bytes {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: p.0 |= bit
            case 1: p.1 |= bit
            case 2: p.2 |= bit
            default: p.3 |= bit
            }
        }
        present = p
        id = index.wordID(word)
        postingCount = id.map { index.postings(wordID: $0).count } ?? 0
        characterCount = word.count
    }

    /// False when `other` has more than `limit` bytes this word lacks: each costs an edit, so it
    /// cannot be within `limit` edits (checked before the distance itself).
    @inline(__always)
    func mayBeWithin(_ limit: Int, of other: UnsafeBufferPointer<UInt8>) -> Bool {
        var foreign = 0
        for b in other {
            let bit = UInt64(1) << UInt64(b & 63)
            let set: UInt64
            switch b >> 6 {
            case 0: set = present.0
            case 1: set = present.1
            case 2: set = present.2
            default: set = present.3
            }
            if set & bit == 0 {
                foreign += 1
                if foreign > limit { return false }
            }
        }
        return true
    }
}

/// Documents with a count each: an open-addressing table, since suggestions add thousands of
/// documents per cited title and a `Dictionary` hashes each with SipHash.
struct DocumentCounts {
    private var keys: [Int32]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1_024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [Int32](repeating: -1, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ d: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: d)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Adds `n` to `d`'s count, adding `d` (with `n`) when absent.
    @inline(__always)
    mutating func add(_ d: Int32, _ n: Int32) {
        var i = slot(d)
        while true {
            let k = keys[i]
            if k == d { values[i] += n; return }
            if k < 0 { break }
            i = (i + 1) & mask
        }
        keys[i] = d
        values[i] = n
        count += 1
        if count * 2 > keys.count { grow() }
    }

    /// Adds 1 to `d`'s count when `d` is there.
    @inline(__always)
    mutating func incrementIfPresent(_ d: Int32) {
        var i = slot(d)
        while true {
            let k = keys[i]
            if k == d { values[i] += 1; return }
            if k < 0 { return }
            i = (i + 1) & mask
        }
    }

    /// Adds `d` and returns true when it was absent.
    @inline(__always)
    mutating func insert(_ d: Int32) -> Bool {
        let before = count
        add(d, 0)
        return count > before
    }

    mutating func removeAll() {
        if count == 0 { return }
        for i in keys.indices { keys[i] = -1 }
        count = 0
    }

    func forEach(_ body: (Int32, Int32) -> Void) {
        for i in keys.indices where keys[i] >= 0 { body(keys[i], values[i]) }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int32](repeating: -1, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for j in oldKeys.indices where oldKeys[j] >= 0 {
            var i = slot(oldKeys[j])
            while keys[i] >= 0 { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            values[i] = oldValues[j]
        }
    }
}

/// Whether query word `k` is within 1 or 2 edits of vocabulary word `id`, computed once per pair
/// for all the candidates of one cited title (their titles share most words).
struct TypoMemo {
    private var keys: [UInt64]
    private var values: [UInt8]
    private var mask: Int
    private var count = 0

    init() {
        keys = [UInt64](repeating: .max, count: 256)
        values = [UInt8](repeating: 0, count: 256)
        mask = 255
    }

    /// `EditDistance.atMost(limit, query[k].bytes, vocabulary[id])`, remembered.
    mutating func within(_ limit: Int, _ k: Int, _ q: [UInt8], _ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let key = UInt64(k) << 32 | UInt64(UInt32(truncatingIfNeeded: id))
        let known: UInt8 = limit == 1 ? 1 : 4, yes: UInt8 = limit == 1 ? 2 : 8
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while keys[i] != .max && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == key, values[i] & known != 0 { return values[i] & yes != 0 }
        let result = q.withUnsafeBufferPointer { EditDistance.atMost(limit, $0, word) }
        if keys[i] != key {
            keys[i] = key
            values[i] = 0
            count += 1
        }
        values[i] |= known | (result ? yes : 0)
        if count * 2 > keys.count { grow() }
        return result
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [UInt8](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for j in oldKeys.indices where oldKeys[j] != .max {
            var i = Int(truncatingIfNeeded: (oldKeys[j] &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while keys[i] != .max { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            values[i] = oldValues[j]
        }
    }
}
