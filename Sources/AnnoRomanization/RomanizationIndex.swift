/// How a word relates to a query word under romanization. None of these is an exact match:
/// callers rank a word spelled as typed above all of them.
public enum VariantMatch: Int, Comparable, Sendable {
    /// Keys one edit apart (Shytkov for Shtykov, Chtykov, Dimitry for Dmitriy).
    case near = 1
    /// The word's key starts with the query's (a name still being typed: "Пуза" → Puzanov).
    case keyPrefix = 2
    /// Equal keys (Pak / Park, Seong / Sung / Sŏng, Пузанов / Puzanov).
    case sameKey = 3

    public static func < (a: VariantMatch, b: VariantMatch) -> Bool { a.rawValue < b.rawValue }
}

/// What one query word matches under romanization, as sets of key ids of a `RomanizationIndex`.
public struct WordVariants: Sendable {
    public let key: String
    @usableFromInline let sameKey: Int32?
    /// Ids of keys that start with `key` (ids are positions in the sorted keys); empty unless
    /// prefixes were asked for.
    @usableFromInline let prefix: Range<Int32>
    /// Ids of near keys, ascending.
    @usableFromInline let near: [Int32]

    public var isEmpty: Bool { sameKey == nil && prefix.isEmpty && near.isEmpty }

    /// How a word with key id `id` matches, or nil.
    @inlinable
    public func match(_ id: Int32) -> VariantMatch? {
        if id == sameKey { return .sameKey }
        if prefix.contains(id) { return .keyPrefix }
        if !near.isEmpty && near.binarySearchContains(id) { return .near }
        return nil
    }
}

/// The distinct words of a catalogue's titles indexed by romanization key, built once at load:
/// finding a query word's variants costs hash lookups and a binary search, never a scan.
///
/// Word-level on purpose: documents are found from the words through the catalogue's own word
/// postings, so this index grows with the vocabulary, not with the number of documents.
public struct RomanizationIndex: Sendable {
    public let words: [String]
    /// Distinct keys, sorted: a key's id is its position, so keys sharing a prefix are a range.
    let keys: [String]
    let idOfKey: [String: Int32]
    /// For each key id, the words (positions in `words`) that have it.
    let wordsOfKey: [[Int32]]
    let keyIDOfWord: [String: Int32]
    /// Skeleton → ids of keys long enough for near matching.
    let keysBySkeleton: [String: [Int32]]
    /// For each position of the `words` given to `init`, its key id (-1 for none): callers that
    /// number their words (the catalogue's vocabulary ids) look keys up by number, not by string.
    @usableFromInline let keyIDOfPosition: [Int32]
    /// For each word of `words`, its first position in the words given to `init`.
    let positionOfWord: [Int32]

