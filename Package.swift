// swift-tools-version:6.2
import PackageDescription

// Module graph (DESIGN.md §2); dependencies point down only:
// pbitui → App → (TerminalUI → CNCurses) and (PowerBI → EntraAuth → Tokens); pbitui → Simulator → Tokens.
let package = Package(
    name: "pbitui",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pbitui", targets: ["pbitui"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        // OpenAPI 3 descriptions (`--spec`); without its default trait ExternalLoading (async loading of other
        // files, built notably slower): other files' `$ref`s are followed by our own reader, as for Swagger 2.0.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0", traits: []),
        // Descriptions written in YAML.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // The tenant store (inventory, lineage, the activity log) in SQLite.
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        // `pbitui mcp`: the Model Context Protocol server on stdio.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The one definition of what must not reach a terminal raw, and its escape (no dependencies).
        .target(name: "TerminalSafety"),
        .target(
            name: "Tokens",
            dependencies: [
                "TerminalSafety",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "HTTPCore",
            dependencies: [
                "TerminalSafety",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "EntraAuth",
            dependencies: [
                "HTTPCore", "Tokens", "TerminalSafety",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The operations of API descriptions (Swagger 2.0) and the official Power BI one, compiled in: for the
        // permission table, `ops`, `call`, and the demo tenant's answer to what it does not model.
        .target(name: "APIDescriptions", dependencies: ["Tokens"]),
        // Description files of any kind: Swagger 2.0 or OpenAPI 3.x (through OpenAPIKit), JSON or YAML (Yams).
        .target(
            name: "APIDescriptionFiles",
            dependencies: [
                "APIDescriptions", "Tokens",
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "OpenAPIKit30", package: "OpenAPIKit"),
                .product(name: "OpenAPIKitCompat", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The four ways to call an Entra-protected API from Power Automate and Logic Apps: verdicts, workflow
        // definitions, custom connector packages, and their checks.
        .target(name: "Automate", dependencies: ["APIDescriptions", "EntraAuth", "HTTPCore", "PowerBI", "Tokens"]),
        .target(name: "PowerBI", dependencies: ["APIDescriptions", "ArrowIPC", "EntraAuth", "HTTPCore", "Tokens", "TerminalSafety"]),
        // The tenant store: the scanner's inventory and lineage and the activity log in SQLite (GRDB), and the
        // jobs that fill it within the service's limits, resumable after a crash.
        .target(
            name: "Inventory",
            dependencies: ["PowerBI", "Tokens", "TerminalSafety", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "TOML"),
        // CSV (RFC 4180) of a list's columns, for `ls --output csv`, `dax` and `:export csv` (written by hand for
        // speed, see CSVOutput.swift; CSV.swift's reader checks it in the tests).
        .target(name: "ListOutput", dependencies: ["TerminalSafety"]),
        .target(name: "CTerminalGuard"),
        .target(name: "TerminalUI", dependencies: ["CNCurses", "CTerminalGuard", "TerminalSafety"]),
        .target(name: "Config", dependencies: ["TerminalUI", "TOML", "TerminalSafety"]),
        // `pbitui mcp`: the tools an assistant calls, over the MCP Swift SDK.
        // The system's LZ4 (frame) and ZSTD, for Arrow IPC buffer compression (`.ci/run` installs liblz4-dev and libzstd-dev).
        .systemLibrary(name: "CCompression", path: "Sources/CCompression", providers: [.apt(["liblz4-dev", "libzstd-dev"])]),
        // The Arrow IPC stream reader (docs/ARROW.md): hand-written, no Swift Arrow library being in reach.
        .target(name: "ArrowIPC", dependencies: ["CCompression"]),
        .target(name: "Doctor", dependencies: ["APIDescriptions", "Automate", "EntraAuth", "PowerBI", "Tokens"]),
        .target(name: "MCPServer", dependencies: ["APIDescriptions", "Automate", "EntraAuth", "HTTPCore", "Inventory", "PowerBI", "Tokens",
                                                  .product(name: "MCP", package: "swift-sdk"), .product(name: "Logging", package: "swift-log")]),
        .target(name: "App", dependencies: ["APIDescriptions", "Automate", "Config", "Doctor", "Inventory", "TerminalUI", "PowerBI", "EntraAuth", "Tokens", "TerminalSafety", "ListOutput"]),
        .target(
            name: "Simulator",
            dependencies: [
                "APIDescriptions", "ArrowIPC", "Tokens",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "pbitui",
            dependencies: [
                "APIDescriptionFiles", "APIDescriptions", "App", "Automate", "Config", "Doctor", "Inventory", "MCPServer", "Simulator", "PowerBI", "EntraAuth", "HTTPCore", "TerminalUI", "Tokens", "TerminalSafety", "ListOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift run -c release pbitui-bench`: frame rendering and filtering over 100,000 rows (docs/BENCHMARKS.md).
        .executableTarget(name: "pbitui-bench", dependencies: ["App", "ArrowIPC", "Inventory", "TerminalUI", "PowerBI", "ListOutput", "Tokens",
                                                        .product(name: "GRDB", package: "GRDB.swift")], path: "Benchmarks/UIBench"),
        // Counted by valgrind in CI (scripts/instruction-guard.py): the per-object JSON work of `ls`, machine-independent.
        .executableTarget(name: "pbitui-workcount", dependencies: ["Tokens"], path: "Benchmarks/WorkCount"),
        // What several test targets share: a client signed in to an in-process demo tenant.
        .target(name: "TestSupport", dependencies: ["EntraAuth", "HTTPCore", "PowerBI", "Simulator"], path: "Tests/TestSupport"),
        .testTarget(name: "TokensTests", dependencies: ["Tokens"]),
        .testTarget(name: "ArrowIPCTests", dependencies: ["ArrowIPC"]),
        .testTarget(name: "DoctorTests", dependencies: ["Doctor", "EntraAuth", "HTTPCore", "PowerBI", "Simulator", "TestSupport", "Tokens"]),
        .testTarget(name: "MCPServerTests", dependencies: ["HTTPCore", "MCPServer", "PowerBI", "TestSupport", "Tokens", .product(name: "MCP", package: "swift-sdk")]),
        .testTarget(name: "AutomateTests", dependencies: ["APIDescriptions", "Automate", "Tokens"]),
        .testTarget(name: "TerminalSafetyTests", dependencies: ["TerminalSafety"]),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"]),
        .testTarget(name: "EntraAuthTests", dependencies: ["EntraAuth", "HTTPCore", "Simulator", "Tokens"]),
        .testTarget(name: "APIDescriptionsTests", dependencies: ["APIDescriptionFiles", "APIDescriptions", "Tokens"], exclude: ["Fixtures"]),
        .testTarget(name: "PowerBITests", dependencies: ["APIDescriptions", "ArrowIPC", "PowerBI", "Simulator", "TestSupport", "EntraAuth", "HTTPCore", "Tokens"], exclude: ["Fixtures"]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "PowerBI", "Simulator", "TestSupport", "Tokens",
                                                         .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "CNCurses", "TerminalSafety"]),
        .testTarget(name: "AppTests", dependencies: ["APIDescriptions", "App", "ArrowIPC", "Automate", "Config", "Doctor", "Inventory", "Simulator", "TestSupport", "EntraAuth", "HTTPCore", "PowerBI", "TerminalUI", "Tokens", "TOML",
                                                  .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "SimulatorTests", dependencies: ["APIDescriptions", "Simulator", "EntraAuth", "HTTPCore", "Tokens", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "pbituiTests", dependencies: ["EntraAuth", "HTTPCore", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["APIDescriptions", "App", "ArrowIPC", "Config", "PowerBI", "EntraAuth", "HTTPCore", "ListOutput", "Tokens", "TOML", "TerminalUI"]),
    ],
    swiftLanguageModes: [.v6]
)
