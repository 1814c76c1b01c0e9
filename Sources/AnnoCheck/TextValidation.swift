import AnnoSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that a note is text before it is parsed.
public enum TextValidation {
    /// Offset of a NUL byte in the first 8 KiB (the heuristic git and grep use for binary files).
    public static func binaryContent(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress, let hit = memchr(base, 0, min(p.count, 8192)) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The first invalid UTF-8 sequence and how many there are in all (each maximal ill-formed
    /// subpart counts once, as decoders replace it by one U+FFFD).
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        var first: Int?
        var count = 0
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] < 0x80 {
                i = TextValidation.skipASCII(bytes, from: i)
                continue
            }
            // Common valid sequences (Cyrillic, Latin accents; Hangul and CJK short of U+D000)
            // without the general decoder.
            let lead = bytes[i]
            if lead >= 0xC2 && lead <= 0xDF && i + 1 < n && bytes[i + 1] & 0xC0 == 0x80 { i += 2; continue }
            if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) && i + 2 < n
                && bytes[i + 1] & 0xC0 == 0x80 && bytes[i + 2] & 0xC0 == 0x80 { i += 3; continue }
            let (len, valid) = UTF8Sequence.length(bytes, at: i, end: n)
            if !valid {
                if first == nil { first = i }
                count += 1
            }
            i += len
        }
        return first.map { ($0, count) }
    }

    /// The offset of the first non-ASCII byte at or after `i`, eight bytes at a time.
    @inline(__always)
    static func skipASCII(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBytes { raw -> Int in
            var i = start
            let n = raw.count
            while i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            while i < n && raw[i] < 0x80 { i += 1 }
            return i
        }
    }
}