    public init(words: [String]) {
        var unique: [String] = []
        var positionOfWord: [Int32] = []
        var uniqueOfPosition = [Int32](repeating: -1, count: words.count)
        var seen: [String: Int32] = [:]
        // Names have no digits: numbers ("121973", "1960s") stay out, and keep the index small.
        for (p, w) in words.enumerated() where !w.isEmpty && !w.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
            if let u = seen[w] { uniqueOfPosition[p] = u; continue }
            let u = Int32(unique.count)
            seen[w] = u
            uniqueOfPosition[p] = u
            unique.append(w)
            positionOfWord.append(Int32(p))
        }
        let wordKeys = unique.map { RomanizationKey.key($0) }
        let keys = Set(wordKeys).sorted()
        var idOfKey: [String: Int32] = [:]
        idOfKey.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { idOfKey[k] = Int32(i) }
        var wordsOfKey = [[Int32]](repeating: [], count: keys.count)
        var keyIDOfWord: [String: Int32] = [:]
        keyIDOfWord.reserveCapacity(unique.count)
        var keyIDOfUnique = [Int32](repeating: -1, count: unique.count)
        for (w, word) in unique.enumerated() {
            guard let id = idOfKey[wordKeys[w]] else { continue }
            wordsOfKey[Int(id)].append(Int32(w))
            keyIDOfWord[word] = id
            keyIDOfUnique[w] = id
        }
        var bySkeleton: [String: [Int32]] = [:]
        for (i, k) in keys.enumerated() where k.utf8.count >= RomanizationKey.minimumNearLength {
            let skeleton = RomanizationKey.skeleton(k)
            if skeleton.utf8.count >= 2 { bySkeleton[skeleton, default: []].append(Int32(i)) }
        }
        self.words = unique
        self.keys = keys
        self.idOfKey = idOfKey
        self.wordsOfKey = wordsOfKey
        self.keyIDOfWord = keyIDOfWord
        self.keysBySkeleton = bySkeleton
        self.keyIDOfPosition = uniqueOfPosition.map { $0 < 0 ? -1 : keyIDOfUnique[Int($0)] }
        self.positionOfWord = positionOfWord
    }

    /// The key id of the word at `position` of the words given to `init`, or -1 (a word with
    /// digits, or a position out of range). An array read.
    @inlinable
    public func keyID(ofWordAt position: Int) -> Int32 {
        position >= 0 && position < keyIDOfPosition.count ? keyIDOfPosition[position] : -1
    }

    /// The key id of a word of the vocabulary.
    public func keyID(ofWord word: String) -> Int32? { keyIDOfWord[word] }

    public func key(ofWord word: String) -> String? { keyIDOfWord[word].map { keys[Int($0)] } }

    /// The variants of a query word: equal keys, near keys (for keys of five letters or more)
    /// and, when `prefixes` is true, keys that start with the query's (three letters or more:
    /// shorter ones name too much of the vocabulary to be worth a keystroke).
    /// `near: false` leaves near keys out (the one part that costs more than a lookup).
    public func variants(of word: String, prefixes: Bool, near: Bool = true) -> WordVariants {
        let key = RomanizationKey.key(word)
        let same = idOfKey[key]
        var prefix: Range<Int32> = 0..<0
        if prefixes && key.utf8.count >= RomanizationIndex.minimumPrefixLength { prefix = prefixRange(key) }
        return WordVariants(key: key, sameKey: same, prefix: prefix, near: near ? nearKeyIDs(key, excluding: same) : [])
    }

    /// The vocabulary words the variants name, at most `limit` (equal keys first, then near
    /// keys, then prefixes).
    public func words(in variants: WordVariants, limit: Int = 2_000) -> [String] {
        var out: [String] = []
        forEachWord(in: variants, limit: limit) { out.append(words[Int($0)]) }
        return out
    }

    /// `words(in:limit:)` as positions in the words given to `init`, in the same order.
    public func wordPositions(in variants: WordVariants, limit: Int = 2_000) -> [Int32] {
        var out: [Int32] = []
        forEachWord(in: variants, limit: limit) { out.append(positionOfWord[Int($0)]) }
        return out
    }

    /// Calls `body` with each word (its index in `words`) the variants name, at most `limit`, in
    /// the order `words(in:limit:)` documents.
    private func forEachWord(in variants: WordVariants, limit: Int, _ body: (Int32) -> Void) {
        var count = 0
        func add(_ id: Int32) {
            guard id >= 0 && Int(id) < wordsOfKey.count else { return }     // variants of another index
            for w in wordsOfKey[Int(id)] where count < limit { body(w); count += 1 }
        }
        if let same = variants.sameKey { add(same) }
        for id in variants.near where count < limit { add(id) }
        var id = variants.prefix.lowerBound
        while id < variants.prefix.upperBound && count < limit {
            if id != variants.sameKey { add(id) }
            id += 1
        }
    }

    func prefixRange(_ prefix: String) -> Range<Int32> {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < prefix { lo = mid + 1 } else { hi = mid }
        }
        var l = lo, h = keys.count
        while l < h {
            let mid = (l + h) / 2
            if keys[mid].hasPrefix(prefix) { l = mid + 1 } else { h = mid }
        }
        return Int32(lo)..<Int32(l)
    }

    /// Keys one edit from `key`: a vowel edit or a swap of neighbours keeps the skeleton (or
    /// swaps two of its letters); a consonant inserted, dropped or changed changes it by one
    /// letter. The skeletons one edit away are few (a dozen consonant classes), so they are
    /// generated and looked up, rather than indexed at load.
    func nearKeyIDs(_ key: String, excluding same: Int32?) -> [Int32] {
        guard key.utf8.count >= RomanizationKey.minimumNearLength,
              key.utf8.count <= RomanizationIndex.maximumNearLength else { return [] }
        let skeleton = RomanizationKey.skeleton(key)
        guard skeleton.utf8.count >= 2 else { return [] }
        // In the order generated, so that the bound below cuts the same keys on every run.
        var skeletons: [String] = [skeleton]
        var seen: Set<String> = [skeleton]
        func add(_ bytes: [UInt8]) {
            let s = String(decoding: bytes, as: UTF8.self)
            if seen.insert(s).inserted { skeletons.append(s) }
        }
        let b = Array(skeleton.utf8)
        for p in 0...b.count {
            for c in RomanizationIndex.consonantClasses {
                var inserted = b
                inserted.insert(c, at: p)
                add(inserted)
                if p < b.count && b[p] != c {
                    var changed = b
                    changed[p] = c
                    add(changed)
                }
            }
            if p < b.count {
                var dropped = b
                dropped.remove(at: p)
                add(dropped)
            }
            if p + 1 < b.count {
                var swapped = b
                swapped.swapAt(p, p + 1)
                add(swapped)
            }
        }
        let q = Array(key.utf8)
        var out: [Int32] = []
        var examined = 0
        search: for s in skeletons {
            for id in keysBySkeleton[s] ?? [] where id != same {
                // Bounded however the vocabulary clusters: a skeleton's keys are compared one by one.
                examined += 1
                if examined > RomanizationIndex.maximumNearKeysExamined { break search }
                if OSADistance.withinOne(q, Array(keys[Int(id)].utf8)) { out.append(id) }
            }
        }
        return out.sorted()
    }

    public static let minimumPrefixLength = 3
    /// Keys longer than this have no near keys (no name is this long; the skeletons one edit away
    /// grow with the key).
    public static let maximumNearLength = 40
    /// At most this many keys are compared when looking for a word's near keys.
    public static let maximumNearKeysExamined = 4_096

    /// The consonant classes keys are made of (`RomanizationKey`).
    static let consonantClasses: [UInt8] = Array("ptkcszhvlmn".utf8)
}

extension Array where Element == Int32 {
    /// `contains` for an ascending array.
    @inlinable
    func binarySearchContains(_ x: Int32) -> Bool {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let v = self[mid]
            if v == x { return true }
            if v < x { lo = mid + 1 } else { hi = mid }
        }
        return false
    }
}
