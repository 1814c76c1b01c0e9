/// Reads a spreadsheet saved as CSV or TSV: RFC 4180 quoting (fields in double quotes may hold
/// the delimiter, line breaks and `""` for a quote), LF, CRLF or CR line ends, an optional byte
/// order mark. The first row names the columns; Anno needs a title column and a date (or year)
/// column, and reads the others it knows by name (spec/catalogue.md, "CSV and TSV").
enum DelimitedReader {
    /// Column roles and the header names (lowercased, letters and digits only) that mean them.
    /// The first column with a name of a role is used; other columns are ignored.
    static let roles: [(role: Role, names: Set<String>)] = [
        (.id, ["id", "key", "identifier", "citationkey", "itemkey"]),
        (.date, ["date", "issued", "dated", "documentdate"]),
        (.year, ["year", "publicationyear"]),
        (.month, ["month"]),
        (.day, ["day"]),
        (.title, ["title", "documenttitle"]),
        (.summary, ["summary", "abstract", "abstractnote", "description"]),
        (.url, ["url", "link", "uri"]),
        (.archive, ["archive", "repository"]),
        (.archiveLocation, ["archivelocation", "locinarchive", "callnumber", "shelfmark"]),
    ]

    enum Role: Hashable { case id, date, year, month, day, title, summary, url, archive, archiveLocation }

    static func load(bytes: [UInt8], path: String?, defaultName: String, tabs: Bool) -> Catalogue {
        let out = ImportedCatalogue(bytes: bytes, path: path, name: defaultName)
        let delimiter: UInt8 = tabs ? 0x09 : chooseDelimiter(bytes)
        var parser = DelimitedParser(bytes: bytes, delimiter: delimiter)
        var header: [Role: Int]? = nil
        var headerCount = 0
        var row = 0
        while true {
            let record: DelimitedParser.Record?
            do { record = try parser.next() } catch {
                out.problem(.error, error.message, at: error.at)
                break
            }
            guard let record else { break }
            row += 1
            if record.isBlank { continue }
            guard let columns = header else {
                let names = record.fields.map { normalize($0.text) }
                var found: [Role: Int] = [:]
                for (role, synonyms) in roles {
                    if let i = names.firstIndex(where: { synonyms.contains($0) }) { found[role] = i }
                }
                if found[.title] == nil || (found[.date] == nil && found[.year] == nil) {
                    let listed = record.fields.map { "\"\($0.text.trimmingSpaces)\"" }.joined(separator: ", ")
                    out.problem(.error, "the first row must name a \"title\" column and a \"date\" (or \"year\") column; it names \(listed)", at: record.start)
                    return out.catalogue
                }
                header = found
                headerCount = record.fields.count
                continue
            }
            if record.fields.count > headerCount {
                let extra = record.fields[headerCount]
                out.problem(.warning, "row \(row) has \(record.fields.count) fields but the first row names \(headerCount); the rest are ignored", at: extra.start)
            }
            func value(_ role: Role) -> (String, Int)? {
                guard let i = columns[role], i < record.fields.count else { return nil }
                let f = record.fields[i]
                let text = f.text.trimmingSpaces
                return text.isEmpty ? nil : (text, f.start)
            }
            var entry = ImportedEntry(fallbackLabel: "row \(row)", start: record.start)
            if let (id, at) = value(.id) { entry.id = id; entry.idAt = at }
            entry.title = value(.title)?.0
            if let (date, at) = value(.date) {
                entry.date = .text(date)
                entry.dateAt = at
            } else if let (year, at) = value(.year) {
                entry.date = .fields(year: year, month: value(.month)?.0, day: value(.day)?.0)
                entry.dateAt = at
            }
            entry.summary = value(.summary)?.0
            entry.url = value(.url)?.0
            entry.archive = value(.archive)?.0
            entry.archiveLocation = value(.archiveLocation)?.0
            out.add(entry)
        }
        if header == nil && !out.problems.contains(where: { $0.severity == .error }) {
            out.problem(.error, "the file is empty: a CSV catalogue starts with a row naming its columns (title, date, …)", at: 0)
        }
        return out.catalogue
    }

    /// "Loc. in Archive" → "locinarchive".
    static func normalize(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }))
    }

    /// Comma, unless the first line has more semicolons (a spreadsheet saved in a locale whose
    /// decimal mark is the comma) or tabs.
    static func chooseDelimiter(_ bytes: [UInt8]) -> UInt8 {
        var commas = 0, semicolons = 0, tabs = 0
        var quoted = false
        for c in bytes {
            if c == 0x22 { quoted.toggle() }
            if quoted { continue }
            if c == 0x0A || c == 0x0D { break }
            if c == 0x2C { commas += 1 } else if c == 0x3B { semicolons += 1 } else if c == 0x09 { tabs += 1 }
        }
        if tabs > commas && tabs >= semicolons { return 0x09 }
        return semicolons > commas ? 0x3B : 0x2C
    }
}

/// Records of a CSV or TSV file, one at a time, with the byte offset of each field.
struct DelimitedParser {
    struct Field {
        var text: String
        var start: Int
    }

    struct Record {
        var fields: [Field]
        var start: Int
        var isBlank: Bool { fields.count == 1 && fields[0].text.trimmingSpaces.isEmpty }
    }

    struct SyntaxError: Error {
        var message: String
        var at: Int
    }

    let b: [UInt8]
    let delimiter: UInt8
    var i: Int

    init(bytes: [UInt8], delimiter: UInt8) {
        self.b = bytes
        self.delimiter = delimiter
        self.i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    static let quote: UInt8 = 0x22

    mutating func next() throws(SyntaxError) -> Record? {
        guard i < b.count else { return nil }
        let start = i
        var fields: [Field] = []
        while true {
            let fieldStart = i
            var text: [UInt8] = []
            if i < b.count && b[i] == DelimitedParser.quote {
                i += 1
                var closed = false
                while i < b.count {
                    if b[i] == DelimitedParser.quote {
                        if i + 1 < b.count && b[i + 1] == DelimitedParser.quote { text.append(DelimitedParser.quote); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    text.append(b[i])
                    i += 1
                }
                if !closed {
                    throw SyntaxError(message: "unclosed quoted field: the '\"' here needs a closing '\"'", at: fieldStart)
                }
                // Text after the closing quote (not RFC 4180, but spreadsheets write it): kept.
                while i < b.count && b[i] != delimiter && b[i] != 0x0A && b[i] != 0x0D { text.append(b[i]); i += 1 }
            } else {
                while i < b.count && b[i] != delimiter && b[i] != 0x0A && b[i] != 0x0D { text.append(b[i]); i += 1 }
            }
            fields.append(Field(text: String(decoding: text, as: UTF8.self), start: fieldStart))
            if i < b.count && b[i] == delimiter { i += 1; continue }
            // End of the record: LF, CRLF, CR or the end of the file.
            if i < b.count && b[i] == 0x0D { i += 1 }
            if i < b.count && b[i] == 0x0A { i += 1 }
            return Record(fields: fields, start: start)
        }
    }
}
