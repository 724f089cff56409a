// swift-tools-version: 6.1
import PackageDescription

// Dependencies are named once here and used by the targets below.
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals: Target.Dependency = .product(name: "UnixSignals", package: "swift-service-lifecycle")
/// Linker flags for a statically linked Swift runtime (what `--static-swift-stdlib` adds, for one product).
let staticRuntime = [
    "-static-stdlib", "-use-ld=lld", "-l_FoundationCollections", "-l_FoundationCShims",
    "-lswiftSynchronization",
]
let nioHTTP1: Target.Dependency = .product(name: "NIOHTTP1", package: "swift-nio")
/// SwiftNIO's quiescing helper: a server's graceful stop (stop accepting, tell each connection, wait for them).
let nioExtras: Target.Dependency = .product(name: "NIOExtras", package: "swift-nio-extras")
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let zipFoundation: Target.Dependency = .product(name: "ZIPFoundation", package: "ZIPFoundation")
/// Persistent hash trees (`TreeDictionary`): a follow-up's histories shared with the published snapshot, so that a
/// write copies O(log n) of them, not all.
let hashTrees: Target.Dependency = .product(name: "HashTreeCollections", package: "swift-collections")

/// One settings array, applied to every target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
/// The test targets' settings: `make test` builds release (the code as it ships), but the tests' own code needs no
/// optimiser, and optimising it was a minute of every build.
let testSettings = swiftSettings + [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "goald",
    // Linux only, and no platforms to name: goald and its tools use Glibc, SO_PEERCRED, epoll through NIO, and
    // systemd (sd_notify, socket activation, the journal); nothing here is built or tested elsewhere.
    products: [
        .executable(name: "goald", targets: ["goald"]),
        .executable(name: "goalctl", targets: ["goalctl"]),
        .executable(name: "goal-xlsx", targets: ["goal-xlsx"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    ],
    targets: [
        // Build tool: turns JSON resources into Swift constants so the binaries carry them.
        .executableTarget(name: "goal-embed", path: "Sources/goal-embed", swiftSettings: swiftSettings),
        .plugin(
            name: "EmbedResources", capability: .buildTool(), dependencies: ["goal-embed"],
            path: "Sources/EmbedResources"),

        // Numbers and text as people and spreadsheets read them (1 250,5; no control character reaching a terminal;
        // no formula in a CSV cell): what the domain, the report, the log and goalctl share.
        .target(name: "GoalNumbers", swiftSettings: swiftSettings),
        // Pure domain: goals, indicators, targets, the embedded default plan. No I/O.
        .target(
            name: "GoalDomain", dependencies: ["GoalNumbers", hashTrees], exclude: ["Resources"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedResources"]),
        // The follow-up report: built from the domain's state, rendered as HTML (inline SVG charts), CSV, Markdown.
        // Pure: no I/O.
        .target(name: "GoalReport", dependencies: ["GoalDomain", "GoalNumbers"], swiftSettings: swiftSettings),
        // The wire contract: method catalogue, envelopes, messages, status codes.
        .target(name: "GoalProtocol", swiftSettings: swiftSettings),
        // Length-prefixed framing shared by both ends.
        .target(name: "GoalWire", dependencies: ["GoalProtocol", nioCore], swiftSettings: swiftSettings),
        // Durability: SQLite through GRDB, append-only migrations, load at start.
        .target(
            name: "GoalStore", dependencies: ["GoalDomain", grdb, .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        // libsystemd through pkg-config.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(
            name: "GoalSystemd", dependencies: ["CSystemd", "GoalNumbers", logging, lifecycle],
            swiftSettings: swiftSettings),
        // glibc's allocator controls (malloc_trim), for memory returned after a large answer.
        .systemLibrary(name: "CMalloc"),
        // The daemon: socket, router, handlers, live state.
        .target(
            name: "GoalServer",
            dependencies: [
                "GoalDomain", "GoalNumbers", "GoalReport", "GoalProtocol", "GoalWire", "GoalStore", "CMalloc", nioCore,
                nioPosix, nioExtras,
                logging, lifecycle, coreMetrics,
            ],
            exclude: ["Resources"], swiftSettings: swiftSettings, plugins: ["EmbedResources"]),
        // The read-only HTTP side door: the live status page, the report, Server-Sent Events, Prometheus metrics,
        // health; SwiftNIO's HTTP/1 codec on the RPC server's event loops.
        .target(
            name: "GoalHTTP",
            dependencies: [
                "GoalServer", "GoalReport", "GoalDomain", "GoalProtocol", "GoalStore", nioCore, nioPosix,
                nioHTTP1, logging, lifecycle, coreMetrics, prometheus,
            ],
            swiftSettings: swiftSettings),
        // A small blocking client over the Unix socket.
        .target(name: "GoalClient", dependencies: ["GoalProtocol"], swiftSettings: swiftSettings),
        // Excel workbooks (.xlsx) read and written: ZIPFoundation for the archive, Foundation's XMLParser (libxml2).
        .target(name: "GoalWorkbook", dependencies: [zipFoundation], swiftSettings: swiftSettings),
        // goalctl's workbook helper: reads a sheet as CSV and writes an export as a workbook. A program of its own,
        // so that goalctl, which scripts start for every call, links neither Foundation nor libxml2.
        .executableTarget(name: "goal-xlsx", dependencies: ["GoalWorkbook"], swiftSettings: swiftSettings),
        // goalctl's command tree and output.
        .target(
            name: "GoalCLI", dependencies: ["GoalClient", "GoalProtocol", "GoalNumbers", argumentParser],
            swiftSettings: swiftSettings),
        // Helpers for tests only.
        .target(
            name: "GoalTestSupport",
            dependencies: [
                "GoalClient", "GoalProtocol", "GoalWire", "GoalServer", "GoalStore", "GoalDomain",
                logging, nioCore, .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // The pipeline fuzzer as a program, run optimised by `make test`.
        .executableTarget(name: "goald-fuzz", dependencies: ["GoalTestSupport"], swiftSettings: swiftSettings),

        .executableTarget(
            name: "goald",
            dependencies: [
                "GoalServer", "GoalHTTP", "GoalStore", "GoalSystemd", "GoalDomain", argumentParser, logging,
                lifecycle, unixSignals, prometheus,
            ],
            swiftSettings: swiftSettings),
        // goalctl starts for every call a script makes: in release it links the Swift runtime and
        // FoundationEssentials statically (nothing to load and relocate at start), with the toolchain's lld.
        .executableTarget(
            name: "goalctl", dependencies: ["GoalCLI", argumentParser], swiftSettings: swiftSettings,
            linkerSettings: [.unsafeFlags(staticRuntime, .when(configuration: .release))]),

        .testTarget(
            name: "GoalProtocolTests", dependencies: ["GoalProtocol", "GoalTestSupport"],
            swiftSettings: testSettings),
        .testTarget(
            name: "GoalWorkbookTests", dependencies: ["GoalWorkbook", zipFoundation], swiftSettings: testSettings),
        .testTarget(name: "GoalReportTests", dependencies: ["GoalReport", "GoalDomain"], swiftSettings: testSettings),
        .testTarget(
            name: "GoalDomainTests", dependencies: ["GoalDomain", "GoalNumbers", "GoalTestSupport", hashTrees],
            swiftSettings: testSettings),
        .testTarget(
            name: "GoalServerTests",
            dependencies: [
                "GoalServer", "GoalHTTP", "GoalStore", "GoalDomain", "GoalProtocol",
                "GoalClient", "GoalTestSupport", logging, prometheus, nioCore,
                nioPosix, .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "GoalStoreTests", dependencies: ["GoalStore", "GoalDomain", "GoalTestSupport", grdb],
            swiftSettings: testSettings),
        .testTarget(
            name: "GoalWireTests",
            dependencies: [
                "GoalWire", "GoalProtocol", nioCore,
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "GoalCLITests",
            dependencies: ["GoalCLI", "GoalTestSupport", "GoalClient", "GoalProtocol", "GoalWorkbook", "GoalDomain"],
            swiftSettings: testSettings),
        .testTarget(
            name: "GoalIntegrationTests",
            dependencies: [
                "GoalTestSupport", "GoalClient", "GoalProtocol", "GoalWire", "GoalCLI", "GoalStore", "GoalServer",
                "GoalDomain", grdb, argumentParser,
            ],
            swiftSettings: testSettings),
    ],
    swiftLanguageModes: [.v6]
)
