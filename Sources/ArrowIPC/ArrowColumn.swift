import Foundation

/// One cell, as the stream holds it: integers, doubles and decimals exactly (a decimal as its text, its scale
/// applied), dates and timestamps as their count since the epoch with the unit.
public enum ArrowValue: Sendable, Hashable {
    case null
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// A decimal128 written out: `12.3400` for scale 4.
    case decimal(String)
    case string(String)
    case bool(Bool)
    case binary([UInt8])
    /// date32: days since 1970-01-01.
    case dateDays(Int32)
    /// date64: milliseconds since 1970-01-01T00:00Z (DAX date-times keep their time of day here).
    case dateMilliseconds(Int64)
    /// unit 0 s, 1 ms, 2 µs, 3 ns.
    case timestamp(Int64, unit: Int)
}

/// A column of one record batch: its buffers (decompressed), children (a union's) and dictionary.
public final class ArrowColumn: Sendable {
    public let field: ArrowField
    public let count: Int
    let nullCount: Int
    let buffers: [[UInt8]]
    let children: [ArrowColumn]
    /// A dictionary-encoded column's values, by index.
    let dictionary: [ArrowValue]?

    init(field: ArrowField, count: Int, nullCount: Int, buffers: [[UInt8]], children: [ArrowColumn], dictionary: [ArrowValue]?) {
        self.field = field
        self.count = count
        self.nullCount = nullCount
        self.buffers = buffers
        self.children = children
        self.dictionary = dictionary
    }

    /// The buffers a column of `field` has, in order (reference/execute-dax-queries.md §6).
    static func bufferCount(_ field: ArrowField) -> Int {
        if field.dictionary != nil { return 2 }
        switch field.type {
        case .null: return 0
        case .binary, .largeBinary, .utf8, .largeUtf8: return 3
        case let .union(dense, _): return dense ? 2 : 1
        default: return 2
        }
    }

    /// Checks that every buffer is long enough for `count` rows, so that reading a cell never leaves its buffer.
    func check() throws(ArrowError) {
        func need(_ buffer: Int, _ bytes: Int) throws(ArrowError) {
            guard buffers[buffer].count >= bytes else { throw .malformed("column \(field.name): a buffer shorter than its \(count) rows") }
        }
        if hasValidity, nullCount > 0 { try need(0, (count + 7) / 8) }
        if let encoding = field.dictionary {
            try need(1, count * encoding.indexBitWidth / 8)
            return
        }
        switch field.type {
        case .null: break
        case let .int(bits, _): try need(1, count * bits / 8)
        case let .floatingPoint(bits): try need(1, count * bits / 8)
        case .bool: try need(1, (count + 7) / 8)
        case .decimal: try need(1, count * 16)
        case let .date(milliseconds): try need(1, count * (milliseconds ? 8 : 4))
        case .timestamp: try need(1, count * 8)
        case .binary, .utf8, .largeBinary, .largeUtf8:
            let wide = field.type == .largeBinary || field.type == .largeUtf8
            try need(1, count == 0 ? 0 : (count + 1) * (wide ? 8 : 4))
            if count > 0 {
                var previous = 0
                for row in 0...count {
                    let offset = wide ? Int(Self.i64(buffers[1], row)) : Int(Self.i32(buffers[1], row))
                    guard offset >= previous || row == 0, offset >= 0, offset <= buffers[2].count else {
                        throw .malformed("column \(field.name): an offset outside its data")
                    }
                    previous = offset
                }
            }
        case let .union(dense, typeIds):
            try need(0, count)
            if dense { try need(1, count * 4) }
            for row in 0..<count {
                guard let child = typeIds.firstIndex(of: Int32(Int8(bitPattern: buffers[0][row]))) else {
                    throw .malformed("column \(field.name): a union type id with no child")
                }
                let offset = dense ? Int(Self.i32(buffers[1], row)) : row
                guard offset >= 0, offset < children[child].count else { throw .malformed("column \(field.name): a union offset outside its child") }
            }
        }
    }

