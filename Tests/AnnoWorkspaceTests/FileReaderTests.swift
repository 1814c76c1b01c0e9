import AnnoWorkspace
import Foundation
import Testing

/// `anno check` reads every note into one buffer per worker (`FileReader.read(_:into:)`): each
/// read must give exactly that file's bytes, whatever the buffer held before.
@Suite struct FileReaderTests {
    @Test func aReusedBufferHoldsExactlyEachFile() throws {
        let dir = NSTemporaryDirectory() + "anno-filereader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let contents: [[UInt8]] = [
            Array("Заметка [[1960-05-02 | Title]] 평양\n".utf8),
            Array(repeating: 0x61, count: 10_000),
            [],
            Array("short".utf8),
            Array(repeating: 0x62, count: 70_000),
            Array("x\n".utf8),
        ]
        var buffer: [UInt8] = []
        for (k, bytes) in contents.enumerated() {
            let path = dir + "/note-\(k).anno"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try FileReader.read(path, into: &buffer)
            #expect(buffer == bytes, "file \(k)")
            #expect(try FileReader.read(path) == bytes, "file \(k), fresh")
        }
        // A copy taken before the next read keeps its bytes (the buffer is copied, not reused).
        let kept = buffer
        try FileReader.read(dir + "/note-1.anno", into: &buffer)
        #expect(kept == contents[5])
        #expect(buffer == contents[1])
        #expect(throws: FileReadError.self) { try FileReader.read(dir + "/missing.anno", into: &buffer) }
    }
}
