// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The entity tagger's model is assembled into the binary (`.incbin`), so
// `copydesk run` needs no file beside it; the assembler finds it through -I.
let packageDirectory = String(#filePath.dropLast("/Package.swift".count))

let package = Package(
    name: "copydesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "copydesk", targets: ["copydesk"]),
        .library(name: "CopydeskLog", targets: ["CopydeskLog"]),
        .library(name: "CopydeskRecord", targets: ["CopydeskRecord"]),
        .library(name: "CopydeskCore", targets: ["CopydeskCore"]),
        .library(name: "CopydeskDaemon", targets: ["CopydeskDaemon"]),
        .library(name: "CopydeskSinks", targets: ["CopydeskSinks"]),
        .library(name: "CopydeskEntities", targets: ["CopydeskEntities"]),
        .library(name: "CopydeskHTML", targets: ["CopydeskHTML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The control API's HTTP/1.1 server (unix socket and an optional TCP listener).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Debian's libzstd (libzstd-dev), linked dynamically.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // OpenSSL's libcrypto (Debian's libssl-dev), for SHA-256 only.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // PostgreSQL's client library (Debian's libpq-dev), for replay into PostgreSQL.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // librdkafka (Debian's librdkafka-dev), for replay into Kafka.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // zlib (Debian's zlib1g-dev), for gzip-compressed replay files.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libxml2 (Debian's libxml2-dev): the HTML parser for web pages and the XML parser for NewsML-G2.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // CRC32C (Castagnoli): SSE4.2 instruction when the CPU has it, a table otherwise.
        .target(name: "CCRC32C"),
        // Linux calls that glibc declares only under _GNU_SOURCE (renameat2).
        .target(name: "CLinux"),
        // The trained entity model (Sources/CEntitiesModel/entities.model, written
        // by `copydesk train-entities`), embedded as read-only data.
        .target(
            name: "CEntitiesModel",
            exclude: ["entities.model"],
            cSettings: [.unsafeFlags(["-Wa,-I" + packageDirectory + "/Sources/CEntitiesModel"])]
        ),
        // The tagger's inner loop (feature look-ups with prefetching), in C.
        .target(name: "CTaggerKernel"),
        // Tokenizer, sentence splitter, the statistical entity tagger, and the
        // rules for money, percentages, dates, sources and quotes. No I/O.
        .target(
            name: "CopydeskEntities",
            dependencies: ["CEntitiesModel", "CTaggerKernel"],
            swiftSettings: strict
        ),
        // Article extraction from web pages (libxml2), metadata, the benchmark's metric.
        .target(
            name: "CopydeskHTML",
            dependencies: ["CLibXML2", "CZlib"],
            swiftSettings: strict
        ),
        .target(
            name: "CopydeskLog",
            dependencies: [
                "CZstd", "CCRC32C",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The record's schema (field names and paths), its one fast field reader
        // and its one JSON string escaper. No dependencies, no I/O: the writer in
        // CopydeskCore and the readers in CopydeskSinks both build on it.
        .target(name: "CopydeskRecord", swiftSettings: strict),
        .target(
            name: "CopydeskCore",
            dependencies: [
                "CopydeskRecord", "CopydeskLog", "CCrypto", "CopydeskEntities", "CopydeskHTML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CopydeskDaemon",
            dependencies: [
                "CopydeskCore", "CopydeskLog", "CopydeskSinks", "CLinux",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The daemon's runtime in the test's process: an embedded loop, log and
        // drop directory that a test steps (swift-nio's NIOEmbedded lesson).
        .target(
            name: "CopydeskDaemonEmbedded",
            dependencies: ["CopydeskDaemon", "CopydeskCore", "CopydeskLog", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "CopydeskSinks",
            dependencies: [
                "CopydeskRecord", "CopydeskLog", "CZstd", "CZlib", "CLibPQ", "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        // `copydesk bench …`: the benchmarks, apart from the modules the daemon links.
        .target(
            name: "CopydeskBench",
            dependencies: [
                "CopydeskDaemon", "CopydeskCore", "CopydeskLog", "CopydeskRecord", "CopydeskSinks", "CZstd", "CLibPQ", "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "copydesk",
            dependencies: [
                "CopydeskLog", "CopydeskRecord", "CopydeskCore", "CopydeskDaemon", "CopydeskSinks", "CopydeskEntities", "CopydeskHTML", "CopydeskBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The parse stage under libFuzzer (README "Fuzzing"); a stub unless built with -DFUZZING.
        .executableTarget(
            name: "copydesk-fuzz",
            dependencies: ["CopydeskCore", "CopydeskHTML"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskLogTests",
            dependencies: ["CopydeskLog", "CZstd"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskRecordTests",
            dependencies: ["CopydeskRecord"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskEntitiesTests",
            dependencies: ["CopydeskEntities"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskHTMLTests",
            dependencies: ["CopydeskHTML"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskCoreTests",
            dependencies: ["CopydeskBench", "CopydeskCore", "CopydeskRecord", "CopydeskEntities", "CopydeskHTML"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskDaemonTests",
            dependencies: ["CopydeskDaemon", "CopydeskDaemonEmbedded", "CopydeskCore", "CopydeskLog"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskBenchTests",
            dependencies: ["CopydeskBench"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskSinksTests",
            dependencies: ["CopydeskBench", "CopydeskSinks", "CopydeskLog", "CRdKafka", "CLibPQ", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CopydeskCLITests",
            dependencies: ["CopydeskLog"],
            swiftSettings: strict
        ),
    ]
)