    static func i32(_ bytes: [UInt8], _ index: Int) -> Int32 {
        let at = index * 4
        return Int32(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
    }

    static func i64(_ bytes: [UInt8], _ index: Int) -> Int64 {
        let at = index * 8
        var value: UInt64 = 0
        for byte in 0..<8 { value |= UInt64(bytes[at + byte]) << (8 * UInt64(byte)) }
        return Int64(bitPattern: value)
    }

    /// Every column but a null or union one starts with a validity bitmap (empty when nothing is null).
    var hasValidity: Bool {
        if field.dictionary != nil { return true }
        switch field.type {
        case .null, .union: return false
        default: return true
        }
    }

    public func isNull(_ row: Int) -> Bool {
        if case .null = field.type, field.dictionary == nil { return true }
        guard hasValidity, nullCount > 0 else { return false }
        return buffers[0][row >> 3] & (1 << UInt8(row & 7)) == 0
    }

    /// The cell at `row` (0 ..< count).
    public subscript(row: Int) -> ArrowValue {
        if isNull(row) { return .null }
        if let dictionary, let encoding = field.dictionary {
            let index = Self.integer(buffers[1], row, bits: encoding.indexBitWidth, signed: encoding.indexSigned)
            guard index >= 0, index < Int64(dictionary.count) else { return .null }
            return dictionary[Int(index)]
        }
        let data = buffers.count > 1 ? buffers[1] : []
        switch field.type {
        case .null: return .null
        case let .int(bits, signed):
            let value = Self.integer(data, row, bits: bits, signed: signed)
            return !signed && bits == 64 && value < 0 ? .uint(UInt64(bitPattern: value)) : .int(value)
        case let .floatingPoint(bits):
            switch bits {
            case 64: return .double(Double(bitPattern: UInt64(bitPattern: Self.i64(data, row))))
            case 32: return .double(Double(Float(bitPattern: UInt32(bitPattern: Self.i32(data, row)))))
            default:
                let raw = UInt16(data[row * 2]) | UInt16(data[row * 2 + 1]) << 8
                return .double(Double(Float16(bitPattern: raw)))
            }
        case .bool: return .bool(data[row >> 3] & (1 << UInt8(row & 7)) != 0)
        case let .decimal(_, scale, _): return .decimal(Decimal128.text(data, row, scale: scale))
        case let .date(milliseconds): return milliseconds ? .dateMilliseconds(Self.i64(data, row)) : .dateDays(Self.i32(data, row))
        case let .timestamp(unit, _): return .timestamp(Self.i64(data, row), unit: unit)
        case .utf8, .largeUtf8, .binary, .largeBinary:
            let wide = field.type == .largeBinary || field.type == .largeUtf8
            let start = wide ? Int(Self.i64(data, row)) : Int(Self.i32(data, row))
            let end = wide ? Int(Self.i64(data, row + 1)) : Int(Self.i32(data, row + 1))
            let slice = buffers[2][start..<max(start, end)]
            return field.type == .utf8 || field.type == .largeUtf8 ? .string(String(decoding: slice, as: UTF8.self)) : .binary(Array(slice))
        case let .union(dense, typeIds):
            let child = typeIds.firstIndex(of: Int32(Int8(bitPattern: buffers[0][row]))) ?? 0
            return children[child][dense ? Int(Self.i32(buffers[1], row)) : row]
        }
    }

    static func integer(_ bytes: [UInt8], _ row: Int, bits: Int, signed: Bool) -> Int64 {
        switch bits {
        case 8: return signed ? Int64(Int8(bitPattern: bytes[row])) : Int64(bytes[row])
        case 16:
            let raw = UInt16(bytes[row * 2]) | UInt16(bytes[row * 2 + 1]) << 8
            return signed ? Int64(Int16(bitPattern: raw)) : Int64(raw)
        case 32: return signed ? Int64(i32(bytes, row)) : Int64(UInt32(bitPattern: i32(bytes, row)))
        default: return i64(bytes, row)
        }
    }
}

/// decimal128: 16 bytes little-endian two's complement, written with its scale (`-12.3400`), exactly.
enum Decimal128 {
    /// The schema keeps `scale` within -38...38. Digits are made in place (64-bit divisions once the value fits
    /// in 64 bits): this runs once a cell, for every Currency value of a result.
    static func text(_ bytes: [UInt8], _ row: Int, scale: Int) -> String {
        var low: UInt64 = 0, high: UInt64 = 0
        for byte in 0..<8 {
            low |= UInt64(bytes[row * 16 + byte]) << (8 * UInt64(byte))
            high |= UInt64(bytes[row * 16 + 8 + byte]) << (8 * UInt64(byte))
        }
        let negative = high >> 63 == 1
        if negative {
            // Two's complement of the 128-bit value.
            low = ~low
            high = ~high
            let (sum, overflow) = low.addingReportingOverflow(1)
            low = sum
            if overflow { high &+= 1 }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 80) { digits in
            // The digits, least significant first.
            var count = 0
            var wide = UInt128(high) << 64 | UInt128(low)
            let chunk: UInt128 = 10_000_000_000_000_000_000
            while wide > UInt128(UInt64.max) {
                var part = UInt64(wide % chunk)
                wide /= chunk
                for _ in 0..<19 { digits[count] = UInt8(48 + part % 10); part /= 10; count += 1 }
            }
            var narrow = UInt64(wide)
            repeat { digits[count] = UInt8(48 + narrow % 10); narrow /= 10; count += 1 } while narrow > 0
            while scale > 0, count <= scale { digits[count] = 48; count += 1 }
            let length = (negative ? 1 : 0) + count + (scale > 0 ? 1 : 0) + max(0, -scale)
            return String(unsafeUninitializedCapacity: length) { out in
                var at = 0
                if negative { out[at] = 45; at += 1 }
                for index in stride(from: count - 1, through: 0, by: -1) {
                    out[at] = digits[index]
                    at += 1
                    if scale > 0, index == scale { out[at] = 46; at += 1 }
                }
                for _ in 0..<max(0, -scale) { out[at] = 48; at += 1 }
                return at
            }
        }
    }
}
