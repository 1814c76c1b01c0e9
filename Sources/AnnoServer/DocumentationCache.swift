import AnnoCatalogue
import Foundation

/// A document's markdown (and plaintext) as completion items and hovers show it, built once.
///
/// Completion asks for the same documents keystroke after keystroke; escaping a summary for
/// markdown is the costliest part of an item, so it is kept. Tied to one catalogue index
/// (a new index empties it) and bounded.
final class DocumentationCache: @unchecked Sendable {   // state guarded by `lock`
    private let lock = NSLock()
    private var generation: UInt64 = 0
    private var markdown: [DocumentIndex: String] = [:]
    private var plaintext: [DocumentIndex: String] = [:]
    static let capacity = 20_000

    func markdown(for d: DocumentIndex, in index: CatalogueIndex) -> String {
        lookup(d, index, \.markdown) { CitationHover.documentMarkdown($0).joined(separator: "\n\n") }
    }

    func plaintext(for d: DocumentIndex, in index: CatalogueIndex) -> String {
        lookup(d, index, \.plaintext) { CitationHover.documentPlaintext($0).joined(separator: "\n\n") }
    }

    private func lookup(_ d: DocumentIndex, _ index: CatalogueIndex,
                        _ table: ReferenceWritableKeyPath<DocumentationCache, [DocumentIndex: String]>,
                        build: (CatalogueDocument) -> String) -> String {
        lock.lock()
        if generation != index.generation {
            markdown.removeAll(keepingCapacity: true)
            plaintext.removeAll(keepingCapacity: true)
            generation = index.generation
        }
        if let known = self[keyPath: table][d] { lock.unlock(); return known }
        lock.unlock()
        let built = build(index[d])
        lock.lock()
        if self[keyPath: table].count >= DocumentationCache.capacity { self[keyPath: table].removeAll(keepingCapacity: true) }
        self[keyPath: table][d] = built
        lock.unlock()
        return built
    }
}
