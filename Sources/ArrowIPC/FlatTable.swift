/// A FlatBuffers table read in place from untrusted bytes (reference/execute-dax-queries.md §6): every offset
/// is checked against the buffer before it is followed, so broken input is an error, never a crash, and
/// reading is linear in what is read. Hand-written because no Swift FlatBuffers or Arrow library is in the
/// mirror; it reads only the few tables of Arrow's Message.fbs and Schema.fbs (docs/ARROW.md).
struct FlatTable {
    let bytes: [UInt8]
    /// Where the table starts.
    let position: Int
    /// Where its vtable starts, and how many bytes the vtable has.
    private let vtable: Int
    private let vtableSize: Int

    /// The root table of a buffer that starts at `start` (a u32 offset to the root).
    init(root bytes: [UInt8], start: Int = 0) throws(ArrowError) {
        let offset = try Self.u32(bytes, start)
        try self.init(bytes, at: start + offset)
    }

    init(_ bytes: [UInt8], at position: Int) throws(ArrowError) {
        self.bytes = bytes
        self.position = position
        let soffset = Int(Int32(truncatingIfNeeded: try Self.u32(bytes, position)))
        let vtable = position - soffset
        guard vtable >= 0, vtable + 4 <= bytes.count else { throw .malformed("a FlatBuffers table points outside the message") }
        self.vtable = vtable
        vtableSize = Int(try Self.u16(bytes, vtable))
        guard vtableSize >= 4, vtable + vtableSize <= bytes.count else { throw .malformed("a FlatBuffers vtable runs outside the message") }
    }

    static func u16(_ bytes: [UInt8], _ at: Int) throws(ArrowError) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { throw .malformed("a FlatBuffers field runs outside the message") }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func u32(_ bytes: [UInt8], _ at: Int) throws(ArrowError) -> Int {
        guard at >= 0, at + 4 <= bytes.count else { throw .malformed("a FlatBuffers field runs outside the message") }
        return Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
    }

    static func i64(_ bytes: [UInt8], _ at: Int) throws(ArrowError) -> Int64 {
        guard at >= 0, at + 8 <= bytes.count else { throw .malformed("a FlatBuffers field runs outside the message") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[at + index]) << (8 * UInt64(index)) }
        return Int64(bitPattern: value)
    }

    /// The absolute position of field `id`, or nil when it is absent (its default applies).
    func field(_ id: Int) throws(ArrowError) -> Int? {
        let slot = 4 + 2 * id
        guard slot + 2 <= vtableSize else { return nil }
        let offset = Int(try Self.u16(bytes, vtable + slot))
        return offset == 0 ? nil : position + offset
    }

    func u8(_ id: Int, default value: UInt8 = 0) throws(ArrowError) -> UInt8 {
        guard let at = try field(id) else { return value }
        guard at < bytes.count else { throw .malformed("a FlatBuffers field runs outside the message") }
        return bytes[at]
    }

    func bool(_ id: Int, default value: Bool = false) throws(ArrowError) -> Bool { try u8(id, default: value ? 1 : 0) != 0 }

    func i16(_ id: Int, default value: Int16 = 0) throws(ArrowError) -> Int16 {
        guard let at = try field(id) else { return value }
        return Int16(bitPattern: try Self.u16(bytes, at))
    }

    func i32(_ id: Int, default value: Int32 = 0) throws(ArrowError) -> Int32 {
        guard let at = try field(id) else { return value }
        return Int32(truncatingIfNeeded: try Self.u32(bytes, at))
    }

    func i64(_ id: Int, default value: Int64 = 0) throws(ArrowError) -> Int64 {
        guard let at = try field(id) else { return value }
        return try Self.i64(bytes, at)
    }

    /// Where a u32 offset at `at` points.
    private func indirect(_ at: Int) throws(ArrowError) -> Int {
        let target = at + (try Self.u32(bytes, at))
        guard target < bytes.count else { throw .malformed("a FlatBuffers offset points outside the message") }
        return target
    }

    func table(_ id: Int) throws(ArrowError) -> FlatTable? {
        guard let at = try field(id) else { return nil }
        return try FlatTable(bytes, at: try indirect(at))
    }

    /// A vector's first element and its length; nil when absent.
    func vector(_ id: Int, elementSize: Int) throws(ArrowError) -> (start: Int, count: Int)? {
        guard let at = try field(id) else { return nil }
        let start = try indirect(at)
        let count = try Self.u32(bytes, start)
        guard count <= (bytes.count - start - 4) / max(1, elementSize) else { throw .malformed("a FlatBuffers vector runs outside the message") }
        return (start + 4, count)
    }

    /// The tables of a vector of tables.
    func tables(_ id: Int) throws(ArrowError) -> [FlatTable] {
        guard let (start, count) = try vector(id, elementSize: 4) else { return [] }
        var tables: [FlatTable] = []
        tables.reserveCapacity(count)
        for index in 0..<count { tables.append(try FlatTable(bytes, at: try indirect(start + 4 * index))) }
        return tables
    }

    func string(_ id: Int) throws(ArrowError) -> String? {
        guard let (start, count) = try vector(id, elementSize: 1) else { return nil }
        return String(decoding: bytes[start..<(start + count)], as: UTF8.self)
    }
}

/// What is wrong with a stream: bytes that are not Arrow IPC, or what this reader does not read.
public enum ArrowError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case let .malformed(what): "not a readable Arrow stream: " + what
        case let .unsupported(what): "an Arrow stream this reader does not read: " + what
        }
    }
}
