import AnnoJSON
import AnnoSyntax

/// Reads Anno's catalogue JSON (spec/catalogue.md) from bytes. No I/O: callers read the file.
///
/// Streams through the JSON with a pull reader, so every problem has a file:line:column and no
/// intermediate tree of the whole catalogue is built. A broken entry is reported and skipped; a
/// catalogue that is not JSON, or not an object with `documents`, yields no documents and one error.
public enum CatalogueLoader {
    public static func load(json bytes: [UInt8], path: String?, defaultName: String) -> Catalogue {
        let loader = Load(bytes: bytes, path: path, name: defaultName)
        loader.run()
        // "name" may come after "documents" in the file.
        for i in loader.documents.indices { loader.documents[i].origin.catalogueName = loader.name }
        return Catalogue(name: loader.name, path: path, documents: loader.documents, problems: loader.problems)
    }

    /// The bundled catalogue, parsed once per process.
    public static let bundled: Catalogue = load(json: Array(BundledCatalogue.json.utf8), path: nil, defaultName: BundledCatalogue.name)
}

private final class Load {
    let bytes: [UInt8]
    let lines: LineTable
    let path: String?
    var name: String
    var documents: [CatalogueDocument] = []
    var problems: [CatalogueProblem] = []
    var seenIDs: [String: Int] = [:]   // id → line of first definition

    init(bytes: [UInt8], path: String?, name: String) {
        self.bytes = bytes
        self.lines = LineTable(bytes)
        self.path = path
        self.name = name
    }

    /// 1-based line and column (in characters) of a byte offset.
    func location(ofByte offset: Int) -> (line: Int, column: Int) {
        let p = lines.position(ofByte: offset, in: .utf32)
        return (p.line + 1, p.column + 1)
    }

    func problem(_ severity: CatalogueProblem.Severity, _ message: String, at offset: Int) {
        let loc = location(ofByte: offset)
        problems.append(CatalogueProblem(severity, message, path: path, line: loc.line, column: loc.column))
    }

    func run() {
        var reader = JSONReader(bytes: bytes)
        do {
            let start = try reader.valueStartOffset()
            guard try reader.peekKind() == .object else {
                problem(.error, "a catalogue is a JSON object with a \"documents\" array", at: start)
                return
            }
            var sawDocuments = false
            try reader.readObject { key, keyOffset, r in
                switch key {
                case "name":
                    let at = try r.valueStartOffset()
                    if try r.peekKind() == .string { name = try r.readString() }
                    else { try r.skipValue(); problem(.error, "\"name\" must be a string", at: at) }
                case "documents":
                    sawDocuments = true
                    let at = try r.valueStartOffset()
                    guard try r.peekKind() == .array else {
                        try r.skipValue()
                        problem(.error, "\"documents\" must be an array of document objects", at: at)
                        return
                    }
                    try r.readArray { index, r in try readDocument(index: index, reader: &r) }
                case "$schema", "description", "version":
                    try r.skipValue()
                default:
                    try r.skipValue()
                    problem(.warning, "unknown key \"\(key)\" in catalogue (expected \"name\" and \"documents\")", at: keyOffset)
                }
            }
            try reader.expectEnd()
            if !sawDocuments {
                problem(.error, "the catalogue has no \"documents\" array", at: start)
            }
        } catch let error as JSONSyntaxError {
            problems.append(CatalogueProblem(.error, "invalid JSON: \(error.message)", path: path, line: error.line, column: error.column))
        } catch {
            problems.append(CatalogueProblem(.error, "invalid catalogue: \(error)", path: path, line: 1, column: 1))
        }
    }

    /// Reads one entry of `documents`; entries with a missing or malformed field are reported and skipped.
    func readDocument(index: Int, reader r: inout JSONReader) throws {
        let start = try r.valueStartOffset()
        guard try r.peekKind() == .object else {
            try r.skipValue()
            problem(.error, "documents[\(index)] must be an object", at: start)
            return
        }
        var fields: [String: String] = [:]
        var fieldOffsets: [String: Int] = [:]
        var localProblems: [(String, Int)] = []
        try r.readObject { key, keyOffset, r in
            let at = try r.valueStartOffset()
            switch key {
            case "id", "date", "title", "summary", "url", "archive", "archive_location":
                if try r.peekKind() == .string {
                    fields[key] = try r.readString()
                    fieldOffsets[key] = at
                } else if key == "url" || key == "archive" || key == "archive_location", try r.peekKind() == .null {
                    try r.readNull()
                } else {
                    try r.skipValue()
                    localProblems.append(("documents[\(index)].\(key) must be a string", at))
                }
            default:
                // Extra fields (collection, provenance, date_original, ...) are the catalogue's own business.
                try r.skipValue()
                _ = keyOffset
            }
        }
        for (message, at) in localProblems { problem(.error, message, at: at) }
        if !localProblems.isEmpty { return }

        let label = fields["id"].map { "document \"\($0)\"" } ?? "documents[\(index)]"
        var missing: [String] = []
        for key in ["id", "date", "title"] where (fields[key] ?? "").allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
            missing.append(key)
        }
        if !missing.isEmpty {
            let list = missing.map { "\"\($0)\"" }.joined(separator: ", ")
            problem(.error, "\(label) is missing \(list)", at: start)
            return
        }
        guard let id = fields["id"], let dateText = fields["date"], let title = fields["title"] else { return }
        let date: PartialDate
        switch DateParser.parse(dateText) {
        case .valid(let d):
            date = d
        case .invalid(let reason, let suggestion):
            // Prose dates already name their ISO form in the reason.
            let hint = suggestion.map { reason.contains($0.iso) ? "" : " (did you mean \"\($0.iso)\"?)" } ?? ""
            problem(.error, "\(label) has an invalid date: \(reason)\(hint)", at: fieldOffsets["date"] ?? start)
            return
        }
        if let firstLine = seenIDs[id] {
            problem(.error, "duplicate id \"\(id)\" (first defined on line \(firstLine)); this entry is skipped", at: fieldOffsets["id"] ?? start)
            return
        }
        let loc = location(ofByte: start)
        seenIDs[id] = loc.line
        if fields["summary"] == nil {
            problem(.warning, "\(label) has no \"summary\"", at: start)
        }
        documents.append(CatalogueDocument(
            id: id, date: date, title: title, summary: fields["summary"] ?? "",
            url: fields["url"], archive: fields["archive"], archiveLocation: fields["archive_location"],
            origin: CatalogueLocation(catalogueName: name, path: path, byteOffset: start, line: loc.line, column: loc.column)))
    }
}
