import AnnoCatalogue
import AnnoWorkspace

/// The catalogues the targets check against: the bundled one, every catalogue of
/// spec/conformance, and a hostile one whose text tries to inject markdown, HTML and links into
/// hovers and completion documentation, and whose titles are made to break citation escaping.
enum FuzzCatalogues {
    /// The checkout's root, found from this file's path (Tests/Fuzz/Support/…).
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }()

    static let hostileJSON = #"""
    {"name": "hostile [x](command:evil) <b>", "documents": [
      {"id": "h1", "date": "1960-05-02", "title": "[click](command:workbench.action.quit) ![img](https://evil.example/x.png)",
       "summary": "<script>alert(1)</script> <img src=x onerror=alert(1)> [a]: command:x \"t\"", "url": "command:workbench.action.quit"},
      {"id": "h2", "date": "1960-05", "title": "# Heading | pipe \\ backslash ]] [[ `code` *em* _u_ ~~s~~",
       "summary": "> quote\n- list\n\n    indented code\n<https://ok.example> &amp; &#x5B; javascript:alert(1) mailto:a@b.example", "url": "javascript:alert(1)"},
      {"id": "h3", "date": "1960", "title": "Memo [draft] [[nested]] \\| \\[ tail\\", "summary": "", "url": "https://ok.example/a b"},
      {"id": "h4", "date": "1961-01-01", "title": "Tab\tand\nnewline\r\ntitle  with   spaces", "summary": "x\u0000y\u202Ez", "url": "HTTPS://OK.EXAMPLE/<x>"},
      {"id": "h5", "date": "1961-02-03", "title": "Журнал посла 金日成 😀 é", "summary": "—", "url": "https://ok.example/журнал"},
      {"id": "h6", "date": "1961-02-03", "title": "]", "summary": "[", "url": null, "archive": "<archive> [x](y)"}
    ]}
    """#

    static let hostile = CatalogueLoader.load(json: Array(hostileJSON.utf8), path: nil, defaultName: "hostile")

    static let conformance: [Catalogue] = {
        catalogueFiles(in: root + "/spec/conformance").map { CatalogueFile.load($0) }
    }()

    static func catalogueFiles(in directory: String) -> [String] {
        var names: [String] = []
        if let dir = opendir(directory) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name.hasSuffix(".catalogue.json") { names.append(directory + "/" + name) }
            }
            closedir(dir)
        }
        return names.sorted()
    }

    static let all: [Catalogue] = [CatalogueLoader.bundled] + conformance + [hostile]
    static let index = CatalogueIndex(catalogues: all)
}

#if canImport(Glibc)
import Glibc
#endif
