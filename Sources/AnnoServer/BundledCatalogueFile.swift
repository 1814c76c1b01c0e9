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

    /// Anno's cache directory (`IndexCache.directory`), also when `ANNO_NO_CACHE` is set: the
    /// file is what go to definition opens, not a cache of work.
    static func defaultDirectory() -> String? { IndexCache.directory() }

    static func fileName() -> String {
        "bundled-catalogue-\(ServerVersion.string)-\(String(StableHash.hash(bytes), radix: 16)).json"
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
