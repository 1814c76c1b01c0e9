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
    /// serialization of the whole tree gives.
    static func fileEntry(_ report: FileReport) -> [UInt8] {
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
        let file: JSONValue = ["path": .string(report.displayPath), "citations": .number(Double(report.citationCount)), "diagnostics": .array(diagnostics)]
        // Root object → "files" array → this entry: two levels deep.
        return JSON.serialize(file, pretty: true, indent: 2)
    }

    static func format(_ reports: [FileReport], problems: [SetupProblem], summary: Summary) -> String {
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
        // "files" sorts first among the root's keys; the other members follow as one
        // serialization of the root without it, less its opening brace.
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
        out.append(UInt8(ascii: ","))
        out += JSON.serialize(rest, pretty: true).dropFirst()
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
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
