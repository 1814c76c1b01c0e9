/// A catalogue index as one binary file (spec/catalogue.md, "Index cache"): every table of the
/// index as it lies in memory, so that loading is mapping the file and checking it, not parsing
/// and indexing the catalogues again.
///
/// No I/O here: `image` gives the bytes to write, `read` takes mapped bytes. A snapshot is never
/// trusted: `read` checks the header, each section's checksum (through `SnapshotHash`, which the
/// caller runs over the file) and then every offset, length, document number, word id and date
/// against the bounds of the table it indexes, in one linear pass. Anything wrong and the
/// snapshot is refused; the caller rebuilds from the catalogues.
///
/// Layout (little-endian): a 32-byte header (magic, format version, byte-order tag, file length,
/// section count, zero), a table of (offset, length, checksum) per section, then the sections in
/// `Section` order, each at an offset that is a multiple of 8.
public enum CatalogueSnapshot {
    /// Bumped whenever the layout or the meaning of any table changes.
    public static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("ANNOIDX\u{0}".utf8)
    static let byteOrderTag: UInt32 = 0x0102_0304
    static let headerSize = 32
    static let entrySize = 24

    enum Section: Int, CaseIterable {
        case key, meta, records, exactSlots, looseSlots, idSlots, yearOffsets, yearDocuments
        case wordOffsets, wordBytes, wordSlots, postingOffsets, postingDocuments
        case titleWordOffsets, titleWordIDs, chronological, pool
    }

    /// What is stored beside the index: the problems found loading its catalogues, which a
    /// snapshot must report again as the catalogues would.
    public struct Extra: Sendable, Equatable {
        public var problems: [CatalogueProblem]
        public var unreadable: Bool
        public init(problems: [CatalogueProblem], unreadable: Bool) {
            self.problems = problems
            self.unreadable = unreadable
        }
    }

    /// True when records lie in memory as the format says (checked once; if the compiler ever
    /// laid them out otherwise, no snapshot is written or read).
    public static let isSupported: Bool = {
        typealias R = DocumentStore.Record
        guard UInt32(littleEndian: byteOrderTag) == byteOrderTag,
              MemoryLayout<DocumentStore.Ref>.size == 8, MemoryLayout<DocumentStore.Ref>.offset(of: \.length) == 4,
              MemoryLayout<R>.size == 72, MemoryLayout<R>.stride == 72 else { return false }
        let expected: [(PartialKeyPath<R>, Int)] = [
            (\R.id, 0), (\R.title, 8), (\R.summary, 16), (\R.url, 24), (\R.archive, 32), (\R.archiveLocation, 40),
            (\R.date, 48), (\R.source, 52), (\R.originLine, 56), (\R.originColumn, 60), (\R.originOffset, 64),
        ]
        return expected.allSatisfy { MemoryLayout<R>.offset(of: $0.0) == $0.1 }
    }()

    // MARK: Writing

    /// The snapshot's bytes as chunks in file order: the header, then each section and its
    /// padding. The index's tables are written from where they lie (no copy of the file in memory).
    public struct Image: @unchecked Sendable {
        /// Keeps the header and the small sections alive (the index keeps its own tables).
        let memory: IndexMemory
        let index: CatalogueIndex
        let chunks: [UnsafeRawBufferPointer]
        public var length: Int { chunks.reduce(0) { $0 + $1.count } }

