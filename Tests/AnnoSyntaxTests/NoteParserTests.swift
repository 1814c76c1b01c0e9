import Testing
@testable import AnnoSyntax

/// One row of a grammar table: a note and the rendering `check` expects (see ParserCheck.swift).
struct ParseCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    let expected: String
    init(_ name: String, _ input: String, _ expected: String) {
        self.name = name; self.input = input; self.expected = expected
    }
    var testDescription: String { name }
}

@Suite("NoteParser: citations and parts")
struct CitationGrammarTests {
    static let cases: [ParseCase] = [
        ParseCase("three parts", "Kim raised the plan [[1960-05-02 | Journal of Soviet Ambassador | p. 3]].",
                  #"«[[1960-05-02 | Journal of Soviet Ambassador | p. 3]]» "1960-05-02" "Journal of Soviet Ambassador" "p. 3""#),
        ParseCase("two parts", "[[1996 | Excerpts from Recollections]]",
                  #"«[[1996 | Excerpts from Recollections]]» "1996" "Excerpts from Recollections""#),
        ParseCase("no spaces", "[[1960|X|p.3]]", #"«[[1960|X|p.3]]» "1960" "X" "p.3""#),
        ParseCase("in a word", "see[[1960|X]]s", #"«[[1960|X]]» "1960" "X""#),
        ParseCase("two citations", "[[1960 | A]] and [[1961 | B]]",
                  "«[[1960 | A]]» \"1960\" \"A\"\n«[[1961 | B]]» \"1961\" \"B\""),
        ParseCase("adjacent citations", "[[a]][[b]]", "«[[a]]» \"a\"\n«[[b]]» \"b\""),
        ParseCase("no citations", "plain [text] with ] and [ and | bars", ""),
        ParseCase("single bracket is prose", "[1960 | X]", ""),

        // Whitespace: parts are trimmed, inner runs collapse to one space.
        ParseCase("trimmed parts", "[[   1960\t|\t X  ]]", #"«[[   1960→|→ X  ]]» "1960" "X""#),
        ParseCase("collapsed runs", "[[1960 | A   \t B]]", #"«[[1960 | A   → B]]» "1960" "A B"=«A   → B»"#),

        // Empty and extra parts: parsing never fails; the checker judges them.
        ParseCase("empty", "[[]]", #"«[[]]» """#),
        ParseCase("blank", "[[  ]]", #"«[[  ]]» """#),
        ParseCase("date only", "[[1960]]", #"«[[1960]]» "1960""#),
        ParseCase("empty title", "[[1960 | ]]", #"«[[1960 | ]]» "1960" """#),
        ParseCase("empty date", "[[ | X]]", #"«[[ | X]]» "" "X""#),
        ParseCase("empty middle", "[[1960 || X]]", #"«[[1960 || X]]» "1960" "" "X""#),
        ParseCase("four parts", "[[a | b | c | d]]", #"«[[a | b | c | d]]» "a" "b" "c" "d""#),
        ParseCase("only bars", "[[||]]", #"«[[||]]» "" "" """#),

        // `[[` in a longer run of `[`: the last two open the citation.
        ParseCase("three [", "[[[1960 | X]]", #"«[[1960 | X]]» "1960" "X""#),
        ParseCase("six [ and six ]", "[[[[[[1960 | X]]]]]]", #"«[[1960 | X]]» "1960" "X""#),
        ParseCase("only [", "[[[[[[", #"«[[» unclosed """#),

        // Brackets inside parts.
        ParseCase("title ends with a bracket", "[[1960 | Memo [draft]]]", #"«[[1960 | Memo [draft]]]» "1960" "Memo [draft]""#),
        ParseCase("bracket mid-title", "[[1960 | A [b] c]]", #"«[[1960 | A [b] c]]» "1960" "A [b] c""#),
        ParseCase("nested brackets at the end", "[[1960 | A [b [c]]]]", #"«[[1960 | A [b [c]]]]» "1960" "A [b [c]]""#),
        ParseCase("bracket in locator", "[[1960 | X | f. [12]]]", #"«[[1960 | X | f. [12]]]» "1960" "X" "f. [12]""#),
        ParseCase("citation in brackets", "[see [[1960 | X]]]", #"«[[1960 | X]]» "1960" "X""#),
        ParseCase("extra ] are prose", "[[1960 | X]]]]]", #"«[[1960 | X]]» "1960" "X""#),
        ParseCase("unbalanced ] is text", "[[1960 | a] b]]", #"«[[1960 | a] b]]» "1960" "a] b""#),
        ParseCase("two ] close the citation before an open bracket", "[[1960 | Memo [draft]]",
                  #"«[[1960 | Memo [draft]]» "1960" "Memo [draft""#),
        ParseCase("a bar ends brackets with its part", "[[1960 | A [b | C]]]",
                  #"«[[1960 | A [b | C]]» "1960" "A [b" "C""#),

        // Escapes.
        ParseCase("escaped bar", #"[[1960 | A \| B]]"#, #"«[[1960 | A \| B]]» "1960" "A | B"=«A \| B»"#),
        ParseCase("escaped brackets", #"[[1960 | \[x\]]]"#, #"«[[1960 | \[x\]]]» "1960" "[x]"=«\[x\]»"#),
        ParseCase("escaped ]] does not close", #"[[1960 | a \]\] b]]"#, #"«[[1960 | a \]\] b]]» "1960" "a ]] b"=«a \]\] b»"#),
        ParseCase("escaped backslash", #"[[1960 | a\\b]]"#, #"«[[1960 | a\\b]]» "1960" "a\b"=«a\\b»"#),
        ParseCase("escaped backslash before ]]", #"[[1960 | ends \\]]"#, #"«[[1960 | ends \\]]» "1960" "ends \"=«ends \\»"#),
        ParseCase("other backslashes are text", #"[[1960 | C:\notes\x]]"#, #"«[[1960 | C:\notes\x]]» "1960" "C:\notes\x""#),
        ParseCase("escaped ] then one ]", #"[[1960 | x\]]"#, #"«[[1960 | x\]]» unclosed "1960" "x]]"=«x\]]»"#),
        ParseCase("escaped bar in locator", #"[[1960 | X | pp. 3 \| 4]]"#, #"«[[1960 | X | pp. 3 \| 4]]» "1960" "X" "pp. 3 | 4"=«pp. 3 \| 4»"#),
        ParseCase("escaped [[ inside is text", #"[[1960 | a \[[b]]"#, #"«[[1960 | a \[[b]]» "1960" "a [[b"=«a \[[b»"#),
        ParseCase(#"\[[ in prose"#, #"\[[1960 | X]]"#, ""),
        ParseCase(#"\\ before [[ in prose"#, #"\\[[1960 | X]]"#, #"«[[1960 | X]]» "1960" "X""#),
        ParseCase("backticks in a title are text", "[[1960 | The `x` memo]]", #"«[[1960 | The `x` memo]]» "1960" "The `x` memo""#),

        // Non-ASCII text, NUL bytes.
        ParseCase("scripts before", "한국어 Привет 😀 [[1960 | Пуза́нов 👨‍👩‍👧]]",
                  #"«[[1960 | Пуза́нов 👨‍👩‍👧]]» "1960" "Пуза́нов 👨‍👩‍👧""#),
        ParseCase("NUL bytes", "a\0[[1960 | X\0Y]]\0", #"«[[1960 | X␀Y]]» "1960" "X␀Y""#),
    ]

    @Test(arguments: cases)
    func grammar(_ c: ParseCase) { check(c.input, c.expected) }

    @Test func emptyPartsSitWhereTheirTextWouldGo() {
        let source = "[[1960 | ]] [[ | X]] [[]]"
        let note = NoteParser.parse(source)
        #expect(note.citations.map { $0.parts.map(\.range) } == [[2..<6, 8..<8], [14..<14, 17..<18], [23..<23]])
    }

    @Test func partRangesCoverExactBytes() throws {
        let source = "ab [[ 1960-05-02 |  Journal of\n  Soviet Ambassador | p. 3 ]] cd"
        let bytes = Array(source.utf8)
        let citation = try #require(NoteParser.parse(bytes).citations.first)
        #expect(citation.range == 3..<60)
        #expect(citation.interior == 5..<58)
        #expect(citation.parts.map(\.range) == [6..<16, 20..<50, 53..<57])
        #expect(citation.date?.text == "1960-05-02")
        #expect(citation.title?.text == "Journal of Soviet Ambassador")
        #expect(citation.locator?.text == "p. 3")
    }

    @Test func datesTitlesAndLocators() throws {
        let note = NoteParser.parse("[[1960]] [[1960 | X]]")
        let one = try #require(note.citations.first), two = try #require(note.citations.last)
        #expect(one.date?.text == "1960" && one.title == nil && one.locator == nil)
        #expect(two.title?.text == "X" && two.locator == nil && two.title?.isEmpty == false)
    }
}

@Suite("NoteParser: line breaks and unclosed citations")
struct WrappingTests {
    static let cases: [ParseCase] = [
        ParseCase("wrapped across LF", "Kim [[1960-05-02 | Journal of Soviet\nAmbassador | p.\n3]].",
                  #"«[[1960-05-02 | Journal of Soviet⏎Ambassador | p.⏎3]]» "1960-05-02" "Journal of Soviet Ambassador"=«Journal of Soviet⏎Ambassador» "p. 3"=«p.⏎3»"#),
        ParseCase("wrapped across CRLF", "Kim [[1960-05-02 | Journal of Soviet\r\nAmbassador | p.\r\n3]].",
                  #"«[[1960-05-02 | Journal of Soviet␍⏎Ambassador | p.␍⏎3]]» "1960-05-02" "Journal of Soviet Ambassador"=«Journal of Soviet␍⏎Ambassador» "p. 3"=«p.␍⏎3»"#),
        ParseCase("wrapped across CR", "[[1960 | Journal\rof X]]", #"«[[1960 | Journal␍of X]]» "1960" "Journal of X"=«Journal␍of X»"#),
        ParseCase("wrapped with indentation", "[[1960 |\n    Long\n    Title\n]]",
                  #"«[[1960 |⏎    Long⏎    Title⏎]]» "1960" "Long Title"=«Long⏎    Title»"#),
        ParseCase("break right after [[", "[[\n1960 | X]]", #"«[[⏎1960 | X]]» "1960" "X""#),
        ParseCase("unclosed at end of text", "see [[1960 | X", #"«[[1960 | X» unclosed "1960" "X""#),
        ParseCase("unclosed at end, trailing space", "see [[1960 | X  \t\n", #"«[[1960 | X» unclosed "1960" "X""#),
        ParseCase("unclosed at end after a bar", "[[1960 | ", #"«[[1960 |» unclosed "1960" """#),
        ParseCase("unclosed [[ at the very end", "text [[", #"«[[» unclosed """#),
        ParseCase("unclosed at blank line", "[[1960 | X\n\nMore [[1961 | Y]]",
                  "«[[1960 | X» unclosed \"1960\" \"X\"\n«[[1961 | Y]]» \"1961\" \"Y\""),
        ParseCase("unclosed at blank CRLF line", "[[1960 | X\r\n\r\nY]]", #"«[[1960 | X» unclosed "1960" "X""#),
        ParseCase("unclosed at blank CR line", "[[1960 | X\r\rY]]", #"«[[1960 | X» unclosed "1960" "X""#),
        ParseCase("a line of spaces is blank", "[[1960 | X\n  \t \nY]]", #"«[[1960 | X» unclosed "1960" "X""#),
        ParseCase("unclosed, wrapped, then blank", "[[1960 | Long\ntitle\n\n]]",
                  #"«[[1960 | Long⏎title» unclosed "1960" "Long title"=«Long⏎title»"#),
        ParseCase("unclosed at next [[", "[[1960 | X [[1961 | Y]]",
                  "«[[1960 | X» unclosed \"1960\" \"X\"\n«[[1961 | Y]]» \"1961\" \"Y\""),
        ParseCase("unclosed at next [[ on the next line", "[[1960 | X\n[[1961 | Y]]",
                  "«[[1960 | X» unclosed \"1960\" \"X\"\n«[[1961 | Y]]» \"1961\" \"Y\""),
        ParseCase("unclosed at next [[[", "[[1960 | X [[[1961 | Y]]",
                  "«[[1960 | X» unclosed \"1960\" \"X\"\n«[[1961 | Y]]» \"1961\" \"Y\""),
        ParseCase("many unclosed", "[[ [[a [[b | c",
                  "«[[» unclosed \"\"\n«[[a» unclosed \"a\"\n«[[b | c» unclosed \"b\" \"c\""),
        ParseCase("unclosed at a fence", "[[1960 | X\n```\n[[1961 | Code]]\n```\n[[1962 | Y]]",
                  "«[[1960 | X» unclosed \"1960\" \"X\"\n«[[1962 | Y]]» \"1962\" \"Y\""),
    ]

    @Test(arguments: cases)
    func wrapping(_ c: ParseCase) { check(c.input, c.expected) }
}

@Suite("NoteParser: code")
struct CodeTests {
    static let cases: [ParseCase] = [
        ParseCase("backtick fence", "```\n[[1960 | X]]\n```\n[[1961 | Y]]", #"«[[1961 | Y]]» "1961" "Y""#),
        ParseCase("tilde fence", "~~~\n[[1960 | X]]\n~~~\n[[1961 | Y]]", #"«[[1961 | Y]]» "1961" "Y""#),
        ParseCase("fence with info string", "```anno\n[[1960 | X]]\n```\n[[1961 | Y]]", #"«[[1961 | Y]]» "1961" "Y""#),
        ParseCase("tilde fence info may hold backticks", "~~~ a`b\n[[1960 | X]]\n~~~\n[[1961 | Y]]", #"«[[1961 | Y]]» "1961" "Y""#),
        ParseCase("fence with CRLF", "```\r\n[[1960 | X]]\r\n```\r\n[[1961 | Y]]", #"«[[1961 | Y]]» "1961" "Y""#),
        ParseCase("fence with CR", "```\r[[1960 | X]]\r```\r[[1961 | Y]]", #"«[[1961 | Y]]» "1961" "Y""#),
        ParseCase("longer closing fence", "```\n[[a]]\n`````\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("shorter fence does not close", "````\n[[a]]\n```\n[[b]]\n````\n[[c]]", #"«[[c]]» "c""#),
        ParseCase("other fence char does not close", "```\n~~~\n[[a]]\n```\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("fence with info does not close", "```\n``` x\n[[a]]\n```\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("closing fence with trailing spaces", "~~~\n[[a]]\n~~~  \t\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("unclosed fence runs to the end", "[[a]]\n```\n[[b]]\n\n[[c]]", #"«[[a]]» "a""#),
        ParseCase("fence indented three spaces", "   ```\n[[a]]\n   ```\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("closing fence indented", "```\n[[a]]\n  ```\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("four spaces is not a fence", "    ```\n[[a]]", #"«[[a]]» "a""#),
        ParseCase("two backticks is not a fence", "``\n[[a]]\n``\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("backtick info with backtick is not a fence", "``` a`b\n[[a]]", #"«[[a]]» "a""#),
        ParseCase("fence interrupts a paragraph", "Text\n```\n[[a]]\n```\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("fence at the end", "[[a]]\n```", #"«[[a]]» "a""#),
        ParseCase("fence mid-line is inline code", "a ```[[x]]``` [[b]]", #"«[[b]]» "b""#),
        ParseCase("fence after a closed wrapped citation", "[[1960 | A\nB]] c\n```\n[[x]]\n```\n[[y]]",
                  "«[[1960 | A⏎B]]» \"1960\" \"A B\"=«A⏎B»\n«[[y]]» \"y\""),

        ParseCase("code span", "`[[a]]` [[b]]", #"«[[b]]» "b""#),
        ParseCase("double backtick span", "``code ` [[a]]`` [[b]]", #"«[[b]]» "b""#),
        ParseCase("unmatched backtick is literal", "It`s [[a]]", #"«[[a]]» "a""#),
        ParseCase("runs of different length do not match", "``[[a]]` [[b]]", "«[[a]]» \"a\"\n«[[b]]» \"b\""),
        ParseCase("code span across lines", "`x\n[[a]]` [[b]]", #"«[[b]]» "b""#),
        ParseCase("code span across CRLF lines", "`x\r\n[[a]]` [[b]]", #"«[[b]]» "b""#),
        ParseCase("code span stops at a blank line", "`x\n\n[[a]]` [[b]]", "«[[a]]» \"a\"\n«[[b]]» \"b\""),
        ParseCase("code span stops at a fence", "a ` b\n```\ncode ` x\n```\n[[b]]", #"«[[b]]» "b""#),
        ParseCase("escaped backtick in prose is literal", #"\` [[a]] `"#, #"«[[a]]» "a""#),
        ParseCase("a span after an unmatched run", "`` x ` [[a]] ` [[b]]", #"«[[b]]» "b""#),
    ]

    @Test(arguments: cases)
    func code(_ c: ParseCase) { check(c.input, c.expected) }
}

/// Every example in spec/format.md, as written there: written text → parts.
@Suite("NoteParser: spec/format.md examples")
struct SpecExampleTests {
    static let examples: [(String, [[String]])] = [
        ("see [[1960 | X]]", [["1960", "X"]]),
        ("[[[[1960 | X]]", [["1960", "X"]]),
        (#"\[[1960 | X]]"#, []),
        (#"\\[[1960 | X]]"#, [["1960", "X"]]),
        (#"[[1960 | A \| B | pp. 3 \| 4]]"#, [["1960", "A | B", "pp. 3 | 4"]]),
        (#"[[1960 | \[sic\] memo]]"#, [["1960", "[sic] memo"]]),
        (#"[[1960 | C:\notes]]"#, [["1960", #"C:\notes"#]]),
        (#"[[1960 | ends with \\]]"#, [["1960", #"ends with \"#]]),
        ("[[1960 | Memo [draft]]]", [["1960", "Memo [draft]"]]),
        ("[[1960 | A [b [c]]]]", [["1960", "A [b [c]]"]]),
        ("[[1960 | A [b] c]]", [["1960", "A [b] c"]]),
        ("[[1960 | a] b]]", [["1960", "a] b"]]),
        ("[see [[1960 | X]]]", [["1960", "X"]]),
        ("[[1960 | Memo [draft]]", [["1960", "Memo [draft"]]),
        ("[[1960 | A [b | C]]]", [["1960", "A [b", "C"]]),
        (#"[[1960 | a \]\] b]]"#, [["1960", "a ]] b"]]),
        ("[[1960-05-02 | Journal of Soviet\n   Ambassador | p.\n   3]]", [["1960-05-02", "Journal of Soviet Ambassador", "p. 3"]]),
        ("[[1960 | X\n\nMore", [["1960", "X"]]),
        ("[[1960 | X\n```\n[[1961 | code]]", [["1960", "X"]]),
        ("[[1960 | X [[1961 | Y]]", [["1960", "X"], ["1961", "Y"]]),
        (#"[[1960 | x\]]"#, [["1960", "x]]"]]),
        ("[[1960 | The `x` memo]]", [["1960", "The `x` memo"]]),
        ("```anno\n[[1960 | Not a citation]]\n```\n`[[1960 | Not a citation]]` and ``[[1960 | nor ` this]]`` — but It`s [[1960 | a citation]].",
         [["1960", "a citation"]]),
    ]

    @Test func examples() {
        for (written, parts) in Self.examples {
            let bytes = Array(written.utf8)
            let note = NoteParser.parse(bytes)
            checkInvariants(bytes, note)
            #expect(note.citations.map { $0.parts.map(\.text) } == parts, "\(written.debugDescription)")
        }
    }
}
