import CCompression

/// The columns the demo tenant sends for DAX values (reference/execute-dax-queries.md §3): Integer as int64,
/// Decimal and Double as double, Currency as decimal128(19,4), DateTime as date64, Boolean as bool, String as
/// dictionary-encoded utf8, a column of blanks only as null.
public enum ArrowColumnValues: Sendable {
    case int64([Int64?])
    case double([Double?])
    /// Ten-thousandths: 12.5 is 125000.
    case currency([Int64?])
    case date64([Int64?])
    case bool([Bool?])
    case strings([String?])
    case null(Int)

    var count: Int {
        switch self {
        case let .int64(values), let .currency(values), let .date64(values): values.count
        case let .double(values): values.count
        case let .bool(values): values.count
        case let .strings(values): values.count
        case let .null(count): count
        }
    }
}

/// Writes one Arrow IPC stream, as the service writes them: a Schema (with its metadata: `IsError`, …),
/// dictionary batches for the string columns (the first whole, then deltas with only the new strings), record
/// batches, LZ4-frame-compressed buffers when asked, and the end-of-stream marker.
public struct ArrowStreamWriter {
    public struct Column: Sendable {
        public let name: String
        public let kind: ArrowColumnValues
        public init(name: String, kind: ArrowColumnValues) {
            self.name = name
            self.kind = kind
        }
    }

    private(set) public var bytes: [UInt8] = []
    private let compress: Bool
    private var names: [String] = []
    /// Per string column: its dictionary so far and each string's index.
    private var dictionaries: [Int: (values: [String], index: [String: Int32])] = [:]

    /// Starts the stream with its schema: the columns' names and kinds (values are ignored here).
    public init(columns: [Column], metadata: [(String, String)] = [], compress: Bool = true) {
        self.compress = compress
        names = columns.map(\.name)
        var fields: [FlatBuilder.Node] = []
        for (index, column) in columns.enumerated() {
            var dictionary: FlatBuilder.Field?
            if case .strings = column.kind {
                dictionaries[index] = ([], [:])
                dictionary = .offset(.table([.i64(Int64(index)), .offset(.table([.i32(32), .bool(true)])), .bool(false)]))
            }
            let (typeId, type) = Self.type(column.kind)
            fields.append(.table([.offset(.string(column.name)), .bool(true), .u8(typeId), .offset(type), dictionary, .offset(.tables([]))]))
        }
        let pairs = metadata.map { FlatBuilder.Node.table([.offset(.string($0.0)), .offset(.string($0.1))]) }
        let schema = FlatBuilder.Node.table([.i16(0), .offset(.tables(fields)), pairs.isEmpty ? nil : .offset(.tables(pairs))])
        message(header: 1, schema, body: [])
    }

    static func type(_ kind: ArrowColumnValues) -> (UInt8, FlatBuilder.Node) {
        switch kind {
        case .int64: (2, .table([.i32(64), .bool(true)]))
        case .double: (3, .table([.i16(2)]))
        case .currency: (7, .table([.i32(19), .i32(4), .i32(128)]))
        case .date64: (8, .table([.i16(1)]))
        case .bool: (6, .table([]))
        case .strings: (5, .table([]))
        case .null: (1, .table([]))
        }
    }

    /// One record batch (and, first, the dictionary batches its new strings need). Every column as long as the first.
    public mutating func write(_ columns: [ArrowColumnValues]) {
        let count = columns.first?.count ?? 0
        var nodes: [(Int, Int)] = []
        var buffers: [[UInt8]] = []
        for (index, column) in columns.enumerated() {
            var nulls = 0
            switch column {
            case let .int64(values), let .date64(values):
                nulls = values.filter { $0 == nil }.count
                buffers += [Self.validity(values.map { $0 != nil }), values.flatMap { Self.le($0 ?? 0, 8) }]
            case let .currency(values):
                nulls = values.filter { $0 == nil }.count
                buffers += [Self.validity(values.map { $0 != nil }), values.flatMap { Self.le($0 ?? 0, 8) + Self.le(($0 ?? 0) < 0 ? -1 : 0, 8) }]
            case let .double(values):
                nulls = values.filter { $0 == nil }.count
                buffers += [Self.validity(values.map { $0 != nil }), values.flatMap { Self.le(Int64(bitPattern: ($0 ?? 0).bitPattern), 8) }]
            case let .bool(values):
                nulls = values.filter { $0 == nil }.count
                buffers += [Self.validity(values.map { $0 != nil }), Self.validity(values.map { $0 == true })]
            case let .strings(values):
                nulls = values.filter { $0 == nil }.count
                let fresh = addToDictionary(index, values)
                if !fresh.isEmpty || dictionaries[index]!.values.count == fresh.count {
                    writeDictionary(index, fresh, delta: dictionaries[index]!.values.count > fresh.count)
                }
                let indices = values.map { $0.flatMap { dictionaries[index]!.index[$0] } ?? 0 }
                buffers += [Self.validity(values.map { $0 != nil }), indices.flatMap { Self.le(Int64($0), 4) }]
            case let .null(length):
                nulls = length
            }
            nodes.append((count, nulls))
        }
        let stored = compress ? buffers.map(Self.packed) : buffers
        message(header: 3, Self.recordBatch(count: count, nodes: nodes, buffers: stored, compress: compress), body: stored)
    }

