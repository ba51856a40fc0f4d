/// The objects of `{"value": [...]}` pages passed on as the service wrote them, without building a tree:
/// for output that hands 10,000 objects on unchanged (`ls workspaces --output json`). Objects are kept as
/// slices of their page, duplicates (by case-insensitive `id`, as paging over changing data repeats rows)
/// are left out, and characters that would act on a terminal are escaped (``JSONValue/terminalSafe(_:)``).
///
/// ```swift
/// var objects = JSONPassThrough()
/// guard let count = objects.add(page: body) else { /* not a page the scanner follows: parse it */ }
/// output(objects.arrayBytes())
/// ```
public struct JSONPassThrough: Sendable {
    public private(set) var objects: [ArraySlice<UInt8>] = []
    private var seen = Set<IDKey>()

    public init() {}

    /// A page whose objects were found but not yet taken in: the scan is one quick pass, so that the caller
    /// knows how many objects the page holds (and whether to ask for the next) before the rest of the work.
    public struct ScannedPage: Sendable {
        let bytes: [UInt8]
        let ranges: [Range<Int>]
        /// How many objects the page holds (duplicates included).
        public var count: Int { ranges.count }
    }

    /// Finds the objects of a page's `value` array; nil when the page is not one the scanner follows (the
    /// caller then parses it in full).
    public static func scan(page bytes: [UInt8]) -> ScannedPage? {
        JSONScanner(bytes).arrayElements(ofMember: "value").map { ScannedPage(bytes: bytes, ranges: $0) }
    }

    /// Takes in the objects of a scanned page: ids, duplicates, escapes.
    public mutating func add(_ page: ScannedPage) {
        // Room for the whole page at once: no rehashing of 10,000 ids page by page.
        seen.reserveCapacity(seen.count + page.count)
        objects.reserveCapacity(objects.count + page.count)
        page.bytes.withUnsafeBufferPointer { buffer in
            let scanner = ScanBuffer(bytes: buffer)
            for range in page.ranges {
                // The id's bytes straight from the page: no String for a GUID (10,000 of them on the hot path).
                let key: IDKey? = if let id = scanner.stringMemberRange("id", in: range) {
                    IDKey(UnsafeBufferPointer(rebasing: buffer[id]))
                } else {
                    (try? JSONValue.parse(page.bytes[range]))?["id"]?.stringValue.map(IDKey.init)
                }
                if let key { guard seen.insert(key).inserted else { continue } }
                objects.append(JSONValue.terminalSafe(page.bytes[range]))
            }
        }
    }

    /// Adds the objects of a page's `value` array; returns how many the page held (duplicates included), or
    /// nil when the page is not one the scanner follows (the caller then parses it in full).
    public mutating func add(page bytes: [UInt8]) -> Int? {
        guard let page = Self.scan(page: bytes) else { return nil }
        add(page)
        return page.count
    }

    /// Adds one object's JSON text, unless an object with the same id was added before.
    public mutating func add(object: ArraySlice<UInt8>, id: String?) {
        if let id { guard seen.insert(IDKey(id)).inserted else { return } }
        objects.append(JSONValue.terminalSafe(object))
    }

    /// `[` the objects, one per line, `]`, handed to `write` in chunks of about `chunkSize` bytes: the array is
    /// never built whole (10,000 workspaces are 1.8 MB that would be allocated, filled and copied once more).
    public func writeArray(chunkSize: Int = 64 << 10, _ write: (UnsafeRawBufferPointer) -> Void) {
        guard !objects.isEmpty else { Array("[]".utf8).withUnsafeBytes(write); return }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkSize + 1024)
        chunk.append(contentsOf: "[\n  ".utf8)
        for (index, object) in objects.enumerated() {
            if index > 0 { chunk.append(contentsOf: ",\n  ".utf8) }
            if chunk.count + object.count > chunkSize, !chunk.isEmpty {
                chunk.withUnsafeBytes(write)
                chunk.removeAll(keepingCapacity: true)
            }
            if object.count > chunkSize {
                object.withUnsafeBytes(write)
            } else {
                chunk.append(contentsOf: object)
            }
        }
        chunk.append(contentsOf: "\n]".utf8)
        chunk.withUnsafeBytes(write)
    }

    /// `[` the objects, one per line, `]`.
    public func arrayBytes() -> [UInt8] {
        guard !objects.isEmpty else { return Array("[]".utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(objects.reduce(4) { $0 + $1.count + 4 })
        output.append(contentsOf: "[\n  ".utf8)
        for (index, object) in objects.enumerated() {
            if index > 0 { output.append(contentsOf: ",\n  ".utf8) }
            output.append(contentsOf: object)
        }
        output.append(contentsOf: "\n]".utf8)
        return output
    }
}

/// What duplicates are told apart by: an id compared without case. A GUID (what Power BI's ids are) is kept
/// as its 128 bits, read from the bytes without making a String; anything else as its lower-cased text.
enum IDKey: Hashable {
    case guid(UInt64, UInt64)
    case text(String)

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { IDKey($0) }
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let guid = Self.guid(bytes) { self = guid } else { self = .text(String(decoding: bytes, as: UTF8.self).lowercased()) }
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in either case; nil for anything else.
    private static func guid(_ bytes: UnsafeBufferPointer<UInt8>) -> IDKey? {
        guard bytes.count == 36, bytes[8] == 0x2D, bytes[13] == 0x2D, bytes[18] == 0x2D, bytes[23] == 0x2D else { return nil }
        var halves: (UInt64, UInt64) = (0, 0)
        var index = 0
        var digits = 0
        while index < 36 {
            let byte = bytes[index]
            index += 1
            if byte == 0x2D { continue }
            // 0-9, then a-f and A-F folded together (| 0x20 lower-cases a letter).
            let value: UInt64
            if byte &- 0x30 < 10 {
                value = UInt64(byte &- 0x30)
            } else if (byte | 0x20) &- 0x61 < 6 {
                value = UInt64((byte | 0x20) &- 0x61 &+ 10)
            } else {
                return nil
            }
            if digits < 16 { halves.0 = halves.0 << 4 | value } else { halves.1 = halves.1 << 4 | value }
            digits += 1
        }
        return digits == 32 ? .guid(halves.0, halves.1) : nil
    }
}
