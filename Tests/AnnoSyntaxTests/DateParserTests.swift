import Testing
@testable import AnnoSyntax

/// One row of the date table: what is written, and what DateParser should make of it.
struct DateCase: Sendable, CustomTestStringConvertible {
    enum Outcome: Sendable {
        /// Accepted, at this ISO form.
        case valid(String)
        /// Rejected; the reason mentions `because`, and `suggest` is the ISO form offered (nil: none).
        case invalid(because: String, suggest: String?)
    }
    let written: String
    let outcome: Outcome
    var testDescription: String { "'\(written)'" }

    init(_ written: String, _ outcome: Outcome) { self.written = written; self.outcome = outcome }
}

@Suite("DateParser")
struct DateParserTests {
    static let cases: [DateCase] = [
        // Valid at every precision.
        DateCase("1960", .valid("1960")),
        DateCase("1960-05", .valid("1960-05")),
        DateCase("1960-05-02", .valid("1960-05-02")),
        DateCase("1967-11", .valid("1967-11")),
        DateCase("0001", .valid("0001")),
        DateCase("9999-12-31", .valid("9999-12-31")),
        DateCase("1960-01-31", .valid("1960-01-31")),
        DateCase("1960-04-30", .valid("1960-04-30")),
        // Leap years: 1960 (÷4) and 2000 (÷400) have 29 February; 1900 (÷100) and 1961 do not.
        DateCase("1960-02-29", .valid("1960-02-29")),
        DateCase("2000-02-29", .valid("2000-02-29")),
        DateCase("1900-02-28", .valid("1900-02-28")),
        DateCase("1900-02-29", .invalid(because: "February 1900, which has 28 days", suggest: nil)),
        DateCase("1961-02-29", .invalid(because: "February 1961, which has 28 days", suggest: nil)),
        DateCase("2000-02-30", .invalid(because: "February 2000, which has 29 days", suggest: nil)),
        // Months and days that do not exist.
        DateCase("1960-13", .invalid(because: "month 13", suggest: nil)),
        DateCase("1960-00", .invalid(because: "month 0", suggest: nil)),
        DateCase("1960-13-45", .invalid(because: "month 13", suggest: nil)),
        DateCase("1960-05-00", .invalid(because: "day 0", suggest: nil)),
        DateCase("1960-05-32", .invalid(because: "day 32", suggest: nil)),
        DateCase("1960-04-31", .invalid(because: "April 1960, which has 30 days", suggest: nil)),
        DateCase("1960-06-31", .invalid(because: "June 1960, which has 30 days", suggest: nil)),
        DateCase("1960/02/30", .invalid(because: "day 30", suggest: nil)),
        DateCase("1960-2-30", .invalid(because: "day 30", suggest: nil)),
        // Shapes that are not dates: no suggestion, because the intent is unclear.
        DateCase("", .invalid(because: "empty", suggest: nil)),
        DateCase("60-05-02", .invalid(because: "four digits", suggest: nil)),
        DateCase("960-05-02", .invalid(because: "four digits", suggest: nil)),
        DateCase("02/05/1960", .invalid(because: "ambiguous", suggest: nil)),
        DateCase("2/5/1960", .invalid(because: "ambiguous", suggest: nil)),
        DateCase("02.05.1960", .invalid(because: "ambiguous", suggest: nil)),
        DateCase("19600", .invalid(because: "not a date", suggest: nil)),
        DateCase("1960-05-002", .invalid(because: "two digits", suggest: "1960-05-02")),
        DateCase("1960-", .invalid(because: "not a date", suggest: nil)),
        DateCase("-1960", .invalid(because: "not a date", suggest: nil)),
        DateCase("1960--05", .invalid(because: "not a date", suggest: nil)),
        DateCase("1960-05-02-01", .invalid(because: "not a date", suggest: nil)),
        DateCase("1960-05-02T10:00", .invalid(because: "not a date", suggest: nil)),
        DateCase("1960s", .invalid(because: "not a date", suggest: nil)),
        DateCase("c. 1960", .invalid(because: "not a date", suggest: nil)),
        DateCase("undated", .invalid(because: "not a date", suggest: nil)),
        DateCase("May", .invalid(because: "not a date", suggest: nil)),
        DateCase("2 May", .invalid(because: "not a date", suggest: nil)),
        DateCase("May 2, 60", .invalid(because: "not a date", suggest: nil)),
        DateCase("May 32, 1960", .invalid(because: "not a date", suggest: nil)),
        DateCase("May May 1960", .invalid(because: "not a date", suggest: nil)),
        DateCase("February 30, 1960", .invalid(because: "not a date that exists", suggest: nil)),
        DateCase("１９６０", .invalid(because: "not a date", suggest: nil)),
        // Clear intent, not ISO: the ISO form is suggested.
        DateCase("May 2, 1960", .invalid(because: "write 1960-05-02", suggest: "1960-05-02")),
        DateCase("2 May 1960", .invalid(because: "not an ISO date", suggest: "1960-05-02")),
        DateCase("2nd May 1960", .invalid(because: "not an ISO date", suggest: "1960-05-02")),
        DateCase("May 1960", .invalid(because: "write 1960-05", suggest: "1960-05")),
        DateCase("Sept. 3, 1960", .invalid(because: "not an ISO date", suggest: "1960-09-03")),
        DateCase("sep 3 1960", .invalid(because: "not an ISO date", suggest: "1960-09-03")),
        DateCase("24 November 1967", .invalid(because: "not an ISO date", suggest: "1967-11-24")),
        DateCase("Feb 29, 2000", .invalid(because: "not an ISO date", suggest: "2000-02-29")),
        DateCase("1960/05/02", .invalid(because: "separate its parts with '-'", suggest: "1960-05-02")),
        DateCase("1960.05.02", .invalid(because: "separate its parts with '-'", suggest: "1960-05-02")),
        DateCase("1960/05", .invalid(because: "separate its parts with '-'", suggest: "1960-05")),
        DateCase("1960-5-2", .invalid(because: "two digits", suggest: "1960-05-02")),
        DateCase("1960-5", .invalid(because: "two digits", suggest: "1960-05")),
        DateCase("1960-05-2", .invalid(because: "two digits", suggest: "1960-05-02")),
        DateCase("1960/5/2", .invalid(because: "two digits", suggest: "1960-05-02")),
    ]

    @Test(arguments: cases)
    func parse(_ c: DateCase) {
        check(c.written, c.outcome)
    }

    @Test func bytesAndStringAgree() {
        for c in Self.cases {
            #expect(DateParser.parse(Array(c.written.utf8)[...]) == DateParser.parse(c.written))
        }
    }

    @Test func invalidUTF8IsRejectedWithoutCrashing() {
        let result = DateParser.parse([0x31, 0x39, 0xFF, 0x30])
        guard case .invalid(_, let suggestion) = result else {
            Issue.record("expected invalid, got \(result)"); return
        }
        #expect(suggestion == nil)
    }

    func check(_ written: String, _ expected: DateCase.Outcome, sourceLocation: SourceLocation = #_sourceLocation) {
        let result = DateParser.parse(written)
        switch (result, expected) {
        case (.valid(let got), .valid(let want)):
            #expect(got.iso == want, sourceLocation: sourceLocation)
        case (.invalid(let reason, let suggestion), .invalid(let because, let suggest)):
            #expect(reason.contains(because), "reason: \(reason)", sourceLocation: sourceLocation)
            #expect(suggestion?.iso == suggest, sourceLocation: sourceLocation)
        default:
            Issue.record("'\(written)': expected \(expected), got \(result)", sourceLocation: sourceLocation)
        }
    }
}
