import Foundation
import Testing
@testable import ArrowIPC

/// The reader on bytes no writer made: every prefix of a real stream and bytes flipped in it are an error or
/// a shorter read, never a crash; the decimal text; an end marker alone; what it refuses to read.
@Suite struct ArrowReaderTests {
    /// A small stream written by pyarrow (int64 [1, null, 3] named "[x]"), kept as bytes so that these tests need no Python.
    static let small: [UInt8] = {
        let base64 = "/////3gAAAAQAAAAAAAKAAwABgAFAAgACgAAAAABBAAMAAAACAAIAAAABAAIAAAABAAAAAEAAAAUAAAAEAAUAAgABgAHAAwAAAAQABAAAAAAAAECEAAAABwAAAAEAAAAAAAAAAMAAABbeF0ACAAMAAgABwAIAAAAAAAAAUAAAAD/////iAAAABQAAAAAAAAADAAWAAYABQAIAAwADAAAAAADBAAYAAAAIAAAAAAAAAAAAAoAGAAMAAQACAAKAAAAPAAAABAAAAADAAAAAAAAAAAAAAACAAAAAAAAAAAAAAABAAAAAAAAAAgAAAAAAAAAGAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAQAAAAAAAAAFAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAADAAAAAAAAAP////8AAAAA"
        return [UInt8](Data(base64Encoded: base64)!)
    }()

    static func readAll(_ bytes: [UInt8]) throws(ArrowError) -> [ArrowValue] {
        var reader = ArrowStreamReader(bytes)
        var values: [ArrowValue] = []
        while let item = try reader.next() {
            if case let .batch(batch) = item { for row in 0..<batch.count { values += batch.columns.map { $0[row] } } }
        }
        return values
    }

    @Test func aSmallStreamReadsAndEveryPrefixOrFlippedByteIsAnErrorNotACrash() throws {
        #expect(try Self.readAll(Self.small) == [.int(1), .null, .int(3)])
        for length in 0..<Self.small.count {
            _ = try? Self.readAll(Array(Self.small.prefix(length)))
        }
        for index in Self.small.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var bytes = Self.small
                bytes[index] ^= flip
                _ = try? Self.readAll(bytes)
            }
        }
        #expect(throws: ArrowError.self) { try Self.readAll([0xFF, 0xFF, 0xFF, 0xFF, 0x40, 0, 0, 0, 1, 2, 3]) }
        #expect(try Self.readAll([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]).isEmpty, "an end marker alone is an empty stream")
        #expect(try Self.readAll([]).isEmpty)
    }

    @Test func decimalsAreWrittenWithTheirScaleExactly() {
        func bytes(_ value: Int64) -> [UInt8] {
            let high: Int64 = value < 0 ? -1 : 0
            return (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: high >> (8 * $0)) }
        }
        #expect(Decimal128.text(bytes(123_400), 0, scale: 4) == "12.3400")
        #expect(Decimal128.text(bytes(-5), 0, scale: 4) == "-0.0005")
        #expect(Decimal128.text(bytes(0), 0, scale: 4) == "0.0000")
        #expect(Decimal128.text(bytes(Int64.max), 0, scale: 0) == "9223372036854775807")
        let largest = [UInt8](repeating: 0xFF, count: 8) + [UInt8](repeating: 0xFF, count: 7) + [0x7F]
        #expect(Decimal128.text(largest, 0, scale: 4) == "17014118346046923173168730371588410.5727", "2^127 - 1, scale 4")
    }
}
