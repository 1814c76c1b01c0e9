/// A compact key per word under which the spellings of one name in different romanizations meet:
/// Pak Seong-cheol, Pak Song-chol and Park Sung-chul; Shtykov, Štykov and Shtykoff; Vyshinskii,
/// Vyshinskiy, Vyshinsky and Vyšinskij; Пузанов and Puzanov; 김일성 and Kim Il Sung.
///
/// The rules are spec/romanization.md's; in short, after `Latinizer`:
/// - consonants fold into classes: k g q → k; t d → t; p b → p; f v w ph → v; l r → l;
///   s sh → s; z zh → z; ch ts tz c j tch dzh dj → c; kh h x ks → h; shch sch shh → sc;
///   doubled letters count once; an h after a vowel and before a consonant is dropped, and so
///   is an r (Park = Pak);
/// - vowels fold into four classes: a; e (e, ae); i (i, y, ee, ui, and j after a vowel);
///   o (o, u, eo, eu, ou, oo); an i-class glide before another vowel merges into it, and
///   glide + o becomes e, so ё, yo and e meet (Khrushchyov = Khrushchev).
///
/// A key is a match *candidate*, never an identity: callers rank words with equal keys below
/// words spelled the same, and a variant spelling in a citation is never an exact match.
public enum RomanizationKey {
    /// The key of one word in any script. Hangul is keyed syllable by syllable, so the key of
    /// "김일성" is the keys of "gim", "il" and "seong" run together.
    public static func key(_ word: some StringProtocol) -> String {
        var hasHangul = false
        for s in word.unicodeScalars where Hangul.isHangul(s) { hasHangul = true; break }
        if !hasHangul { return String(decoding: fold(Latinizer.latinBytes(word)), as: UTF8.self) }
        var out: [UInt8] = []
        for piece in Hangul.splitSyllables(String(word)) {
            out.append(contentsOf: fold(Latinizer.latinBytes(piece)))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key of a word already in lowercase ASCII letters and digits.
    public static func key(latin: String) -> String {
        String(decoding: fold(Array(latin.utf8)), as: UTF8.self)
    }

    /// The key's consonants (and digits), in order: what stays when vowels move or change.
    public static func skeleton(_ key: String) -> String {
        String(decoding: key.utf8.filter { !isVowelClass($0) }, as: UTF8.self)
    }

    /// True when two different keys are one edit apart (a letter inserted, dropped, changed or
    /// two neighbours swapped: Shytkov/Shtykov, Chtykov/Shtykov, Dimitry/Dmitriy), and both are
    /// long enough (five or more) for that not to join unrelated short names (Sung/Sang).
    public static func isNear(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count >= minimumNearLength, y.count >= minimumNearLength, x != y else { return false }
        return OSADistance.withinOne(x, y)
    }

    public static let minimumNearLength = 5

    // MARK: - The folding

    static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o")
    static let u = UInt8(ascii: "u"), y = UInt8(ascii: "y"), j = UInt8(ascii: "j"), h = UInt8(ascii: "h")
    static let w = UInt8(ascii: "w"), r = UInt8(ascii: "r")

    @inline(__always) static func isVowelLetter(_ c: UInt8) -> Bool {
        c == a || c == e || c == i || c == o || c == u || c == y
    }
    @inline(__always) static func isVowelClass(_ c: UInt8) -> Bool { c == a || c == e || c == i || c == o }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }

    /// Korean surnames whose customary spellings no general rule reaches (이 is Lee, Yi, Rhee,
    /// Ri; 노 is Roh, Noh, No; 최 is Choi, Choe).
    static let irregular: [String: String] = [
        "lee": "i", "yi": "i", "rhee": "i", "ri": "i", "li": "i", "rhie": "i", "i": "i",
        "roh": "no", "noh": "no", "no": "no",
        "choi": "coe", "choe": "coe", "chwe": "coe",
    ]

    /// Multi-letter consonants, longest first: (spelling, classes).
    static let clusters: [([UInt8], [UInt8])] = [
        ("shch", "sc"), ("tsch", "c"), ("dzh", "c"), ("sch", "sc"), ("shh", "sc"), ("tch", "c"),
        ("sh", "s"), ("ch", "c"), ("ts", "c"), ("tz", "c"), ("dj", "c"), ("zh", "z"), ("kh", "h"),
        ("ks", "h"), ("ck", "k"), ("ph", "v"), ("th", "t"), ("rh", "l"), ("dh", "t"), ("bh", "p"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// Single consonants → class (0: dropped).
    static let single: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 128)
        for (letters, cls) in [("bp", "p"), ("dt", "t"), ("gkq", "k"), ("c", "c"), ("s", "s"), ("z", "z"),
                               ("xh", "h"), ("fvw", "v"), ("lr", "l"), ("m", "m"), ("n", "n"), ("j", "c")] {
            for l in letters.utf8 { t[Int(l)] = cls.utf8.first ?? 0 }
        }
        return t
    }()

    static func fold(_ s: [UInt8]) -> [UInt8] {
        if s.count <= 5, let irregular = irregular[String(decoding: s, as: UTF8.self)] { return Array(irregular.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var run: [UInt8] = []
        let n = s.count
        func at(_ k: Int) -> UInt8 { k < n ? s[k] : 0 }
        func emit(_ classes: [UInt8]) {
            flushVowels(&run, into: &out)
            for c in classes where out.last != c { out.append(c) }
        }
        var k = 0
        while k < n {
            let c = s[k]
            if !isLetter(c) {                       // a digit
                flushVowels(&run, into: &out)
                out.append(c)
                k += 1
                continue
            }
            if isVowelLetter(c) { run.append(c); k += 1; continue }
            let afterVowel = !run.isEmpty
            let next = at(k + 1)
            switch c {
            case j:
                if next == j {
                    // After a vowel, GOST's й ("Mikhajjlovich", "Terentijj"); otherwise Korean ㅉ.
                    if afterVowel { run.append(i) } else { emit([UInt8(ascii: "c")]) }
                    k += 2
                    continue
                }
                if afterVowel { run.append(i); k += 1; continue }   // й: Mihajlovič, Terentij
                emit([UInt8(ascii: "c")]); k += 1; continue          // ㅈ: Jeong, Jong-il
            case w where (next == o && at(k + 2) == o) || next == u:
                k += 1; continue                                     // 우 as "woo": Tae-woo
            case h where afterVowel && !isVowelLetter(next):
                k += 1; continue                                     // Roh, Shah
            case r where afterVowel && isLetter(next) && !isVowelLetter(next):
                k += 1; continue                                     // Park = Pak
            default:
                break
            }
            var matched = false
            for (spelling, classes) in clusters where spelling[0] == c && k + spelling.count <= n {
                if s[k..<(k + spelling.count)].elementsEqual(spelling) {
                    emit(classes)
                    k += spelling.count
                    matched = true
                    break
                }
            }
            if matched { continue }
            let cls = single[Int(c)]
            if cls != 0 { emit([cls]) }
            k += 1
        }
        flushVowels(&run, into: &out)
        return out
    }

    /// Turns a run of vowel letters into vowel classes and appends them.
    static func flushVowels(_ run: inout [UInt8], into out: inout [UInt8]) {
        guard !run.isEmpty else { return }
        var classes: [UInt8] = []
        var k = 0
        while k < run.count {
            let x = run[k], next: UInt8 = k + 1 < run.count ? run[k + 1] : 0
            switch (x, next) {
            case (e, o), (e, u), (o, u), (o, o): classes.append(o); k += 2     // ㅓ ㅡ, French ou
            case (e, e), (u, i): classes.append(i); k += 2                     // Lee; ㅢ
            case (a, e): classes.append(e); k += 2                             // ㅐ
            default:
                classes.append(x == y ? i : (x == u ? o : x)); k += 1
            }
        }
        collapse(&classes)
        // An i-class glide before another vowel merges into it; glide + o is e (ё = yo = e).
        var merged: [UInt8] = []
        k = 0
        while k < classes.count {
            if classes[k] == i, k + 1 < classes.count {
                let next = classes[k + 1]
                merged.append(next == o ? e : next)
                k += 2
            } else {
                merged.append(classes[k])
                k += 1
            }
        }
        collapse(&merged)
        out.append(contentsOf: merged)
        run.removeAll(keepingCapacity: true)
    }

    static func collapse(_ classes: inout [UInt8]) {
        var k = 1
        while k < classes.count {
            if classes[k] == classes[k - 1] { classes.remove(at: k) } else { k += 1 }
        }
    }
}

/// Optimal string alignment distance, bounded at one: insertions, deletions, substitutions and
/// swaps of neighbours.
public enum OSADistance {
    public static func withinOne(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let m = a.count, n = b.count
        if abs(m - n) > 1 { return false }
        var p = 0
        while p < min(m, n) && a[p] == b[p] { p += 1 }
        if m == n {
            if p == m { return true }
            if a[(p + 1)...].elementsEqual(b[(p + 1)...]) { return true }                  // substitution
            return p + 1 < m && a[p] == b[p + 1] && a[p + 1] == b[p] && a[(p + 2)...].elementsEqual(b[(p + 2)...])
        }
        let (short, long) = m < n ? (a, b) : (b, a)
        return short[p...].elementsEqual(long[(p + 1)...])
    }
}
