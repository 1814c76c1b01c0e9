/// A deterministic corpus: a catalogue of archive-like documents and notes citing them.
///
/// Every document is a pure function of (seed, index), so notes can cite document `i` by
/// regenerating its date and title instead of holding a million titles in memory, and the
/// catalogue is streamed to disk entry by entry.

// MARK: - Random numbers

/// SplitMix64: tiny, fast, and the same on every platform and Swift version.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    init(_ a: UInt64, _ b: UInt64) {
        var s = SplitMix64(seed: a ^ 0x9E37_79B9_7F4A_7C15)
        s.state ^= b &* 0xBF58_476D_1CE4_E5B9
        _ = s.next()
        state = s.state
    }
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n.
    @inline(__always)
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + int(r.count) }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
}

// MARK: - Word lists

enum Lexicon {
    static let people = [
        "Kim Il Sung", "A.M. Puzanov", "T.F. Shtykov", "A.A. Gromyko", "Pak Seong-cheol", "Nam Il",
        "Kim Tu-bong", "Choe Yong-geon", "Pak Heon-yeong", "N.S. Khrushchev", "Mao Zedong", "Zhou Enlai",
        "V.I. Ivanov", "S.P. Suzdalev", "Peng Dehuai", "Kim Chang-man", "Pak Chang-ok", "Choe Chang-ik",
        "Kim Jong Il", "L.I. Brezhnev", "A.N. Kosygin", "Syngman Rhee", "Park Chung Hee", "Ho Dam",
        "Kim Yong-nam", "Károly Pásztor", "Erich Honecker", "Nicolae Ceaușescu", "Yi Ju-yeon", "Kang Ryang-uk",
    ]
    static let ambassadors = ["A.M. Puzanov", "T.F. Shtykov", "V.I. Ivanov", "S.P. Suzdalev", "V.P. Moskovskii", "N.G. Sudarikov"]
    static let cities = ["Pyongyang", "Moscow", "Beijing", "Seoul", "Berlin", "Budapest", "Warsaw", "Prague",
                         "Washington", "Tokyo", "Bucharest", "Sofia", "Hanoi", "Ulaanbaatar", "Belgrade"]
    static let organizations = [
        "the DPRK Ministry of Foreign Affairs", "the Soviet Embassy in Pyongyang", "the CC CPSU",
        "the Korean Workers' Party", "the PRC Embassy in the DPRK", "the Hungarian Legation",
        "the Polish Embassy", "the GDR Foreign Ministry", "the USSR Council of Ministers",
        "the International Department", "the Czechoslovak Embassy", "the Romanian Embassy",
        "the Presidium of the Supreme People's Assembly", "the UN Command", "the Neutral Nations Supervisory Commission",
    ]
    static let topics = [
        "the Seven-Year Plan", "the Chollima Movement", "Reunification of Korea", "the Armistice Agreement",
        "Soviet Economic Aid", "the August Plenum", "the Sino-Soviet Split", "Repatriation of Koreans from Japan",
        "the Pueblo Incident", "Nuclear Energy Cooperation", "the Geneva Conference", "Grain Deliveries",
        "the Five-Year Plan", "Fishing Rights in the Sea of Japan", "Cultural Exchange", "the Military Demarcation Line",
        "Trade Negotiations", "the Withdrawal of Chinese Volunteers", "Industrial Reconstruction", "Student Exchanges",
        "the Party Congress", "Collectivization of Agriculture", "Border Incidents", "the Cuban Missile Crisis",
        "Debt Rescheduling", "Hydroelectric Power Stations", "the Kaesong Talks", "Railway Construction",
        "Prisoners of War", "the Personality Cult",
    ]
    static let hangulPhrases = [
        "평양 주재 소련 대사관 보고", "조선로동당 중앙위원회 결정", "내각 외무성 문서", "김일성 동지 담화",
        "박성철 외무상 회담 기록", "남일 동지와의 대화",
    ]
    static let cyrillicTitles = [
        "Запись беседы посла А.М. Пузанова с Ким Ир Сеном", "Телеграмма из Пхеньяна в Москву",
        "Дневник посла Т.Ф. Штыкова", "Письмо А.А. Громыко в ЦК КПСС", "Справка о положении в КНДР",
    ]
    static let archives = [
        "Wilson Center Digital Archive", "Archive of Foreign Policy of the Russian Federation (AVPRF)",
        "Russian State Archive of Contemporary History (RGANI)", "Hungarian National Archives (MOL)",
        "Political Archive of the Federal Foreign Office", "Archives of the Polish Foreign Ministry",
    ]
    static let generic = [
        "Memorandum of Conversation with Kim Il Sung", "Report on the Situation in the DPRK",
        "Cable from Pyongyang to Moscow",
    ]
    static let english = [
        "the", "ambassador", "reported", "that", "Kim", "raised", "economic", "aid", "with", "delegation",
        "meeting", "in", "Pyongyang", "according", "to", "archive", "file", "shows", "a", "letter", "minister",
        "party", "plenum", "cooperation", "plan", "Soviet", "Chinese", "Korean", "question", "of", "on", "and",
        "was", "not", "clear", "whether", "later", "recalled", "this", "source", "claims", "earlier", "cable",
        "contradicts", "it", "see", "also", "notes", "translation", "draft", "folio", "the", "summary", "is",
        "misleading", "because", "Puzanov", "Shtykov", "Gromyko", "had", "already", "left", "by", "then",
        "historians", "disagree", "about", "timing", "as", "we", "know", "from", "embassy", "journal",
        "entries", "for", "May", "June", "visit", "talks", "agreement", "deliveries", "were", "delayed",
    ]
    static let hangulWords = ["조선", "평양", "회의", "로동당", "위원회", "대사", "보고서", "경제", "원조", "협력", "김일성", "박성철"]
    static let cyrillicWords = ["посол", "беседа", "встреча", "Пхеньян", "доклад", "экономика", "помощь", "сотрудничество", "партия", "Пузанов"]
    static let summaryOpeners = [
        "{P} and {Q} discuss {T}.", "The ambassador reports on {T} and the situation in {C}.",
        "{P} informs {O} about {T}.", "A summary of talks in {C} on {T}, with remarks by {P}.",
        "{O} describes preparations for {T}.", "{P} complains to {Q} about {T}.",
    ]
    static let summaryFollowers = [
        "Includes remarks on {T}.", "{P} mentions the attitude of {O}.", "The document also covers {T} and relations with {C}.",
        "Attached is a list of participants.", "Translated from Russian; the original is held in {C}.",
        "{Q} asks for further instructions.",
    ]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
}

