import AnnoCatalogue
import AnnoCheck
import AnnoJSON
import AnnoProtocol

/// `workspace/diagnostic`: every note of the workspace, open or not, from the workspace index.
/// Each report carries a result id (a hash of its diagnostics); a note whose diagnostics did not
/// change since the id the client sends back is reported `unchanged`.
extension LanguageServer {
    func workspaceDiagnostics(_ params: WorkspaceDiagnosticParams) throws -> JSONValue {
        var previous: [String: String] = [:]
        for p in params.previousResultIds { previous[p.uri] = p.value }
        var items: [WorkspaceDocumentDiagnosticReport] = []
        for entry in currentIndex() {
            let diagnostics = entry.summary.diagnostics.map { lspDiagnostic($0, lines: entry.summary.positions) }
            let resultId = String(StableHash.hash(JSON.serialize(diagnostics.json)), radix: 16)
            let report: DocumentDiagnosticReport = previous[entry.uri] == resultId
                ? .unchanged(resultId: resultId)
                : .full(resultId: resultId, items: diagnostics)
            items.append(WorkspaceDocumentDiagnosticReport(uri: entry.uri, version: entry.openVersion, report: report))
        }
        return WorkspaceDiagnosticReport(items: items).json
    }
}
