import Foundation

/// Finds things in JSON text without building a tree: the byte ranges of the elements of an array member
/// and the value of a string member. For large collections (10,000 workspaces) whose objects are passed
/// on unchanged; anything it cannot follow makes it return nil, and the caller uses ``JSONValue/parse(_:)``,
/// whose errors say what is wrong.
public struct JSONScanner {
    let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The ranges of the elements of the top-level object's array member `key` (`"value"`), or nil when
    /// the text is not an object with such an array or is not well-formed JSON.
    public func arrayElements(ofMember key: String) -> [Range<Int>]? {
        bytes.withUnsafeBufferPointer { ScanBuffer(bytes: $0).arrayElements(ofMember: key) }
    }

    /// The value of the string member `key` of the object in `range`, when it has no escapes (ids never do).
    public func stringMember(_ key: String, in range: Range<Int>) -> String? {
        bytes.withUnsafeBufferPointer { ScanBuffer(bytes: $0).stringMember(key, in: range) }
    }
}

/// The scanner's work over the bytes without bounds checks on every byte (each access is still guarded by
/// an explicit `index < bytes.count`): scanning 900 KB pages is the command line's hottest loop.
struct ScanBuffer {
    let bytes: UnsafeBufferPointer<UInt8>

    func arrayElements(ofMember key: String) -> [Range<Int>]? {
        var index = 0
        skipWhitespace(&index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var found: [Range<Int>]?
        let wanted = Array(key.utf8)
        while true {
            skipWhitespace(&index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            guard let name = skipString(&index) else { return nil }
            skipWhitespace(&index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace(&index)
            if equal(name, wanted), index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                guard let elements = scanArray(&index) else { return nil }
                found = elements
            } else {
                guard skipValue(&index, depth: 0) else { return nil }
            }
            skipWhitespace(&index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            return nil
        }
        skipWhitespace(&index)
        return index == bytes.count ? found : nil
    }

    func stringMember(_ key: String, in range: Range<Int>) -> String? {
        stringMemberRange(key, in: range).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
    }

    /// The byte range of the string member `key` of the object in `range`, when it has no escapes.
    func stringMemberRange(_ key: String, in range: Range<Int>) -> Range<Int>? {
        var index = range.lowerBound
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        let wanted = Array(key.utf8)
        while index < range.upperBound {
            skipWhitespace(&index)
            guard index < range.upperBound, bytes[index] != UInt8(ascii: "}") else { return nil }
            guard let name = skipString(&index) else { return nil }
            skipWhitespace(&index)
            guard index < range.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace(&index)
            if equal(name, wanted) {
                guard index < range.upperBound, bytes[index] == UInt8(ascii: "\""), let value = skipString(&index),
                      !bytes[value].contains(UInt8(ascii: "\\")) else { return nil }
                return value
            }
            guard skipValue(&index, depth: 1) else { return nil }
            skipWhitespace(&index)
            if index < range.upperBound, bytes[index] == UInt8(ascii: ",") { index += 1 }
        }
        return nil
    }

    @inline(__always)
    private func equal(_ range: Range<Int>, _ wanted: [UInt8]) -> Bool {
        range.count == wanted.count && wanted.withUnsafeBufferPointer { memcmp(bytes.baseAddress! + range.lowerBound, $0.baseAddress!, range.count) == 0 }
    }

    @inline(__always)
    private func skipWhitespace(_ index: inout Int) {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Skips a string starting at `index` (on its quote); returns the range of its content.
    @inline(__always)
    private func skipString(_ index: inout Int) -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { index += 1; return start..<index - 1 }
            if byte == UInt8(ascii: "\\") { index += 2; continue }
            if byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    private func scanArray(_ index: inout Int) -> [Range<Int>]? {
        index += 1
        var elements: [Range<Int>] = []
        skipWhitespace(&index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return elements }
        while true {
            skipWhitespace(&index)
            let start = index
            guard skipValue(&index, depth: 1) else { return nil }
            elements.append(start..<index)
            skipWhitespace(&index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return elements }
            return nil
        }
    }

    private func skipValue(_ index: inout Int, depth: Int) -> Bool {
        guard depth < 512, index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return skipString(&index) != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            index += 1
            skipWhitespace(&index)
            if index < bytes.count, bytes[index] == close { index += 1; return true }
            while true {
                skipWhitespace(&index)
                if isObject {
                    guard skipString(&index) != nil else { return false }
                    skipWhitespace(&index)
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                    index += 1
                    skipWhitespace(&index)
                }
                guard skipValue(&index, depth: depth + 1) else { return false }
                skipWhitespace(&index)
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == close { index += 1; return true }
                return false
            }
        default:
            // A number or a literal: validated loosely by its characters.
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                guard (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                        || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) else { break }
                index += 1
            }
            guard index > start else { return false }
            let word = bytes[start..<index]
            if word.first! >= UInt8(ascii: "a"), word.first! <= UInt8(ascii: "z") {
                return word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) || word.elementsEqual("null".utf8)
            }
            return true
        }
    }
}
