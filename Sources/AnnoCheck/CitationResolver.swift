import AnnoCatalogue
import AnnoSyntax

/// Works out what one citation means and what is wrong with it (spec/diagnostics.md gives the
/// order: form first, then the date, then the title against the catalogue).
struct CitationResolver {
    let index: CatalogueIndex
    let citation: Citation
    var diagnostics: [Diagnostic] = []
    var document: DocumentIndex?
    var candidates: [DocumentIndex] = []

    init(index: CatalogueIndex, citation: Citation) {
        self.index = index
        self.citation = citation
    }

    mutating func run() -> CitationResolution {
        resolveParts()
        return CitationResolution(document: document, candidates: candidates, diagnostics: diagnostics)
    }

    private func related(_ d: DocumentIndex) -> RelatedDocument {
        RelatedDocument(id: index.id(of: d), date: index.isoDate(of: d), title: index.title(of: d))
    }

    private mutating func malformed(_ message: String, fix: Fix? = nil, alternatives: [Fix] = []) {
        diagnostics.append(Diagnostic(code: .malformedCitation, message: message, range: citation.range,
                                      related: document.map { [related($0)] } ?? [], fix: fix,
                                      alternatives: (fix.map { [$0] } ?? []) + alternatives))
    }

    private mutating func resolveParts() {
        let parts = citation.parts
        if parts.allSatisfy(\.isEmpty) {
            malformed(citation.isClosed ? "empty citation: write [[DATE | TITLE]]" : "unclosed, empty citation: write [[DATE | TITLE]]")
            return
        }
        if parts.count > 3 {
            malformed("a citation has at most three parts, DATE | TITLE | LOCATOR; write a '|' inside a title or locator as '\\|'")
            return
        }
        if parts.count == 1 {
            let only = parts[0]
            if looksLikeDate(only.text) {
                malformed("citation has a date but no title: write [[\(only.text) | TITLE]]",
                          alternatives: documentsOnDate(only))
            } else {
                missingDate(title: only)
            }
            return
        }
        let datePart = parts[0], titlePart = parts[1]
        if datePart.isEmpty { missingDate(title: titlePart); return }
        if titlePart.isEmpty {
            malformed("citation has no title: write [[\(datePart.text) | TITLE]]")
            return
        }
        if parts.count == 3 && parts[2].isEmpty && citation.isClosed {
            // A stray '|' after the title: remove it (and the space around it).
            let stray = titlePart.range.upperBound..<(citation.range.upperBound - 2)
            malformed("empty locator: remove the '|' after the title, or write a page or folio after it",
                      fix: Fix(title: "Remove the empty locator", edits: [TextEdit(range: stray, replacement: "")]))
            return
        }
        if !citation.isClosed {
            // Only a fix when the parts as written name a document: otherwise the citation has
            // probably swallowed the prose after it, and closing it is offered, never preferred.
            let matches = index.exactTitleMatches(titlePart.text)
            let close = Fix(title: "Close the citation with ']]'", edits: [TextEdit(range: citation.range.upperBound..<citation.range.upperBound, replacement: "]]")])
            if matches.count == 1 { document = matches[0] }
            malformed("unclosed citation: '[[' needs a closing ']]' before the blank line or the end of the note",
                      fix: matches.count == 1 ? close : nil, alternatives: matches.count == 1 ? [] : [close])
            return
        }

        var cited: PartialDate?
        switch DateParser.parse(datePart.text) {
        case .valid(let date):
            cited = date
        case .invalid(let reason, let suggestion):
            let fix = suggestion.map { Fix(title: "Write the date as \($0.iso)", edits: [TextEdit(range: datePart.range, replacement: $0.iso)]) }
            diagnostics.append(Diagnostic(code: .invalidDate, message: "invalid date: \(reason)", range: datePart.range,
                                          fix: fix, alternatives: fix.map { [$0] } ?? []))
            cited = suggestion
        }
        resolveTitle(titlePart, datePart: datePart, cited: cited)
        if let d = document, let i = diagnostics.firstIndex(where: { $0.code == .invalidDate && $0.fix == nil }) {
            diagnostics[i].alternatives.append(dateFix(to: d, datePart: datePart, verb: "Use the catalogue's date"))
        }
    }

