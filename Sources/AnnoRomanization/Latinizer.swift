import Foundation

/// Latin letters for a word in any script archive titles and queries use, so that one set of
/// matching rules (`RomanizationKey`) serves them all.
///
/// Latin letters lose their diacritics (ŏ → o, š → s, ł → l, ß → ss), Cyrillic is
/// transliterated by a fixed table (`Cyrillic`), and Hangul syllables are decomposed and
/// romanized (`Hangul`). Digits stay; anything else (apostrophes, ʹ and ʺ, combining marks) is
/// dropped. Pure and total: any string gives an answer.
public enum Latinizer {
    /// Lowercase ASCII letters and digits.
    public static func latin(_ word: some StringProtocol) -> String {
        String(decoding: latinBytes(word), as: UTF8.self)
    }

    static func latinBytes(_ word: some StringProtocol) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(word.utf8.count)
        var scalars = word.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let s = pending ?? scalars.next() {
            pending = nil
            let v = s.value
            if v < 0x80 {
                appendASCII(UInt8(v), to: &out)
            } else if let latin = Cyrillic.latin(s) {
                out.append(contentsOf: latin.utf8)
            } else if Hangul.isHangul(s) {
                // Conjoining jamo (decomposed Hangul) arrive one scalar at a time: gather the syllable.
                var jamo: [Unicode.Scalar] = [s]
                while let next = scalars.next() {
                    if Hangul.continuesSyllable(jamo, next) { jamo.append(next) } else { pending = next; break }
                }
                out.append(contentsOf: Hangul.romanize(jamo).utf8)
            } else {
                out.append(contentsOf: foldLatin(s))
            }
        }
        return out
    }

    @inline(__always)
    static func appendASCII(_ c: UInt8, to out: inout [UInt8]) {
        if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) { out.append(c) }
        else if c >= 0x41 && c <= 0x5A { out.append(c + 0x20) }
    }

    /// Letters no canonical decomposition reaches.
    static let special: [UInt32: String] = [
        0xF8: "o", 0xD8: "o", 0x142: "l", 0x141: "l", 0x111: "d", 0x110: "d", 0xF0: "d", 0xD0: "d",
        0x127: "h", 0x126: "h", 0x131: "i", 0xDF: "ss", 0x1E9E: "ss", 0xE6: "ae", 0xC6: "ae",
        0x153: "oe", 0x152: "oe", 0xFE: "th", 0xDE: "th", 0x140: "l", 0x13F: "l", 0x167: "t",
        0x166: "t", 0x180: "b", 0x268: "i", 0x289: "u", 0x14B: "ng", 0x14A: "ng", 0x237: "j",
    ]

    /// A Latin letter with marks → its base letters; other scripts and symbols → nothing.
    static func foldLatin(_ s: Unicode.Scalar) -> [UInt8] {
        if let plain = special[s.value] { return Array(plain.utf8) }
        guard s.properties.isAlphabetic else { return [] }
        let folded = String(s).folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var out: [UInt8] = []
        for f in folded.unicodeScalars where f.value < 0x80 { appendASCII(UInt8(f.value), to: &out) }
        return out
    }
}

/// Russian (and the other Cyrillic alphabets' common letters) to Latin, one letter at a time,
/// close to BGN/PCGN: the spelling English-language archives use most. Other systems' spellings
/// are reconciled by `RomanizationKey`, not here.
public enum Cyrillic {
    /// Lowercase letters а–я, then ѐ–џ (U+0450–U+045F).
    static let basic: [String] = [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ]
    static let extended: [String] = [
        "e", "yo", "dj", "g", "ye", "dz", "i", "yi", "j", "l", "n", "c", "k", "i", "u", "dzh",
    ]

