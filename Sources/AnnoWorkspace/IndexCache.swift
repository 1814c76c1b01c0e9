import AnnoCatalogue
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Catalogue index snapshots on disk (spec/catalogue.md, "Index cache"), so that a large
/// catalogue is parsed and indexed once, not at every `anno check` and every editor start.
///
/// One file per set of catalogues (bundled or not, then each path), named by a hash of that
/// set; inside, the full key: the snapshot format, Anno's version and executable, and each
/// catalogue's path, size, modification and change times, device and inode. Any difference and
/// the snapshot is rebuilt. Reading maps the file after checking every section's checksum with
/// plain reads (so that pages nobody asks for never become resident); writing goes through a
/// temporary file and a rename. Nothing here is ever fatal: a cache that cannot be read or
/// written is no cache.
public struct IndexCache: Sendable {
    public let directory: String
    /// Snapshots kept; the least recently used beyond this are removed.
    public static let keep = 4

    public init(directory: String) {
        self.directory = directory
    }

    /// The cache the environment names: `$ANNO_CACHE_DIR`, else `$XDG_CACHE_HOME/anno`, else
    /// `~/.cache/anno`; none when `ANNO_NO_CACHE` is set to anything but "" or "0".
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> IndexCache? {
        if let off = environment["ANNO_NO_CACHE"], !off.isEmpty, off != "0" { return nil }
        return directory(in: environment).map { IndexCache(directory: $0) }
    }

