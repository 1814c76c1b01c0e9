import AnnoJSON

/// Reads CSL-JSON (Zotero's and Pandoc's export): an array of items with `id`, `title`,
/// `issued` (`date-parts`, `raw` or `literal`), `abstract`, `URL`, `archive` and
/// `archive_location`. Other fields are the bibliography's business and are skipped.
///
/// Zotero's own JSON (its web API, its translators' output) is an array of items too; its field
/// names are read as well: `key`, `date`, `abstractNote`, `url`, `archiveLocation`.
enum CSLJSONReader {
    static func load(bytes: [UInt8], path: String?, defaultName: String) -> Catalogue {
        let out = ImportedCatalogue(bytes: bytes, path: path, name: defaultName)
        var reader = JSONReader(bytes: bytes)
        do {
            let start = try reader.valueStartOffset()
            guard try reader.peekKind() == .array else {
                out.problem(.error, "a CSL-JSON catalogue is an array of items, as Zotero exports it", at: start)
                return out.catalogue
            }
            try reader.readArray { index, r in try readItem(index: index, reader: &r, into: out) }
            try reader.expectEnd()
        } catch let error as JSONSyntaxError {
            out.problems.append(CatalogueProblem(.error, "invalid JSON: \(error.message)", path: path, line: error.line, column: error.column))
        } catch {
            out.problems.append(CatalogueProblem(.error, "invalid catalogue: \(error)", path: path, line: 1, column: 1))
        }
        return out.catalogue
    }

    static func readItem(index: Int, reader r: inout JSONReader, into out: ImportedCatalogue) throws {
        let start = try r.valueStartOffset()
        guard try r.peekKind() == .object else {
            try r.skipValue()
            out.problem(.error, "items[\(index)] must be an object", at: start)
            return
        }
        var entry = ImportedEntry(fallbackLabel: "items[\(index)]", start: start)
        var wrongTypes: [(String, Int)] = []
        try r.readObject { key, _, r in
            let at = try r.valueStartOffset()
            let kind = try r.peekKind()
            switch key {
            case "id":
                if kind == .string { entry.id = try r.readString(); entry.idAt = at }
                else if kind == .number { entry.id = numberText(try r.readNumber()); entry.idAt = at }
                else { try r.skipValue(); wrongTypes.append((key, at)) }
            case "key" where kind == .string:
                let key = try r.readString()
                if entry.id == nil { entry.id = key; entry.idAt = at }
            case "date" where kind == .string:
                let text = try r.readString()
                if entry.date == nil { entry.date = .text(text); entry.dateAt = at }
            case "title", "abstract", "URL", "archive", "archive_location", "abstractNote", "url", "archiveLocation":
                guard kind == .string else {
                    try r.skipValue()
                    if kind != .null { wrongTypes.append((key, at)) }
                    return
                }
                let text = try r.readString()
                switch key {
                case "title": entry.title = text
                case "abstract", "abstractNote": entry.summary = text
                case "URL", "url": entry.url = text
                case "archive": entry.archive = text
                default: entry.archiveLocation = text
                }
            case "issued":
                entry.dateAt = at
                entry.date = nil
                if kind == .string { entry.date = .text(try r.readString()) }
                else if kind == .object { entry.date = try readDate(&r) }
                else { try r.skipValue(); wrongTypes.append((key, at)) }
            default:
                try r.skipValue()
            }
        }
        for (key, at) in wrongTypes {
            out.problem(.warning, "\(entry.label): \"\(key)\" has the wrong type; it is ignored", at: at)
        }
        out.add(entry)
    }

    /// `{"date-parts": [[1960, 5, 2]]}`, `{"date-parts": [[1939], [1946]]}`, `{"raw": "…"}`.
    static func readDate(_ r: inout JSONReader) throws -> ImportedDate? {
        var parts: [[Int]] = []
        var text: String?
        try r.readObject { key, _, r in
            switch key {
            case "date-parts":
                guard try r.peekKind() == .array else { try r.skipValue(); return }
                try r.readArray { _, r in
                    guard try r.peekKind() == .array else { try r.skipValue(); return }
                    var date: [Int] = []
                    var usable = true
                    try r.readArray { _, r in
                        switch try r.peekKind() {
                        case .number:
                            let n = try r.readNumber()
                            if let i = Int(exactly: n) { date.append(i) } else { usable = false }
                        case .string:
                            if let i = Int(try r.readString().trimmingSpaces) { date.append(i) } else { usable = false }
                        default:
                            try r.skipValue()
                            usable = false
                        }
                    }
                    if usable && !date.isEmpty && date.count <= 3 { parts.append(date) }
                }
            case "raw", "literal":
                if try r.peekKind() == .string { text = try r.readString() } else { try r.skipValue() }
            default:
                try r.skipValue()
            }
        }
        if !parts.isEmpty { return .parts(parts) }
        return text.map { .text($0) }
    }

    static func numberText(_ n: Double) -> String {
        if let i = Int(exactly: n) { return String(i) }
        return String(n)
    }
}
