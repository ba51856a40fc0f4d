/// Writes FlatBuffers front to back for the few Arrow tables the demo tenant sends: a table's vtable comes
/// just before it, and everything a table points to comes after it (offsets are unsigned and point forward),
/// its slot patched once the child is written.
struct FlatBuilder {
    indirect enum Node {
        /// A table's fields by id (nil: absent, the default applies).
        case table([Field?])
        case tables([Node])
        /// Structs written inline: their bytes, each `size` long, aligned to 8.
        case structs([UInt8], size: Int)
        case string(String)
    }

    enum Field {
        case u8(UInt8), bool(Bool), i16(Int16), i32(Int32), i64(Int64)
        case offset(Node)

        var size: Int {
            switch self {
            case .u8, .bool: 1
            case .i16: 2
            case .i32, .offset: 4
            case .i64: 8
            }
        }
    }

    private(set) var bytes: [UInt8] = []

    /// A buffer whose root is `root`, padded to a multiple of 8 bytes.
    static func buffer(_ root: Node) -> [UInt8] {
        var builder = FlatBuilder()
        builder.put(UInt32(0), size: 4)
        let position = builder.write(root)
        builder.patch(0, to: position)
        builder.align(8)
        return builder.bytes
    }

    mutating func put<T: FixedWidthInteger>(_ value: T, size: Int) {
        for index in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    mutating func align(_ boundary: Int) {
        while bytes.count % boundary != 0 { bytes.append(0) }
    }

    /// Points the u32 slot at `slot` to `target`.
    mutating func patch(_ slot: Int, to target: Int) {
        let offset = UInt32(target - slot)
        for index in 0..<4 { bytes[slot + index] = UInt8(truncatingIfNeeded: offset >> (8 * UInt32(index))) }
    }

    /// Writes `node` at the end; its position.
    @discardableResult
    mutating func write(_ node: Node) -> Int {
        switch node {
        case let .string(text):
            align(4)
            let position = bytes.count
            put(UInt32(text.utf8.count), size: 4)
            bytes += Array(text.utf8)
            bytes.append(0)
            return position
        case let .structs(data, size):
            // The count sits just before 8-aligned elements.
            while (bytes.count + 4) % 8 != 0 { bytes.append(0) }
            let position = bytes.count
            put(UInt32(size == 0 ? 0 : data.count / size), size: 4)
            bytes += data
            return position
        case let .tables(children):
            align(4)
            let position = bytes.count
            put(UInt32(children.count), size: 4)
            let slots = children.indices.map { position + 4 + 4 * $0 }
            for _ in children { put(UInt32(0), size: 4) }
            for (slot, child) in zip(slots, children) { patch(slot, to: write(child)) }
            return position
        case let .table(fields):
            return writeTable(fields)
        }
    }

    private mutating func writeTable(_ fields: [Field?]) -> Int {
        // The table's layout: the soffset, then the fields largest first, each aligned within the table.
        var layout: [(id: Int, offset: Int)] = []
        var size = 4
        for (id, field) in fields.enumerated().sorted(by: { ($0.element?.size ?? 0) > ($1.element?.size ?? 0) }) {
            guard let field else { continue }
            while size % field.size != 0 { size += 1 }
            layout.append((id, size))
            size += field.size
        }
        while size % 4 != 0 { size += 1 }
        // The vtable, then the table aligned to 8 (for its i64 fields).
        let vtableSize = 4 + 2 * fields.count
        while (bytes.count + vtableSize) % 8 != 0 { bytes.append(0) }
        let vtable = bytes.count
        put(UInt16(vtableSize), size: 2)
        put(UInt16(size), size: 2)
        for id in fields.indices { put(UInt16(layout.first { $0.id == id }?.offset ?? 0), size: 2) }
        let table = bytes.count
        bytes += [UInt8](repeating: 0, count: size)
        let soffset = Int32(table - vtable)
        for index in 0..<4 { bytes[table + index] = UInt8(truncatingIfNeeded: soffset >> (8 * Int32(index))) }
        var children: [(slot: Int, node: Node)] = []
        for (id, offset) in layout {
            let at = table + offset
            switch fields[id]! {
            case let .u8(value): bytes[at] = value
            case let .bool(value): bytes[at] = value ? 1 : 0
            case let .i16(value): for index in 0..<2 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * Int16(index))) }
            case let .i32(value): for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * Int32(index))) }
            case let .i64(value): for index in 0..<8 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (8 * Int64(index))) }
            case let .offset(node): children.append((at, node))
            }
        }
        for (slot, node) in children { patch(slot, to: write(node)) }
        return table
    }
}
