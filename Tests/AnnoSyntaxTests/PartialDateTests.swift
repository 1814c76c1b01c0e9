import Testing
@testable import AnnoSyntax

/// Shorthand for dates the tests know exist.
func date(_ year: Int, _ month: Int? = nil, _ day: Int? = nil) -> PartialDate? {
    PartialDate(year: year, month: month, day: day)
}

@Suite("PartialDate")
struct PartialDateTests {
    struct Existence: Sendable, CustomTestStringConvertible {
        let year: Int, month: Int?, day: Int?
        let exists: Bool
        var testDescription: String { "\(year)-\(month.map(String.init) ?? "_")-\(day.map(String.init) ?? "_") exists=\(exists)" }
    }

    @Test(arguments: [
        Existence(year: 1960, month: nil, day: nil, exists: true),
        Existence(year: 0, month: nil, day: nil, exists: true),
        Existence(year: 9999, month: 12, day: 31, exists: true),
        Existence(year: 10000, month: nil, day: nil, exists: false),
        Existence(year: -1, month: nil, day: nil, exists: false),
        Existence(year: 1960, month: 0, day: nil, exists: false),
        Existence(year: 1960, month: 13, day: nil, exists: false),
        Existence(year: 1960, month: nil, day: 2, exists: false),
        Existence(year: 1960, month: 5, day: 0, exists: false),
        Existence(year: 1960, month: 5, day: 31, exists: true),
        Existence(year: 1960, month: 6, day: 31, exists: false),
        Existence(year: 1960, month: 4, day: 30, exists: true),
        Existence(year: 1960, month: 9, day: 31, exists: false),
        Existence(year: 1960, month: 11, day: 31, exists: false),
        Existence(year: 1960, month: 2, day: 29, exists: true),   // divisible by 4
        Existence(year: 1961, month: 2, day: 29, exists: false),
        Existence(year: 1900, month: 2, day: 29, exists: false),  // divisible by 100, not 400
        Existence(year: 2000, month: 2, day: 29, exists: true),   // divisible by 400
        Existence(year: 2000, month: 2, day: 30, exists: false),
    ])
    func existence(_ c: Existence) {
        #expect((PartialDate(year: c.year, month: c.month, day: c.day) != nil) == c.exists)
    }

    @Test func leapYearsAndMonthLengths() {
        #expect(PartialDate.isLeap(1960))
        #expect(PartialDate.isLeap(2000))
        #expect(!PartialDate.isLeap(1900))
        #expect(!PartialDate.isLeap(1961))
        let lengths1960 = (1...12).map { PartialDate.daysIn(month: $0, year: 1960) }
        #expect(lengths1960 == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
        #expect(PartialDate.daysIn(month: 2, year: 1900) == 28)
    }

    @Test func precisionISOAndHumanReadable() throws {
        let day = try #require(date(1960, 5, 2))
        let month = try #require(date(1960, 5))
        let year = try #require(date(1996))
        #expect(day.precision == .day && month.precision == .month && year.precision == .year)
        #expect(Precision.year < .month && PartialDate.Precision.month < .day)
        #expect(day.iso == "1960-05-02" && month.iso == "1960-05" && year.iso == "1996")
        #expect(day.description == "1960-05-02")
        #expect(date(5, 1, 9)?.iso == "0005-01-09")
        #expect(day.humanReadable == "2 May 1960")
        #expect(month.humanReadable == "May 1960")
        #expect(year.humanReadable == "1996")
        #expect(date(1967, 11, 24)?.humanReadable == "24 November 1967")
    }

    typealias Precision = PartialDate.Precision

    @Test(arguments: [
        ("1960-05", "1960-05-02", true),
        ("1960", "1960-12-31", true),
        ("1960", "1960-05", true),
        ("1960", "1960", true),
        ("1960-05-02", "1960-05-02", true),
        ("1960-05-02", "1960-05-03", false),
        ("1960-05", "1960-06-01", false),
        ("1960-05", "1960-06", false),
        ("1960", "1961-01-01", false),
        ("1960", "1961", false),
    ])
    func agreement(_ a: String, _ b: String, _ agree: Bool) throws {
        let x = try #require(valid(a)), y = try #require(valid(b))
        #expect(x.agrees(with: y) == agree)
        #expect(y.agrees(with: x) == agree, "agreement is symmetric")
    }

    @Test func chronologicalOrderPutsCoarserFirst() throws {
        let written = ["1961", "1960-05-02", "1960-05", "1960", "1960-04-30", "1960-12", "1959-12-31"]
        let sorted = written.compactMap(valid).sorted().map(\.iso)
        #expect(sorted == ["1959-12-31", "1960", "1960-04-30", "1960-05", "1960-05-02", "1960-12", "1961"])
        #expect(date(1960) != date(1960, 1))
    }

    @Test func approximateDayNumberGrowsWithTime() throws {
        let days = ["1960-05-01", "1960-05-31", "1960-06-01", "1961-01-01"].compactMap(valid).map(\.approximateDayNumber)
        #expect(days == days.sorted() && Set(days).count == days.count)
    }
}

/// The date a string names when DateParser accepts it, else nil.
func valid(_ text: String) -> PartialDate? {
    if case .valid(let d) = DateParser.parse(text) { return d }
    return nil
}
