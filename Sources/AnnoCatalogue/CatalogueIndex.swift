import AnnoRomanization
import Foundation
import AnnoSyntax

/// Every loaded catalogue merged and indexed once, so that resolving a citation, suggesting a
/// title or completing a query never scans the documents.
///
/// Documents are addressed by `DocumentIndex` (their position in merge order). The index is
/// immutable after construction and shared across threads.
///
/// Storage is flat (spec/catalogue.md, "Index"): the documents' strings in one UTF-8 pool with a
/// fixed-size record each (`DocumentStore`), hash tables of document numbers over it, postings and
/// each title's words as offset arrays (CSR) of 32-bit numbers. `self[d]` builds a
/// `CatalogueDocument` on demand; hot paths read one field with `date(of:)`, `title(of:)`, `id(of:)`.
public typealias DocumentIndex = Int32

public final class CatalogueIndex: Sendable {
    /// Unique for the life of the process (an object's address can be reused once it is freed),
    /// so caches can tell one index from the next.
    public let generation: UInt64 = IndexGeneration.next()
    /// What the tables below live in: heap blocks, or a mapped snapshot.
    let memory: IndexMemory
    let store: DocumentStore
    /// The catalogues this index was built from, in priority order.
    public let catalogueNames: [String]
    /// Problems found while merging (the same id defined twice across catalogues).
    public let mergeProblems: [CatalogueProblem]

    /// Canonical exact title → documents.
    let exactSlots: HashSlots
    /// Canonical loose title key → documents.
    let looseSlots: HashSlots
    /// Canonical id → document.
    let idSlots: HashSlots
    /// Documents by year: `yearDocuments[yearOffsets[y]..<yearOffsets[y + 1]]`, years 0...9999.
    let yearOffsets: FlatView<UInt32>
    let yearDocuments: FlatView<DocumentIndex>
    /// Every distinct loose word of the titles, sorted (as `String` sorts), for prefix lookups;
    /// a word's id is its position.
    let vocabulary: StringTable
    /// Canonical word → word id.
    let wordSlots: HashSlots
    /// The documents whose title has word `w` (ascending): `postingDocuments[postingOffsets[w]..<postingOffsets[w + 1]]`.
    let postingOffsets: FlatView<UInt32>
    let postingDocuments: FlatView<DocumentIndex>
    /// Loose words of each document's title, in order, as word ids (CSR like the postings).
    let titleWordOffsets: FlatView<UInt32>
    let titleWordIDs: FlatView<UInt32>
    /// All documents in date order (ISO strings sort chronologically), then catalogue order.
    let chronological: FlatView<DocumentIndex>
    /// The vocabulary by romanization key, for matching names spelled another way (spec/romanization.md).
    public let romanization: RomanizationIndex

    public convenience init(catalogues: [Catalogue]) {
        let merged = CatalogueMerge(catalogues)
        self.init(merged: merged.store, problems: merged.problems, catalogueNames: catalogues.map(\.name))
    }

    /// The index of merged documents (the merge's lookup tables already freed).
    convenience init(merged store: DocumentStoreBuilder, problems: [CatalogueProblem], catalogueNames: [String]) {
        let memory = IndexMemory()
        self.init(store: store.finish(into: memory), memory: memory, catalogueNames: catalogueNames, mergeProblems: problems)
    }

