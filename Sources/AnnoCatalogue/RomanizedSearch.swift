import AnnoRomanization

/// Romanization in completion and suggestions (spec/romanization.md): a query word also finds
/// title words that spell the same name another way, through `romanization` (built once at
/// load), and those matches always rank below words spelled as typed. Kept apart from the rest
/// of the search so that it can move with the index.
extension CatalogueIndex {
    /// Match scores in completion, below a word spelled as typed (3) or a word it starts (2).
    static let sameKeyScore = 1.9, keyPrefixScore = 1.6, nearScore = 1.4
    /// Word weights in suggestions' Dice coefficient, below an equal word (1).
    static let sameKeyWeight = 0.9, nearWeight = 0.8

    /// Query words as matched: a Hangul word that no title word starts with is split into its
    /// syllables, since romanized titles write a Korean name's syllables as separate words
    /// (김일성 → Kim Il Sung).
    func expandingHangul(_ words: [String]) -> [String] {
        var out: [String] = []
        for word in words {
            if word.unicodeScalars.contains(where: Hangul.isSyllable), vocabularyRange(prefix: word).isEmpty {
                out.append(contentsOf: Hangul.splitSyllables(word))
            } else {
                out.append(word)
            }
        }
        return out
    }

    /// What each query word matches under romanization; `prefixes` while a word is being typed.
    /// Near keys are looked for while typing, and in suggestions for words no title has (a word
    /// some title spells as cited is rarely a misspelt name, and checking many citations
    /// should not pay for it).
    func romanizedVariants(_ words: [String], prefixes: Bool) -> [WordVariants] {
        words.map { romanization.variants(of: $0, prefixes: prefixes, near: prefixes || postings($0) == nil) }
    }

    /// Adds to `hits` the documents whose titles have a romanization variant of a query word,
    /// as the main loop adds those of the word itself: common words (more than `cutoff`
    /// documents) are left out, and once 500 documents are found only their counts grow.
    func addRomanizedHits(_ query: [SuggestionWord], _ variants: [WordVariants], to hits: inout DocumentCounts, cutoff: Int) {
        let listLimit = min(cutoff, 2_000)
        var seen = DocumentCounts()
        for (q, v) in zip(query, variants) where q.postingCount <= cutoff {
            seen.removeAll()
            for w in romanization.wordPositions(in: v, limit: 50) where Int(w) != q.id {
                let list = postings(wordID: Int(w))
                guard list.count <= listLimit else { continue }
                for d in list where seen.insert(d) {
                    if hits.count < 500 { hits.add(d, 1) } else { hits.incrementIfPresent(d) }
                }
            }
        }
    }

    /// `titleSimilarity` that also counts a word spelled in another romanization (0.9 for an
    /// equal key, 0.8 one edit apart, like a typo), so that a title citing "Park Sung-chul"
    /// finds the one with "Pak Seong-cheol".
    func romanizedSimilarity(_ query: [SuggestionWord], _ variants: [WordVariants], _ title: FlatView<UInt32>, _ typos: inout TypoMemo) -> Double {
        if query.isEmpty || title.isEmpty || variants.count != query.count { return 0 }
        // Runs for every candidate of every unknown title: the title is read in place, and the
        // words matched and the query words left are kept on the stack.
        let t = title.buffer
        let n = t.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n) { used -> Double in
            used.initialize(repeating: false)
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: query.count) { rest -> Double in
                var restCount = 0
                var matched = 0.0
                for k in query.indices {
                    var found = false
                    if let id = query[k].id {
                        for i in 0..<n where !used[i] && Int(t[i]) == id {
                            used[i] = true
                            matched += 1
                            found = true
                            break
                        }
                    }
                    if !found {
                        rest[restCount] = k
                        restCount += 1
                    }
                }
                for r in 0..<restCount {
                    let k = rest[r]
                    let q = query[k]
                    var best = 0.0, bestAt = -1
                    for i in 0..<n where !used[i] {
                        var s = 0.0
                        if let match = variants[k].match(romanization.keyID(ofWordAt: Int(t[i]))) {
                            s = match == .sameKey ? CatalogueIndex.sameKeyWeight : (match == .near ? CatalogueIndex.nearWeight : 0)
                        }
                        if s < 0.8 && q.characterCount >= 4 {
                            let limit = q.characterCount >= 8 ? 2 : 1
                            let w = vocabulary.utf8(Int(t[i]))
                            if abs(w.count - q.bytes.count) <= limit && q.mayBeWithin(limit, of: w)
                                && typos.within(limit, k, q.bytes, Int(t[i]), w) { s = 0.8 }
                        }
                        if s > best { best = s; bestAt = i }
                    }
                    if bestAt >= 0 {
                        used[bestAt] = true
                        matched += best
                    }
                }
                return 2 * matched / Double(query.count + n)
            }
        }
    }
}
