import AnnoCheck
import AnnoSyntax

/// `path:line:col: severity: message [code]`, the source line and a caret underline, as clang
/// and rustc print them. Colour only when asked (a terminal, and NO_COLOR unset).
struct TextFormatter {
    var color: Bool

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func severityColor(_ s: Severity) -> String {
        switch s {
        case .error: return "1;31"
        case .warning: return "1;35"
        case .info: return "1;36"
        case .hint: return "1;32"
        }
    }

    func format(_ report: FileReport) -> String {
        var out = ""
        for d in report.diagnostics {
            let (line, column) = report.humanPosition(d.range.lowerBound)
            out += paint("\(report.displayPath):\(line):\(column):", "1") + " "
            out += paint("\(d.severity.rawValue):", severityColor(d.severity)) + " "
            out += paint(d.message, "1") + " [\(d.code.rawValue)]\n"
            out += snippet(report, d)
            if let fix = d.fix { out += "  " + paint("fix:", "32") + " \(fix.title)\n" }
        }
        return out
    }

    /// The source line and carets under the range (to the end of the line for multi-line ranges).
    private func snippet(_ report: FileReport, _ d: Diagnostic) -> String {
        // A binary file's bytes would reach the terminal as control sequences.
        if d.code == .binaryFile { return "" }
        let lines = report.lines
        let lineIndex = lines.line(containingByte: d.range.lowerBound)
        let content = lines.contentRange(ofLine: lineIndex)
        // Very long lines (minified or hostile) are not echoed.
        guard content.count <= 2000 else { return "" }
        let text = String(decoding: lines.bytes[content], as: UTF8.self).replacingTabs()
        let start = max(content.lowerBound, min(d.range.lowerBound, content.upperBound))
        let end = max(start, min(d.range.upperBound, content.upperBound))
        let before = DisplayWidth.of(lines.bytes[content.lowerBound..<start])
        let width = max(1, DisplayWidth.of(lines.bytes[start..<end]))
        let gutter = String(lineIndex + 1)
        let pad = String(repeating: " ", count: gutter.count)
        var out = "\(paint(gutter + " |", "34")) \(text)\n"
        out += "\(paint(pad + " |", "34")) \(String(repeating: " ", count: before))\(paint(String(repeating: "^", count: width), severityColor(d.severity)))\n"
        return out
    }
}

private extension String {
    func replacingTabs() -> String {
        var s = ""
        // Tabs become one space (so carets line up); other control characters are not echoed.
        for c in unicodeScalars {
            if c == "\t" { s += " " }
            else if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value < 0xA0) { s += "\u{FFFD}" }
            else { s.unicodeScalars.append(c) }
        }
        return s
    }
}

/// Terminal columns a piece of text takes: East Asian wide characters (Hangul, CJK, most emoji)
/// take two, combining marks none, so carets line up under Korean and Chinese text.
enum DisplayWidth {
    static func of(_ bytes: ArraySlice<UInt8>) -> Int {
        var width = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            width += of(scalar)
        }
        return width
    }

    static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