    convenience init(store: DocumentStore, memory: IndexMemory, catalogueNames: [String], mergeProblems: [CatalogueProblem]) {
        let n = store.count
        let exact = HashSlotsBuilder(capacityFor: n)
        let loose = HashSlotsBuilder(capacityFor: n)
        let ids = HashSlotsBuilder(capacityFor: n)
        var wordIDs: [String: UInt32] = [:]
        var words: [String] = []
        let titleWordOffsets = GrowableTable<UInt32>(capacity: n + 1)
        titleWordOffsets.append(0)
        let titleWordIDs = GrowableTable<UInt32>(capacity: n * 8)
        var yearCounts = [UInt32](repeating: 0, count: 10_001)
        for i in 0..<n {
            let r = store.records[i]
            let title = store.string(r.title)
            exact.insert(hash: CanonicalKey.hash(TitleKey.exact(title)), value: i)
            ids.insert(hash: CanonicalKey.hash(store.string(r.id)), value: i)
            let titleWords = TitleKey.words(title)
            loose.insert(hash: CanonicalKey.hash(titleWords.joined()), value: i)
            for w in titleWords {
                if let id = wordIDs[w] { titleWordIDs.append(id) }
                else {
                    let id = UInt32(words.count)
                    wordIDs[w] = id
                    words.append(w)
                    titleWordIDs.append(id)
                }
            }
            titleWordOffsets.append(UInt32(titleWordIDs.count))
            yearCounts[min(PackedDate.year(r.date), 9_999)] += 1
        }
        wordIDs = [:]
        // Word ids in sorted order, so that a prefix is a range of ids.
        let order = words.indices.sorted { words[$0] < words[$1] }
        var rank = [UInt32](repeating: 0, count: words.count)
        for (position, w) in order.enumerated() { rank[w] = UInt32(position) }
        let wordCount = words.count
        let wordOffsets = GrowableTable<UInt32>(capacity: wordCount + 1)
        let wordBytes = GrowableTable<UInt8>(capacity: wordCount * 8)
        let wordSlots = HashSlotsBuilder(capacityFor: wordCount)
        wordOffsets.append(0)
        for (position, w) in order.enumerated() {
            var word = words[w]
            word.withUTF8 { wordBytes.append(contentsOf: $0) }
            wordOffsets.append(UInt32(wordBytes.count))
            wordSlots.insert(hash: CanonicalKey.hash(word), value: position)
        }
        words = []
        for k in 0..<titleWordIDs.count { titleWordIDs[k] = rank[Int(titleWordIDs[k])] }
        rank = []
        // Postings by counting: documents are visited in order, a word repeated in one title counted once.
        let postingOffsets = GrowableTable<UInt32>(repeating: 0, count: wordCount + 1)
        var lastDoc = [Int32](repeating: -1, count: wordCount)
        for d in 0..<n {
            for k in Int(titleWordOffsets[d])..<Int(titleWordOffsets[d + 1]) {
                let w = Int(titleWordIDs[k])
                if lastDoc[w] != Int32(d) { lastDoc[w] = Int32(d); postingOffsets[w + 1] += 1 }
            }
        }
        for w in 0..<wordCount { postingOffsets[w + 1] += postingOffsets[w] }
        var cursor = Array(postingOffsets.view)
        let postingDocuments = GrowableTable<DocumentIndex>(repeating: 0, count: Int(postingOffsets[wordCount]))
        for k in lastDoc.indices { lastDoc[k] = -1 }
        for d in 0..<n {
            for k in Int(titleWordOffsets[d])..<Int(titleWordOffsets[d + 1]) {
                let w = Int(titleWordIDs[k])
                if lastDoc[w] != Int32(d) {
                    lastDoc[w] = Int32(d)
                    postingDocuments[Int(cursor[w])] = DocumentIndex(d)
                    cursor[w] += 1
                }
            }
        }
        lastDoc = []
        cursor = []
        let yearOffsets = GrowableTable<UInt32>(repeating: 0, count: 10_002)
        for y in 0..<10_001 { yearOffsets[y + 1] = yearOffsets[y] + yearCounts[y] }
        var yearCursor = Array(yearOffsets.view)
        let yearDocuments = GrowableTable<DocumentIndex>(repeating: 0, count: n)
        for d in 0..<n {
            let y = min(PackedDate.year(store.records[d].date), 9_999)
            yearDocuments[Int(yearCursor[y])] = DocumentIndex(d)
            yearCursor[y] += 1
        }
        let records = store.records
        var chronological = (0..<n).map { DocumentIndex($0) }
        chronological.sort {
            let a = records[Int($0)].date, b = records[Int($1)].date
            return a != b ? a < b : $0 < $1
        }
        self.init(memory: memory, store: store, catalogueNames: catalogueNames, mergeProblems: mergeProblems,
                  exactSlots: exact.finish(into: memory), looseSlots: loose.finish(into: memory), idSlots: ids.finish(into: memory),
                  yearOffsets: yearOffsets.finish(into: memory), yearDocuments: yearDocuments.finish(into: memory),
                  vocabulary: StringTable(offsets: wordOffsets.finish(into: memory), bytes: wordBytes.finish(into: memory)),
                  wordSlots: wordSlots.finish(into: memory),
                  postingOffsets: postingOffsets.finish(into: memory), postingDocuments: postingDocuments.finish(into: memory),
                  titleWordOffsets: titleWordOffsets.finish(into: memory), titleWordIDs: titleWordIDs.finish(into: memory),
                  chronological: chronological.flat(in: memory))
    }

