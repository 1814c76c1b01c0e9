import AnnoCheck
import AnnoJSON
import AnnoSyntax

/// Positions for machines: 1-based line and character column (as in the text output), the LSP
/// character (0-based UTF-16 code units) and the byte offset. See spec/cli.md for the schema.
private func position(_ report: FileReport, _ offset: Int) -> JSONValue {
    let scalar = report.lines.position(ofByte: offset, in: .utf32)
    let utf16 = report.lines.position(ofByte: offset, in: .utf16)
    return [
        "line": .number(Double(scalar.line + 1)),
        "column": .number(Double(scalar.column + 1)),
        "utf16Character": .number(Double(utf16.column)),
        "byteOffset": .number(Double(offset)),
    ]
}

private func edits(_ fix: Fix, _ report: FileReport) -> JSONValue {
    .array(fix.edits.map { edit in
        ["range": ["start": position(report, edit.range.lowerBound), "end": position(report, edit.range.upperBound)],
         "newText": .string(edit.replacement)]
    })
}

/// `--format json`: one stable document for the whole run (schema version 1, spec/cli.md).
enum JSONFormatter {
    /// One file's entry, as it sits in the document's "files" array. Workers render their files
    /// with this as they check them; `format` joins the pieces into the same bytes a single
    /// serialization of the whole tree gives. Written straight to bytes (`PrettyJSON`), keys in
    /// the order the serializer sorts them, as `fileValue` would serialize two levels deep.
    static func fileEntry(_ report: FileReport) -> [UInt8] {
        var w = PrettyJSON(indent: 2)
        w.open(.brace)
        w.key("citations"); w.int(report.citationCount)
        w.key("diagnostics"); w.open(.bracket)
        for d in report.diagnostics {
            w.item(); w.open(.brace)
            w.key("code"); w.string(d.code.rawValue)
            if let fix = d.fix {
                w.key("fix"); w.open(.brace)
                w.key("edits"); writeEdits(fix, report, &w)
                w.key("title"); w.string(fix.title)
                w.close(.brace)
            }
            w.key("message"); w.string(d.message)
            w.key("range"); writeRange(d.range, report, &w)
            w.key("related"); w.open(.bracket)
            for r in d.related {
                w.item(); w.open(.brace)
                w.key("date"); w.string(r.date)
                w.key("id"); w.string(r.id)
                w.key("title"); w.string(r.title)
                w.close(.brace)
            }
            w.close(.bracket)
            w.key("severity"); w.string(d.severity.rawValue)
            if !d.alternatives.isEmpty {
                w.key("suggestions"); w.open(.bracket)
                for alternative in d.alternatives {
                    w.item(); w.open(.brace)
                    w.key("edits"); writeEdits(alternative, report, &w)
                    w.key("title"); w.string(alternative.title)
                    w.close(.brace)
                }
                w.close(.bracket)
            }
            w.close(.brace)
        }
        w.close(.bracket)
        w.key("path"); w.string(report.displayPath)
        w.close(.brace)
        return w.out
    }

    private static func writeRange(_ range: Range<Int>, _ report: FileReport, _ w: inout PrettyJSON) {
        w.open(.brace)
        w.key("end"); writePosition(range.upperBound, report, &w)
        w.key("start"); writePosition(range.lowerBound, report, &w)
        w.close(.brace)
    }

    private static func writePosition(_ offset: Int, _ report: FileReport, _ w: inout PrettyJSON) {
        let scalar = report.lines.position(ofByte: offset, in: .utf32)
        let utf16 = report.lines.position(ofByte: offset, in: .utf16)
        w.open(.brace)
        w.key("byteOffset"); w.int(offset)
        w.key("column"); w.int(scalar.column + 1)
        w.key("line"); w.int(scalar.line + 1)
        w.key("utf16Character"); w.int(utf16.column)
        w.close(.brace)
    }

    private static func writeEdits(_ fix: Fix, _ report: FileReport, _ w: inout PrettyJSON) {
        w.open(.bracket)
        for edit in fix.edits {
            w.item(); w.open(.brace)
            w.key("newText"); w.string(edit.replacement)
            w.key("range"); writeRange(edit.range, report, &w)
            w.close(.brace)
        }
        w.close(.bracket)
    }

