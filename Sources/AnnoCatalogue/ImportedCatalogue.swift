import AnnoSyntax

/// One entry of a CSL-JSON, BibTeX or CSV catalogue, as its reader found it: the fields Anno
/// uses, still as text, with where they are.
struct ImportedEntry {
    /// How messages name the entry when it has no id: `items[3]`, `row 7`.
    var fallbackLabel: String
    /// Byte offset of the entry's start.
    var start: Int
    var id: String?
    var idAt: Int?
    var title: String?
    var date: ImportedDate?
    var dateAt: Int?
    var summary: String?
    var url: String?
    var archive: String?
    var archiveLocation: String?

    init(fallbackLabel: String, start: Int) {
        self.fallbackLabel = fallbackLabel
        self.start = start
    }

    var label: String { id.map { "entry \"\($0)\"" } ?? fallbackLabel }
}

/// A date as the formats write them.
enum ImportedDate {
    /// CSL's `date-parts`: one or two dates (a range), each [year, month?, day?].
    case parts([[Int]])
    /// A date as text: CSL `raw` or `literal`, BibLaTeX `date`, a CSV cell.
    case text(String)
    /// BibTeX's separate `year`, `month` and `day`.
    case fields(year: String, month: String?, day: String?)
}

/// Collects the entries of a catalogue in another format into documents, with the rules every
/// format shares (spec/catalogue.md, "Other formats"): an entry without a usable date or title
/// is a warning and skipped (libraries hold more than citable documents); an id used twice is an
/// error; entries without an id get one made from their date and title.
final class ImportedCatalogue {
    let lines: LineTable
    let path: String?
    var name: String
    var documents: [CatalogueDocument] = []
    var problems: [CatalogueProblem] = []
    private var seenIDs: [String: Int] = [:]

    init(bytes: [UInt8], path: String?, name: String) {
        self.lines = LineTable(bytes)
        self.path = path
        self.name = name
    }

    func location(ofByte offset: Int) -> (line: Int, column: Int) {
        let p = lines.position(ofByte: max(0, min(offset, lines.bytes.count)), in: .utf32)
        return (p.line + 1, p.column + 1)
    }

    func problem(_ severity: CatalogueProblem.Severity, _ message: String, at offset: Int) {
        let loc = location(ofByte: offset)
        problems.append(CatalogueProblem(severity, message, path: path, line: loc.line, column: loc.column))
    }

    var catalogue: Catalogue {
        Catalogue(name: name, path: path, documents: documents.map { d in
            var d = d
            d.origin.catalogueName = name
            return d
        }, problems: problems)
    }

    func add(_ entry: ImportedEntry) {
        var entry = entry
        entry.id = ImportedCatalogue.clean(entry.id)
        entry.title = ImportedCatalogue.clean(entry.title)
        let label = entry.label
        let title = entry.title
        guard let date = resolveDate(entry) else { return }
        guard let title else {
            problem(.warning, "\(label) has no title; it is skipped", at: entry.start)
            return
        }
        let id: String
        if let given = entry.id {
            if let firstLine = seenIDs[given] {
                problem(.error, "duplicate id \"\(given)\" (first defined on line \(firstLine)); this entry is skipped", at: entry.idAt ?? entry.start)
                return
            }
            id = given
        } else {
            id = madeUpID(date: date, title: title)
        }
        let loc = location(ofByte: entry.start)
        seenIDs[id] = loc.line
        documents.append(CatalogueDocument(
            id: id, date: date, title: title, summary: ImportedCatalogue.clean(entry.summary) ?? "",
            url: ImportedCatalogue.clean(entry.url), archive: ImportedCatalogue.clean(entry.archive),
            archiveLocation: ImportedCatalogue.clean(entry.archiveLocation),
            origin: CatalogueLocation(catalogueName: name, path: path, byteOffset: entry.start, line: loc.line, column: loc.column)))
    }

    /// The entry's date, or nil after reporting why there is none.
    private func resolveDate(_ entry: ImportedEntry) -> PartialDate? {
        let label = entry.label
        let at = entry.dateAt ?? entry.start
        guard let raw = entry.date else {
            problem(.warning, entry.title == nil ? "\(label) has no title and no date; it is skipped" : "\(label) has no date; it is skipped", at: entry.start)
            return nil
        }
        switch ImportedCatalogue.interpret(raw) {
        case .date(let d):
            return d
        case .range(let start, let end):
            problem(.warning, "\(label) is dated by a range, \(start.iso) to \(end.iso); Anno uses its start, \(start.iso)", at: at)
            return start
        case .approximate(let d, let text):
            problem(.warning, "\(label) is dated approximately ('\(text)'); Anno uses \(d.iso)", at: at)
            return d
        case .missing:
            problem(.warning, entry.title == nil ? "\(label) has no title and no date; it is skipped" : "\(label) has no date; it is skipped", at: entry.start)
            return nil
        case .unusable(let reason):
            problem(.warning, "\(label) has no usable date (\(reason)); it is skipped", at: at)
            return nil
        }
    }

    /// Date and title words, so that the id stays the same when entries move:
    /// `1960-05-02-journal-of-soviet-ambassador-in-the-dprk`.
    private func madeUpID(date: PartialDate, title: String) -> String {
        var slug = date.iso
        for word in TitleKey.words(title) {
            if slug.utf8.count + word.utf8.count + 1 > 60 { break }
            slug += "-" + word
        }
        var id = slug
        var n = 2
        while seenIDs[id] != nil {
            id = "\(slug)-\(n)"
            n += 1
        }
        return id
    }