// MARK: - Documents

struct GenDate: Equatable {
    var year: Int
    var month: Int?
    var day: Int?

    var iso: String {
        var s = String(year)
        if let month { s += month < 10 ? "-0\(month)" : "-\(month)" }
        if let day { s += day < 10 ? "-0\(day)" : "-\(day)" }
        return s
    }
    var human: String {
        guard let month else { return String(year) }
        if let day { return "\(day) \(Lexicon.months[month - 1]) \(year)" }
        return "\(Lexicon.months[month - 1]) \(year)"
    }
    static func daysIn(_ m: Int, _ y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

struct GenDocument {
    var index: Int
    var id: String
    var date: GenDate
    var title: String
    /// Shares its title with other documents on purpose (ambiguity is realistic); clean citations avoid it.
    var isGeneric: Bool
}

struct CorpusGenerator {
    let seed: UInt64
    let documentCount: Int

    /// A number unique to each document below 10 million (an affine bijection mod 10^7), so titles
    /// carrying it never collide.
    func serial(_ i: Int) -> Int { (i &* 7919 &+ 1013) % 10_000_000 + (i >= 10_000_000 ? 10_000_000 * (i / 10_000_000) : 0) }

    func isGeneric(_ i: Int) -> Bool { i % 101 == 50 }

    /// Title and date of document `i` (cheap: no summary).
    func document(_ i: Int) -> GenDocument {
        var r = SplitMix64(seed, UInt64(i))
        let year = 1940 + r.int(56)
        let precisionRoll = r.int(100)
        var date = GenDate(year: year)
        if precisionRoll >= 5 {
            let month = 1 + r.int(12)
            date.month = month
            if precisionRoll >= 10 { date.day = 1 + r.int(GenDate.daysIn(month, year)) }
        } else {
            _ = r.next()
        }
        let title: String
        if isGeneric(i) {
            title = Lexicon.generic[r.int(Lexicon.generic.count)]
        } else {
            title = makeTitle(&r, serial: serial(i), date: date)
        }
        return GenDocument(index: i, id: "doc-\(i)", date: date, title: title, isGeneric: isGeneric(i))
    }

    private func makeTitle(_ r: inout SplitMix64, serial s: Int, date: GenDate) -> String {
        let p = r.pick(Lexicon.people)
        var q = r.pick(Lexicon.people)
        if q == p { q = Lexicon.people[(Lexicon.people.firstIndex(of: p)! + 1) % Lexicon.people.count] }
        let t = r.pick(Lexicon.topics)
        let c1 = r.pick(Lexicon.cities)
        var c2 = r.pick(Lexicon.cities)
        if c2 == c1 { c2 = c1 == "Moscow" ? "Pyongyang" : "Moscow" }
        let o1 = r.pick(Lexicon.organizations)
        let o2 = r.pick(Lexicon.organizations)
        let roll = r.int(1000)
        switch roll {
        case 0..<170:
            return "Record of Conversation Between \(p) and \(q) on \(t), No. \(s)"
        case 170..<330:
            return r.chance(0.5) ? "Cable No. \(s), \(c1) to \(c2)" : "Cable No. \(s), \(c1) to \(c2), on \(t)"
        case 330..<460:
            let amb = r.pick(Lexicon.ambassadors)
            return "Journal of Soviet Ambassador in the DPRK \(amb) for \(date.human), Entry \(s)"
        case 460..<580:
            return "Memorandum No. \(s) from \(o1) to \(o2) on \(t)"
        case 580..<680:
            return "Report No. \(s) by \(o1) on \(t)"
        case 680..<770:
            return "Letter No. \(s) from \(p) to \(q) Concerning \(t)"
        case 770..<830:
            return "Minutes No. \(s) of the Meeting of \(o1) on \(t)"
        case 830..<870:
            return "Economic Cooperation Division [Ministry of Foreign Affairs, Japan], 'Main Points of Meeting No. \(s) on \(t)'"
        case 870..<920:
            return "\(r.pick(Lexicon.hangulPhrases)) 제\(s)호 (\(p))"
        case 920..<970:
            return "\(r.pick(Lexicon.cyrillicTitles)) № \(s), \(c1)"
        case 970..<985:
            return "Memo No. \(s) on \(t) [draft]"
        default:
            return "Note No. \(s) on the \"\(t)\" Campaign in \(c1)"
        }
    }

    /// One to three sentences about document `i`.
    func summary(_ i: Int) -> String {
        var r = SplitMix64(seed ^ 0x5555, UInt64(i))
        func fill(_ template: String) -> String {
            var s = template
            if s.contains("{P}") { s = s.replacingOccurrences(of: "{P}", with: r.pick(Lexicon.people)) }
            if s.contains("{Q}") { s = s.replacingOccurrences(of: "{Q}", with: r.pick(Lexicon.people)) }
            if s.contains("{T}") { s = s.replacingOccurrences(of: "{T}", with: r.pick(Lexicon.topics)) }
            if s.contains("{C}") { s = s.replacingOccurrences(of: "{C}", with: r.pick(Lexicon.cities)) }
            if s.contains("{O}") { s = s.replacingOccurrences(of: "{O}", with: r.pick(Lexicon.organizations)) }
            return s
        }
        var out = fill(r.pick(Lexicon.summaryOpeners))
        if out.hasPrefix("the ") { out = "The" + out.dropFirst(3) }
        for _ in 0..<r.int(3) { out += " " + fill(r.pick(Lexicon.summaryFollowers)) }
        return out
    }

    func extras(_ i: Int) -> (url: String?, archive: String?) {
        var r = SplitMix64(seed ^ 0xAAAA, UInt64(i))
        let url = r.chance(0.7) ? "https://digitalarchive.wilsoncenter.org/document/\(serial(i))" : nil
        let archive = r.chance(0.8) ? r.pick(Lexicon.archives) : nil
        return (url, archive)
    }
}

// MARK: - Writing the catalogue

func appendJSONString(_ s: String, to out: inout [UInt8]) {
    out.append(0x22)
    for b in s.utf8 {
        switch b {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        case 0..<0x20:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: Array("\\u00".utf8)); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
        default: out.append(b)
        }
    }
    out.append(0x22)
}

extension CorpusGenerator {
    /// Streams the catalogue JSON to `path`; returns its size in bytes.
    @discardableResult
    func writeCatalogue(to path: String, name: String) throws -> Int {
        let w = try FileWriter(path: path)
        var buf: [UInt8] = []
        buf.reserveCapacity(1024)
        buf.append(contentsOf: Array("{\n  \"name\": ".utf8))
        appendJSONString(name, to: &buf)
        buf.append(contentsOf: Array(",\n  \"documents\": [\n".utf8))
        w.write(bytes: buf)
        for i in 0..<documentCount {
            buf.removeAll(keepingCapacity: true)
            let d = document(i)
            let (url, archive) = extras(i)
            buf.append(contentsOf: "    {\"id\": ".utf8)
            appendJSONString(d.id, to: &buf)
            buf.append(contentsOf: ", \"date\": ".utf8)
            appendJSONString(d.date.iso, to: &buf)
            buf.append(contentsOf: ", \"title\": ".utf8)
            appendJSONString(d.title, to: &buf)
            buf.append(contentsOf: ", \"summary\": ".utf8)
            appendJSONString(summary(i), to: &buf)
            if let url { buf.append(contentsOf: ", \"url\": ".utf8); appendJSONString(url, to: &buf) }
            if let archive { buf.append(contentsOf: ", \"archive\": ".utf8); appendJSONString(archive, to: &buf) }
            buf.append(contentsOf: (i + 1 < documentCount ? "},\n" : "}\n").utf8)
            w.write(bytes: buf)
        }
        w.write("  ]\n}\n")
        w.close()
        return w.bytesWritten
    }
}

// MARK: - Notes

/// What the generator put into the notes, so a run can verify the checker found exactly that.
struct CitationCounts {
    var total = 0
    var clean = 0
    var unknownTitle = 0
    var wrongDate = 0
    var invalidDate = 0
    var titleVariant = 0
    var wrapped = 0
    var lines = 0
    var bytes = 0

