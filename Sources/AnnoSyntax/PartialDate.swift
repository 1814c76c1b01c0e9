/// A calendar date known to the precision a historian knows it: a year, a month or a day.
///
/// Dates in notes and catalogues are ISO 8601 calendar dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
/// Two partial dates agree when they agree at the coarser precision of the two, so `1960-05`
/// agrees with `1960-05-02` (see spec/format.md).
public struct PartialDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public enum Precision: Int, Comparable, Sendable {
        case year = 1, month = 2, day = 3
        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    /// Builds a date, returning nil unless it exists in the proleptic Gregorian calendar.
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (0...9999).contains(year) else { return nil }
        if let month {
            guard (1...12).contains(month) else { return nil }
            if let day {
                guard day >= 1 && day <= PartialDate.daysIn(month: month, year: year) else { return nil }
            }
        } else if day != nil {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    /// The ISO 8601 form at this date's own precision.
    public var iso: String {
        var s = pad(year, 4)
        if let month { s += "-" + pad(month, 2) }
        if let day { s += "-" + pad(day, 2) }
        return s
    }

    public var description: String { iso }

    /// The date as a person writes it in English prose: "2 May 1960", "May 1960", "1996".
    public var humanReadable: String {
        guard let month else { return String(year) }
        let name = PartialDate.monthNames[month - 1]
        if let day { return "\(day) \(name) \(year)" }
        return "\(name) \(year)"
    }

    /// True when the two dates agree at the coarser precision of the two.
    public func agrees(with other: PartialDate) -> Bool {
        guard year == other.year else { return false }
        guard let m1 = month, let m2 = other.month else { return true }
        guard m1 == m2 else { return false }
        guard let d1 = day, let d2 = other.day else { return true }
        return d1 == d2
    }

    /// Chronological order; a coarser date sorts before the finer dates it contains.
    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if (a.month ?? 0) != (b.month ?? 0) { return (a.month ?? 0) < (b.month ?? 0) }
        return (a.day ?? 0) < (b.day ?? 0)
    }

    /// A rough distance in days, used to rank "close dates" in completion.
    public var approximateDayNumber: Int {
        year * 372 + ((month ?? 6) - 1) * 31 + (day ?? 15)
    }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
