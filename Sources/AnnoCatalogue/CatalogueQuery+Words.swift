extension CatalogueQuery {
    /// A query from words a person typed into a search box (`anno catalogue search`, an editor's
    /// workspace symbol search): the first word made only of digits and dashes that starts with
    /// a digit is a date prefix (`1960`, `1960-05`); the others are title words.
    public init(searchWords: [String]) {
        var datePrefix = ""
        var titleWords: [String] = []
        for w in searchWords {
            if datePrefix.isEmpty, let first = w.utf8.first, first >= 0x30 && first <= 0x39,
               w.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
                datePrefix = w
            } else {
                titleWords.append(w)
            }
        }
        self.init(datePrefix: datePrefix, titleText: titleWords.joined(separator: " "))
    }
}