    /// Errors `anno check` must report: one per broken citation.
    var expectedErrors: Int { unknownTitle + wrongDate + invalidDate }
    var expectedWarnings: Int { titleVariant }

    static func + (a: CitationCounts, b: CitationCounts) -> CitationCounts {
        var c = a
        c.total += b.total; c.clean += b.clean; c.unknownTitle += b.unknownTitle; c.wrongDate += b.wrongDate
        c.invalidDate += b.invalidDate; c.titleVariant += b.titleVariant; c.wrapped += b.wrapped
        c.lines += b.lines; c.bytes += b.bytes
        return c
    }
}

struct NoteOptions {
    var lines = 100
    /// Citations per line (0.5: one every two lines).
    var citationRate = 0.5
    /// Share of citations that are broken; split between unknown titles, wrong dates and invalid dates.
    var brokenRate = 0.02
    /// Share of citations spelled loosely (a title-variant warning).
    var variantRate = 0.005
    /// Share of citations hard-wrapped across two lines.
    var wrapRate = 0.05
    /// Fenced code blocks and inline code spans (prose, not citations).
    var codeBlocks = true
}

struct NoteGenerator {
    let corpus: CorpusGenerator
    let options: NoteOptions

    /// The text of note `k` and what it contains.
    func note(_ k: Int) -> (String, CitationCounts) {
        var r = SplitMix64(corpus.seed ^ 0x0123_4567, UInt64(k))
        var counts = CitationCounts()
        var out = ""
        out.reserveCapacity(options.lines * 110)
        var lines = 0
        func emit(_ line: String) { out += line; out += "\n"; lines += 1 }

        emit("# Notes on \(r.pick(Lexicon.topics)) (\(k))")
        emit("")
        var paragraphLeft = r.int(3...8)
        while lines < options.lines {
            if paragraphLeft <= 0 {
                emit("")
                paragraphLeft = r.int(3...8)
                if options.codeBlocks && r.chance(0.02) && lines + 4 < options.lines {
                    let d = corpus.document(r.int(corpus.documentCount))
                    emit("~~~")
                    emit("Cite it as [[\(d.date.iso) | \(escapeTitle(d.title))]]")
                    emit("~~~")
                    emit("")
                }
                continue
            }
            paragraphLeft -= 1
            var line = prose(&r, chars: r.int(30...70))
            if options.codeBlocks && r.chance(0.01) { line += " `[[1960 | Example Title]]`" }
            if r.chance(options.citationRate) {
                let (citation, kind) = makeCitation(&r)
                counts.total += 1
                switch kind {
                case .clean: counts.clean += 1
                case .unknownTitle: counts.unknownTitle += 1
                case .wrongDate: counts.wrongDate += 1
                case .invalidDate: counts.invalidDate += 1
                case .variant: counts.titleVariant += 1
                }
                let tail = prose(&r, chars: r.int(0...30))
                if r.chance(options.wrapRate), lines + 1 < options.lines, let space = wrapPoint(citation) {
                    counts.wrapped += 1
                    emit(line + " " + String(citation[..<space]))
                    line = String(citation[citation.index(after: space)...]) + "." + (tail.isEmpty ? "" : " " + tail)
                    paragraphLeft -= 1
                } else {
                    line += " " + citation + "." + (tail.isEmpty ? "" : " " + tail)
                }
            }
            emit(line)
        }
        counts.lines = lines
        counts.bytes = out.utf8.count
        return (out, counts)
    }

