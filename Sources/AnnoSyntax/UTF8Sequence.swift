/// Steps through UTF-8 the way decoders do, so that every column count agrees with what an
/// editor shows: a valid sequence is one character; an invalid one is replaced by U+FFFD once
/// per *maximal ill-formed subpart* (Unicode §3.9, as `String(decoding:as:)` does).
public enum UTF8Sequence {
    /// The length of the sequence starting at `i` (never past `end`, at least 1), and whether it
    /// is a valid character.
    @inline(__always)
    public static func length(_ bytes: [UInt8], at i: Int, end: Int) -> (length: Int, valid: Bool) {
        let lead = bytes[i]
        if lead < 0x80 { return (1, true) }
        let needed: Int
        var lowest: UInt8 = 0x80, highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 2
        case 0xE0: needed = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 3
        case 0xED: needed = 3; highest = 0x9F
        case 0xF0: needed = 4; lowest = 0x90
        case 0xF1...0xF3: needed = 4
        case 0xF4: needed = 4; highest = 0x8F
        default: return (1, false)   // a stray continuation byte or a byte never used in UTF-8
        }
        var k = 1
        while k < needed {
            guard i + k < end else { return (k, false) }
            let c = bytes[i + k]
            let lo: UInt8 = k == 1 ? lowest : 0x80
            let hi: UInt8 = k == 1 ? highest : 0xBF
            guard c >= lo && c <= hi else { return (k, false) }
            k += 1
        }
        return (needed, true)
    }

    /// Code units of the character (or replacement character) a sequence stands for.
    @inline(__always)
    public static func units(length: Int, valid: Bool, in unit: ColumnUnit) -> Int {
        switch unit {
        case .utf8: return length
        case .utf16: return valid && length == 4 ? 2 : 1
        case .utf32: return 1
        }
    }
}