        /// Each chunk in file order, valid only during `body`.
        public func forEachChunk<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
            defer { withExtendedLifetime(self) {} }
            for chunk in chunks { try body(chunk) }
        }
    }

    public static func image(of index: CatalogueIndex, key: [UInt8], extra: Extra) -> Image {
        let memory = IndexMemory()
        var meta = ByteWriter()
        meta.u64(UInt64(index.count))
        meta.u64(UInt64(index.vocabulary.count))
        meta.strings(index.catalogueNames)
        meta.u32(UInt32(index.store.sources.count))
        for s in index.store.sources { meta.string(s.name); meta.optionalString(s.path) }
        meta.problems(index.mergeProblems)
        meta.problems(extra.problems)
        meta.u8(extra.unreadable ? 1 : 0)
        let keyView = key.flat(in: memory)
        let metaView = meta.bytes.flat(in: memory)
        let sections: [UnsafeRawBufferPointer] = Section.allCases.map { section in
            switch section {
            case .key: keyView.rawBytes
            case .meta: metaView.rawBytes
            case .records: index.store.records.rawBytes
            case .exactSlots: index.exactSlots.slots.rawBytes
            case .looseSlots: index.looseSlots.slots.rawBytes
            case .idSlots: index.idSlots.slots.rawBytes
            case .yearOffsets: index.yearOffsets.rawBytes
            case .yearDocuments: index.yearDocuments.rawBytes
            case .wordOffsets: index.vocabulary.offsets.rawBytes
            case .wordBytes: index.vocabulary.bytes.rawBytes
            case .wordSlots: index.wordSlots.slots.rawBytes
            case .postingOffsets: index.postingOffsets.rawBytes
            case .postingDocuments: index.postingDocuments.rawBytes
            case .titleWordOffsets: index.titleWordOffsets.rawBytes
            case .titleWordIDs: index.titleWordIDs.rawBytes
            case .chronological: index.chronological.rawBytes
            case .pool: index.store.pool.rawBytes
            }
        }
        var header = ByteWriter()
        header.raw(magic)
        header.u32(formatVersion)
        header.u32(byteOrderTag)
        let tableEnd = headerSize + entrySize * sections.count
        var offset = padded(tableEnd)
        var entries = ByteWriter()
        for s in sections {
            entries.u64(UInt64(offset))
            entries.u64(UInt64(s.count))
            var hash = SnapshotHash()
            hash.update(s)
            entries.u64(hash.value)
            offset = padded(offset + s.count)
        }
        header.u64(UInt64(offset))
        header.u32(UInt32(sections.count))
        header.u32(0)
        header.raw(entries.bytes)
        while header.bytes.count < padded(tableEnd) { header.u8(0) }
        let headerView = header.bytes.flat(in: memory)
        let zeros = [UInt8](repeating: 0, count: 8).flat(in: memory)
        var chunks = [headerView.rawBytes]
        for s in sections {
            chunks.append(s)
            let padding = padded(s.count) - s.count
            if padding > 0 { chunks.append(UnsafeRawBufferPointer(rebasing: zeros.rawBytes[0..<padding])) }
        }
        return Image(memory: memory, index: index, chunks: chunks)
    }

    static func padded(_ n: Int) -> Int { (n + 7) & ~7 }

    // MARK: Reading

    /// Why a snapshot was refused (for logs and tests; the caller rebuilds either way).
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// Where each section lies, from a checked header.
    public struct Layout: Sendable {
        public struct Entry: Sendable {
            public let offset: Int
            public let length: Int
            public let checksum: UInt64
        }
        public let entries: [Entry]
        public let fileLength: Int
    }

    /// Reads and checks the header in the file's first bytes (`headerLength(...)` of them).
    public static func layout(header bytes: UnsafeRawBufferPointer, fileLength: Int) throws(Refusal) -> Layout {
        var r = ByteReader(bytes)
        guard bytes.count >= headerSize, try r.raw(8).elementsEqual(magic) else { throw Refusal("not an index snapshot") }
        guard try r.u32() == formatVersion else { throw Refusal("another format version") }
        guard try r.u32() == byteOrderTag else { throw Refusal("another byte order") }
        guard try r.u64() == UInt64(fileLength) else { throw Refusal("truncated or extended") }
        guard try r.u32() == UInt32(Section.allCases.count) else { throw Refusal("wrong section count") }
        guard try r.u32() == 0 else { throw Refusal("unknown flags") }
        let tableEnd = headerSize + entrySize * Section.allCases.count
        var entries: [Layout.Entry] = []
        for _ in Section.allCases {
            let offset = try r.u64(), length = try r.u64(), checksum = try r.u64()
            guard offset % 8 == 0, offset >= UInt64(tableEnd), length <= UInt64(fileLength),
                  offset <= UInt64(fileLength) - length else { throw Refusal("a section lies outside the file") }
            entries.append(Layout.Entry(offset: Int(offset), length: Int(length), checksum: checksum))
        }
        return Layout(entries: entries, fileLength: fileLength)
    }

    /// Bytes of the header and section table.
    public static var headerLength: Int { headerSize + entrySize * Section.allCases.count }

    /// The index in `bytes` (the whole file, mapped; `memory` unmaps it when the index is
    /// gone), once every section's checksum in `layout` has been verified by the caller.
    /// Throws when the key differs or anything is out of bounds.
    ///
    /// `checked` is called with each large section once it has been checked: a mapped file's
    /// pages can then be let go, so that checking never holds the whole file in memory at once
    /// (the index reads them back from the file when it needs them).
    public static func read(_ bytes: UnsafeRawBufferPointer, layout: Layout, memory: IndexMemory, key: [UInt8],
                            checked: (UnsafeRawBufferPointer) -> Void = { _ in }) throws(Refusal) -> (index: CatalogueIndex, extra: Extra) {
        guard isSupported else { throw Refusal("snapshots are not supported on this platform") }
        guard let base = bytes.baseAddress, bytes.count == layout.fileLength,
              layout.entries.count == Section.allCases.count else { throw Refusal("wrong length") }
        func section(_ s: Section) -> UnsafeRawBufferPointer {
            let e = layout.entries[s.rawValue]
            return UnsafeRawBufferPointer(start: base + e.offset, count: e.length)
        }
        func table<T: BitwiseCopyable>(_ s: Section, _ type: T.Type) throws(Refusal) -> FlatView<T> {
            let raw = section(s)
            guard raw.count % MemoryLayout<T>.stride == 0 else { throw Refusal("section \(s) has a partial element") }
            let count = raw.count / MemoryLayout<T>.stride
            guard let start = raw.baseAddress, count > 0 else { return FlatView() }
            guard Int(bitPattern: start) % MemoryLayout<T>.alignment == 0 else { throw Refusal("section \(s) is misaligned") }
            return FlatView(base: UnsafePointer(start.bindMemory(to: T.self, capacity: count)), count: count, owner: memory)
        }
        guard section(.key).elementsEqual(key) else { throw Refusal("made from other catalogues") }

        var m = ByteReader(section(.meta))
        let n64 = try m.u64(), words64 = try m.u64()
        guard n64 < UInt64(Int32.max), words64 < UInt64(Int32.max) else { throw Refusal("too many documents or words") }
        let n = Int(n64), wordCount = Int(words64)
        let catalogueNames = try m.strings()
        let sourceCount = Int(try m.u32())
        var sources: [DocumentStore.Source] = []
        for _ in 0..<sourceCount {
            let name = try m.string()
            sources.append(DocumentStore.Source(name: name, path: try m.optionalString()))
        }
        let mergeProblems = try m.problems()
        let problems = try m.problems()
        let unreadable = try m.u8() != 0
        guard m.isAtEnd else { throw Refusal("meta has trailing bytes") }

        let pool = try table(.pool, UInt8.self)
        let records = try table(.records, DocumentStore.Record.self)
        guard records.count == n else { throw Refusal("record count") }
        let poolCount = UInt64(pool.count)
        func inPool(_ ref: DocumentStore.Ref) -> Bool {
            ref.isNone || UInt64(ref.offset) + UInt64(ref.length) <= poolCount
        }
        for r in records {
            guard inPool(r.id), inPool(r.title), inPool(r.summary), inPool(r.url), inPool(r.archive), inPool(r.archiveLocation)
            else { throw Refusal("a string lies outside the pool") }
            guard Int(r.source) < sources.count else { throw Refusal("a document's catalogue is unknown") }
            guard PackedDate.isValid(r.date) else { throw Refusal("an invalid date") }
        }
        checked(section(.records))

        func slots(_ s: Section, values: Int) throws(Refusal) -> HashSlots {
            let t = try table(s, UInt64.self)
            guard t.count >= 1, t.count.nonzeroBitCount == 1 else { throw Refusal("\(s) is not a power of two") }
            for v in t where v != 0 {
                let stored = Int(UInt32(truncatingIfNeeded: v))    // entry + 1
                guard stored >= 1 && stored <= values else { throw Refusal("\(s) names a missing entry") }
            }
            checked(section(s))
            return HashSlots(slots: t)
        }
        /// CSR offsets: `count + 1` of them from 0, ascending, ending at `total`.
        func offsets(_ s: Section, count: Int, total: Int) throws(Refusal) -> FlatView<UInt32> {
            let t = try table(s, UInt32.self)
            guard t.count == count + 1, t[0] == 0, Int(t[count]) == total else { throw Refusal("\(s) has the wrong bounds") }
            var previous: UInt32 = 0
            for v in t {
                guard v >= previous else { throw Refusal("\(s) is not ascending") }
                previous = v
            }
            checked(section(s))
            return t
        }
        func documents(_ s: Section) throws(Refusal) -> FlatView<DocumentIndex> {
            let t = try table(s, DocumentIndex.self)
            for d in t where d < 0 || Int(d) >= n { throw Refusal("\(s) names a missing document") }
            if s != .postingDocuments { checked(section(s)) }
            return t
        }

        let exact = try slots(.exactSlots, values: n)
        let loose = try slots(.looseSlots, values: n)
        let ids = try slots(.idSlots, values: n)
        let yearDocuments = try documents(.yearDocuments)
        guard yearDocuments.count == n else { throw Refusal("year documents") }
        let yearOffsets = try offsets(.yearOffsets, count: 10_001, total: n)
        let wordBytes = try table(.wordBytes, UInt8.self)
        let wordOffsets = try offsets(.wordOffsets, count: wordCount, total: wordBytes.count)
        let wordSlots = try slots(.wordSlots, values: wordCount)
        let postingDocuments = try documents(.postingDocuments)
        let postingOffsets = try offsets(.postingOffsets, count: wordCount, total: postingDocuments.count)
        for w in 0..<wordCount {
            var previous: DocumentIndex = -1
            for k in Int(postingOffsets[w])..<Int(postingOffsets[w + 1]) {
                guard postingDocuments[k] > previous else { throw Refusal("a posting list is not ascending") }
                previous = postingDocuments[k]
            }
        }
        checked(section(.postingDocuments))
        let titleWordIDs = try table(.titleWordIDs, UInt32.self)
        for w in titleWordIDs where Int(w) >= wordCount { throw Refusal("a title names a missing word") }
        checked(section(.titleWordIDs))
        let titleWordOffsets = try offsets(.titleWordOffsets, count: n, total: titleWordIDs.count)
        let chronological = try documents(.chronological)
        guard chronological.count == n else { throw Refusal("chronological order") }

        let store = DocumentStore(pool: pool, records: records, sources: sources)
        let index = CatalogueIndex(
            memory: memory, store: store, catalogueNames: catalogueNames, mergeProblems: mergeProblems,
            exactSlots: exact, looseSlots: loose, idSlots: ids, yearOffsets: yearOffsets, yearDocuments: yearDocuments,
            vocabulary: StringTable(offsets: wordOffsets, bytes: wordBytes), wordSlots: wordSlots,
            postingOffsets: postingOffsets, postingDocuments: postingDocuments,
            titleWordOffsets: titleWordOffsets, titleWordIDs: titleWordIDs, chronological: chronological)
        return (index, Extra(problems: problems, unreadable: unreadable))
    }

    /// The whole file in memory checked and read (tests; the cache checks the sections by
    /// reading the file, to keep untouched pages of the mapping out of memory).
    public static func read(_ bytes: UnsafeRawBufferPointer, memory: IndexMemory, key: [UInt8]) throws(Refusal) -> (index: CatalogueIndex, extra: Extra) {
        guard bytes.count >= headerLength else { throw Refusal("truncated") }
        let layout = try layout(header: UnsafeRawBufferPointer(rebasing: bytes[0..<headerLength]), fileLength: bytes.count)
        for (i, e) in layout.entries.enumerated() {
            var hash = SnapshotHash()
            hash.update(UnsafeRawBufferPointer(rebasing: bytes[e.offset..<(e.offset + e.length)]))
            guard hash.value == e.checksum else { throw Refusal("section \(Section.allCases[i]) is corrupt") }
        }
        return try read(bytes, layout: layout, memory: memory, key: key)
    }
}

