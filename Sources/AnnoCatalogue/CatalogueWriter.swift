import AnnoJSON

/// Writes documents in each format Anno reads (`anno catalogue convert`), so that reading the
/// output gives the same documents back: id, date, title, summary, url, archive, archive location.
/// Pure: documents in, bytes out.
public enum CatalogueWriter {
    /// `name` is written where the format has a place for it (Anno JSON); nil leaves it out.
    public static func write(_ documents: [CatalogueDocument], name: String?, format: CatalogueFormat) -> [UInt8] {
        switch format {
        case .anno: return annoJSON(documents, name: name)
        case .cslJSON: return cslJSON(documents)
        case .bibtex: return Array(bibtex(documents).utf8)
        case .csv: return Array(delimited(documents, delimiter: ",").utf8)
        case .tsv: return Array(delimited(documents, delimiter: "\t").utf8)
        }
    }

    static func annoJSON(_ documents: [CatalogueDocument], name: String?) -> [UInt8] {
        let docs: [JSONValue] = documents.map { d in
            JSONValue.object(omittingNil: [
                "id": .string(d.id), "date": .string(d.date.iso), "title": .string(d.title), "summary": .string(d.summary),
                "url": d.url.map(JSONValue.string), "archive": d.archive.map(JSONValue.string),
                "archive_location": d.archiveLocation.map(JSONValue.string),
            ])
        }
        var top: [String: JSONValue] = ["documents": .array(docs)]
        if let name { top["name"] = .string(name) }
        return JSON.serialize(.object(top), pretty: true) + [0x0A]
    }

    static func cslJSON(_ documents: [CatalogueDocument]) -> [UInt8] {
        let items: [JSONValue] = documents.map { d in
            var parts: [JSONValue] = [.number(Double(d.date.year))]
            if let m = d.date.month { parts.append(.number(Double(m))) }
            if let day = d.date.day { parts.append(.number(Double(day))) }
            return JSONValue.object(omittingNil: [
                "id": .string(d.id), "type": .string("manuscript"), "title": .string(d.title),
                "issued": .object(["date-parts": .array([.array(parts)])]),
                "abstract": d.summary.isEmpty ? nil : .string(d.summary),
                "URL": d.url.map(JSONValue.string), "archive": d.archive.map(JSONValue.string),
                "archive_location": d.archiveLocation.map(JSONValue.string),
            ])
        }
        return JSON.serialize(.array(items), pretty: true) + [0x0A]
    }

    static func bibtex(_ documents: [CatalogueDocument]) -> String {
        var out = ""
        for d in documents {
            out += "@misc{\(bibtexKey(d.id)),\n"
            var fields: [(String, String)] = [("title", d.title), ("date", d.date.iso), ("year", String(d.date.year))]
            if !d.summary.isEmpty { fields.append(("abstract", d.summary)) }
            if let url = d.url { fields.append(("url", url)) }
            if let archive = d.archive { fields.append(("archive", archive)) }
            if let location = d.archiveLocation { fields.append(("archive_location", location)) }
            for (i, (name, value)) in fields.enumerated() {
                let text = name == "url" ? escapeURL(value) : escapeLaTeX(value)
                out += "  \(name) = {\(text)}\(i == fields.count - 1 ? "" : ",")\n"
            }
            out += "}\n\n"
        }
        return out
    }

    /// A citation key: anything but spaces and the characters BibTeX gives a meaning.
    public static func bibtexKey(_ id: String) -> String {
        let forbidden: Set<Character> = [" ", "\t", "\n", "\r", ",", "{", "}", "(", ")", "\"", "#", "%", "'", "=", "\\", "~"]
        let key = String(id.map { forbidden.contains($0) ? "-" : $0 })
        return key.isEmpty ? "entry" : key
    }

    /// LaTeX's specials escaped, so that the reader decodes the text back as it was.
    static func escapeLaTeX(_ text: String) -> String {
        var out = ""
        var previous: Character = " "
        for c in text {
            switch c {
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(c)"
            case "\\": out += "\\textbackslash{}"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "-" where previous == "-": out += "{}-"          // "--" would read as a dash
            case "`": out += "\\textasciigrave{}"
            case "'" where previous == "'": out += "{}'"
            default: out.append(c)
            }
            previous = c
        }
        return out
    }

    /// URLs are written as they are (BibTeX reads `url` verbatim), except for the characters
    /// that would end the value or start an escape, percent-encoded.
    static func escapeURL(_ url: String) -> String {
        var out = ""
        for c in url {
            switch c {
            case "{": out += "%7B"
            case "}": out += "%7D"
            case "\\": out += "%5C"
            default: out.append(c)
            }
        }
        return out
    }

    static func delimited(_ documents: [CatalogueDocument], delimiter: Character) -> String {
        var out = ["id", "date", "title", "summary", "url", "archive", "archive_location"].joined(separator: String(delimiter)) + "\n"
        for d in documents {
            let cells = [d.id, d.date.iso, d.title, d.summary, d.url ?? "", d.archive ?? "", d.archiveLocation ?? ""]
            out += cells.map { quoteCell($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\n"
        }
        return out
    }

    /// RFC 4180: a cell with the delimiter, a quote, a line break or space at either end is
    /// written in quotes, its quotes doubled.
    static func quoteCell(_ cell: String, delimiter: Character) -> String {
        let needs = cell.contains(delimiter) || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")
            || cell.first == " " || cell.last == " "
        guard needs else { return cell }
        var out = "\""
        for c in cell {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out + "\""
    }
}