    /// Anno's cache directory: `$ANNO_CACHE_DIR`, else `$XDG_CACHE_HOME/anno`, else
    /// `~/.cache/anno` (relative settings are ignored). The index snapshots and the bundled
    /// catalogue's file (`anno lsp`) go there.
    public static func directory(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["ANNO_CACHE_DIR"], dir.hasPrefix("/") { return dir }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return Paths.join(cache, "anno") }
        if let home = environment["HOME"], home.hasPrefix("/") { return Paths.join(Paths.join(home, ".cache"), "anno") }
        return nil
    }

    /// Where a set of catalogues' snapshot lives, and the key it must hold; nil when a
    /// catalogue cannot be examined (a missing file is reported by loading it, every time).
    public struct Entry: Sendable, Equatable {
        public let path: String
        public let key: [UInt8]
    }

    public func entry(bundled: Bool, paths: [String]) -> Entry? {
        var identity = ByteKey()
        identity.add("anno index \(CatalogueSnapshot.formatVersion) \(AnnoVersion.string)")
        identity.add(bundled ? BundledCatalogue.fingerprint : "no bundled catalogue")
        for p in paths { identity.add(p) }
        var key = identity
        guard let exe = IndexCache.stamp("/proc/self/exe") ?? IndexCache.stamp(CommandLine.arguments.first ?? "") else { return nil }
        key.add(exe)
        for p in paths {
            guard let s = IndexCache.stamp(p) else { return nil }
            key.add(s)
        }
        let name = "index-\(String(identity.hash, radix: 16)).annoidx"
        return Entry(path: Paths.join(directory, name), key: key.bytes)
    }

    /// What identifies a file's content without reading it.
    static func stamp(_ path: String) -> [UInt64]? {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino), UInt64(bitPattern: Int64(info.st_size)),
                UInt64(bitPattern: Int64(info.st_mtim.tv_sec)), UInt64(bitPattern: Int64(info.st_mtim.tv_nsec)),
                UInt64(bitPattern: Int64(info.st_ctim.tv_sec)), UInt64(bitPattern: Int64(info.st_ctim.tv_nsec))]
    }

    // MARK: Reading

    /// The snapshot at `entry`, checked; nil when it is missing, stale or damaged in any way.
    public func load(_ entry: Entry) -> (index: CatalogueIndex, extra: CatalogueSnapshot.Extra)? {
        guard CatalogueSnapshot.isSupported else { return nil }
        let fd = open(entry.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let length = Int(info.st_size)
        let headerLength = CatalogueSnapshot.headerLength
        guard length >= headerLength, let header = IndexCache.readRange(fd, 0, headerLength) else { return nil }
        let layout: CatalogueSnapshot.Layout
        do {
            layout = try header.withUnsafeBytes { raw throws(CatalogueSnapshot.Refusal) in
                try CatalogueSnapshot.layout(header: raw, fileLength: length)
            }
        } catch { return nil }
        // The key first: a stale snapshot is refused without reading the rest.
        guard let keyEntry = layout.entries.first, keyEntry.length == entry.key.count,
              IndexCache.readRange(fd, keyEntry.offset, keyEntry.length) == entry.key else { return nil }
        guard IndexCache.checksumsHold(fd, layout) else { return nil }
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        // From here the memory unmaps the file when the index is gone, or at once if refused.
        nonisolated(unsafe) let region = base
        let memory = IndexMemory(releasing: { munmap(region, length) })
        do {
            let loaded = try CatalogueSnapshot.read(UnsafeRawBufferPointer(start: base, count: length), layout: layout,
                                                    memory: memory, key: entry.key, checked: IndexCache.letGo)
            // Marks the snapshot as recently used, for eviction (fails quietly when read-only).
            futimens(fd, nil)
            return loaded
        } catch {
            return nil
        }
    }

    /// Drops the whole pages of a checked section from this process's memory (they stay in the
    /// page cache and come back on the next read): only what lookups touch stays resident.
    static func letGo(_ section: UnsafeRawBufferPointer) {
        guard let base = section.baseAddress, section.count > 0 else { return }
        let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4_096)
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + section.count) / page * page
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        madvise(p, end - start, MADV_DONTNEED)
    }

    /// True when every section's bytes match its checksum: read in pieces into one buffer, so
    /// that checking a large snapshot leaves no pages of it resident.
    static func checksumsHold(_ fd: Int32, _ layout: CatalogueSnapshot.Layout) -> Bool {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        for e in layout.entries {
            var hash = SnapshotHash()
            var done = 0
            while done < e.length {
                let want = min(chunk, e.length - done)
                guard readFully(fd, buffer, want, at: e.offset + done) else { return false }
                hash.update(UnsafeRawBufferPointer(start: buffer, count: want))
                done += want
            }
            if hash.value != e.checksum { return false }
        }
        return true
    }

    static func readRange(_ fd: Int32, _ offset: Int, _ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return count == 0 }
            return readFully(fd, base, count, at: offset)
        }
        return ok ? out : nil
    }

    static func readFully(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int, at offset: Int) -> Bool {
        var done = 0
        while done < count {
            let n = pread(fd, into + done, count - done, off_t(offset + done))
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    // MARK: Writing

    /// Writes the snapshot of `index` for `entry` (through a temporary file and a rename), then
    /// removes the least recently used snapshots beyond `keep`. Failures leave no file behind
    /// and are otherwise ignored: the cache is an optimisation.
    @discardableResult
    public func store(_ index: CatalogueIndex, extra: CatalogueSnapshot.Extra, for entry: Entry) -> Bool {
        guard CatalogueSnapshot.isSupported else { return false }
        guard IndexCache.makeDirectory(directory) else { return false }
        let image = CatalogueSnapshot.image(of: index, key: entry.key, extra: extra)
        let name = String(entry.path.split(separator: "/").last ?? "index")
        var template = Array(Paths.join(directory, ".\(name).tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { return false }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = fchmod(fd, 0o600) == 0
        image.forEachChunk { chunk in
            guard ok, let base = chunk.baseAddress else { return }
            var done = 0
            while done < chunk.count {
                let n = write(fd, base + done, chunk.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { ok = false; return }
                done += n
            }
        }
        // No fsync: a snapshot torn by a crash fails its checksums and is rebuilt.
        if close(fd) != 0 { ok = false }
        guard ok, rename(temporary, entry.path) == 0 else {
            unlink(temporary)
            return false
        }
        evict()
        return true
    }

    /// `mkdir -p`, the last level private to the user (snapshots hold the catalogues' text).
    static func makeDirectory(_ directory: String) -> Bool {
        if Paths.kind(of: directory) == .directory { return true }
        let parent = Paths.directory(of: directory)
        if parent != directory && !parent.isEmpty && !makeDirectory(parent) { return false }
        return mkdir(directory, 0o700) == 0 || errno == EEXIST
    }

    /// Removes snapshots beyond the `keep` most recently used, and temporary files a crashed
    /// writer left more than an hour ago.
    func evict() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var snapshots: [(path: String, used: Int)] = []
        let now = Int(time(nil))
        for name in names where name.hasSuffix(".annoidx") || name.contains(".annoidx.tmp-") {
            let path = Paths.join(directory, name)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            if name.hasPrefix(".") {
                if now - Int(info.st_mtim.tv_sec) > 3_600 { unlink(path) }
            } else {
                snapshots.append((path, Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec)))
            }
        }
        guard snapshots.count > IndexCache.keep else { return }
        for old in snapshots.sorted(by: { $0.used > $1.used }).dropFirst(IndexCache.keep) { unlink(old.path) }
    }
}

/// Key fields appended as length-prefixed bytes, so no two lists of fields share an encoding.
struct ByteKey {
    var bytes: [UInt8] = []
    mutating func add(_ s: String) {
        add([UInt64(s.utf8.count)])
        bytes.append(contentsOf: s.utf8)
    }
    mutating func add(_ numbers: [UInt64]) {
        for n in numbers { withUnsafeBytes(of: n.littleEndian) { bytes.append(contentsOf: $0) } }
    }
    var hash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
