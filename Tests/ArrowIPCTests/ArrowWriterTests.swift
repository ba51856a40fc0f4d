import Foundation
import Testing
@testable import ArrowIPC

/// The writer the demo tenant answers with: what it writes, this reader and pyarrow read back equal.
@Suite struct ArrowWriterTests {
    static func sample(compress: Bool) -> [UInt8] {
        var writer = ArrowStreamWriter(columns: [
            .init(name: "Sales[Region]", kind: .strings([])), .init(name: "[Orders]", kind: .int64([])), .init(name: "[Ratio]", kind: .double([])),
            .init(name: "[Amount]", kind: .currency([])), .init(name: "[Date]", kind: .date64([])), .init(name: "[Flag]", kind: .bool([])),
            .init(name: "[Blank]", kind: .null(0)),
        ], metadata: [("Source", "pbitui demo")], compress: compress)
        writer.write([.strings(["West", nil, "East, \"q\"\n"]), .int64([1, nil, -9_007_199_254_740_993]), .double([0.5, nil, -2.25]),
                      .currency([125_000, nil, -5]), .date64([1_773_500_967_535, nil, 0]), .bool([true, nil, false]), .null(3)])
        writer.write([.strings(["North", "West"]), .int64([2, 3]), .double([1, 2]), .currency([1, 2]), .date64([1, 2]), .bool([false, true]), .null(2)])
        writer.finish()
        return writer.bytes
    }

    static let expected: [[ArrowValue]] = [
        [.string("West"), .int(1), .double(0.5), .decimal("12.5000"), .dateMilliseconds(1_773_500_967_535), .bool(true), .null],
        [.null, .null, .null, .null, .null, .null, .null],
        [.string("East, \"q\"\n"), .int(-9_007_199_254_740_993), .double(-2.25), .decimal("-0.0005"), .dateMilliseconds(0), .bool(false), .null],
        [.string("North"), .int(2), .double(1), .decimal("0.0001"), .dateMilliseconds(1), .bool(false), .null],
        [.string("West"), .int(3), .double(2), .decimal("0.0002"), .dateMilliseconds(2), .bool(true), .null],
    ]

    @Test(arguments: [true, false]) func whatTheWriterWritesReadsBackEqual(compress: Bool) throws {
        var reader = ArrowStreamReader(Self.sample(compress: compress))
        var rows: [[ArrowValue]] = []
        var schema: ArrowSchema?
        while let item = try reader.next() {
            switch item {
            case let .schema(read): schema = read
            case let .batch(batch): for row in 0..<batch.count { rows.append(batch.columns.map { $0[row] }) }
            case .endOfStream: break
            }
        }
        #expect(schema?.fields.map(\.name) == ["Sales[Region]", "[Orders]", "[Ratio]", "[Amount]", "[Date]", "[Flag]", "[Blank]"])
        #expect(schema?[metadata: "Source"] == "pbitui demo" && schema?.fields[0].dictionary != nil)
        #expect(rows == Self.expected)
    }

    @Test func pyarrowReadsWhatTheWriterWrites() async throws {
        guard Pyarrow.installed else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("pyarrow is not installed; .ci/run installs it") }
            return
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-written-\(UUID().uuidString.prefix(8)).arrows").path
        try Data(Self.sample(compress: true)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try await ArrowInteropTests.offPool { try Pyarrow.python([ArrowInteropTests.script, "read", path]) }
        #expect(read.status == 0, "\(read.output)")
        let expected = #"{"columns": ["Sales[Region]", "[Orders]", "[Ratio]", "[Amount]", "[Date]", "[Flag]", "[Blank]"], "metadata": {"Source": "pbitui demo"}, "#
            + #""rows": [["West", 1, 0.5, "12.5000", 1773500967535, true, null], [null, null, null, null, null, null, null], "#
            + #"["East, \"q\"\n", -9007199254740993, -2.25, "-0.0005", 0, false, null], ["North", 2, 1.0, "0.0001", 1, false, null], "#
            + #"["West", 3, 2.0, "0.0002", 2, true, null]]}"#
        #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }
}
