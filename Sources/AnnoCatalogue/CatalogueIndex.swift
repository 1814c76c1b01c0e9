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
    let yearOffsets: [UInt32]
    let yearDocuments: [DocumentIndex]
    /// Every distinct loose word of the titles, sorted, for prefix lookups; a word's id is its position.
    let vocabulary: [String]
    let wordIDs: [String: UInt32]
    /// The documents whose title has word `w` (ascending): `postingDocuments[postingOffsets[w]..<postingOffsets[w + 1]]`.
    let postingOffsets: [UInt32]
    let postingDocuments: [DocumentIndex]
    /// Loose words of each document's title, in order, as word ids (CSR like the postings).
    let titleWordOffsets: [UInt32]
    let titleWordIDs: [UInt32]
    /// The vocabulary by romanization key, for matching names spelled another way (spec/romanization.md).
    public let romanization: RomanizationIndex
    /// All documents in date order (ISO strings sort chronologically), then catalogue order.
    let chronological: [DocumentIndex]

    public convenience init(catalogues: [Catalogue]) {
        let merged = CatalogueMerge(catalogues)
        var store = DocumentStore()
        store.records.reserveCapacity(merged.documents.count)
        for doc in merged.documents { store.append(doc) }
        self.init(store: store, catalogueNames: catalogues.map(\.name), mergeProblems: merged.problems)
    }

    convenience init(store: DocumentStore, catalogueNames: [String], mergeProblems: [CatalogueProblem]) {
        let n = store.count
        var exact = HashSlots(capacityFor: n)
        var loose = HashSlots(capacityFor: n)
        var ids = HashSlots(capacityFor: n)
        var wordIDs: [String: UInt32] = [:]
        var words: [String] = []
        var titleWordOffsets: [UInt32] = [0]
        titleWordOffsets.reserveCapacity(n + 1)
        var provisionalWords: [UInt32] = []
        var yearCounts = [UInt32](repeating: 0, count: 10_001)
        for i in 0..<n {
            let r = store.records[i]
            let title = store.string(r.title)
            exact.insert(hash: CanonicalKey.hash(TitleKey.exact(title)), document: i)
            ids.insert(hash: CanonicalKey.hash(store.string(r.id)), document: i)
            let titleWords = TitleKey.words(title)
            loose.insert(hash: CanonicalKey.hash(titleWords.joined()), document: i)
            for w in titleWords {
                if let id = wordIDs[w] { provisionalWords.append(id) }
                else {
                    let id = UInt32(words.count)
                    wordIDs[w] = id
                    words.append(w)
                    provisionalWords.append(id)
                }
            }
            titleWordOffsets.append(UInt32(provisionalWords.count))
            yearCounts[min(PackedDate.year(r.date), 9_999)] += 1
        }
        // Word ids in sorted order, so that a prefix is a range of ids.
        let order = words.indices.sorted { words[$0] < words[$1] }
        var rank = [UInt32](repeating: 0, count: words.count)
        for (position, w) in order.enumerated() { rank[w] = UInt32(position) }
        let vocabulary = order.map { words[$0] }
        for (position, w) in vocabulary.enumerated() { wordIDs[w] = UInt32(position) }
        var titleWordIDs = provisionalWords
        for k in titleWordIDs.indices { titleWordIDs[k] = rank[Int(titleWordIDs[k])] }
        // Postings by counting: documents are visited in order, a word repeated in one title counted once.
        var postingCounts = [UInt32](repeating: 0, count: vocabulary.count + 1)
        var lastDoc = [Int32](repeating: -1, count: vocabulary.count)
        for d in 0..<n {
            for k in Int(titleWordOffsets[d])..<Int(titleWordOffsets[d + 1]) {
                let w = Int(titleWordIDs[k])
                if lastDoc[w] != Int32(d) { lastDoc[w] = Int32(d); postingCounts[w + 1] += 1 }
            }
        }
        for w in 0..<vocabulary.count { postingCounts[w + 1] += postingCounts[w] }
        var cursor = postingCounts
        var postingDocuments = [DocumentIndex](repeating: 0, count: Int(postingCounts[vocabulary.count]))
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
        var yearOffsets = [UInt32](repeating: 0, count: 10_002)
        for y in 0..<10_001 { yearOffsets[y + 1] = yearOffsets[y] + yearCounts[y] }
        var yearCursor = yearOffsets
        var yearDocuments = [DocumentIndex](repeating: 0, count: n)
        for d in 0..<n {
            let y = min(PackedDate.year(store.records[d].date), 9_999)
            yearDocuments[Int(yearCursor[y])] = DocumentIndex(d)
            yearCursor[y] += 1
        }
        let dates = store.records.map(\.date)
        let chronological = (0..<n).map { DocumentIndex($0) }.sorted {
            let a = dates[Int($0)], b = dates[Int($1)]
            return a != b ? a < b : $0 < $1
        }
        self.init(store: store, catalogueNames: catalogueNames, mergeProblems: mergeProblems,
                  exactSlots: exact, looseSlots: loose, idSlots: ids, yearOffsets: yearOffsets, yearDocuments: yearDocuments,
                  vocabulary: vocabulary, postingOffsets: postingCounts, postingDocuments: postingDocuments,
                  titleWordOffsets: titleWordOffsets, titleWordIDs: titleWordIDs, chronological: chronological)
    }

    /// Every table given (a snapshot's, already checked).
    init(store: DocumentStore, catalogueNames: [String], mergeProblems: [CatalogueProblem],
         exactSlots: HashSlots, looseSlots: HashSlots, idSlots: HashSlots, yearOffsets: [UInt32], yearDocuments: [DocumentIndex],
         vocabulary: [String], postingOffsets: [UInt32], postingDocuments: [DocumentIndex],
         titleWordOffsets: [UInt32], titleWordIDs: [UInt32], chronological: [DocumentIndex]) {
        self.store = store
        self.catalogueNames = catalogueNames
        self.mergeProblems = mergeProblems
        self.exactSlots = exactSlots
        self.looseSlots = looseSlots
        self.idSlots = idSlots
        self.yearOffsets = yearOffsets
        self.yearDocuments = yearDocuments
        self.vocabulary = vocabulary
        var wordIDs: [String: UInt32] = [:]
        wordIDs.reserveCapacity(vocabulary.count)
        for (i, w) in vocabulary.enumerated() { wordIDs[w] = UInt32(i) }
        self.wordIDs = wordIDs
        self.postingOffsets = postingOffsets
        self.postingDocuments = postingDocuments
        self.titleWordOffsets = titleWordOffsets
        self.titleWordIDs = titleWordIDs
        self.romanization = RomanizationIndex(words: vocabulary)
        self.chronological = chronological
    }

    public var count: Int { store.count }

    /// The document, built from the flat storage (a few dozen per request; hot paths use the
    /// field accessors below).
    public subscript(index: DocumentIndex) -> CatalogueDocument { store.document(Int(index)) }

    /// Every document in index order, each built when read.
    public var documents: CatalogueDocuments { CatalogueDocuments(index: self) }

    public func date(of d: DocumentIndex) -> PartialDate { PackedDate.unpack(store.records[Int(d)].date) }
    public func year(of d: DocumentIndex) -> Int { PackedDate.year(store.records[Int(d)].date) }
    public func title(of d: DocumentIndex) -> String { store.string(store.records[Int(d)].title) }
    public func id(of d: DocumentIndex) -> String { store.string(store.records[Int(d)].id) }
    /// The date's ISO form.
    public func isoDate(of d: DocumentIndex) -> String {
        PackedDate.withISO(store.records[Int(d)].date) { String(decoding: $0, as: UTF8.self) }
    }
    func packedDate(of d: DocumentIndex) -> UInt32 { store.records[Int(d)].date }

    public func document(id: String) -> DocumentIndex? {
        idSlots.lookup(hash: CanonicalKey.hash(id)) { d in
            let ref = store.records[d].id
            return store.equals(ref, id) || (CanonicalKey.needsNormalizing(id) && store.string(ref) == id)
        }.first
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

    func yearSlice(_ year: Int) -> ArraySlice<DocumentIndex> {
        guard year >= 0 && year <= 9_999 else { return [] }
        return yearDocuments[Int(yearOffsets[year])..<Int(yearOffsets[year + 1])]
    }

    /// The documents whose title has `word`, ascending; nil when no title has it.
    func postings(_ word: String) -> ArraySlice<DocumentIndex>? {
        guard let w = wordIDs[word] else { return nil }
        return postings(wordID: Int(w))
    }

    func postings(wordID w: Int) -> ArraySlice<DocumentIndex> {
        postingDocuments[Int(postingOffsets[w])..<Int(postingOffsets[w + 1])]
    }

    /// The loose words of a document's title, in order.
    func titleWords(of d: DocumentIndex) -> TitleWords {
        TitleWords(vocabulary: vocabulary, ids: titleWordIDs[Int(titleWordOffsets[Int(d)])..<Int(titleWordOffsets[Int(d) + 1])])
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
    let vocabulary: [String]
    let ids: ArraySlice<UInt32>
    var startIndex: Int { 0 }
    var endIndex: Int { ids.count }
    subscript(i: Int) -> String { vocabulary[Int(ids[ids.startIndex + i])] }
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
    @inline(__always)
    static func needsNormalizing(_ s: String) -> Bool { !s.utf8.allSatisfy { $0 < 0x80 } }

    static func hash(_ s: String) -> UInt64 {
        needsNormalizing(s) ? StableHash.hash(s.precomposedStringWithCanonicalMapping) : StableHash.hash(s)
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