    private func wrapPoint(_ citation: String) -> String.Index? {
        // Break at a space inside the title (after the first '|').
        guard let bar = citation.firstIndex(of: "|") else { return nil }
        let after = citation[citation.index(bar, offsetBy: 2)...]
        let spaces = after.indices.filter { after[$0] == " " }
        guard spaces.count >= 2 else { return nil }
        return spaces[spaces.count / 2]
    }

    enum Kind { case clean, unknownTitle, wrongDate, invalidDate, variant }

    func escapeTitle(_ t: String) -> String {
        t.replacingOccurrences(of: "|", with: "\\|")
    }

    private func makeCitation(_ r: inout SplitMix64) -> (String, Kind) {
        var i = r.int(corpus.documentCount)
        if corpus.isGeneric(i) { i = (i + 1) % corpus.documentCount }
        let d = corpus.document(i)
        var date = d.date.iso
        var title = escapeTitle(d.title)
        var kind = Kind.clean
        let roll = r.unit()
        let b = options.brokenRate
        if roll < b * 0.4 {
            kind = .unknownTitle
            title = perturb(title, &r)
        } else if roll < b * 0.7 {
            kind = .wrongDate
            var wrong = d.date
            wrong.year += r.int(1...5)
            if let m = wrong.month, let day = wrong.day, day > GenDate.daysIn(m, wrong.year) { wrong.day = 28 }
            date = wrong.iso
        } else if roll < b {
            kind = .invalidDate
            if let day = d.date.day, let m = d.date.month {
                switch r.int(3) {
                case 0: date = "\(d.date.year)-13-\(day < 10 ? "0" : "")\(day)"
                case 1: date = "\(Lexicon.months[m - 1]) \(day), \(d.date.year)"
                default: date = "\(d.date.year)-\(m < 10 ? "0" : "")\(m)-\(GenDate.daysIn(m, d.date.year) + 1)"
                }
            } else if d.date.month != nil {
                date = "\(d.date.year)-13"
            } else {
                date = String(d.date.year % 100 < 10 ? "0\(d.date.year % 100)" : "\(d.date.year % 100)")
            }
        } else if roll < b + options.variantRate {
            kind = .variant
            title = title.lowercased()
            if title == escapeTitle(d.title) { kind = .clean }
        }
        var citation = "[[\(date) | \(title)"
        if r.chance(0.3) { citation += " | " + r.pick(["p. \(r.int(1...400))", "f. \(r.int(1...90))", "para. \(r.int(1...20))", "ll. \(r.int(1...60))-\(r.int(61...90))"]) }
        citation += "]]"
        return (citation, kind)
    }