    /// The new strings of a batch, added to the column's dictionary.
    private mutating func addToDictionary(_ column: Int, _ values: [String?]) -> [String] {
        var fresh: [String] = []
        for case let value? in values where dictionaries[column]!.index[value] == nil {
            dictionaries[column]!.index[value] = Int32(dictionaries[column]!.values.count)
            dictionaries[column]!.values.append(value)
            fresh.append(value)
        }
        return fresh
    }

    private mutating func writeDictionary(_ column: Int, _ values: [String], delta: Bool) {
        var offsets: [UInt8] = Self.le(0, 4)
        var data: [UInt8] = []
        for value in values {
            data += Array(value.utf8)
            offsets += Self.le(Int64(data.count), 4)
        }
        let stored = compress ? [[UInt8](), offsets, data].map(Self.packed) : [[], offsets, data]
        let batch = Self.recordBatch(count: values.count, nodes: [(values.count, 0)], buffers: stored, compress: compress)
        message(header: 2, .table([.i64(Int64(column)), .offset(batch), .bool(delta)]), body: stored)
    }

    /// Ends the stream.
    public mutating func finish() { bytes += [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0] }

    /// A RecordBatch table; `buffers` as they go in the body (compressed already when `compress`).
    static func recordBatch(count: Int, nodes: [(Int, Int)], buffers: [[UInt8]], compress: Bool) -> FlatBuilder.Node {
        var nodeBytes: [UInt8] = []
        for (length, nulls) in nodes { nodeBytes += le(Int64(length), 8) + le(Int64(nulls), 8) }
        var bufferBytes: [UInt8] = []
        var offset = 0
        for buffer in buffers {
            bufferBytes += le(Int64(offset), 8) + le(Int64(buffer.count), 8)
            offset += (buffer.count + 7) / 8 * 8
        }
        return .table([.i64(Int64(count)), .offset(.structs(nodeBytes, size: 16)), .offset(.structs(bufferBytes, size: 16)),
                       compress ? .offset(.table([.u8(0), .u8(0)])) : nil])
    }

    /// A message: the continuation marker, the metadata's length, the metadata, the body (each buffer 8-aligned).
    private mutating func message(header type: UInt8, _ header: FlatBuilder.Node, body: [[UInt8]]) {
        var bodyBytes: [UInt8] = []
        for buffer in body {
            bodyBytes += buffer
            while bodyBytes.count % 8 != 0 { bodyBytes.append(0) }
        }
        let metadata = FlatBuilder.buffer(.table([.i16(4), .u8(type), .offset(header), .i64(Int64(bodyBytes.count))]))
        bytes += [0xFF, 0xFF, 0xFF, 0xFF] + Self.le(Int64(metadata.count), 4) + metadata + bodyBytes
    }

    /// A buffer compressed as the format says: its length (i64), then one LZ4 frame; an empty buffer stays empty.
    static func packed(_ buffer: [UInt8]) -> [UInt8] {
        guard !buffer.isEmpty else { return [] }
        let bound = LZ4F_compressFrameBound(buffer.count, nil)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            buffer.withUnsafeBytes { source in LZ4F_compressFrame(out.baseAddress, bound, source.baseAddress, buffer.count, nil) }
        }
        guard LZ4F_isError(written) == 0 else { return le(-1, 8) + buffer }
        return le(Int64(buffer.count), 8) + output.prefix(written)
    }

    static func validity(_ flags: [Bool]) -> [UInt8] {
        var bits = [UInt8](repeating: 0, count: (flags.count + 7) / 8)
        for (index, flag) in flags.enumerated() where flag { bits[index >> 3] |= 1 << UInt8(index & 7) }
        return bits
    }

    static func le(_ value: Int64, _ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * Int64($0))) } }
}
