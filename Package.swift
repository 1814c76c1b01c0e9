// swift-tools-version:6.0
// Anno: a language server and checker for historians' archive notes.
// No package dependencies: Foundation, Dispatch, Glibc and the toolchain's test libraries only.
import PackageDescription

let package = Package(
    name: "Anno",
    products: [
        .executable(name: "anno", targets: ["anno"]),
    ],
    targets: [
        // Layers depend one way: JSON, Syntax -> Catalogue -> Check -> Workspace -> Protocol -> Server -> CLI.
        .target(name: "AnnoJSON"),
        .target(name: "AnnoSyntax"),
        .target(name: "AnnoRomanization"),
        .target(name: "AnnoCatalogue", dependencies: ["AnnoJSON", "AnnoSyntax", "AnnoRomanization"]),
        .target(name: "AnnoCheck", dependencies: ["AnnoSyntax", "AnnoCatalogue", "AnnoJSON"]),
        .target(name: "AnnoWorkspace", dependencies: ["AnnoJSON", "AnnoSyntax", "AnnoCatalogue", "AnnoCheck"]),
        .target(name: "AnnoProtocol", dependencies: ["AnnoJSON"]),
        .target(name: "AnnoServer", dependencies: ["AnnoJSON", "AnnoSyntax", "AnnoCatalogue", "AnnoCheck", "AnnoWorkspace", "AnnoProtocol"]),
        .target(name: "AnnoCLI", dependencies: ["AnnoJSON", "AnnoSyntax", "AnnoCatalogue", "AnnoCheck", "AnnoWorkspace", "AnnoServer"]),
        .executableTarget(name: "anno", dependencies: ["AnnoCLI"]),
        .executableTarget(name: "AnnoBench", dependencies: ["AnnoJSON", "AnnoSyntax", "AnnoCatalogue", "AnnoCheck"],
                          exclude: ["README.md", "results", "run-all.sh"]),

        // A JSON-RPC test client and fixtures shared by the server and end-to-end tests.
        .target(name: "AnnoTestSupport", dependencies: ["AnnoJSON", "AnnoProtocol"], path: "Tests/AnnoTestSupport"),

        .testTarget(name: "AnnoJSONTests", dependencies: ["AnnoJSON", "AnnoTestSupport"]),
        .testTarget(name: "AnnoSyntaxTests", dependencies: ["AnnoSyntax", "AnnoTestSupport"]),
        .testTarget(name: "AnnoRomanizationTests", dependencies: ["AnnoRomanization"]),
        .testTarget(name: "AnnoCatalogueTests", dependencies: ["AnnoCatalogue", "AnnoJSON", "AnnoTestSupport"]),
        .testTarget(name: "AnnoCheckTests", dependencies: ["AnnoCheck", "AnnoCatalogue", "AnnoSyntax"]),
        .testTarget(name: "AnnoProtocolTests", dependencies: ["AnnoProtocol", "AnnoJSON", "AnnoTestSupport"]),
        .testTarget(name: "AnnoServerTests", dependencies: ["AnnoServer", "AnnoProtocol", "AnnoJSON", "AnnoCatalogue", "AnnoTestSupport"]),
        .testTarget(name: "AnnoWorkspaceTests", dependencies: ["AnnoWorkspace", "AnnoCatalogue", "AnnoCheck", "AnnoSyntax", "AnnoTestSupport"]),
        .testTarget(name: "AnnoCLITests", dependencies: ["AnnoCLI", "AnnoWorkspace", "AnnoJSON"]),
        .testTarget(name: "ConformanceTests", dependencies: ["AnnoCheck", "AnnoCatalogue", "AnnoSyntax", "AnnoJSON", "AnnoWorkspace"]),
        .testTarget(name: "EndToEndTests", dependencies: ["anno", "AnnoJSON", "AnnoProtocol", "AnnoTestSupport"]),
    ]
)
