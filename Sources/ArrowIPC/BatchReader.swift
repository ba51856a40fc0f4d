/// A RecordBatch message's columns: its field nodes and buffers walked in the schema's pre-order, each buffer
/// taken from the body (and decompressed when the batch says so).
struct BatchReader {
    let bytes: [UInt8]
    let body: Range<Int>
    let table: FlatTable

    func batch(_ fields: [ArrowField], dictionaries: [Int64: [ArrowValue]]) throws(ArrowError) -> ArrowBatch {
        let length = try table.i64(0)
        guard length >= 0, length <= Int64(Int32.max) else { throw .malformed("a record batch of \(length) rows") }
        var walk = Walk(nodes: try table.vector(1, elementSize: 16) ?? (0, 0), buffers: try table.vector(2, elementSize: 16) ?? (0, 0))
        let codec: Compression.Codec?
        if let compression = try table.table(3) {
            switch try compression.u8(0) {
            case 0: codec = .lz4Frame
            case 1: codec = .zstd
            case let other: throw .unsupported("buffer compression \(other)")
            }
        } else {
            codec = nil
        }
        var columns: [ArrowColumn] = []
        for field in fields { columns.append(try column(field, &walk, codec: codec, dictionaries: dictionaries, depth: 0)) }
        guard columns.allSatisfy({ $0.count == Int(length) }) else { throw .malformed("a column with another row count than its batch") }
        return ArrowBatch(count: Int(length), columns: columns)
    }

    /// Where the walk is in the nodes and buffers.
    struct Walk {
        let nodes: (start: Int, count: Int)
        let buffers: (start: Int, count: Int)
        var node = 0
        var buffer = 0
    }

    func column(_ field: ArrowField, _ walk: inout Walk, codec: Compression.Codec?, dictionaries: [Int64: [ArrowValue]], depth: Int) throws(ArrowError) -> ArrowColumn {
        guard depth < 32 else { throw .unsupported("columns nested more than 32 deep") }
        guard walk.node < walk.nodes.count else { throw .malformed("fewer field nodes than columns") }
        let nodeAt = walk.nodes.start + 16 * walk.node
        walk.node += 1
        let count = try FlatTable.i64(bytes, nodeAt), nulls = try FlatTable.i64(bytes, nodeAt + 8)
        guard count >= 0, count <= Int64(Int32.max), nulls >= 0, nulls <= count else { throw .malformed("a field node of \(count) rows and \(nulls) nulls") }
        var buffers: [[UInt8]] = []
        for _ in 0..<ArrowColumn.bufferCount(field) {
            guard walk.buffer < walk.buffers.count else { throw .malformed("fewer buffers than the columns need") }
            let at = walk.buffers.start + 16 * walk.buffer
            walk.buffer += 1
            let offset = try FlatTable.i64(bytes, at), length = try FlatTable.i64(bytes, at + 8)
            guard offset >= 0, length >= 0, offset <= Int64(body.count), length <= Int64(body.count) - offset else {
                throw .malformed("a buffer outside its message body")
            }
            let slice = bytes[(body.lowerBound + Int(offset))..<(body.lowerBound + Int(offset) + Int(length))]
            buffers.append(try codec.map { codec throws(ArrowError) in try Compression.buffer(slice, codec: codec) } ?? Array(slice))
        }
        var children: [ArrowColumn] = []
        var dictionary: [ArrowValue]?
        if let encoding = field.dictionary {
            guard let values = dictionaries[encoding.id] else { throw .malformed("column \(field.name) uses dictionary \(encoding.id) before it came") }
            dictionary = values
        } else {
            for child in field.children {
                children.append(try column(child, &walk, codec: codec, dictionaries: dictionaries, depth: depth + 1))
            }
        }
        let column = ArrowColumn(field: field, count: Int(count), nullCount: Int(nulls), buffers: buffers, children: children, dictionary: dictionary)
        try column.check()
        return column
    }
}
