/// Reads the DATE part of a citation or a catalogue entry.
///
/// Only ISO 8601 calendar dates are valid. Anything else gets a reason a person can act on and,
/// where the intended date is unambiguous ("May 2, 1960", "2 May 1960", "1960/05/02"), the ISO form.
public enum DateParseResult: Equatable, Sendable {
    case valid(PartialDate)
    /// `suggestion` is the ISO form when the intended date is clear.
    case invalid(reason: String, suggestion: PartialDate?)
}

public enum DateParser {
    public static func parse(_ text: String) -> DateParseResult {
        parse(Array(text.utf8))
    }

    public static func parse<C: Collection>(_ bytes: C) -> DateParseResult where C.Element == UInt8 {
        let b = Array(bytes)
        if b.isEmpty { return .invalid(reason: "the date is empty", suggestion: nil) }
        if let date = parseCanonical(b) { return .valid(date) }
        if let iso = parseISOShape(b) { return iso }
        if let prose = parseProse(b) { return prose }
        return .invalid(reason: "'\(String(decoding: b, as: UTF8.self))' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD", suggestion: nil)
    }

    /// The common case, checked without allocating: exactly `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
    /// naming a date that exists. Anything else takes the general path (and its messages).
    @inline(__always)
    private static func parseCanonical(_ b: [UInt8]) -> PartialDate? {
        func digit(_ i: Int) -> Int? {
            let c = b[i]
            return c >= 0x30 && c <= 0x39 ? Int(c - 0x30) : nil
        }
        guard b.count == 4 || b.count == 7 || b.count == 10,
              let y0 = digit(0), let y1 = digit(1), let y2 = digit(2), let y3 = digit(3) else { return nil }
        let year = y0 * 1000 + y1 * 100 + y2 * 10 + y3
        if b.count == 4 { return PartialDate(year: year) }
        guard b[4] == 0x2D, let m0 = digit(5), let m1 = digit(6) else { return nil }
        let month = m0 * 10 + m1
        if b.count == 7 { return PartialDate(year: year, month: month) }
        guard b[7] == 0x2D, let d0 = digit(8), let d1 = digit(9) else { return nil }
        return PartialDate(year: year, month: month, day: d0 * 10 + d1)
    }

    /// Digit groups separated by '-' (or '/' or '.'): ISO when it is YYYY[-MM[-DD]].
    private static func parseISOShape(_ b: [UInt8]) -> DateParseResult? {
        var groups: [[UInt8]] = [[]]
        var separators: [UInt8] = []
        for c in b {
            if c >= 0x30 && c <= 0x39 { groups[groups.count - 1].append(c) }
            else if c == 0x2D || c == 0x2F || c == 0x2E { separators.append(c); groups.append([]) }
            else { return nil }
        }
        guard groups.count <= 3, groups.allSatisfy({ !$0.isEmpty && $0.count <= 4 }) else {
            if groups.count <= 3 && groups.allSatisfy({ $0.count > 0 }) {
                return .invalid(reason: "'\(String(decoding: b, as: UTF8.self))' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD", suggestion: nil)
            }
            return nil
        }
        let numbers = groups.map { g in g.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let text = String(decoding: b, as: UTF8.self)
        let isoSeparators = separators.allSatisfy { $0 == 0x2D }

        // Day-first or month-first with slashes/dots ("02/05/1960") is ambiguous: no suggestion.
        if groups.count == 3 && groups[2].count == 4 && groups[0].count <= 2 {
            return .invalid(reason: "'\(text)' is not an ISO date and its day/month order is ambiguous; write YYYY-MM-DD", suggestion: nil)
        }
        if groups[0].count != 4 {
            return .invalid(reason: "the year in '\(text)' must have four digits (YYYY-MM-DD)", suggestion: nil)
        }
        if groups.count >= 2 && groups[1].count != 2 || groups.count == 3 && groups[2].count != 2 {
            // 1960-5-2: clear intent, but ISO wants two digits.
            let candidate = PartialDate(year: numbers[0], month: numbers[1], day: groups.count == 3 ? numbers[2] : nil)
            if let candidate {
                return .invalid(reason: "'\(text)' is not an ISO date; months and days take two digits", suggestion: candidate)
            }
        }
        let year = numbers[0]
        let month: Int? = groups.count >= 2 ? numbers[1] : nil
        let day: Int? = groups.count == 3 ? numbers[2] : nil
        if let month, !(1...12).contains(month) {
            return .invalid(reason: "month \(month) does not exist in '\(text)'", suggestion: nil)
        }
        if let month, let day, day < 1 || day > PartialDate.daysIn(month: month, year: year) {
            let days = PartialDate.daysIn(month: month, year: year)
            return .invalid(reason: "day \(day) does not exist in \(PartialDate.monthNames[month - 1]) \(year), which has \(days) days", suggestion: nil)
        }
        guard let date = PartialDate(year: year, month: month, day: day) else {
            return .invalid(reason: "'\(text)' is not a date", suggestion: nil)
        }
        if !isoSeparators {
            return .invalid(reason: "'\(text)' is not an ISO date; separate its parts with '-'", suggestion: date)
        }
        return .valid(date)
    }

    /// English prose dates as archives print them: "May 2, 1960", "2 May 1960", "May 1960".
    private static func parseProse(_ b: [UInt8]) -> DateParseResult? {
        var tokens: [String] = []
        var current: [UInt8] = []
        for c in b {
            if c == 0x20 || c == 0x2C || c == 0x09 { if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)); current = [] } }
            else { current.append(c) }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        var month: Int?
        var day: Int?
        var year: Int?
        for token in tokens {
            var t = token.lowercased()
            if t.hasSuffix(".") { t.removeLast() }
            if let m = monthNumber(t) {
                guard month == nil else { return nil }
                month = m
            } else if let n = Int(stripOrdinal(t)), n >= 0 {
                if t.count == 4 && year == nil { year = n }
                else if n >= 1 && n <= 31 && day == nil { day = n }
                else { return nil }
            } else {
                return nil
            }
        }
        guard let month, let year else { return nil }
        let text = String(decoding: b, as: UTF8.self)
        guard let date = PartialDate(year: year, month: month, day: day) else {
            return .invalid(reason: "'\(text)' is not a date that exists", suggestion: nil)
        }
        return .invalid(reason: "'\(text)' is not an ISO date; write \(date.iso)", suggestion: date)
    }

    private static func stripOrdinal(_ t: String) -> Substring {
        for suffix in ["st", "nd", "rd", "th"] where t.hasSuffix(suffix) && t.count > 2 {
            return t.dropLast(2)
        }
        return Substring(t)
    }

    private static func monthNumber(_ t: String) -> Int? {
        guard t.count >= 3 else { return nil }
        for (i, name) in PartialDate.monthNames.enumerated() {
            let lower = name.lowercased()
            if lower == t || (t.count >= 3 && lower.hasPrefix(t) && (t.count == 3 || t == "sept")) { return i + 1 }
        }
        if t == "sept" { return 9 }
        return nil
    }
}
