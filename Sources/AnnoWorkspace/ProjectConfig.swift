import AnnoCatalogue
import AnnoCheck
import AnnoJSON

/// A project's `anno.json` (spec/configuration.md):
/// `{"catalogues": ["relative/path.json"], "bundledCatalogue": true, "rules": {"title-variant": "off"}}`.
public struct ProjectConfig: Hashable, Sendable {
    /// The anno.json file this came from, nil for the defaults.
    public var path: String?
    /// Catalogue files, absolute (resolved against the config's directory).
    public var catalogues: [String]
    public var bundledCatalogue: Bool
    public var rules: RuleSettings

    public init(path: String? = nil, catalogues: [String] = [], bundledCatalogue: Bool = true, rules: RuleSettings = RuleSettings()) {
        self.path = path
        self.catalogues = catalogues
        self.bundledCatalogue = bundledCatalogue
        self.rules = rules
    }

    public static let defaults = ProjectConfig()

    /// Parses anno.json. Unknown keys and rules are warnings; broken JSON or wrong types are errors
    /// (and return nil: a half-understood config would check against the wrong catalogue).
    public static func parse(_ bytes: [UInt8], path: String) -> (config: ProjectConfig?, problems: [CatalogueProblem]) {
        var problems: [CatalogueProblem] = []
        var reader = JSONReader(bytes: bytes)
        var config = ProjectConfig(path: path)
        let directory = Paths.directory(of: path)
        func report(_ severity: CatalogueProblem.Severity, _ message: String, _ offset: Int) {
            let loc = reader.location(ofByte: offset)
            problems.append(CatalogueProblem(severity, message, path: path, line: loc.line, column: loc.column))
        }
        do {
            let start = try reader.valueStartOffset()
            guard try reader.peekKind() == .object else {
                report(.error, "anno.json must be a JSON object such as {\"catalogues\": [\"catalogue.json\"]}", start)
                return (nil, problems)
            }
            var pending: [(CatalogueProblem.Severity, String, Int)] = []
            try reader.readObject { key, keyOffset, r in
                let at = try r.valueStartOffset()
                switch key {
                case "catalogues":
                    guard try r.peekKind() == .array else {
                        try r.skipValue()
                        pending.append((.error, "\"catalogues\" must be an array of file paths", at))
                        return
                    }
                    try r.readArray { _, r in
                        let itemAt = try r.valueStartOffset()
                        if try r.peekKind() == .string {
                            config.catalogues.append(Paths.resolve(try r.readString(), against: directory))
                        } else {
                            try r.skipValue()
                            pending.append((.error, "each entry of \"catalogues\" must be a file path string", itemAt))
                        }
                    }
                case "bundledCatalogue":
                    if try r.peekKind() == .bool { config.bundledCatalogue = try r.readBool() }
                    else { try r.skipValue(); pending.append((.error, "\"bundledCatalogue\" must be true or false", at)) }
                case "rules":
                    guard try r.peekKind() == .object else {
                        try r.skipValue()
                        pending.append((.error, "\"rules\" must be an object such as {\"title-variant\": \"off\"}", at))
                        return
                    }
                    try r.readObject { rule, ruleOffset, r in
                        let valueAt = try r.valueStartOffset()
                        let level: String? = try r.peekKind() == .string ? try r.readString() : nil
                        if level == nil { try r.skipValue() }
                        guard let code = DiagnosticCode(rawValue: rule) else {
                            let known = DiagnosticCode.allCases.map(\.rawValue).joined(separator: ", ")
                            pending.append((.warning, "unknown rule \"\(rule)\" (known rules: \(known))", ruleOffset))
                            return
                        }
                        guard let level, let severity = RuleSettings.parseLevel(level) else {
                            pending.append((.error, "rule \"\(rule)\" must be one of \"error\", \"warning\", \"info\", \"hint\", \"off\"", valueAt))
                            return
                        }
                        config.rules.set(code, severity)
                    }
                case "$schema":
                    try r.skipValue()
                default:
                    try r.skipValue()
                    pending.append((.warning, "unknown key \"\(key)\" in anno.json (known keys: catalogues, bundledCatalogue, rules)", keyOffset))
                }
            }
            try reader.expectEnd()
            for (severity, message, offset) in pending { report(severity, message, offset) }
        } catch let error as JSONSyntaxError {
            problems.append(CatalogueProblem(.error, "invalid JSON: \(error.message)", path: path, line: error.line, column: error.column))
        } catch {
            problems.append(CatalogueProblem(.error, "invalid anno.json: \(error)", path: path, line: 1, column: 1))
        }
        if problems.contains(where: { $0.severity == .error }) { return (nil, problems) }
        return (config, problems)
    }
}
