/// A column's type, as far as this reader reads them (the types Power BI's Execute DAX Queries sends, and
/// their near kin pyarrow writes).
public indirect enum ArrowType: Sendable, Hashable {
    case null
    case int(bitWidth: Int, signed: Bool)
    /// 16, 32 or 64 bits.
    case floatingPoint(bits: Int)
    case binary, largeBinary, utf8, largeUtf8, bool
    case decimal(precision: Int, scale: Int, bitWidth: Int)
    /// Days (32 bits) or milliseconds (64 bits) since the epoch.
    case date(milliseconds: Bool)
    /// 0 s, 1 ms, 2 µs, 3 ns since the epoch, with the zone when there is one.
    case timestamp(unit: Int, timezone: String?)
    /// Sparse or dense, with the type id of each child (in the children's order).
    case union(dense: Bool, typeIds: [Int32])
}

/// A column: its name, type, whether it may hold nulls, its children (a union's) and, for a
/// dictionary-encoded column, the dictionary's id and the index type.
public struct ArrowField: Sendable, Hashable {
    public let name: String
    public let type: ArrowType
    public let nullable: Bool
    public let children: [ArrowField]
    public let dictionary: ArrowDictionaryEncoding?
    public let metadata: [ArrowKeyValue]
}

public struct ArrowDictionaryEncoding: Sendable, Hashable {
    public let id: Int64
    /// The indices' integer type (int32 when the stream does not say).
    public let indexBitWidth: Int
    public let indexSigned: Bool
}

public struct ArrowKeyValue: Sendable, Hashable {
    public let key: String
    public let value: String
}

/// The columns of a stream and its `custom_metadata` (Power BI's `IsError`, `FaultCode`, `FaultString`,
/// `IsExecMetrics`).
public struct ArrowSchema: Sendable, Hashable {
    public let fields: [ArrowField]
    public let metadata: [ArrowKeyValue]

    public subscript(metadata key: String) -> String? { metadata.first { $0.key == key }?.value }
}

enum SchemaReader {
    static func schema(_ table: FlatTable) throws(ArrowError) -> ArrowSchema {
        if try table.i16(0) != 0 { throw .unsupported("a big-endian stream") }
        var fields: [ArrowField] = []
        for field in try table.tables(1) { fields.append(try self.field(field, depth: 0)) }
        return ArrowSchema(fields: fields, metadata: try keyValues(table, 2))
    }

    static func keyValues(_ table: FlatTable, _ id: Int) throws(ArrowError) -> [ArrowKeyValue] {
        var pairs: [ArrowKeyValue] = []
        for pair in try table.tables(id) { pairs.append(ArrowKeyValue(key: try pair.string(0) ?? "", value: try pair.string(1) ?? "")) }
        return pairs
    }

    static func field(_ table: FlatTable, depth: Int) throws(ArrowError) -> ArrowField {
        guard depth < 32 else { throw .unsupported("columns nested more than 32 deep") }
        var children: [ArrowField] = []
        for child in try table.tables(5) { children.append(try field(child, depth: depth + 1)) }
        var dictionary: ArrowDictionaryEncoding?
        if let encoding = try table.table(4) {
            let index = try encoding.table(1)
            dictionary = ArrowDictionaryEncoding(id: try encoding.i64(0), indexBitWidth: Int(try index?.i32(0, default: 32) ?? 32),
                                                 indexSigned: try index?.bool(1, default: true) ?? true)
            guard [8, 16, 32, 64].contains(dictionary!.indexBitWidth) else { throw .malformed("a dictionary index of \(dictionary!.indexBitWidth) bits") }
        }
        let type = try self.type(Int(try table.u8(2)), try table.table(3), children: children.count)
        return ArrowField(name: try table.string(0) ?? "", type: type, nullable: try table.bool(1), children: children,
                          dictionary: dictionary, metadata: try keyValues(table, 6))
    }

    static func type(_ kind: Int, _ table: FlatTable?, children: Int) throws(ArrowError) -> ArrowType {
        switch kind {
        case 1: return .null
        case 2:
            let bits = Int(try table?.i32(0) ?? 0)
            guard [8, 16, 32, 64].contains(bits) else { throw .malformed("an integer of \(bits) bits") }
            return .int(bitWidth: bits, signed: try table?.bool(1) ?? false)
        case 3: return .floatingPoint(bits: [16, 32, 64][min(2, max(0, Int(try table?.i16(0) ?? 0)))])
        case 4: return .binary
        case 5: return .utf8
        case 6: return .bool
        case 7:
            let bits = Int(try table?.i32(2, default: 128) ?? 128)
            guard bits == 128 else { throw .unsupported("decimal\(bits)") }
            // A decimal128 holds at most 38 digits; a scale past that is no decimal (and would write huge text).
            let scale = Int(try table?.i32(1) ?? 0)
            guard (-38...38).contains(scale) else { throw .malformed("a decimal128 of scale \(scale)") }
            return .decimal(precision: Int(try table?.i32(0) ?? 0), scale: scale, bitWidth: bits)
        case 8: return .date(milliseconds: try table?.i16(0, default: 1) ?? 1 == 1)
        case 10:
            let unit = Int(try table?.i16(0) ?? 0)
            guard (0...3).contains(unit) else { throw .malformed("a timestamp unit \(unit)") }
            return .timestamp(unit: unit, timezone: try table?.string(1))
        case 14:
            var ids: [Int32] = []
            if let table, let (start, count) = try table.vector(1, elementSize: 4) {
                for index in 0..<count { ids.append(Int32(truncatingIfNeeded: try FlatTable.u32(table.bytes, start + 4 * index))) }
            } else {
                ids = (0..<children).map(Int32.init)
            }
            guard ids.count == children else { throw .malformed("a union with \(ids.count) type ids for \(children) children") }
            return .union(dense: try table?.i16(0) ?? 0 == 1, typeIds: ids)
        case 19: return .largeBinary
        case 20: return .largeUtf8
        default: throw .unsupported("the column type \(kind) (list, struct, map, time, interval, …)")
        }
    }
}