/// A 64-bit checksum of a section, fast enough to run over a whole snapshot at load: four
/// independent lanes of xor-then-multiply over 8-byte words (each step a bijection, so any
/// single changed byte changes the result), fed in pieces of any size.
public struct SnapshotHash: Sendable {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344, 0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    private var pending: [UInt8] = []
    private var total: UInt64 = 0
    private static let k: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        total &+= UInt64(bytes.count)
        var start = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            start = take
            if pending.count < 32 { return }
            pending.withUnsafeBytes { blocks($0) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - start) / 32 * 32
        blocks(UnsafeRawBufferPointer(start: base + start, count: whole))
        if start + whole < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + start + whole, count: bytes.count - start - whole))
        }
    }

    private mutating func blocks(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var (a, b, c, d) = lanes
        var i = 0
        let k = SnapshotHash.k
        while i + 32 <= bytes.count {
            a = (a ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* k
            b = (b ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))) &* k
            c = (c ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))) &* k
            d = (d ^ UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))) &* k
            i += 32
        }
        lanes = (a, b, c, d)
    }

    public var value: UInt64 {
        var h: UInt64 = total &* SnapshotHash.k
        for byte in pending { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] {
            h = (h ^ lane) &* SnapshotHash.k
            h ^= h >> 29
        }
        return h
    }
}

