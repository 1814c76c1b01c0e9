/// Checks that a note is text before it is parsed.
public enum TextValidation {
    /// Offset of a NUL byte in the first 8 KiB (the heuristic git and grep use for binary files).
    public static func binaryContent(_ bytes: [UInt8]) -> Int? {
        bytes.prefix(8192).firstIndex(of: 0)
    }

    /// The first invalid UTF-8 sequence and how many there are in all.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, count: Int)? {
        var first: Int?
        var count = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; lowest = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xED: len = 3; highest = 0x9F
            case 0xF0: len = 4; lowest = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; highest = 0x8F
            default: len = 0
            }
            var ok = len > 0 && i + len <= n
            if ok {
                for k in 1..<len {
                    let c = bytes[i + k]
                    let lo: UInt8 = k == 1 ? lowest : 0x80
                    let hi: UInt8 = k == 1 ? highest : 0xBF
                    if c < lo || c > hi { ok = false; break }
                }
            }
            if ok { i += len } else { if first == nil { first = i }; count += 1; i += 1 }
        }
        return first.map { ($0, count) }
    }
}
