import AnnoSyntax
#if canImport(Glibc)
import Glibc
#endif

/// The merged documents of an index in flat storage: every string in one UTF-8 pool, one
/// fixed-size record per document. A `CatalogueDocument` is materialized only when asked for
/// (a request shows a few dozen); hot paths read one field through the accessors.
struct DocumentStore: Sendable {
    /// A string in `pool`: `length == UInt32.max` is nil.
    struct Ref: Sendable, Equatable {
        var offset: UInt32
        var length: UInt32
        static let none = Ref(offset: 0, length: UInt32.max)
        var isNone: Bool { length == UInt32.max }
    }

    struct Record: Sendable {
        var id: Ref
        var title: Ref
        var summary: Ref
        var url: Ref
        var archive: Ref
        var archiveLocation: Ref
        /// `PackedDate`.
        var date: UInt32
        /// Index into `sources`.
        var source: UInt32
        var originLine: UInt32
        var originColumn: UInt32
        var originOffset: UInt64
    }

    /// Catalogue name and path of each source catalogue.
    struct Source: Sendable, Equatable {
        var name: String
        var path: String?
    }

    let pool: FlatView<UInt8>
    let records: FlatView<Record>
    let sources: [Source]

    init(pool: FlatView<UInt8>, records: FlatView<Record>, sources: [Source]) {
        self.pool = pool
        self.records = records
        self.sources = sources
    }

    var count: Int { records.count }

    /// The pool's bytes at `ref` (empty for nil; refs are in bounds: built so, or checked on load).
    @inline(__always)
    func utf8(_ ref: Ref) -> UnsafeBufferPointer<UInt8> {
        if ref.isNone { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = Int(ref.offset), length = Int(ref.length)
        precondition(start + length <= pool.count, "string out of bounds")
        return UnsafeBufferPointer(start: pool.base + start, count: length)
    }

    func string(_ ref: Ref) -> String {
        if ref.isNone || ref.length == 0 { return "" }
        return String(decoding: utf8(ref), as: UTF8.self)
    }

    func optionalString(_ ref: Ref) -> String? { ref.isNone ? nil : string(ref) }

    /// True when the pool's bytes at `ref` are `s`'s UTF-8.
    func equals(_ ref: Ref, _ s: String) -> Bool {
        if ref.isNone { return false }
        let p = utf8(ref)
        var s = s
        return s.withUTF8 { b in bytesEqual(b, p) }
    }

    func document(_ i: Int) -> CatalogueDocument {
        let r = records[i]
        let source = sources[Int(r.source)]
        return CatalogueDocument(
            id: string(r.id), date: PackedDate.unpack(r.date), title: string(r.title), summary: string(r.summary),
            url: optionalString(r.url), archive: optionalString(r.archive), archiveLocation: optionalString(r.archiveLocation),
            origin: CatalogueLocation(catalogueName: source.name, path: source.path, byteOffset: Int(r.originOffset),
                                      line: Int(r.originLine), column: Int(r.originColumn)))
    }
}

/// Documents appended one by one into growable tables, then handed to an index's memory.
struct DocumentStoreBuilder {
    typealias Ref = DocumentStore.Ref
    typealias Source = DocumentStore.Source
    let pool: GrowableTable<UInt8>
    let records: GrowableTable<DocumentStore.Record>
    private(set) var sources: [Source] = []

    init(capacity: Int = 0) {
        pool = GrowableTable(capacity: max(capacity * 64, 1_024))
        records = GrowableTable(capacity: capacity)
    }

    var count: Int { records.count }