    /// "Cite …" remedies for a citation with a date and no title: the documents on that date.
    private func documentsOnDate(_ only: CitationPart) -> [Fix] {
        guard case .valid(let date) = DateParser.parse(only.text) else { return [] }
        let onDate = index.documents(inYear: date.year).filter { index.date(of: $0).agrees(with: date) }
        return onDate.prefix(5).map { d in
            let doc = index[d]
            return Fix(title: "Cite '\(doc.title)' (\(doc.date.iso))",
                       edits: [TextEdit(range: only.range, replacement: "\(doc.date.iso) | \(CitationFormatter.escape(doc.title))")])
        }
    }

    private func looksLikeDate(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        if first >= 0x30 && first <= 0x39 { return true }
        if case .invalid(_, .some) = DateParser.parse(text) { return true }
        return false
    }

    private mutating func missingDate(title: CitationPart) {
        let matches = index.exactTitleMatches(title.text)
        var fix: Fix?
        if matches.count == 1 {
            document = matches[0]
            let doc = index[matches[0]]
            let insertion: TextEdit
            if citation.parts.count == 1 {
                insertion = TextEdit(range: title.range.lowerBound..<title.range.lowerBound, replacement: "\(doc.date.iso) | ")
            } else {
                insertion = TextEdit(range: citation.parts[0].range, replacement: doc.date.iso)
            }
            fix = Fix(title: "Add the catalogue's date \(doc.date.iso)", edits: [insertion])
        }
        var alternatives: [Fix] = []
        if matches.count > 1 {
            for d in matches.prefix(5) {
                let iso = index.isoDate(of: d)
                let insertion = citation.parts.count == 1
                    ? TextEdit(range: title.range.lowerBound..<title.range.lowerBound, replacement: "\(iso) | ")
                    : TextEdit(range: citation.parts[0].range, replacement: iso)
                alternatives.append(Fix(title: "Add the date \(iso)", edits: [insertion]))
            }
        }
        if citation.isClosed {
            malformed("citation has no date: write [[DATE | \(title.text)]]", fix: fix, alternatives: alternatives)
        } else {
            malformed("unclosed citation without a date: write [[DATE | TITLE]]")
        }
    }

    private mutating func resolveTitle(_ title: CitationPart, datePart: CitationPart, cited: PartialDate?) {
        let exact = index.exactTitleMatches(title.text)
        if !exact.isEmpty {
            settle(exact, datePart: datePart, cited: cited, title: title, variant: false)
            return
        }
        let loose = index.looseTitleMatches(title.text)
        if !loose.isEmpty {
            settle(loose, datePart: datePart, cited: cited, title: title, variant: true)
            return
        }
        unknown(title, datePart: datePart, cited: cited)
    }

