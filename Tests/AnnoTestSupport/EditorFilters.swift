/// How editors filter a completion list again on their side, before showing it. The server
/// must shape `filterText` so that the items it chose survive each of these (issue 3).
public enum EditorFilter: String, Sendable, CaseIterable, CustomStringConvertible {
    /// VS Code: the word (edit range start → cursor) must fuzzily match the start of
    /// `filterText`: each of its characters appears in order, the first at filterText's start.
    case vscode
    /// eglot: `filterText` starts with the typed text.
    case eglot
    /// Neovim's LSP omnifunc, with the start taken from the textEdit's range: a prefix match.
    case neovim

    public var description: String { rawValue }

    /// Whether the editor keeps an item whose `filterText` is `filterText`, given the text typed
    /// from the edit range's start to the cursor.
    public func keeps(typed: String, filterText: String) -> Bool {
        switch self {
        case .vscode: return EditorFilter.fuzzyPrefixMatch(typed, filterText)
        case .eglot, .neovim: return filterText.hasPrefix(typed)
        }
    }

    static func fuzzyPrefixMatch(_ word: String, _ target: String) -> Bool {
        let w = Array(word.lowercased().unicodeScalars), t = Array(target.lowercased().unicodeScalars)
        guard let first = w.first else { return true }
        guard t.first == first else { return false }
        var j = 1
        for c in w.dropFirst() {
            while j < t.count && t[j] != c { j += 1 }
            if j == t.count { return false }
            j += 1
        }
        return true
    }
}
