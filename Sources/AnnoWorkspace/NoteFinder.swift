#if canImport(Glibc)
import Glibc
#endif

/// Expands the paths given to `anno check` into note files: files as named, directories walked
/// recursively for `*.anno` (hidden and build directories skipped, symlink loops detected).
public enum NoteFinder {
    public static let fileExtension = ".anno"

    public struct Result: Sendable {
        public var files: [String]
        /// Paths that do not exist or cannot be read, with why.
        public var errors: [FileReadError]
    }

    public static func find(_ paths: [String]) -> Result {
        var files: [String] = []
        var errors: [FileReadError] = []
        for path in paths {
            switch Paths.kind(of: path) {
            case .file:
                files.append(path)
            case .directory:
                var visited = Set<DirectoryID>()
                walk(path, into: &files, errors: &errors, visited: &visited)
            case .other:
                errors.append(FileReadError(path: path, reason: "is not a regular file or directory"))
            case .missing:
                var info = stat()
                let reason = lstat(path, &info) == 0 ? "is a broken symbolic link or loop" : FileReader.errnoText()
                errors.append(FileReadError(path: path, reason: reason))
            }
        }
        return Result(files: files, errors: errors)
    }

    /// `DT_DIR` and `DT_REG` of `struct dirent`.
    private static let directoryType: UInt8 = 4, regularFileType: UInt8 = 8

    struct DirectoryID: Hashable { var device: UInt64; var inode: UInt64 }

    private static func walk(_ directory: String, into files: inout [String], errors: inout [FileReadError], visited: inout Set<DirectoryID>) {
        var info = stat()
        guard stat(directory, &info) == 0 else { return }
        let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        guard visited.insert(id).inserted else { return }   // a symlink loop
        guard let dir = opendir(directory) else {
            errors.append(FileReadError(path: directory, reason: FileReader.errnoText()))
            return
        }
        // The entry's type as the directory records it: regular files and directories need no
        // stat (a tree of 10,000 notes is 10,000 fewer system calls); links and file systems
        // that do not say are looked at with stat, which follows links.
        var names: [(name: String, type: UInt8)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append((name, entry.pointee.d_type))
        }
        closedir(dir)
        for (name, type) in names.sorted(by: { $0.name < $1.name }) {
            let path = Paths.join(directory, name)
            let kind: Paths.Kind
            switch type {
            case directoryType: kind = .directory
            case regularFileType: kind = .file
            default: kind = Paths.kind(of: path)
            }
            switch kind {
            case .directory:
                if name.hasPrefix(".") || name == "node_modules" { continue }
                walk(path, into: &files, errors: &errors, visited: &visited)
            case .file:
                if name.hasSuffix(fileExtension) { files.append(path) }
            case .missing:
                var l = stat()
                if name.hasSuffix(fileExtension), lstat(path, &l) == 0 {
                    errors.append(FileReadError(path: path, reason: "is a broken symbolic link or loop"))
                }
            case .other:
                continue
            }
        }
    }
}