    /// Latin for one Cyrillic letter (either case), or nil when `s` is not one.
    public static func latin(_ s: Unicode.Scalar) -> String? {
        let v = s.value
        switch v {
        case 0x0430...0x044F: return basic[Int(v - 0x0430)]
        case 0x0410...0x042F: return basic[Int(v - 0x0410)]
        case 0x0450...0x045F: return extended[Int(v - 0x0450)]
        case 0x0400...0x040F: return extended[Int(v - 0x0400)]
        case 0x0490, 0x0491: return "g"      // ґ
        case 0x0306: return ""               // a combining breve left over from a decomposed й
        default: return nil
        }
    }
}

/// Hangul syllables decomposed algorithmically (Unicode's arithmetic on U+AC00…U+D7A3) and
/// romanized in Revised Romanization, syllable by syllable, without the sound changes across
/// syllables (those differ between systems; `RomanizationKey` folds the systems together).
public enum Hangul {
    static let initials = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
    static let vowels = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"]
    /// Final consonants as they sound at the end of a syllable (index 0: none).
    static let finals = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]
    /// Compatibility jamo (ㄱ…ㅣ, U+3131…U+3163, typed alone) → (initial index, vowel index).
    static let compatibility: [Int?] = {
        // ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄸ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅃ ㅄ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
        [0, 1, nil, 2, nil, nil, 3, 4, 5, nil, nil, nil, nil, nil, nil, nil, 6, 7, 8, nil, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]
    }()

    public static func isSyllable(_ s: Unicode.Scalar) -> Bool { (0xAC00...0xD7A3).contains(s.value) }

    /// Syllables, conjoining jamo and compatibility jamo.
    public static func isHangul(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0xAC00...0xD7A3).contains(v) || (0x1100...0x11FF).contains(v) || (0x3131...0x3163).contains(v)
    }

    /// Whether `next` belongs to the syllable begun by `jamo` (a conjoining vowel after an
    /// initial, a final after a vowel).
    static func continuesSyllable(_ jamo: [Unicode.Scalar], _ next: Unicode.Scalar) -> Bool {
        guard let last = jamo.last else { return false }
        let l = last.value, n = next.value
        if (0x1100...0x1112).contains(l) { return (0x1161...0x1175).contains(n) }
        if (0x1161...0x1175).contains(l) { return (0x11A8...0x11C2).contains(n) }
        return false
    }

    /// Revised Romanization of one syllable: a precomposed syllable, a run of conjoining jamo
    /// (initial, vowel, final) or a lone compatibility jamo.
    static func romanize(_ jamo: [Unicode.Scalar]) -> String {
        guard let first = jamo.first else { return "" }
        let v = first.value
        if (0xAC00...0xD7A3).contains(v) {
            let s = Int(v - 0xAC00)
            return initials[s / 588] + vowels[(s % 588) / 28] + finals[s % 28]
        }
        if (0x3131...0x3163).contains(v) {
            let i = Int(v - 0x3131)
            if i < compatibility.count { return compatibility[i].map { initials[$0] } ?? "" }
            let vowel = Int(v) - 0x314F
            return vowels.indices.contains(vowel) ? vowels[vowel] : ""
        }
        var out = ""
        for j in jamo {
            let x = Int(j.value)
            switch x {
            case 0x1100...0x1112: out += initials[x - 0x1100]
            case 0x1161...0x1175: out += vowels[x - 0x1161]
            case 0x11A8...0x11C2: out += finals[x - 0x11A7]
            default: break
            }
        }
        return out
    }

    /// The Hangul syllables of a word, one string each, with the text between them kept as
    /// its own pieces: "김일성" → ["김", "일", "성"]. A name typed in Hangul is one word, but
    /// romanized titles spell its syllables as separate words or hyphenated parts.
    public static func splitSyllables(_ word: String) -> [String] {
        var pieces: [String] = []
        var other = String.UnicodeScalarView()
        for s in word.unicodeScalars {
            if isSyllable(s) {
                if !other.isEmpty { pieces.append(String(other)); other = String.UnicodeScalarView() }
                pieces.append(String(s))
            } else {
                other.append(s)
            }
        }
        if !other.isEmpty { pieces.append(String(other)) }
        return pieces
    }
}
