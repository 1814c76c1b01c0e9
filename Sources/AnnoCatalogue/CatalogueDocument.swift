import AnnoSyntax

/// One archival document a note can cite.
public struct CatalogueDocument: Hashable, Sendable {
    public var id: String
    public var date: PartialDate
    /// The title exactly as the catalogue gives it.
    public var title: String
    public var summary: String
    public var url: String?
    public var archive: String?
    /// Where in the archive the document is kept (fonds, folder, folio): `archive_location`.
    public var archiveLocation: String?
    /// Where the entry is defined, for diagnostics and go-to-definition.
    public var origin: CatalogueLocation

    public init(id: String, date: PartialDate, title: String, summary: String, url: String? = nil,
                archive: String? = nil, archiveLocation: String? = nil, origin: CatalogueLocation) {
        self.id = id
        self.date = date
        self.title = title
        self.summary = summary
        self.url = url
        self.archive = archive
        self.archiveLocation = archiveLocation
        self.origin = origin
    }
}

/// A place in a catalogue: which catalogue, and where in its file (1-based line and column).
public struct CatalogueLocation: Hashable, Sendable {
    public var catalogueName: String
    /// The file the catalogue was read from; nil for the bundled catalogue.
    public var path: String?
    public var byteOffset: Int
    public var line: Int
    public var column: Int

    public init(catalogueName: String, path: String?, byteOffset: Int = 0, line: Int = 1, column: Int = 1) {
        self.catalogueName = catalogueName
        self.path = path
        self.byteOffset = byteOffset
        self.line = line
        self.column = column
    }
}

/// Something wrong in a catalogue, with where it is. Problems never stop loading: the entry
/// concerned is skipped and the rest of the catalogue is used.
public struct CatalogueProblem: Hashable, Sendable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var message: String
    public var path: String?
    public var line: Int
    public var column: Int

    public init(_ severity: Severity, _ message: String, path: String?, line: Int, column: Int) {
        self.severity = severity
        self.message = message
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column: severity: message`, as compilers print it.
    public var description: String {
        "\(path ?? "<catalogue>"):\(line):\(column): \(severity.rawValue): \(message)"
    }
}

/// A catalogue as read from one source: its documents and what was wrong with it.
public struct Catalogue: Sendable {
    public var name: String
    public var path: String?
    public var documents: [CatalogueDocument]
    public var problems: [CatalogueProblem]

    public init(name: String, path: String?, documents: [CatalogueDocument], problems: [CatalogueProblem] = []) {
        self.name = name
        self.path = path
        self.documents = documents
        self.problems = problems
    }

    /// True when the catalogue could not be read at all (not JSON, wrong top-level shape).
    public var isUnreadable: Bool { documents.isEmpty && problems.contains { $0.severity == .error } }
}
