#if canImport(Glibc)
import Glibc
#endif

/// The memory an index's tables live in: heap blocks for an index built from catalogues, or one
/// mapped snapshot file (spec/catalogue.md, "Index cache"). Both are read through the same
/// `FlatView`s, so a mapped index answers with the code that answers a built one, and pages of
/// a mapped file nobody reads (summaries of documents never shown) are never made resident.
public final class IndexMemory: @unchecked Sendable {
    private var blocks: [UnsafeMutableRawPointer] = []
    private let release: (@Sendable () -> Void)?

    init() { release = nil }

    /// Memory owned elsewhere (a mapping), released by `release` when the last view is gone.
    public init(releasing release: @escaping @Sendable () -> Void) { self.release = release }

    /// True for a mapped snapshot.
    var isMapped: Bool { release != nil }

    deinit {
        for block in blocks { free(block) }
        release?()
    }

    /// Takes ownership of a `malloc`ed block (only while the index is built, on one thread).
    fileprivate func adopt(_ block: UnsafeMutableRawPointer) { blocks.append(block) }
}

/// Where empty views point: never read (their count is 0), but never null either.
nonisolated(unsafe) private let emptyBase = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)

/// A read-only array of plain values in an `IndexMemory`, which it keeps alive. Indices run
/// from 0; reads are bounds-checked like `Array`'s.
struct FlatView<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    let base: UnsafePointer<Element>
    let count: Int
    let owner: IndexMemory?

    init(base: UnsafePointer<Element>, count: Int, owner: IndexMemory?) {
        self.base = base
        self.count = count
        self.owner = owner
    }

    /// Nothing.
    init() {
        base = UnsafePointer(emptyBase.assumingMemoryBound(to: Element.self))
        count = 0
        owner = nil
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    @inline(__always)
    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "index out of range")
        return base[i]
    }

    /// Elements `range` as a view of their own (indices from 0 again).
    @inline(__always)
    func slice(_ range: Range<Int>) -> FlatView<Element> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
        return FlatView(base: base + range.lowerBound, count: range.count, owner: owner)
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
    var rawBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffer) }
}

/// An empty literal for "no documents" (`postings(word) ?? []`); other literals are copied
/// into memory of their own.
extension FlatView: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: Element...) {
        if elements.isEmpty { self.init(); return }
        let table = GrowableTable<Element>(capacity: elements.count)
        for e in elements { table.append(e) }
        let memory = IndexMemory()
        self = table.finish(into: memory)
    }
}

/// The documents of a posting list, a year or a title: ascending document numbers.
typealias DocumentList = FlatView<DocumentIndex>

/// A growable array in `malloc`ed memory that becomes a `FlatView` of an index once built.
final class GrowableTable<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    private var finished = false

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = GrowableTable.allocate(self.capacity)
    }

    init(repeating value: Element, count: Int) {
        capacity = max(count, 4)
        base = GrowableTable.allocate(capacity)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    deinit { if !finished { free(base) } }

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
        guard let p = malloc(n * MemoryLayout<Element>.stride) else { preconditionFailure("out of memory") }
        return p.bindMemory(to: Element.self, capacity: n)
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity = newCapacity &* 2 }
        // realloc moves large blocks by remapping pages, so growing never holds two copies.
        guard let p = realloc(base, newCapacity * MemoryLayout<Element>.stride) else { preconditionFailure("out of memory") }
        base = p.bindMemory(to: Element.self, capacity: newCapacity)
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ e: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = e
        count += 1
    }

    func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        if count + elements.count > capacity { grow(to: count + elements.count) }
        (base + count).update(from: source, count: elements.count)
        count += elements.count
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { precondition(i >= 0 && i < count, "index out of range"); return base[i] }
        set { precondition(i >= 0 && i < count, "index out of range"); base[i] = newValue }
    }

    var view: FlatView<Element> { FlatView(base: UnsafePointer(base), count: count, owner: nil) }

    /// Hands the memory to `memory` (which frees it with the index) and returns a view of it;
    /// the table is not used afterwards.
    func finish(into memory: IndexMemory) -> FlatView<Element> {
        precondition(!finished, "table finished twice")
        finished = true
        if count < capacity, let p = realloc(base, max(count, 1) * MemoryLayout<Element>.stride) {
            base = p.bindMemory(to: Element.self, capacity: max(count, 1))
        }
        memory.adopt(UnsafeMutableRawPointer(base))
        return FlatView(base: UnsafePointer(base), count: count, owner: memory)
    }
}

extension Array where Element: BitwiseCopyable {
    /// The array copied into `memory`.
    func flat(in memory: IndexMemory) -> FlatView<Element> {
        let table = GrowableTable<Element>(capacity: count)
        withUnsafeBufferPointer { table.append(contentsOf: $0) }
        return table.finish(into: memory)
    }
}

/// Distinct strings in sorted order, in one UTF-8 pool with an offset each (CSR): the index's
/// vocabulary. A string's id is its position.
struct StringTable: RandomAccessCollection, Sendable {
    /// `count + 1` offsets into `bytes`, ascending.
    let offsets: FlatView<UInt32>
    let bytes: FlatView<UInt8>

    var startIndex: Int { 0 }
    var endIndex: Int { Swift.max(offsets.count - 1, 0) }

    @inline(__always)
    func utf8(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[i]), end = Int(offsets[i + 1])
        precondition(start <= end && end <= bytes.count, "string out of bounds")
        return UnsafeBufferPointer(start: bytes.base + start, count: end - start)
    }

    subscript(i: Int) -> String { String(decoding: utf8(i), as: UTF8.self) }

    /// True when string `i` is `s`'s UTF-8.
    func equals(_ i: Int, _ s: String) -> Bool {
        let b = utf8(i)
        var s = s
        return s.withUTF8 { q in bytesEqual(q, b) }
    }
}

/// True when the two byte ranges hold the same bytes.
@inline(__always)
func bytesEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let p = a.baseAddress, let q = b.baseAddress else { return true }
    return memcmp(p, q, a.count) == 0
}