    /// A title no document has: a dropped word, or a misspelled one (which sends the checker to
    /// its near-word search).
    private func perturb(_ title: String, _ r: inout SplitMix64) -> String {
        var words = title.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let letterWords = words.indices.filter { i in
            words[i].count >= 5 && words[i].unicodeScalars.allSatisfy { ($0.value >= 0x61 && $0.value <= 0x7A) }
        }
        if r.chance(0.5), !letterWords.isEmpty {
            let w = letterWords[r.int(letterWords.count)]
            var chars = Array(words[w])
            let at = 1 + r.int(chars.count - 2)
            chars[at] = chars[at] == "x" ? "q" : "x"
            words[w] = String(chars)
        } else if words.count >= 4 {
            // Drop a word that is neither the document's unique number nor punctuation alone
            // (the checker rightly ignores punctuation, which would make it a mere variant).
            let candidates = words.indices.dropFirst().filter { !words[$0].contains(where: \.isNumber) && words[$0].contains(where: \.isLetter) }
            if let drop = candidates.isEmpty ? nil : candidates[r.int(candidates.count)] { words.remove(at: drop) }
            else { words.append("Addendum") }
        } else {
            words.append("Addendum")
        }
        return words.joined(separator: " ")
    }

    private func prose(_ r: inout SplitMix64, chars: Int) -> String {
        var s = ""
        while s.unicodeScalars.count < chars {
            if !s.isEmpty { s += " " }
            let roll = r.int(100)
            if roll < 85 { s += r.pick(Lexicon.english) }
            else if roll < 93 { s += r.pick(Lexicon.hangulWords) }
            else { s += r.pick(Lexicon.cyrillicWords) }
        }
        if !s.isEmpty, r.chance(0.3) { s += r.pick([",", ";", ":", " —"]) }
        return s
    }
}

// MARK: - A whole project directory

struct GenerateOptions {
    var docs = 10_000
    var notes = 100
    var lines = 100
    var seed: UInt64 = 1
    var out = ""
    var noteOptions = NoteOptions()
    /// Notes per subdirectory.
    var perDirectory = 100
}

struct GeneratedProject {
    var dir: String
    var catalogueBytes: Int
    var counts: CitationCounts
    var notes: Int
}

/// Writes anno.json, catalogue.json and the notes; returns what was written.
func generateProject(_ o: GenerateOptions, quiet: Bool = false) throws -> GeneratedProject {
    try makeDirectories(o.out)
    let corpus = CorpusGenerator(seed: o.seed, documentCount: o.docs)
    try writeText("{\"catalogues\": [\"catalogue.json\"]}\n", to: o.out + "/anno.json")
    let (catalogueBytes, catalogueSeconds) = try timed { try corpus.writeCatalogue(to: o.out + "/catalogue.json", name: "Generated catalogue (\(o.docs) documents, seed \(o.seed))") }
    if !quiet { log("wrote \(o.out)/catalogue.json: \(o.docs) documents, \(fmt(Double(catalogueBytes) / 1e6, 1)) MB in \(fmt(catalogueSeconds, 1)) s") }
    var noteOptions = o.noteOptions
    noteOptions.lines = o.lines
    let notes = NoteGenerator(corpus: corpus, options: noteOptions)
    var total = CitationCounts()
    let start = nowNanos()
    for k in 0..<o.notes {
        let sub = o.out + "/notes/" + String(format: "%03d", k / o.perDirectory)
        if k % o.perDirectory == 0 { try makeDirectories(sub) }
        let (text, counts) = notes.note(k)
        try writeText(text, to: sub + "/note-\(k).anno")
        total = total + counts
    }
    if !quiet {
        log("wrote \(o.notes) notes: \(fmt(Double(total.bytes) / 1e6, 1)) MB, \(total.lines) lines, \(total.total) citations (\(total.expectedErrors) broken) in \(fmt(Double(nowNanos() - start) / 1e9, 1)) s")
    }
    let manifest = """
    {
      "generator": "anno-bench generate",
      "seed": \(o.seed),
      "documents": \(o.docs),
      "notes": \(o.notes),
      "linesPerNote": \(o.lines),
      "catalogueBytes": \(catalogueBytes),
      "noteBytes": \(total.bytes),
      "lines": \(total.lines),
      "citations": \(total.total),
      "cleanCitations": \(total.clean),
      "unknownTitle": \(total.unknownTitle),
      "wrongDate": \(total.wrongDate),
      "invalidDate": \(total.invalidDate),
      "titleVariant": \(total.titleVariant),
      "wrappedCitations": \(total.wrapped),
      "expectedErrors": \(total.expectedErrors),
      "expectedWarnings": \(total.expectedWarnings)
    }

    """
    try writeText(manifest, to: o.out + "/bench-manifest.json")
    return GeneratedProject(dir: o.out, catalogueBytes: catalogueBytes, counts: total, notes: o.notes)
}
