/// Per-code severities from `anno.json`'s "rules" (or defaults): a severity, or off.
public struct RuleSettings: Hashable, Sendable {
    private var overrides: [DiagnosticCode: Severity?] = [:]

    public init() {}

    /// `nil` turns the rule off.
    public mutating func set(_ code: DiagnosticCode, _ severity: Severity?) {
        overrides[code] = .some(severity)
    }

    /// The severity to report `code` at, or nil when it is off.
    public func severity(for code: DiagnosticCode) -> Severity? {
        if let override = overrides[code] { return override }
        return code.defaultSeverity
    }

    /// Parses a rule value as written in anno.json: error, warning, info, hint or off.
    public static func parseLevel(_ text: String) -> Severity?? {
        if text == "off" { return .some(nil) }
        if let s = Severity(rawValue: text) { return .some(s) }
        return nil
    }
}
