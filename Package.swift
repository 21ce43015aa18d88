// swift-tools-version: 6.1
// cimpvt — Monte Carlo of PVT-induced training-accuracy loss in SRAM compute-in-memory macros.
import PackageDescription

let package = Package(
    name: "cimpvt",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cimpvt", targets: ["cimpvt"]),
        .library(name: "Variation", targets: ["Variation"]),
        .library(name: "Sweep", targets: ["Sweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // C system libraries: module maps and shims only.
        .systemLibrary(name: "CGSL", path: "Sources/CGSL"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // The ADC conversion kernels in C: AVX2 chosen at run time, bit-identical scalar fallback.
        .target(name: "CVectorPath", path: "Sources/CVectorPath"),
        .target(name: "CADC", dependencies: ["CVectorPath"], path: "Sources/CADC"),
        .target(name: "CDMBP", dependencies: ["CVectorPath"], path: "Sources/CDMBP"),
        .target(name: "CAlign", dependencies: ["CVectorPath"], path: "Sources/CAlign"),

        // Random streams, technology card, corners, device physics, die sampling.
        .target(name: "Variation", dependencies: ["CGSL"]),
        // Device calibration: ngspice I-V and FO4 decks, the least-squares fit of the card's device terms.
        .target(name: "Calibration", dependencies: ["Variation", "CGSL"]),
        // OpenBLAS: kernel selection at start-up, one thread per trial, sgemm.
        .target(name: "BLAS", dependencies: ["COpenBLAS"]),
        // Number formats, pre-alignment, the digital and analog CIM macros, bitcell stability.
        .target(name: "Macros", dependencies: ["Variation", "BLAS", "CADC", "CDMBP", "CAlign"]),
        // Datasets, the MLP, SGD, training on a die's macros, the FP32 baseline, one trial.
        .target(name: "Training", dependencies: ["Variation", "BLAS", "Macros", "CZlib"],
                resources: [.copy("Resources/digits.csv.gz"), .copy("Resources/mnist_5k.csv.gz")]),
        // Aggregation, yield and its intervals.
        .target(name: "Analysis", dependencies: ["Variation"]),
        // Sweep files, the plan of trials, the parallel runner, the journal, shards and merge.
        .target(name: "Sweep", dependencies: [
            "Variation", "Macros", "Training", "Analysis",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Reports: SVG charts, HTML and Markdown of a results folder.
        .target(name: "Report", dependencies: ["Analysis", "Sweep", "Variation", "Calibration"]),
        // The command line: thin commands over the libraries.
        .executableTarget(name: "cimpvt", dependencies: [
            "Variation", "BLAS", "Macros", "Training", "Analysis", "Sweep", "Report", "Calibration",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "VariationTests", dependencies: ["Variation", "BLAS"]),
        .testTarget(name: "MacrosTests", dependencies: ["Macros", "CADC", "CAlign", "CVectorPath"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Macros", "Variation", "BLAS"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Variation"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Analysis", "Sweep", "Variation"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Training", "Analysis", "Macros", "Variation"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Variation", "Sweep", "Report"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["cimpvt"]),
    ]
)

// Benchmarks (ordo-one/benchmark): `swift package benchmark`. Not run by CI.
package.targets += [
    .executableTarget(
        name: "CIMBenchmarks",
        dependencies: [
            "Variation", "BLAS", "CADC", "Macros", "Training", "Sweep",
            .product(name: "Benchmark", package: "benchmark"),
        ],
        path: "Benchmarks/CIMBenchmarks",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
]