    /// Chooses among documents whose title matches, using the date.
    private mutating func settle(_ matches: [DocumentIndex], datePart: CitationPart, cited: PartialDate?,
                                 title: CitationPart, variant: Bool) {
        let agreeing = cited.map { c in matches.filter { index.date(of: $0).agrees(with: c) } } ?? matches
        if agreeing.count > 1 {
            candidates = agreeing
            let list = agreeing.prefix(5).map { "\(index.id(of: $0)) (\(index.isoDate(of: $0)))" }.joined(separator: ", ")
            let dates = Set(agreeing.map { index.isoDate(of: $0) })
            let message: String
            var alternatives: [Fix] = []
            if dates.count == 1 {
                // Same title and date: no citation can tell them apart; the catalogue has duplicates.
                message = "\(agreeing.count) documents in the catalogue have this title and date: \(list); no citation can tell them apart, so remove the duplicate from the catalogue"
            } else {
                message = "\(agreeing.count) documents match this citation: \(list); give the full date to choose one"
                alternatives = agreeing.filter { index.isoDate(of: $0) != datePart.text }.map { dateFix(to: $0, datePart: datePart, verb: "Cite") }
            }
            diagnostics.append(Diagnostic(code: .ambiguousCitation, message: message, range: citation.range,
                                          related: agreeing.map(related), alternatives: alternatives))
            return
        }
        let chosen: DocumentIndex
        if agreeing.count == 1 {
            chosen = agreeing[0]
        } else if matches.count == 1 {
            chosen = matches[0]
            let doc = index[chosen]
            let fix = dateFix(to: chosen, datePart: datePart, verb: "Use the catalogue's date")
            diagnostics.append(Diagnostic(
                code: .dateMismatch,
                message: "the catalogue dates '\(doc.title)' \(doc.date.humanReadable) (\(doc.date.iso)), not \(datePart.text)",
                range: datePart.range, related: [related(chosen)], fix: fix, alternatives: [fix]))
        } else {
            candidates = matches
            let dates = matches.prefix(5).map { index.isoDate(of: $0) }.joined(separator: ", ")
            diagnostics.append(Diagnostic(
                code: .dateMismatch,
                message: "no document with this title is dated \(datePart.text); the catalogue has it on \(dates)",
                range: datePart.range, related: matches.map(related),
                alternatives: matches.map { dateFix(to: $0, datePart: datePart, verb: "Use the date") }))
            return
        }
        document = chosen
        let docDate = index.date(of: chosen)
        if variant {
            let docTitle = index.title(of: chosen)
            let fix = Fix(title: "Use the catalogue's spelling", edits: [TextEdit(range: title.range, replacement: CitationFormatter.escape(docTitle))])
            diagnostics.append(Diagnostic(
                code: .titleVariant,
                message: "the catalogue spells this title '\(docTitle)'",
                range: title.range, related: [related(chosen)], fix: fix, alternatives: [fix]))
        }
        if let cited, docDate.agrees(with: cited) {
            if cited.precision > docDate.precision {
                diagnostics.append(Diagnostic(
                    code: .unverifiableDate,
                    message: "the catalogue dates this document only to \(docDate.humanReadable); \(cited.iso) cannot be checked",
                    range: datePart.range, related: [related(chosen)],
                    alternatives: [dateFix(to: chosen, datePart: datePart, verb: "Use the catalogue's date")]))
            } else if cited.precision < docDate.precision {
                let fix = dateFix(to: chosen, datePart: datePart, verb: "Use the full date")
                diagnostics.append(Diagnostic(
                    code: .impreciseDate,
                    message: "the catalogue dates this document \(docDate.humanReadable) (\(docDate.iso))",
                    range: datePart.range, related: [related(chosen)], fix: fix, alternatives: [fix]))
            }
        }
    }

    private func dateFix(to d: DocumentIndex, datePart: CitationPart, verb: String) -> Fix {
        let iso = index.isoDate(of: d)
        return Fix(title: "\(verb) \(iso)", edits: [TextEdit(range: datePart.range, replacement: iso)])
    }

    private mutating func unknown(_ title: CitationPart, datePart: CitationPart, cited: PartialDate?) {
        let suggestions = index.suggestions(forTitle: title.text, date: cited, limit: 3)
        candidates = suggestions.map(\.document)
        var fixes: [Fix] = []
        for s in suggestions {
            let doc = index[s.document]
            var edits = [TextEdit(range: title.range, replacement: CitationFormatter.escape(doc.title))]
            if let cited, !doc.date.agrees(with: cited) {
                edits.insert(TextEdit(range: datePart.range, replacement: doc.date.iso), at: 0)
            }
            fixes.append(Fix(title: "Cite '\(doc.title)' (\(doc.date.iso))", edits: edits))
        }
        // One answer is clear when the best suggestion is close and well ahead of the next.
        var clear: Fix?
        if let best = suggestions.first, best.score >= 0.75,
           suggestions.count == 1 || suggestions[1].score < best.score - 0.1 {
            clear = fixes.first
            document = best.document
        }
        var message = "no document titled '\(title.text)' in the catalogue"
        if !suggestions.isEmpty {
            let names = suggestions.map { "'\(index[$0.document].title)' (\(index[$0.document].date.iso))" }
            message += "; did you mean " + names.joined(separator: " or ") + "?"
        }
        diagnostics.append(Diagnostic(code: .unknownDocument, message: message, range: title.range,
                                      related: suggestions.map { related($0.document) }, fix: clear, alternatives: fixes))
    }
}