    /// Trimmed, with whitespace runs as one space; nil when nothing is left.
    static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = TitleKey.exact(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    enum DateReading: Equatable {
        case date(PartialDate)
        case range(PartialDate, PartialDate)
        case approximate(PartialDate, String)
        case missing
        case unusable(String)
    }

    static func interpret(_ raw: ImportedDate) -> DateReading {
        switch raw {
        case .parts(let list):
            guard let first = list.first, !first.isEmpty else { return .missing }
            guard let start = partialDate(first) else { return .unusable("'\(partsText(first))' is not a date") }
            if list.count > 1, let endParts = list.last, !endParts.isEmpty, endParts != first {
                if let end = partialDate(endParts), end != start { return .range(start, end) }
            }
            return .date(start)
        case .fields(let yearText, let monthText, let dayText):
            let digits = yearText.filter { $0 != "{" && $0 != "}" }.trimmingSpaces
            if digits.isEmpty { return .missing }
            guard digits.count == 4, let year = Int(digits) else { return interpret(.text(digits)) }
            var parts = [year]
            if let monthText, let month = monthNumber(monthText) {
                parts.append(month)
                if let dayText, let day = Int(dayText.trimmingSpaces) { parts.append(day) }
            } else if let monthText, !monthText.trimmingSpaces.isEmpty {
                return .unusable("'\(monthText.trimmingSpaces)' is not a month")
            }
            guard let d = partialDate(parts) else { return .unusable("'\(partsText(parts))' is not a date") }
            return .date(d)
        case .text(let original):
            var text = original.trimmingSpaces
            if text.isEmpty { return .missing }
            // An inferred date in brackets, or with a question mark, is still the archive's date.
            if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()).trimmingSpaces }
            while text.hasSuffix("?") { text = String(text.dropLast()).trimmingSpaces }
            let lower = text.lowercased()
            for prefix in ["circa ", "ca. ", "ca ", "c. ", "c.", "approximately ", "approx. ", "about "] where lower.hasPrefix(prefix) {
                let rest = String(text.dropFirst(prefix.count))
                if case .date(let d) = interpret(.text(rest)) { return .approximate(d, original.trimmingSpaces) }
            }
            switch DateParser.parse(text) {
            case .valid(let d): return .date(d)
            case .invalid(let reason, let suggestion):
                if let range = splitRange(text) { return range }
                if let suggestion { return .date(suggestion) }
                // A timestamp ("1960-05-02T00:00:00Z"): its date.
                if let t = text.firstIndex(of: "T"), case .valid(let d) = DateParser.parse(String(text[..<t])) { return .date(d) }
                return .unusable(reason)
            }
        }
    }

    /// "1939/1946", "1939-1946", "1960-05-02 – 1960-05-05", "01 Jan 1895 - 31 Dec 1926",
    /// "2007-03-14; 2007-03-21", "1950 to 1952", "1960/.." (open: its start).
    static func splitRange(_ text: String) -> DateReading? {
        let bytes = Array(text.utf8)
        if bytes.count == 9, bytes[4] == UInt8(ascii: "-"), bytes.enumerated().allSatisfy({ $0.offset == 4 || ($0.element >= 0x30 && $0.element <= 0x39) }),
           let a = Int(String(text.prefix(4))), let b = Int(String(text.suffix(4))), b > a,
           let start = PartialDate(year: a), let end = PartialDate(year: b) {
            return .range(start, end)
        }
        for separator in ["/", "--", " – ", "–", " — ", "—", " - ", ";", " to ", ".."] {
            guard let r = text.range(of: separator) else { continue }
            let a = String(text[..<r.lowerBound]).trimmingSpaces, b = String(text[r.upperBound...]).trimmingSpaces
            guard let start = lenientDate(a) else { continue }
            if b.isEmpty || b == ".." { return .date(start) }
            guard let end = lenientDate(b) else { continue }
            return end == start ? .date(start) : .range(start, end)
        }
        return nil
    }

    /// A date, or the one a prose date clearly means ("01 Jan 1895").
    static func lenientDate(_ text: String) -> PartialDate? {
        switch DateParser.parse(text) {
        case .valid(let d): return d
        case .invalid(_, let suggestion): return suggestion
        }
    }

    static func partialDate(_ parts: [Int]) -> PartialDate? {
        guard let year = parts.first else { return nil }
        var month = parts.count > 1 ? parts[1] : nil
        var day = parts.count > 2 ? parts[2] : nil
        if let m = month, (13...24).contains(m) { month = nil; day = nil }     // CSL seasons: the year
        if month == nil { day = nil }
        return PartialDate(year: year, month: month, day: day)
    }

    static func partsText(_ parts: [Int]) -> String {
        parts.enumerated().map { i, p in i == 0 ? String(p) : (p < 10 ? "0\(p)" : String(p)) }.joined(separator: "-")
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// 1–12 from "5", "05", "May", "may", "Sept.", "September".
    static func monthNumber(_ text: String) -> Int? {
        let t = text.trimmingSpaces.lowercased().filter { $0 != "." && $0 != "{" && $0 != "}" }
        if let n = Int(t), (1...12).contains(n) { return n }
        guard t.count >= 3 else { return nil }
        if let i = monthNames.firstIndex(where: { t.hasPrefix($0) }) { return i + 1 }
        return nil
    }
}

extension StringProtocol {
    /// Without spaces, tabs and line breaks at either end.
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, f.properties.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
