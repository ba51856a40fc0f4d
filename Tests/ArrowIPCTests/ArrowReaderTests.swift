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
        let smallest = [UInt8](repeating: 0, count: 15) + [0x80]
        #expect(Decimal128.text(smallest, 0, scale: 0) == "-170141183460469231731687303715884105728", "-2^127")
        #expect(Decimal128.text(bytes(1), 0, scale: -3) == "1000" && Decimal128.text(bytes(-12), 0, scale: 1) == "-1.2")
        // Past 64 bits, with zeros inside the lower 19 digits: 5 * 10^19 + 7.
        let wide = (UInt128(5) * 10_000_000_000_000_000_000 + 7)
        let wideBytes = (0..<16).map { UInt8(truncatingIfNeeded: wide >> (8 * $0)) }
        #expect(Decimal128.text(wideBytes, 0, scale: 2) == "500000000000000000.07")
        // Seeded values of every size against the digits Swift's own UInt128 writes.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed }
        for round in 0..<2_000 {
            let magnitude = (UInt128(next()) << 64 | UInt128(next())) >> (UInt128(round % 128) + 1)
            let negative = round % 3 == 0
            let value = negative ? ~magnitude &+ 1 : magnitude
            let cell = (0..<16).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
            let scale = round % 7
            var digits = String(magnitude)
            if scale > 0 {
                if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
                digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            }
            let expected = (negative && magnitude != 0 ? "-" : "") + digits
            #expect(Decimal128.text(cell, 0, scale: scale) == expected, "round \(round)")
        }
    }
}

extension ArrowReaderTests {
    /// A decimal128 scale past 38 digits is refused with the schema (it would have written a gigabyte of zeros a cell).
    @Test func aDecimalScaleNoDecimalHasIsRefused() throws {
        var writer = ArrowStreamWriter(columns: [.init(name: "[c]", kind: .currency([]))], compress: false)
        writer.write([.currency([125_000])])
        writer.finish()
        #expect(try Self.readAll(writer.bytes) == [.decimal("12.5000")])
        // The decimal type's table: precision 19, scale 4, 128 bits, as the writer lays them out.
        var bytes = writer.bytes
        let pattern: [UInt8] = [19, 0, 0, 0, 4, 0, 0, 0]
        let at = try #require((0...(bytes.count - pattern.count)).first { Array(bytes[$0..<($0 + pattern.count)]) == pattern }, "the scale in the schema")
        for (scale, patch) in [(1_000_000_000, [0x00, 0xCA, 0x9A, 0x3B] as [UInt8]), (-39, [0xD9, 0xFF, 0xFF, 0xFF])] {
            bytes.replaceSubrange((at + 4)..<(at + 8), with: patch)
            #expect(throws: ArrowError.malformed("a decimal128 of scale \(scale)")) { _ = try Self.readAll(bytes) }
        }
    }
}
