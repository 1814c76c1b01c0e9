import AnnoCLI
import AnnoWorkspace
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hostile files for `anno check` (issue 7, "Hostile input": catalogues and the directory
/// walk). Each ends with a clear message and exit status 2 (or the notes checked), never a trap
/// or a hang: a FIFO or a device would block a plain read forever, so only regular files are
/// read, and never more than the size cap. Permission denied needs a user that is not root;
/// it is in EndToEndTests/NothingLostTests (run as `nobody` through setpriv).
@Suite struct HostileFilesTests {
    let note = "[[1960-06-12 | \(ECO)]]\n"

    func checkWithCatalogue(_ s: Scratch, _ catalogue: String) -> Run {
        anno("check", "--catalogue", catalogue, s.write("n.anno", note))
    }

    /// A real catalogue cut at every point: each prefix is refused with a position, never a trap.
    @Test func truncatedCatalogueJSON() {
        let s = Scratch()
        let whole = #"{"name": "T", "documents": [{"id": "a", "date": "1960-06-12", "title": "T é 😀", "summary": "s\u00e9\n", "url": "https://x.example"}, {"id": "b", "date": "1961", "title": "U"}]}"#
        let bytes = Array(whole.utf8)
        for cut in 0..<bytes.count {
            let path = s.write("cut.json", Array(bytes[..<cut]))
            let run = checkWithCatalogue(s, path)
            #expect(run.status == 2, "cut at \(cut)")
            #expect(run.errors.contains("\(path):1:"), "cut at \(cut): \(run.errors)")
        }
    }

    @Test func duplicateIDsInOneCatalogue() {
        let s = Scratch()
        let path = s.write("dup.json", #"{"documents": [{"id": "a", "date": "1960-06-12", "title": "First"}, {"id": "a", "date": "1961", "title": "Second"}]}"#)
        let run = anno("check", "--catalogue", path, s.write("n.anno", "[[1960-06-12 | First]] [[1961 | Second]]\n"))
        #expect(run.errors.contains(#"duplicate id "a""#), "\(run.errors)")
        #expect(run.status == 2)
    }

    @Test(arguments: [
        (#""documents""#, "catalogue"),
        (#"{"documents": {}}"#, "\"documents\" must be an array"),
        (#"{"documents": [5]}"#, "documents[0] must be an object"),
        (#"{"documents": [{"id": 5, "date": "1960", "title": "T"}]}"#, "documents[0].id must be a string"),
        (#"{"documents": [{"id": "a", "date": null, "title": "T"}]}"#, "documents[0].date must be a string"),
        (#"{"documents": [{"id": "a", "date": "1960", "title": ["T"]}]}"#, "documents[0].title must be a string"),
        (#"{"name": 7, "documents": []}"#, "\"name\" must be a string"),
        (#"{"documents": [{"id": "a", "date": "1960-02-30", "title": "T"}]}"#, "invalid date"),
        (#"{"documents": [{"id": "a", "date": "1960", "title": "   "}]}"#, "missing \"title\""),
        ("{\"documents\": [" + String(repeating: "[", count: 100_000), "nesting too deep"),
    ] as [(String, String)])
    func wrongTypes(_ json: String, _ message: String) {
        let s = Scratch()
        let run = checkWithCatalogue(s, s.write("bad.json", json))
        #expect(run.status == 2)
        #expect(run.errors.contains(message), "\(run.errors)")
    }

    @Test func aCataloguePathThatIsADirectory() {
        let s = Scratch()
        let run = checkWithCatalogue(s, s.mkdir("catalogue.json"))
        #expect(run.status == 2)
        #expect(run.errors.contains("is a directory"), "\(run.errors)")
    }

    /// Nothing writes to the FIFO: a read would block forever. It is refused without opening
    /// it for blocking reads, as catalogue, as note named on the command line, and as anno.json;
    /// a directory walk skips it.
    @Test func aFIFOIsRefusedNotRead() throws {
        let s = Scratch()
        let fifo = s.path + "/fifo.json"
        #expect(mkfifo(fifo, 0o644) == 0)
        let run = checkWithCatalogue(s, fifo)
        #expect(run.status == 2)
        #expect(run.errors.contains("not a regular file"), "\(run.errors)")

        let noteFIFO = s.path + "/walk/fifo.anno"
        _ = s.mkdir("walk")
        #expect(mkfifo(noteFIFO, 0o644) == 0)
        let named = anno("check", noteFIFO)
        #expect(named.status == 2)
        #expect(named.errors.contains("not a regular file"), "\(named.errors)")
        s.write("walk/real.anno", note)
        let walked = anno("check", s.path + "/walk")
        #expect(walked.status == 0, "\(walked.errors)")

        // An anno.json that is not a regular file is not a configuration: the defaults apply.
        let t = Scratch()
        #expect(mkfifo(t.path + "/anno.json", 0o644) == 0)
        let config = anno("check", t.write("n.anno", note))
        #expect(config.status == 0, "\(config.errors)")
    }

    /// Devices that never end: refused at once.
    @Test(arguments: ["/dev/zero", "/dev/urandom", "/dev/null"])
    func devicesAreRefused(_ device: String) {
        let s = Scratch()
        let run = checkWithCatalogue(s, device)
        #expect(run.status == 2)
        #expect(run.errors.contains("not a regular file"), "\(run.errors)")
        let asNote = anno("check", device)
        #expect(asNote.status == 2)
    }

    /// A file over the 512 MiB cap (sparse: nothing is written) is refused by its size, not read.
    @Test func aFileOverTheSizeCapIsRefusedUnread() throws {
        let s = Scratch()
        for name in ["huge.json", "huge.anno"] {
            let path = s.path + "/" + name
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(ftruncate(fd, off_t(FileReader.defaultMaxBytes + 1)) == 0)
            close(fd)
        }
        let run = checkWithCatalogue(s, s.path + "/huge.json")
        #expect(run.status == 2)
        #expect(run.errors.contains("over the limit"), "\(run.errors)")
        let asNote = anno("check", s.path + "/huge.anno")
        #expect(asNote.status == 2)
        #expect(asNote.errors.contains("over the limit"), "\(asNote.errors)")
    }

    /// Symbolic-link loops in the walk: every note found once, loops reported or skipped, and
    /// the walk ends.
    @Test func symlinkLoopsInTheDirectoryWalk() {
        let s = Scratch()
        s.write("notes/a.anno", note)
        s.write("notes/deep/b.anno", note)
        #expect(symlink(s.path + "/notes", s.path + "/notes/deep/up") == 0)       // back to an ancestor
        #expect(symlink("loop", s.path + "/notes/loop") == 0)                       // to itself
        #expect(symlink("ping", s.path + "/notes/pong") == 0)                       // a cycle of two
        #expect(symlink("pong", s.path + "/notes/ping") == 0)
        #expect(symlink("self.anno", s.path + "/notes/self.anno") == 0)             // a note that is a loop
        #expect(symlink(s.path + "/notes/deep", s.path + "/notes/side") == 0)       // the same directory twice
        let run = anno("check", "--format", "json", s.path + "/notes")
        #expect(run.status == 2)   // the looping note is an error; the others are checked
        #expect(run.output.contains("self.anno: is a broken symbolic link or loop"), "\(run.output)")   // JSON "problems"
        let files = ((try? run.json())?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(files.filter { $0.hasSuffix("a.anno") }.count == 1, "\(files)")
        #expect(files.filter { $0.hasSuffix("b.anno") }.count == 1, "\(files)")
    }
}