    /// Every table given (a snapshot's, already checked).
    init(memory: IndexMemory, store: DocumentStore, catalogueNames: [String], mergeProblems: [CatalogueProblem],
         exactSlots: HashSlots, looseSlots: HashSlots, idSlots: HashSlots,
         yearOffsets: FlatView<UInt32>, yearDocuments: FlatView<DocumentIndex>,
         vocabulary: StringTable, wordSlots: HashSlots,
         postingOffsets: FlatView<UInt32>, postingDocuments: FlatView<DocumentIndex>,
         titleWordOffsets: FlatView<UInt32>, titleWordIDs: FlatView<UInt32>, chronological: FlatView<DocumentIndex>) {
        self.memory = memory
        self.store = store
        self.catalogueNames = catalogueNames
        self.mergeProblems = mergeProblems
        self.exactSlots = exactSlots
        self.looseSlots = looseSlots
        self.idSlots = idSlots
        self.yearOffsets = yearOffsets
        self.yearDocuments = yearDocuments
        self.vocabulary = vocabulary
        self.wordSlots = wordSlots
        self.postingOffsets = postingOffsets
        self.postingDocuments = postingDocuments
        self.titleWordOffsets = titleWordOffsets
        self.titleWordIDs = titleWordIDs
        self.chronological = chronological
        self.romanization = RomanizationIndex(words: CatalogueIndex.romanizableWords(vocabulary))
    }

    /// The vocabulary as `RomanizationIndex` takes it (positions are word ids), with words that
    /// have digits left empty: it skips those anyway, and a catalogue's vocabulary is mostly
    /// numbers, which are then never made into strings.
    static func romanizableWords(_ vocabulary: StringTable) -> [String] {
        var words = [String](repeating: "", count: vocabulary.count)
        for w in 0..<vocabulary.count {
            let b = vocabulary.utf8(w)
            if !b.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { words[w] = String(decoding: b, as: UTF8.self) }
        }
        return words
    }

    public var count: Int { store.count }

    /// True when the index was read from a snapshot rather than built from its catalogues.
    public var isFromSnapshot: Bool { memory.isMapped }

    /// The document, built from the flat storage (a few dozen per request; hot paths use the
    /// field accessors below).
    public subscript(index: DocumentIndex) -> CatalogueDocument { store.document(Int(index)) }

    /// Every document in index order, each built when read.
    public var documents: CatalogueDocuments { CatalogueDocuments(index: self) }

    public func date(of d: DocumentIndex) -> PartialDate { PackedDate.unpack(store.records[Int(d)].date) }
    public func year(of d: DocumentIndex) -> Int { PackedDate.year(store.records[Int(d)].date) }
    public func title(of d: DocumentIndex) -> String { store.string(store.records[Int(d)].title) }
    public func id(of d: DocumentIndex) -> String { store.string(store.records[Int(d)].id) }
    public func archive(of d: DocumentIndex) -> String? { store.optionalString(store.records[Int(d)].archive) }
    /// The name of the catalogue the document comes from (`self[d].origin.catalogueName`).
    public func catalogueName(of d: DocumentIndex) -> String { store.sources[Int(store.records[Int(d)].source)].name }
    /// The date's ISO form.
    public func isoDate(of d: DocumentIndex) -> String {
        PackedDate.withISO(store.records[Int(d)].date) { String(decoding: $0, as: UTF8.self) }
    }
    func packedDate(of d: DocumentIndex) -> UInt32 { store.records[Int(d)].date }

    public func document(id: String) -> DocumentIndex? {
        idSlots.first(hash: CanonicalKey.hash(id)) { d in
            let ref = store.records[d].id
            return store.equals(ref, id) || (CanonicalKey.needsNormalizing(id) && store.string(ref) == id)
        }.map { DocumentIndex(truncatingIfNeeded: $0) }
    }

    /// Documents whose title is exactly `title` (whitespace runs collapsed).
    public func exactTitleMatches(_ title: String) -> [DocumentIndex] {
        let key = TitleKey.exact(title)
        return exactSlots.lookup(hash: CanonicalKey.hash(key)) { d in
            let ref = store.records[d].title
            return store.equals(ref, key) || TitleKey.exact(store.string(ref)) == key
        }
    }

    /// Documents whose title equals `title` once case, diacritics, punctuation and spacing are ignored.
    public func looseTitleMatches(_ title: String) -> [DocumentIndex] {
        let key = TitleKey.loose(title)
        return looseSlots.lookup(hash: CanonicalKey.hash(key)) { d in
            titleWords(of: DocumentIndex(d)).joined() == key
        }
    }

    /// Documents dated in `year`, in catalogue order.
    public func documents(inYear year: Int) -> [DocumentIndex] { Array(yearSlice(year)) }

