/// One record batch of a stream: `count` rows of every column.
public struct ArrowBatch: Sendable {
    public let count: Int
    public let columns: [ArrowColumn]
}

/// Reads Arrow IPC streams (the stream format: no file magic) from bytes: one or more streams back to back,
/// each a Schema, dictionary batches (a delta appends to its dictionary, otherwise it replaces it) and record
/// batches, ended by the end-of-stream marker or the end of the bytes. Buffers compressed with LZ4 frame or
/// ZSTD are decompressed. Batches are handed over one at a time: a caller that writes each out keeps only one
/// batch in memory.
public struct ArrowStreamReader {
    let bytes: [UInt8]
    var position = 0
    /// The stream being read: its schema and dictionaries by id.
    var schema: ArrowSchema?
    var dictionaries: [Int64: [ArrowValue]] = [:]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// What comes next: a stream's schema, one of its record batches, its end; nil when the bytes are done.
    public enum Item: Sendable {
        case schema(ArrowSchema)
        case batch(ArrowBatch)
        case endOfStream
    }

    public mutating func next() throws(ArrowError) -> Item? {
        while true {
            guard position < bytes.count else {
                if schema != nil { schema = nil; return .endOfStream }
                return nil
            }
            let messageStart = position
            var length = try FlatTable.u32(bytes, position)
            position += 4
            if length == 0xFFFF_FFFF {
                length = try FlatTable.u32(bytes, position)
                position += 4
            }
            if length == 0 {
                // The end-of-stream marker: the next bytes, if any, are another stream.
                guard schema != nil else { continue }
                schema = nil
                dictionaries = [:]
                return .endOfStream
            }
            guard length <= bytes.count - position else { throw .malformed("a message longer than the bytes left") }
            let message = try FlatTable(root: bytes, start: position)
            let bodyStart = position + length
            let bodyLength = try message.i64(3)
            guard bodyLength >= 0, bodyLength <= Int64(bytes.count - bodyStart) else { throw .malformed("a message body longer than the bytes left") }
            position = bodyStart + Int(bodyLength)
            let body = bodyStart..<position
            let header = try message.table(2)
            switch try message.u8(1) {
            case 1:
                guard let header else { throw .malformed("a Schema message without its schema") }
                if schema != nil {
                    // A new schema without an end marker between: the previous stream ended there.
                    position = messageStart
                    schema = nil
                    dictionaries = [:]
                    return .endOfStream
                }
                let read = try SchemaReader.schema(header)
                schema = read
                return .schema(read)
            case 2:
                guard let header, let schema else { throw .malformed("a dictionary batch before the schema") }
                try dictionary(header, body: body, schema: schema)
            case 3:
                guard let header, let schema else { throw .malformed("a record batch before the schema") }
                return .batch(try BatchReader(bytes: bytes, body: body, table: header).batch(schema.fields, dictionaries: dictionaries))
            default:
                throw .unsupported("a message of type \(try message.u8(1)) (tensors are not read)")
            }
        }
    }

    /// A dictionary batch: one column of values, appended to its dictionary (`isDelta`) or replacing it.
    mutating func dictionary(_ table: FlatTable, body: Range<Int>, schema: ArrowSchema) throws(ArrowError) {
        let id = try table.i64(0)
        guard let field = Self.dictionaryField(id, in: schema.fields), let data = try table.table(1) else {
            throw .malformed("a dictionary batch for dictionary \(id), which no column uses")
        }
        let valueField = ArrowField(name: field.name, type: field.type, nullable: true, children: field.children, dictionary: nil, metadata: [])
        let read = try BatchReader(bytes: bytes, body: body, table: data).batch([valueField], dictionaries: [:])
        guard let column = read.columns.first else { throw .malformed("an empty dictionary batch") }
        let values = (0..<column.count).map { column[$0] }
        if try table.bool(2), let existing = dictionaries[id] {
            dictionaries[id] = existing + values
        } else {
            dictionaries[id] = values
        }
    }

    static func dictionaryField(_ id: Int64, in fields: [ArrowField]) -> ArrowField? {
        for field in fields {
            if field.dictionary?.id == id { return field }
            if let found = dictionaryField(id, in: field.children) { return found }
        }
        return nil
    }
}