    mutating func append(_ doc: CatalogueDocument) {
        let source = Source(name: doc.origin.catalogueName, path: doc.origin.path)
        let sourceIndex: Int
        if let last = sources.indices.last, sources[last] == source { sourceIndex = last }
        else if let found = sources.firstIndex(of: source) { sourceIndex = found }
        else { sources.append(source); sourceIndex = sources.count - 1 }
        records.append(DocumentStore.Record(
            id: add(doc.id), title: add(doc.title), summary: add(doc.summary), url: add(doc.url),
            archive: add(doc.archive), archiveLocation: add(doc.archiveLocation),
            date: PackedDate.pack(doc.date), source: UInt32(sourceIndex),
            originLine: UInt32(clamping: doc.origin.line), originColumn: UInt32(clamping: doc.origin.column),
            originOffset: UInt64(clamping: doc.origin.byteOffset)))
    }

    private func add(_ s: String?) -> Ref {
        guard var s else { return .none }
        // Refs are 32-bit. Past 4 GiB of catalogue text (several catalogues at the file size cap)
        // a string is stored empty rather than as a reference to the wrong bytes.
        guard pool.count + s.utf8.count < Int(UInt32.max) else { return Ref(offset: 0, length: 0) }
        let offset = UInt32(clamping: pool.count)
        s.withUTF8 { pool.append(contentsOf: $0) }
        return Ref(offset: offset, length: UInt32(clamping: s.utf8.count))
    }

    /// The store so far, readable while building (views into tables still growing: only until
    /// the next append).
    var current: DocumentStore { DocumentStore(pool: pool.view, records: records.view, sources: sources) }

    func finish(into memory: IndexMemory) -> DocumentStore {
        DocumentStore(pool: pool.finish(into: memory), records: records.finish(into: memory), sources: sources)
    }
}

/// A `PartialDate` in 32 bits, `year * 10000 + month * 100 + day` (0 for a missing part): the
/// packed values sort as the ISO strings do (`1960` < `1960-05` < `1960-05-02` < `1960-06`).
enum PackedDate {
    static func pack(_ d: PartialDate) -> UInt32 {
        UInt32(clamping: d.year * 10_000 + (d.month ?? 0) * 100 + (d.day ?? 0))
    }

    static func unpack(_ p: UInt32) -> PartialDate {
        let v = Int(p)
        let year = v / 10_000, month = (v / 100) % 100, day = v % 100
        // Valid by construction (packed from a PartialDate; a snapshot's dates are checked on load).
        return PartialDate(year: year, month: month == 0 ? nil : month, day: month == 0 || day == 0 ? nil : day)
            ?? PartialDate(year: year) ?? zero
    }

    /// True when `p` unpacks to the date it was packed from (a snapshot's dates are checked).
    static func isValid(_ p: UInt32) -> Bool {
        let v = Int(p)
        let year = v / 10_000, month = (v / 100) % 100, day = v % 100
        if month == 0 && day != 0 { return false }
        return PartialDate(year: year, month: month == 0 ? nil : month, day: day == 0 ? nil : day) != nil
    }

    /// Year 0, a valid literal date (the initializer only fails outside 0...9999): never reached from input.
    static let zero: PartialDate = PartialDate(year: 0)!

    static func year(_ p: UInt32) -> Int { Int(p) / 10_000 }

    /// `unpack(p).agrees(with: date)` for a valid packed date, without building the date.
    @inline(__always)
    static func agrees(_ p: UInt32, with date: PartialDate) -> Bool {
        let v = Int(p)
        guard v / 10_000 == date.year else { return false }
        let month = (v / 100) % 100
        guard month != 0, let other = date.month else { return true }
        guard month == other else { return false }
        let day = v % 100
        guard day != 0, let otherDay = date.day else { return true }
        return day == otherDay
    }

    /// The ISO form's bytes without building a string.
    @inline(__always)
    static func withISO<R>(_ p: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let v = Int(p)
        let year = v / 10_000, month = (v / 100) % 100, day = v % 100
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buf in
            func digits(_ n: Int, _ at: Int, _ width: Int) {
                var n = n
                for k in stride(from: width - 1, through: 0, by: -1) { buf[at + k] = UInt8(0x30 + n % 10); n /= 10 }
            }
            digits(year, 0, 4)
            var length = 4
            if month != 0 {
                buf[4] = 0x2D; digits(month, 5, 2); length = 7
                if day != 0 { buf[7] = 0x2D; digits(day, 8, 2); length = 10 }
            }
            return body(UnsafeBufferPointer(rebasing: buf[0..<length]))
        }
    }