    /// The tree `fileEntry` writes, for checking that the two agree (tests).
    static func fileValue(_ report: FileReport) -> JSONValue {
        let diagnostics: [JSONValue] = report.diagnostics.map { d in
            var object: [String: JSONValue] = [
                "code": .string(d.code.rawValue),
                "severity": .string(d.severity.rawValue),
                "message": .string(d.message),
                "range": ["start": position(report, d.range.lowerBound), "end": position(report, d.range.upperBound)],
                "related": .array(d.related.map { ["id": .string($0.id), "date": .string($0.date), "title": .string($0.title)] }),
            ]
            if let fix = d.fix { object["fix"] = ["title": .string(fix.title), "edits": edits(fix, report)] }
            if !d.alternatives.isEmpty {
                object["suggestions"] = .array(d.alternatives.map { ["title": .string($0.title), "edits": edits($0, report)] })
            }
            return .object(object)
        }
        return ["path": .string(report.displayPath), "citations": .number(Double(report.citationCount)), "diagnostics": .array(diagnostics)]
    }

    static func format(_ reports: [FileReport], problems: [SetupProblem], summary: Summary) -> String {
        // "files" sorts first among the root's keys; the other members follow (`rest`).
        var out: [UInt8] = Array("{\n  \"files\": ".utf8)
        if reports.isEmpty {
            out += Array("[]".utf8)
        } else {
            out.reserveCapacity(reports.reduce(0) { $0 + ($1.rendered?.count ?? 0) } + 4096)
            out.append(UInt8(ascii: "["))
            for (i, report) in reports.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += Array("\n    ".utf8)
                out += report.rendered ?? fileEntry(report)
            }
            out += Array("\n  ]".utf8)
        }
        out += rest(problems: problems, summary: summary)
        return String(decoding: out, as: UTF8.self)
    }

    /// What follows the "files" array to the end of the document: one serialization of the root
    /// without "files", less its opening brace, after a comma.
    static func rest(problems: [SetupProblem], summary: Summary) -> [UInt8] {
        let rest: JSONValue = [
            "version": 1,
            "tool": ["name": "anno", "version": .string(AnnoVersion.string)],
            "problems": .array(problems.map { p in
                ["severity": .string(p.severity), "message": .string(p.message), "path": p.path.map(JSONValue.string) ?? .null,
                 "line": .number(Double(p.line)), "column": .number(Double(p.column))]
            }),
            "summary": ["files": .number(Double(summary.files)), "citations": .number(Double(summary.citations)),
                        "errors": .number(Double(summary.errors)), "warnings": .number(Double(summary.warnings)),
                        "infos": .number(Double(summary.infos)), "hints": .number(Double(summary.hints))],
        ]
        var out: [UInt8] = [UInt8(ascii: ",")]
        out += JSON.serialize(rest, pretty: true).dropFirst()
        out.append(UInt8(ascii: "\n"))
        return out
    }
}

/// `--format sarif`: SARIF 2.1.0 for code-scanning uploads. Columns are 1-based UTF-16 code units
/// (SARIF's default `columnKind`).
enum SARIFFormatter {
    static func format(_ reports: [FileReport], problems: [SetupProblem]) -> String {
        var results: [JSONValue] = []
        for report in reports {
            for d in report.diagnostics {
                let start = report.lines.position(ofByte: d.range.lowerBound, in: .utf16)
                let end = report.lines.position(ofByte: d.range.upperBound, in: .utf16)
                let level: String
                switch d.severity {
                case .error: level = "error"
                case .warning: level = "warning"
                case .info, .hint: level = "note"
                }
                results.append([
                    "ruleId": .string(d.code.rawValue),
                    "level": .string(level),
                    "message": ["text": .string(d.message)],
                    "locations": [[
                        "physicalLocation": [
                            "artifactLocation": ["uri": .string(uri(report.displayPath))],
                            "region": ["startLine": .number(Double(start.line + 1)), "startColumn": .number(Double(start.column + 1)),
                                       "endLine": .number(Double(end.line + 1)), "endColumn": .number(Double(end.column + 1))],
                        ],
                    ]],
                ])
            }
        }
        let rules: [JSONValue] = DiagnosticCode.allCases.map { code in
            ["id": .string(code.rawValue),
             "shortDescription": ["text": .string(DiagnosticDocs.summary(code))],
             "defaultConfiguration": ["level": .string(code.defaultSeverity == .error ? "error" : (code.defaultSeverity == .warning ? "warning" : "note"))]]
        }
        var notifications: [JSONValue] = []
        for p in problems {
            var n: [String: JSONValue] = ["level": .string(p.severity == "error" ? "error" : "warning"), "message": ["text": .string(p.message)]]
            if let path = p.path {
                n["locations"] = [["physicalLocation": ["artifactLocation": ["uri": .string(uri(path))],
                                                        "region": ["startLine": .number(Double(p.line)), "startColumn": .number(Double(p.column))]]]]
            }
            notifications.append(.object(n))
        }
        let root: JSONValue = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": ["name": "anno", "version": .string(AnnoVersion.string),
                                    "rules": .array(rules)]],
                "invocations": [["executionSuccessful": .bool(!problems.contains { $0.severity == "error" }),
                                 "toolConfigurationNotifications": .array(notifications)]],
                "results": .array(results),
            ]],
        ]
        return JSON.serializeString(root, pretty: true) + "\n"
    }

    /// A relative URI reference for a path (percent-encoding what a URI may not hold).
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "/-._~".contains(c)) { out.append(c) }
            else { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) }
        }
        return out
    }
}

