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
    /// Open addressing over `entries`, a power of two at most half full: each slot holds the
    /// entry's number (index + 1; 0 is empty) in its low half and its hash's high half above,
    /// so a probe that meets another citation is told apart without reading that entry.
    private var slots: [UInt64] = []
    private var entries: [Entry] = []
    /// The citations' bytes, one after another: keys are compared here, never made into strings.
    private var keyBytes: [UInt8] = []
    private var owner: UInt64?
    private var rules: RuleSettings?
    /// Per cache, so that no note can be written to collide in every cache.
    private let seed = UInt64.random(in: 0...UInt64.max)
    /// Enough for every distinct citation of a very large note; past it the cache starts over.
    public static let capacity = 100_000
    /// Past this many bytes of citations kept, the cache starts over too.
    static let keyByteCapacity = 64 << 20
    /// This cache's limits (the defaults above, or smaller for a cache that lives beside others).
    private let entryLimit: Int
    private let keyByteLimit: Int

    private struct Entry {
        var hash: UInt64
        var keyStart: Int
        var keyCount: Int
        var isClosed: Bool
        /// The document the citation means (`CitationResolution.document`).
        var document: DocumentIndex?
        /// Rules applied, relative to the citation's start.
        var diagnostics: [Diagnostic]
    }

    public init() {
        entryLimit = ResolutionCache.capacity
        keyByteLimit = ResolutionCache.keyByteCapacity
    }

    /// A cache that starts over past `entries` distinct citations or `keyBytes` bytes of them:
    /// the workspace index keeps one per core while it reads a whole workspace, and a note with
    /// tens of thousands of distinct citations must not make them grow to tens of megabytes.
    public init(entries: Int, keyBytes: Int) {
        entryLimit = max(1, min(entries, ResolutionCache.capacity))
        keyByteLimit = max(1, min(keyBytes, ResolutionCache.keyByteCapacity))
    }

    public var count: Int { lock.withLock { entries.count } }

    /// The resolution of the citation at `range` of `bytes` (written the same way, byte for
    /// byte, and as closed or not): the document it means and its diagnostics, shifted to start
    /// at `start`. `compute` runs, unlocked, only for a citation not seen before.
    func resolution(_ bytes: [UInt8], range: Range<Int>, isClosed: Bool, start: Int, checker: Checker,
                    compute: () -> (document: DocumentIndex?, diagnostics: [Diagnostic])) -> (document: DocumentIndex?, diagnostics: [Diagnostic]) {
        let (found, hash) = bytes.withUnsafeBytes { raw in
            let key = UnsafeRawBufferPointer(rebasing: raw[range])
            let hash = ResolutionCache.hash(key, seed: seed ^ (isClosed ? 0 : 0x9E37_79B9_7F4A_7C15))
            return (lookup(key, hash: hash, isClosed: isClosed, checker: checker), hash)
        }
        if let found {
            return (found.document, found.diagnostics.isEmpty ? [] : found.diagnostics.map { $0.shifted(by: start) })
        }
        let computed = compute()
        bytes.withUnsafeBytes { raw in
            store(UnsafeRawBufferPointer(rebasing: raw[range]), hash: hash, isClosed: isClosed, document: computed.document,
                  computed.diagnostics.isEmpty ? [] : computed.diagnostics.map { $0.shifted(by: -start) })
        }
        return computed
    }

    private func lookup(_ key: UnsafeRawBufferPointer, hash: UInt64, isClosed: Bool, checker: Checker) -> Entry? {
        lock.lock(); defer { lock.unlock() }
        if owner != checker.index.generation || rules != checker.rules {
            clear()
            owner = checker.index.generation
            rules = checker.rules
            return nil
        }
        // The slots are read through one buffer: a property access per probe costs an
        // exclusivity check each.
        return slots.withUnsafeBufferPointer { slots -> Entry? in
            guard !slots.isEmpty else { return nil }
            let mask = slots.count - 1
            var s = Int(truncatingIfNeeded: hash) & mask
            let tag = hash >> 32
            while true {
                let slot = slots[s]
                if slot == 0 { return nil }
                if slot >> 32 == tag {
                    // Fields read in place: copying the entry would retain its diagnostics on every probe.
                    let e = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF)
                    if entries[e - 1].hash == hash && entries[e - 1].isClosed == isClosed
                        && keyEquals(start: entries[e - 1].keyStart, count: entries[e - 1].keyCount, key) { return entries[e - 1] }
                }
                s = (s + 1) & mask
            }
        }
    }

    private func keyEquals(start: Int, count: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        guard count == key.count else { return false }
        if key.isEmpty { return true }
        return keyBytes.withUnsafeBytes { stored in
            guard let a = stored.baseAddress, let b = key.baseAddress else { return false }
            return memcmp(a + start, b, count) == 0
        }
    }

    private func store(_ key: UnsafeRawBufferPointer, hash: UInt64, isClosed: Bool, document: DocumentIndex?, _ diagnostics: [Diagnostic]) {
        lock.lock(); defer { lock.unlock() }
        if entries.count >= entryLimit || keyBytes.count + key.count > keyByteLimit { clear() }
        if (entries.count + 1) * 2 > slots.count { grow() }
        let start = keyBytes.count
        keyBytes.append(contentsOf: key)
        entries.append(Entry(hash: hash, keyStart: start, keyCount: key.count, isClosed: isClosed, document: document, diagnostics: diagnostics))
        insert(entries.count, hash: hash)
    }

    private func insert(_ entryNumber: Int, hash: UInt64) {
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var s = Int(truncatingIfNeeded: hash) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = (hash >> 32) << 32 | UInt64(UInt32(truncatingIfNeeded: entryNumber))
        }
    }

    private func grow() {
        slots = Array(repeating: 0, count: max(1024, slots.count * 2))
        for (k, entry) in entries.enumerated() { insert(k + 1, hash: entry.hash) }
    }

    private func clear() {
        entries.removeAll(keepingCapacity: true)
        keyBytes.removeAll(keepingCapacity: true)
        for k in slots.indices { slots[k] = 0 }
    }

    /// A fast 64-bit hash of bytes, eight at a time; equal keys are still compared in full.
    static func hash(_ key: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = seed ^ (UInt64(key.count) &* m)
        var i = 0
        let n = key.count
        while i + 8 <= n {
            h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(key[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* m
        }
        h ^= h >> 32
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        return h
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