/// Little-endian fields appended to bytes.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func string(_ s: String) { u32(UInt32(clamping: s.utf8.count)); bytes.append(contentsOf: s.utf8) }
    mutating func optionalString(_ s: String?) {
        if let s { u8(1); string(s) } else { u8(0) }
    }
    mutating func strings(_ list: [String]) { u32(UInt32(list.count)); for s in list { string(s) } }
    mutating func problems(_ list: [CatalogueProblem]) {
        u32(UInt32(list.count))
        for p in list {
            u8(p.severity == .error ? 1 : 0)
            string(p.message)
            optionalString(p.path)
            u64(UInt64(clamping: p.line))
            u64(UInt64(clamping: p.column))
        }
    }
}

/// Little-endian fields read from bytes, every read bounds-checked.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func raw(_ n: Int) throws(CatalogueSnapshot.Refusal) -> UnsafeRawBufferPointer {
        guard n >= 0, n <= bytes.count - position else { throw CatalogueSnapshot.Refusal("a field runs past its section") }
        defer { position += n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)])
    }
    mutating func u8() throws(CatalogueSnapshot.Refusal) -> UInt8 { try raw(1)[0] }
    mutating func u32() throws(CatalogueSnapshot.Refusal) -> UInt32 {
        UInt32(littleEndian: try raw(4).loadUnaligned(as: UInt32.self))
    }
    mutating func u64() throws(CatalogueSnapshot.Refusal) -> UInt64 {
        UInt64(littleEndian: try raw(8).loadUnaligned(as: UInt64.self))
    }
    mutating func string() throws(CatalogueSnapshot.Refusal) -> String {
        let n = Int(try u32())
        return String(decoding: try raw(n), as: UTF8.self)
    }
    mutating func optionalString() throws(CatalogueSnapshot.Refusal) -> String? {
        switch try u8() {
        case 0: return nil
        case 1: return try string()
        default: throw CatalogueSnapshot.Refusal("a malformed optional")
        }
    }
    mutating func strings() throws(CatalogueSnapshot.Refusal) -> [String] {
        let n = Int(try u32())
        guard n <= bytes.count - position else { throw CatalogueSnapshot.Refusal("a list runs past its section") }
        var out: [String] = []
        for _ in 0..<n { out.append(try string()) }
        return out
    }
    mutating func problems() throws(CatalogueSnapshot.Refusal) -> [CatalogueProblem] {
        let n = Int(try u32())
        guard n <= bytes.count - position else { throw CatalogueSnapshot.Refusal("a list runs past its section") }
        var out: [CatalogueProblem] = []
        for _ in 0..<n {
            let severity: CatalogueProblem.Severity
            switch try u8() {
            case 0: severity = .warning
            case 1: severity = .error
            default: throw CatalogueSnapshot.Refusal("a malformed problem")
            }
            let message = try string()
            let path = try optionalString()
            let line = try u64(), column = try u64()
            guard line <= UInt64(Int.max), column <= UInt64(Int.max) else { throw CatalogueSnapshot.Refusal("a malformed problem") }
            out.append(CatalogueProblem(severity, message, path: path, line: Int(line), column: Int(column)))
        }
        return out
    }
}
