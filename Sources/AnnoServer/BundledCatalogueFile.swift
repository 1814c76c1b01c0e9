import AnnoCatalogue
import AnnoWorkspace
import Foundation

/// The bundled catalogue as a file, so that go to definition on a bundled document opens a real
/// file in every editor (a custom URI scheme would need a client extension to show anything).
///
/// The catalogue is compiled into the binary; its text is written once, read-only, to the
/// user's cache directory (`$ANNO_CACHE_DIR`, else `$XDG_CACHE_HOME/anno`, else `~/.cache/anno`:
/// where the index snapshots go, spec/catalogue.md) under a name that
/// holds the version and a hash of the text, so that binaries of different versions never
/// share a stale copy. Positions come from the compiled-in text, which is exactly what the file
/// holds.
enum BundledCatalogueFile {
    static var bytes: [UInt8] { Array(BundledCatalogue.json.utf8) }

    static func defaultDirectory() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let dir = environment["ANNO_CACHE_DIR"], dir.hasPrefix("/") { return dir }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return Paths.join(cache, "anno") }
        if let home = environment["HOME"], home.hasPrefix("/") { return Paths.join(Paths.join(home, ".cache"), "anno") }
        return nil
    }

    static func fileName() -> String {
        "bundled-catalogue-\(ServerVersion.string)-\(String(FNV1a.hash(bytes), radix: 16)).json"
    }

    /// The file's path, written if it is missing or differs; a reason when it cannot be.
    static func materialize(in directory: String) -> Result<String, FileReadError> {
        let path = Paths.join(directory, fileName())
        let expected = bytes
        if let existing = try? FileReader.read(path), existing == expected { return .success(path) }
        do {
            try AtomicFile.write(path, expected, mode: 0o444)
            return .success(path)
        } catch {
            return .failure(error)
        }
    }
}

/// 64-bit FNV-1a: a stable hash for names and result ids (Swift's `hashValue` changes per process).
enum FNV1a {
    static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }
}
