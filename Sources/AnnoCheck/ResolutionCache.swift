import AnnoCatalogue
import Foundation

/// Remembers the diagnostics of each distinct citation text, so that checking a note again after
/// an edit — or checking a note that repeats its citations — costs one hash lookup per citation
/// already seen. Diagnostics are stored relative to the citation's start and shifted on reuse.
///
/// A cache belongs to one checker (one catalogue index and rule set): handing it to another
/// checker empties it. Thread-safe, but meant to be used by one thread at a time (one cache per
/// open document or per worker), so its lock is never contended.
public final class ResolutionCache: @unchecked Sendable {   // state guarded by `lock`
    private let lock = NSLock()
    private var entries: [String: [Diagnostic]] = [:]
    private var owner: UInt64?
    private var rules: RuleSettings?
    /// Enough for every distinct citation of a very large note; past it the cache starts over.
    public static let capacity = 100_000

    public init() {}

    public var count: Int { lock.withLock { entries.count } }

    /// The diagnostics for `key`, shifted to a citation starting at `start`.
    func lookup(_ key: String, at start: Int, checker: Checker) -> [Diagnostic]? {
        lock.lock(); defer { lock.unlock() }
        if owner != checker.index.generation || rules != checker.rules {
            entries.removeAll(keepingCapacity: true)
            owner = checker.index.generation
            rules = checker.rules
            return nil
        }
        return entries[key].map { $0.map { $0.shifted(by: start) } }
    }

    func store(_ key: String, _ diagnostics: [Diagnostic], at start: Int) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= ResolutionCache.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = diagnostics.map { $0.shifted(by: -start) }
    }
}

extension Diagnostic {
    /// The same diagnostic with every byte range moved by `delta`.
    public func shifted(by delta: Int) -> Diagnostic {
        if delta == 0 { return self }
        var d = self
        d.range = (range.lowerBound + delta)..<(range.upperBound + delta)
        d.fix = fix.map { $0.shifted(by: delta) }
        d.alternatives = alternatives.map { $0.shifted(by: delta) }
        return d
    }
}

extension Fix {
    public func shifted(by delta: Int) -> Fix {
        Fix(title: title, edits: edits.map { TextEdit(range: ($0.range.lowerBound + delta)..<($0.range.upperBound + delta), replacement: $0.replacement) })
    }
}