    func yearSlice(_ year: Int) -> DocumentList {
        guard year >= 0 && year <= 9_999 else { return [] }
        return yearDocuments.slice(Int(yearOffsets[year])..<Int(yearOffsets[year + 1]))
    }

    /// The id of a word of the vocabulary, nil when no title has it.
    func wordID(_ word: String) -> Int? {
        wordSlots.first(hash: CanonicalKey.hash(word)) { w in
            vocabulary.equals(w, word) || (CanonicalKey.needsNormalizing(word) && vocabulary[w] == word)
        }
    }

    /// The documents whose title has `word`, ascending; nil when no title has it.
    func postings(_ word: String) -> DocumentList? {
        guard let w = wordID(word) else { return nil }
        return postings(wordID: w)
    }

    func postings(wordID w: Int) -> DocumentList {
        postingDocuments.slice(Int(postingOffsets[w])..<Int(postingOffsets[w + 1]))
    }

    /// The loose words of a document's title, in order.
    func titleWords(of d: DocumentIndex) -> TitleWords {
        TitleWords(vocabulary: vocabulary, ids: titleWordIDs.slice(Int(titleWordOffsets[Int(d)])..<Int(titleWordOffsets[Int(d) + 1])))
    }

    /// The word ids of a document's title, in order (what `titleWords(of:)` spells).
    func titleWordIDs(of d: DocumentIndex) -> FlatView<UInt32> {
        titleWordIDs.slice(Int(titleWordOffsets[Int(d)])..<Int(titleWordOffsets[Int(d) + 1]))
    }

    /// The range of `vocabulary` whose words start with `prefix`.
    func vocabularyRange(prefix: String) -> Range<Int> {
        var lo = 0, hi = vocabulary.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if vocabulary[mid] < prefix { lo = mid + 1 } else { hi = mid }
        }
        // Words sharing the prefix are contiguous; find the end by a second binary search.
        var h = vocabulary.count
        var l = lo
        while l < h {
            let mid = (l + h) / 2
            if vocabulary[mid].hasPrefix(prefix) { l = mid + 1 } else { h = mid }
        }
        return lo..<l
    }
}

/// A title's loose words, read from the vocabulary.
struct TitleWords: RandomAccessCollection {
    let vocabulary: StringTable
    /// The words' ids in the vocabulary.
    let ids: FlatView<UInt32>
    var startIndex: Int { 0 }
    var endIndex: Int { ids.count }
    subscript(i: Int) -> String { vocabulary[Int(ids[i])] }
}

/// The index's documents as a collection, each built when read.
public struct CatalogueDocuments: RandomAccessCollection, Sendable {
    let index: CatalogueIndex
    public var startIndex: Int { 0 }
    public var endIndex: Int { index.count }
    public subscript(i: Int) -> CatalogueDocument { index[DocumentIndex(i)] }
}

/// Hash keys that agree with `String` equality (canonical equivalence): ASCII as is, anything
/// else in NFC first.
enum CanonicalKey {
    /// True when `s` has a non-ASCII byte: read eight bytes at a time (every citation's title
    /// and many of its words are looked up).
    @inline(__always)
    static func needsNormalizing(_ s: String) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ b -> Bool in
            let raw = UnsafeRawBufferPointer(b)
            var i = 0
            let n = raw.count
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
                i += 8
            }
            while i < n {
                if raw[i] >= 0x80 { return true }
                i += 1
            }
            return false
        }) { return found }
        return !s.utf8.allSatisfy { $0 < 0x80 }
    }

    static func hash(_ s: String) -> UInt64 {
        needsNormalizing(s) && !isSurelyNFC(s) ? StableHash.hash(s.precomposedStringWithCanonicalMapping) : StableHash.hash(s)
    }

    /// True when every scalar is one that NFC leaves alone whatever surrounds it (quick-check
    /// "yes", combining class 0): Latin up to U+02FF, Cyrillic letters, precomposed Hangul
    /// syllables, dashes, quotes and №. Then the text is its own NFC and Foundation's normalization
    /// (the costliest step of a non-ASCII lookup) can be skipped. Anything else says false.
    static func isSurelyNFC(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0..<0x300, 0x400...0x482, 0x48A...0x52F, 0xAC00...0xD7A3, 0x2010...0x2027, 0x2030...0x205E, 0x2116: continue
            default: return false
            }
        }
        return true
    }
}

enum IndexGeneration {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter: UInt64 = 0
    static func next() -> UInt64 {
        lock.withLock {
            counter += 1
            return counter
        }
    }
}
