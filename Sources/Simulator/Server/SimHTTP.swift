import Foundation
import Tokens

/// A request as the simulator's endpoints see it, independent of the HTTP server underneath.
public struct SimRequest: Sendable {
    public var method: String
    public var path: String
    /// Query parameters, percent-decoded, in order.
    public var query: [(String, String)]
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: String, query: [(String, String)] = [], headers: [String: String] = [:],
                body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    public func queryValue(_ name: String) -> String? {
        query.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The form fields of an `application/x-www-form-urlencoded` body; nil for another content type.
    public var formFields: [String: String]? {
        guard let type = header("content-type")?.lowercased(), type.hasPrefix("application/x-www-form-urlencoded") else {
            return nil
        }
        var fields: [String: String] = [:]
        for (name, value) in SimForm.decode(String(decoding: body, as: UTF8.self)) where fields[name] == nil {
            fields[name] = value
        }
        return fields
    }
}

/// A response from a simulator endpoint.
public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                    body: Data(value.serializedBytes()))
    }

    public static func html(_ status: Int, _ text: String, headers: [(String, String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + headers, body: Data(text.utf8))
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// Form and query decoding (`+` is a space, `%XX` a byte).
enum SimForm {
    /// Percent-encodes everything but unreserved characters.
    static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(String(parts[0])), parts.count > 1 ? unescape(String(parts[1])) : "")
        }
    }

    static func unescape(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output = [UInt8]()
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "+") {
                output.append(0x20)
            } else if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                      let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16) {
                output.append(value)
                index += 2
            } else {
                output.append(bytes[index])
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