    /// True when the date's ISO form starts with `prefix`'s bytes.
    static func isoHasPrefix(_ p: UInt32, _ prefix: [UInt8]) -> Bool {
        withISO(p) { iso in
            guard prefix.count <= iso.count else { return false }
            for i in 0..<prefix.count where iso[i] != prefix[i] { return false }
            return true
        }
    }

    /// Compares the date's ISO form with `other` as `String` `<` does for ASCII.
    static func isoLess(_ p: UInt32, than other: [UInt8]) -> Bool {
        withISO(p) { iso in iso.lexicographicallyPrecedes(other) }
    }
}

/// FNV-1a over UTF-8: stable across processes (unlike `Hasher`), so tables can be written to disk,
/// and names and result ids stay the same from one run to the next.
public enum StableHash {
    @inline(__always)
    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    public static func hash(_ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { hash($0) }
    }
}

/// An open-addressing multimap from a 64-bit key hash to document indexes (or word ids), in
/// insertion (ascending) order. Each slot keeps the value + 1 (0 is empty) and the hash's high
/// 32 bits; callers verify candidates where that is cheap. The slot count is a power of two.
struct HashSlots: Sendable {
    let slots: FlatView<UInt64>
    let mask: Int

    init(slots: FlatView<UInt64>) {
        self.slots = slots
        self.mask = slots.count - 1
    }

    static func capacity(for n: Int) -> Int {
        var capacity = 16
        while capacity < n * 2 { capacity <<= 1 }
        return capacity
    }

    /// Values stored under `hash`, passing `verify`, ascending.
    func lookup(hash: UInt64, verify: (Int) -> Bool) -> [DocumentIndex] {
        guard !slots.isEmpty, slots.count.nonzeroBitCount == 1 else { return [] }
        var i = Int(truncatingIfNeeded: hash) & mask
        let high = hash & 0xFFFF_FFFF_0000_0000
        var out: [DocumentIndex] = []
        var probes = 0
        while slots[i] != 0 && probes < slots.count {
            let v = slots[i]
            if v & 0xFFFF_FFFF_0000_0000 == high {
                let d = Int(UInt32(truncatingIfNeeded: v)) - 1
                if verify(d) { out.append(DocumentIndex(truncatingIfNeeded: d)) }
            }
            i = (i + 1) & mask
            probes += 1
        }
        if out.count > 1 { out.sort() }
        return out
    }

    /// The first value under `hash` passing `verify`, in probe order (for keys stored once).
    func first(hash: UInt64, verify: (Int) -> Bool) -> Int? {
        guard !slots.isEmpty, slots.count.nonzeroBitCount == 1 else { return nil }
        var i = Int(truncatingIfNeeded: hash) & mask
        let high = hash & 0xFFFF_FFFF_0000_0000
        var probes = 0
        while slots[i] != 0 && probes < slots.count {
            let v = slots[i]
            if v & 0xFFFF_FFFF_0000_0000 == high {
                let d = Int(UInt32(truncatingIfNeeded: v)) - 1
                if verify(d) { return d }
            }
            i = (i + 1) & mask
            probes += 1
        }
        return nil
    }
}

/// `HashSlots` being filled.
struct HashSlotsBuilder {
    let slots: GrowableTable<UInt64>
    let mask: Int

    init(capacityFor n: Int) {
        let capacity = HashSlots.capacity(for: n)
        slots = GrowableTable(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    func insert(hash: UInt64, value: Int) {
        var i = Int(truncatingIfNeeded: hash) & mask
        let v = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(UInt32(truncatingIfNeeded: value) &+ 1)
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = v
    }

    func finish(into memory: IndexMemory) -> HashSlots { HashSlots(slots: slots.finish(into: memory)) }
}
