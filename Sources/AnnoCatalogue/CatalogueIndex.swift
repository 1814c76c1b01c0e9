import AnnoRomanization
import Foundation
import AnnoSyntax

/// Every loaded catalogue merged and indexed once, so that resolving a citation, suggesting a
/// title or completing a query never scans the documents.
///
/// Documents are addressed by `DocumentIndex` (their position in `documents`). The index is
/// immutable after construction and shared across threads.
public typealias DocumentIndex = Int32

public final class CatalogueIndex: Sendable {
    /// Unique for the life of the process (an object's address can be reused once it is freed),
    /// so caches can tell one index from the next.
    public let generation: UInt64 = IndexGeneration.next()
    public let documents: [CatalogueDocument]
    /// The catalogues this index was built from, in priority order.
    public let catalogueNames: [String]
    /// Problems found while merging (the same id defined twice across catalogues).
    public let mergeProblems: [CatalogueProblem]

    let byExactTitle: [String: [DocumentIndex]]
    let byLooseTitle: [String: [DocumentIndex]]
    let byID: [String: DocumentIndex]
    let byYear: [Int: [DocumentIndex]]
    /// Loose words of every title → the documents whose title has that word (ascending).
    let postings: [String: [DocumentIndex]]
    /// Every distinct word, sorted, for prefix lookups.
    let vocabulary: [String]
    /// Loose words of each document's title, in order.
    let titleWords: [[String]]
    /// The vocabulary by romanization key, for matching names spelled another way (spec/romanization.md).
    public let romanization: RomanizationIndex
    /// All documents in date order (ISO strings sort chronologically), then catalogue order.
    let chronological: [DocumentIndex]
    let isoDates: [String]

    public init(catalogues: [Catalogue]) {
        let merged = CatalogueMerge(catalogues)
        let docs = merged.documents, problems = merged.problems, byID = merged.byID
        var exact: [String: [DocumentIndex]] = [:]
        var loose: [String: [DocumentIndex]] = [:]
        var years: [Int: [DocumentIndex]] = [:]
        var postings: [String: [DocumentIndex]] = [:]
        var titleWords: [[String]] = []
        titleWords.reserveCapacity(docs.count)
        for (i, doc) in docs.enumerated() {
            let index = DocumentIndex(i)
            exact[TitleKey.exact(doc.title), default: []].append(index)
            let words = TitleKey.words(doc.title)
            titleWords.append(words)
            loose[words.joined(), default: []].append(index)
            years[doc.date.year, default: []].append(index)
            // Documents are added in order, so a word repeated in one title is seen as the list's last entry.
            for word in words {
                postings[word, default: []].appendUnlessLast(index)
            }
        }
        self.documents = docs
        self.catalogueNames = catalogues.map(\.name)
        self.mergeProblems = problems
        self.byExactTitle = exact
        self.byLooseTitle = loose
        self.byID = byID
        self.byYear = years
        self.postings = postings
        self.vocabulary = postings.keys.sorted()
        self.romanization = RomanizationIndex(words: self.vocabulary)
        self.titleWords = titleWords
        let isoDates = docs.map(\.date.iso)
        self.isoDates = isoDates
        self.chronological = (0..<docs.count).map { DocumentIndex($0) }.sorted {
            let a = isoDates[Int($0)], b = isoDates[Int($1)]
            return a != b ? a < b : $0 < $1
        }
    }

    public var count: Int { documents.count }

    /// Borrows the document rather than copying it (a copy retains each of its strings; lookups
    /// on the hot path read one field).
    public subscript(index: DocumentIndex) -> CatalogueDocument {
        _read { yield documents[Int(index)] }
    }

    public func document(id: String) -> DocumentIndex? { byID[id] }

    /// Documents whose title is exactly `title` (whitespace runs collapsed).
    public func exactTitleMatches(_ title: String) -> [DocumentIndex] {
        byExactTitle[TitleKey.exact(title)] ?? []
    }

    /// Documents whose title equals `title` once case, diacritics, punctuation and spacing are ignored.
    public func looseTitleMatches(_ title: String) -> [DocumentIndex] {
        byLooseTitle[TitleKey.loose(title)] ?? []
    }

    /// Documents dated in `year`, in catalogue order.
    public func documents(inYear year: Int) -> [DocumentIndex] { byYear[year] ?? [] }

    /// The range of `vocabulary` whose words start with `prefix`.
    func vocabularyRange(prefix: String) -> Range<Int> {
        var lo = 0, hi = vocabulary.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if vocabulary[mid] < prefix { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        // Words sharing the prefix are contiguous; find the end by a second binary search.
        var h = vocabulary.count
        var l = lo
        while l < h {
            let mid = (l + h) / 2
            if vocabulary[mid].hasPrefix(prefix) { l = mid + 1 } else { h = mid }
        }
        end = l
        return lo..<end
    }
}

extension Array where Element == DocumentIndex {
    @inline(__always)
    mutating func appendUnlessLast(_ d: DocumentIndex) {
        if last != d { append(d) }
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
