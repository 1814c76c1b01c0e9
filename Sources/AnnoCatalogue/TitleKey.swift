import Foundation

/// The forms a title is compared in.
///
/// - exact: whitespace runs collapsed and trimmed; otherwise the text as written.
/// - loose: also case-folded, diacritics removed and punctuation dropped, so that
///   "Journal of Soviet Ambassador in the DPRK A.M. Puzanov" and "journal of soviet ambassador
///   in the dprk am puzanov" share a key (that is a `title-variant`, not an exact match).
public enum TitleKey {
    public static func exact(_ title: String) -> String {
        if isAlreadyExact(title) { return title }
        var out = ""
        out.reserveCapacity(title.utf8.count)
        var pendingSpace = false
        for scalar in title.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True when `exact` would return the title unchanged: no leading, trailing or doubled spaces
    /// and no other whitespace (ASCII controls, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
    /// U+2029, U+202F, U+205F, U+3000). Checked on bytes: titles parsed from notes are already
    /// collapsed, so citation lookups never pay for Unicode property lookups.
    static func isAlreadyExact(_ title: String) -> Bool {
        var title = title
        return title.withUTF8 { b in
            var previousSpace = true
            var i = 0
            let n = b.count
            let raw = UnsafeRawBufferPointer(b)
            while i < n {
                // Eight printable ASCII bytes at a time: only their spaces matter.
                if i + 8 <= n {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let high: UInt64 = 0x8080_8080_8080_8080, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
                    // No byte ≥ 0x80 and none below 0x20 (a borrow starts only at such a byte).
                    if w & high == 0 && (w &- 0x2020_2020_2020_2020) & ~w & high == 0 {
                        let x = w ^ 0x2020_2020_2020_2020
                        let spaces = ~(((x & low7) &+ low7) | x) & high   // the high bit of each space byte
                        if previousSpace && spaces & 0x80 != 0 { return false }
                        if spaces & (spaces >> 8) != 0 { return false }   // two spaces in a row
                        previousSpace = spaces >> 63 != 0
                        i += 8
                        continue
                    }
                }
                let c = b[i]
                if c == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                } else {
                    previousSpace = false
                    if c >= 0x09 && c <= 0x0D { return false }
                    if c >= 0xC2 {
                        let c1: UInt8 = i + 1 < n ? b[i + 1] : 0
                        let c2: UInt8 = i + 2 < n ? b[i + 2] : 0
                        switch c {
                        case 0xC2 where c1 == 0x85 || c1 == 0xA0: return false
                        case 0xE1 where c1 == 0x9A && c2 == 0x80: return false
                        case 0xE2 where c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF): return false
                        case 0xE2 where c1 == 0x81 && c2 == 0x9F: return false
                        case 0xE3 where c1 == 0x80 && c2 == 0x80: return false
                        default: break
                        }
                    }
                }
                i += 1
            }
            return !previousSpace || n == 0
        }
    }

    /// Loose words of a title: folded, without diacritics, split at anything not a letter or digit.
    /// Apostrophes inside words are dropped rather than splitting ("Don't" → "dont").
    public static func words(_ title: String) -> [String] {
        var words: [String] = []
        let utf8 = title.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            var current: [UInt8] = []
            for c in utf8 {
                if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) { current.append(c) }
                else if c >= 0x41 && c <= 0x5A { current.append(c + 0x20) }
                else if c == 0x27 { continue }
                else if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
            }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
            return words
        }
        let folded = title.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else if scalar == "'" || scalar == "\u{2019}" || scalar == "\u{02BC}" {
                continue
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// The loose key: the loose words run together, so that punctuation and spacing inside words
    /// do not matter either ("A.M." and "AM", "Seong-cheol" and "Seongcheol").
    public static func loose(_ title: String) -> String {
        words(title).joined()
    }
}
