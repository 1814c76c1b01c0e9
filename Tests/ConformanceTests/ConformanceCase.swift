import AnnoCatalogue
import AnnoCheck
import AnnoSyntax
import AnnoWorkspace
import Foundation
import Testing

/// One case of spec/conformance (see its README): a note, the diagnostics it must produce, and
/// optionally an anno.json and a catalogue of its own.
struct ConformanceCase: CustomTestStringConvertible, Sendable {
    let name: String

    var testDescription: String { name }

    var notePath: String { ConformanceCase.directory + "/" + name + ".anno" }
    var expectedPath: String { ConformanceCase.directory + "/" + name + ".expected.json" }
    var configPath: String? { ConformanceCase.existing(ConformanceCase.directory + "/" + name + ".config.json") }
    var cataloguePath: String? { ConformanceCase.existing(ConformanceCase.directory + "/" + name + ".catalogue.json") }

    /// spec/conformance, found from this file's place in the repository.
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }   // ConformanceCase.swift, ConformanceTests, Tests
        return url.appendingPathComponent("spec/conformance").path
    }()

    /// Every case, by the name of its `.anno` file.
    static let all: [ConformanceCase] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".anno") }.map { ConformanceCase(name: String($0.dropLast(5))) }.sorted { $0.name < $1.name }
    }()

    static func existing(_ path: String) -> String? {
        FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// The checker the case runs against, built the way `anno check` builds it: the config's
    /// catalogues (the bundled one unless it says otherwise), then the case's own catalogue as if
    /// given with `--catalogue`. Setup problems are returned so the case can fail on them.
    func checker() -> (Checker, [CatalogueProblem]) {
        let resolver = ProjectResolver(extraCatalogues: cataloguePath.map { [$0] } ?? [])
        let context = resolver.context(configPath: configPath)
        return (context.checker, context.problems)
    }

    /// The diagnostics the checker gives, in the case file's terms (LSP positions).
    func actualDiagnostics() throws -> (diagnostics: [ExpectedDiagnostic], setupProblems: [CatalogueProblem]) {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: notePath)))
        let (checker, problems) = checker()
        let lines = LineTable(bytes)
        let diagnostics = checker.check(bytes).diagnostics.map { ExpectedDiagnostic($0, lines: lines) }
        return (diagnostics, problems)
    }

    func expectedDiagnostics() throws -> [ExpectedDiagnostic] {
        let data = try Data(contentsOf: URL(fileURLWithPath: expectedPath))
        guard let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw CaseFileError("\(name).expected.json must be an array of diagnostic objects")
        }
        return try array.enumerated().map { try ExpectedDiagnostic(json: $1, where: "\(name).expected.json[\($0)]") }
    }
}

struct CaseFileError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// An LSP position: 0-based line, 0-based UTF-16 code units.
struct CasePosition: Hashable, CustomStringConvertible {
    var line: Int
    var character: Int
    var description: String { "\(line):\(character)" }
}

struct CaseRange: Hashable, CustomStringConvertible {
    var start: CasePosition
    var end: CasePosition
    var description: String { "\(start)-\(end)" }
}

struct CaseEdit: Hashable, CustomStringConvertible {
    var range: CaseRange
    var newText: String
    var description: String { "\(range) \(quoted(newText))" }
}

/// One diagnostic as a case file states it. `message` and `fix` are compared only when the case
/// file gives them (`"fix": null` states that there is no fix).
struct ExpectedDiagnostic: Hashable {
    var code: String
    var severity: String
    var range: CaseRange
    var message: String?
    /// nil: not stated; .some(nil): no fix; .some(edits): the fix's edits.
    var fix: [CaseEdit]??

    init(code: String, severity: String, range: CaseRange, message: String?, fix: [CaseEdit]??) {
        self.code = code
        self.severity = severity
        self.range = range
        self.message = message
        self.fix = fix
    }

    init(_ d: Diagnostic, lines: LineTable) {
        func range(_ r: Range<Int>) -> CaseRange {
            let s = lines.position(ofByte: r.lowerBound, in: .utf16)
            let e = lines.position(ofByte: r.upperBound, in: .utf16)
            return CaseRange(start: CasePosition(line: s.line, character: s.column), end: CasePosition(line: e.line, character: e.column))
        }
        self.init(code: d.code.rawValue, severity: d.severity.rawValue, range: range(d.range), message: d.message,
                  fix: .some(d.fix.map { $0.edits.map { CaseEdit(range: range($0.range), newText: $0.replacement) } }))
    }

    init(json: [String: Any], where place: String) throws {
        func string(_ key: String) throws -> String {
            guard let s = json[key] as? String else { throw CaseFileError("\(place): \"\(key)\" must be a string") }
            return s
        }
        code = try string("code")
        severity = try string("severity")
        range = try ExpectedDiagnostic.range(json["range"], where: place + ".range")
        message = json["message"] == nil ? nil : try string("message")
        switch json["fix"] {
        case nil:
            fix = nil
        case is NSNull:
            fix = .some(nil)
        case let object as [String: Any]:
            guard let edits = object["edits"] as? [[String: Any]] else { throw CaseFileError("\(place).fix needs \"edits\"") }
            fix = .some(try edits.enumerated().map { i, e in
                guard let text = e["newText"] as? String else { throw CaseFileError("\(place).fix.edits[\(i)] needs \"newText\"") }
                return CaseEdit(range: try ExpectedDiagnostic.range(e["range"], where: "\(place).fix.edits[\(i)].range"), newText: text)
            })
        default:
            throw CaseFileError("\(place): \"fix\" must be an object or null")
        }
    }

    static func range(_ value: Any?, where place: String) throws -> CaseRange {
        func position(_ v: Any?, _ name: String) throws -> CasePosition {
            guard let p = v as? [String: Any], let line = p["line"] as? Int, let character = p["character"] as? Int else {
                throw CaseFileError("\(place).\(name) must be {\"line\": L, \"character\": C}")
            }
            return CasePosition(line: line, character: character)
        }
        guard let r = value as? [String: Any] else { throw CaseFileError("\(place) must be {\"start\": …, \"end\": …}") }
        return CaseRange(start: try position(r["start"], "start"), end: try position(r["end"], "end"))
    }

    /// One line for failure messages, showing only what `expected` states.
    func rendered(like expected: ExpectedDiagnostic) -> String {
        var s = "\(range) \(severity) \(code)"
        if expected.message != nil, let message { s += " " + quoted(message) }
        if let stated = expected.fix, let fix {
            _ = stated
            s += fix.map { " fix[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? " no-fix"
        }
        return s
    }
}

func quoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "\""
}
