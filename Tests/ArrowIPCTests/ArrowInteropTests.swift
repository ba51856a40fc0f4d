import Foundation
import Testing
@testable import ArrowIPC

/// pyarrow (PyPI, installed by `.ci/run`) writes streams of every type the service sends, with nulls, several
/// batches, dictionary deltas, LZ4 and ZSTD compression and none, an empty result and two streams back to
/// back (Tests/Interop/arrow_interop.py); this reader must read each exactly. Skipped with a message where
/// pyarrow is missing, and failing instead under `CI=true`.
@Suite(.enabled(if: Pyarrow.installed || ProcessInfo.processInfo.environment["CI"] == "true", "python3 with pyarrow is not installed (pip install pyarrow): Arrow interop test skipped"))
struct ArrowInteropTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/arrow_interop.py").path

    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) { try Pyarrow.python(arguments) }

}

enum Pyarrow {
    static var installed: Bool { (try? python(["-c", "import pyarrow"]).status) == 0 }

    /// Runs python3 and waits for it (called off the cooperative pool).
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

extension ArrowInteropTests {
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Every result set of the bytes: its column names and its rows as JSON-ready values.
    static func read(_ bytes: [UInt8]) throws -> [[String: Any]] {
        var reader = ArrowStreamReader(bytes)
        var sets: [[String: Any]] = []
        var columns: [String] = []
        var rows: [[Any]] = []
        while let item = try reader.next() {
            switch item {
            case let .schema(schema):
                columns = schema.fields.map(\.name)
                rows = []
            case let .batch(batch):
                for row in 0..<batch.count { rows.append(batch.columns.map { json($0[row]) }) }
            case .endOfStream:
                sets.append(["columns": columns, "rows": rows])
            }
        }
        return sets
    }

    static func json(_ value: ArrowValue) -> Any {
        switch value {
        case .null: NSNull()
        case let .int(number): NSNumber(value: number)
        case let .uint(number): NSNumber(value: number)
        case let .double(number): NSNumber(value: number)
        case let .decimal(text): text
        case let .string(text): text
        case let .bool(flag): flag
        case let .binary(bytes): bytes.map { String(format: "%02x", $0) }.joined()
        case let .dateDays(days): NSNumber(value: Int64(days) * 86_400_000)
        case let .dateMilliseconds(milliseconds): NSNumber(value: milliseconds)
        case let .timestamp(count, _): NSNumber(value: count)
        }
    }

    @Test func streamsPyarrowWritesAreReadExactly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arrow-interop-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try await Self.offPool { try Self.python([Self.script, "write", folder]) }
        #expect(written.status == 0, "\(written.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".arrows") }
        #expect(names.count == 6, "\(names)")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let sets = try Self.read(bytes)
            let data = try JSONSerialization.data(withJSONObject: sets)
            try data.write(to: URL(fileURLWithPath: folder + "/" + name.replacingOccurrences(of: ".arrows", with: ".actual.json")))
        }
        let checked = try await Self.offPool { try Self.python([Self.script, "check", folder]) }
        #expect(checked.status == 0 && checked.output.contains("all 6 cases read exactly"), "\(checked.output)")
    }
}