/// `--format github`: workflow commands that GitHub Actions turns into annotations.
enum GitHubFormatter {
    static func format(_ reports: [FileReport], problems: [SetupProblem]) -> String {
        var out = ""
        for p in problems {
            var props: [String] = []
            if let path = p.path { props += ["file=\(escapeProperty(path))", "line=\(p.line)", "col=\(p.column)"] }
            out += "::\(p.severity == "error" ? "error" : "warning") \(props.joined(separator: ","))::\(escapeData(p.message))\n"
        }
        for report in reports {
            for d in report.diagnostics {
                let start = report.humanPosition(d.range.lowerBound)
                let end = report.humanPosition(d.range.upperBound)
                let command: String
                switch d.severity {
                case .error: command = "error"
                case .warning: command = "warning"
                case .info, .hint: command = "notice"
                }
                var props = ["file=\(escapeProperty(report.displayPath))", "line=\(start.line)", "col=\(start.column)"]
                props += ["endLine=\(end.line)", "endColumn=\(end.column)", "title=\(escapeProperty("anno " + d.code.rawValue))"]
                out += "::\(command) \(props.joined(separator: ","))::\(escapeData(d.message))\n"
            }
        }
        return out
    }

    static func escapeData(_ s: String) -> String {
        s.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }

    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Pretty JSON written straight to bytes, laid out as `JSON.serialize(_:pretty: true)` lays it
/// out (two spaces per level, `"key": value`, empty containers as `[]` and `{}`). The caller
/// writes keys in sorted order.
struct PrettyJSON {
    enum Container: UInt8 {
        case brace = 0x7B, bracket = 0x5B
        var closer: UInt8 { self == .brace ? 0x7D : 0x5D }
    }
    var out: [UInt8] = []
    private var depth: Int
    /// Containers open; for each, whether nothing was written in it yet: bit k for the k-th
    /// (a bit stack, as entries nest a few levels and this runs for every key), `deeper` past 64.
    private var levels = 0
    private var emptyBits: UInt64 = 0
    private var deeper: [Bool] = []

    init(indent: Int) {
        depth = indent
        out.reserveCapacity(512)
    }

    mutating func open(_ c: Container) {
        out.append(c.rawValue)
        depth += 1
        if levels < 64 { emptyBits |= 1 << UInt64(levels) } else { deeper.append(true) }
        levels += 1
    }

    mutating func close(_ c: Container) {
        depth -= 1
        if levels > 0 {
            levels -= 1
            let wasEmpty: Bool
            if levels < 64 {
                wasEmpty = (emptyBits >> UInt64(levels)) & 1 == 1
                emptyBits &= ~(1 << UInt64(levels))
            } else {
                wasEmpty = deeper.popLast() ?? true
            }
            if !wasEmpty { newline() }
        }
        out.append(c.closer)
    }

    /// Before each element of an array (and each member of an object, through `key`).
    mutating func item() {
        if levels > 0 {
            let k = levels - 1
            let wasEmpty: Bool
            if k < 64 {
                wasEmpty = (emptyBits >> UInt64(k)) & 1 == 1
                emptyBits &= ~(1 << UInt64(k))
            } else {
                wasEmpty = deeper[k - 64]
                deeper[k - 64] = false
            }
            if !wasEmpty { out.append(UInt8(ascii: ",")) }
        }
        newline()
    }

    mutating func key(_ name: StaticString) {
        item()
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
    }

    mutating func string(_ s: String) { JSON.appendString(s, to: &out) }

    /// Decimal digits, as `String(i)` writes them, without making the string.
    mutating func int(_ i: Int) {
        if i >= 0 && i < 10 { out.append(UInt8(ascii: "0") + UInt8(i)); return }
        if i < 0 { out.append(contentsOf: String(i).utf8); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // room for 24 digits; an Int has at most 19
        withUnsafeMutableBytes(of: &digits) { buffer in
            var n = i, at = buffer.count
            while n > 0 {
                at -= 1
                buffer[at] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[at...]))
        }
    }

    private mutating func newline() {
        out.append(UInt8(ascii: "\n"))
        let width = depth * 2
        if width <= PrettyJSON.spaces.count {
            out.append(contentsOf: PrettyJSON.spaces[..<width])
        } else {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 32)
}
