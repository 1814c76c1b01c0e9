import AnnoCatalogue
import Foundation
import Testing

enum SchemaValidator {
    static let isAvailable: Bool = (try? CatalogueSchemaTests.run(["-c", "import jsonschema"]).status) == 0
}

/// spec/catalogue.schema.json and the loader agree: the real data and the bundled catalogue are
/// valid, and a catalogue the schema rejects is one the loader reports an error in.
///
/// The schema side runs Python's `jsonschema` (draft 2020-12), so these tests need `python3`
/// with that package (`apt-get install python3-jsonschema` or `pip install jsonschema`).
@Suite(.enabled(if: SchemaValidator.isAvailable, "needs python3 with the jsonschema package"))
struct CatalogueSchemaTests {
    static let schemaPath = SharedFiles.specDirectory + "/catalogue.schema.json"

    /// Validates each file against the schema; returns, per file, the schema's error messages.
    static let validatorScript = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    print(json.dumps([[e.message for e in validator.iter_errors(json.load(open(p)))] for p in sys.argv[2:]]))
    """

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func schemaErrors(_ files: [String]) throws -> [[String]] {
        let (status, output) = try run(["-c", validatorScript, schemaPath] + files)
        #expect(status == 0, "the validator failed; is spec/catalogue.schema.json a valid draft 2020-12 schema?")
        return try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
    }

    @Test func theRealDataAndTheBundledCatalogueAreValid() throws {
        let bundled = FileManager.default.temporaryDirectory.appendingPathComponent("anno-bundled-\(UUID().uuidString).json").path
        try Data(BundledCatalogue.json.utf8).write(to: URL(fileURLWithPath: bundled))
        defer { try? FileManager.default.removeItem(atPath: bundled) }
        let errors = try CatalogueSchemaTests.schemaErrors([try SharedFiles.path("data/archive-documents.json"), bundled])
        #expect(errors == [[], []])
    }

    /// Catalogues the schema can judge: valid for the schema exactly when the loader finds no error.
    static let samples: [(String, String)] = [
        ("minimal", #"{"documents": []}"#),
        ("full", #"{"$schema": "x", "name": "N", "description": "d", "version": 2, "documents": [{"id": "a", "date": "1960-05-02", "title": "T", "summary": "s", "url": "u", "archive": "A", "extra": [1]}]}"#),
        ("null url", #"{"documents": [{"id": "a", "date": "1960", "title": "T", "summary": "s", "url": null, "archive": null}]}"#),
        ("no summary", #"{"documents": [{"id": "a", "date": "1960-05", "title": "T"}]}"#),
        ("unknown top-level key", #"{"documents": [], "colour": 1}"#),
        ("not an object", #"[]"#),
        ("no documents", #"{"name": "N"}"#),
        ("documents not an array", #"{"documents": {}}"#),
        ("name not a string", #"{"name": 1, "documents": []}"#),
        ("entry not an object", #"{"documents": ["x"]}"#),
        ("no id", #"{"documents": [{"date": "1960", "title": "T", "summary": "s"}]}"#),
        ("blank title", #"{"documents": [{"id": "a", "date": "1960", "title": " ", "summary": "s"}]}"#),
        ("numeric id", #"{"documents": [{"id": 1, "date": "1960", "title": "T", "summary": "s"}]}"#),
        ("month 13", #"{"documents": [{"id": "a", "date": "1960-13", "title": "T", "summary": "s"}]}"#),
        ("day 32", #"{"documents": [{"id": "a", "date": "1960-01-32", "title": "T", "summary": "s"}]}"#),
        ("prose date", #"{"documents": [{"id": "a", "date": "May 2, 1960", "title": "T", "summary": "s"}]}"#),
        ("two-digit month missing", #"{"documents": [{"id": "a", "date": "1960-5", "title": "T", "summary": "s"}]}"#),
        ("summary not a string", #"{"documents": [{"id": "a", "date": "1960", "title": "T", "summary": 5}]}"#),
        ("url not a string", #"{"documents": [{"id": "a", "date": "1960", "title": "T", "summary": "s", "url": 5}]}"#),
    ]

    @Test func theSchemaAndTheLoaderAgree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anno-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (i, sample) in CatalogueSchemaTests.samples.enumerated() {
            let path = dir.appendingPathComponent("\(i).json").path
            try Data(sample.1.utf8).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        let schemaErrors = try CatalogueSchemaTests.schemaErrors(files)
        for ((name, json), errors) in zip(CatalogueSchemaTests.samples, schemaErrors) {
            let loaded = CatalogueLoader.load(json: Array(json.utf8), path: name, defaultName: name)
            let loaderErrors = loaded.problems.filter { $0.severity == .error }
            #expect(errors.isEmpty == loaderErrors.isEmpty,
                    "\(name): the schema says \(errors.isEmpty ? "valid" : "invalid (\(errors))"), the loader \(loaderErrors.isEmpty ? "finds no error" : "reports \(loaderErrors.map(\.message))")")
        }
    }
}
