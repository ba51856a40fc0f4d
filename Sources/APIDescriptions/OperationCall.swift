import Foundation
import Tokens

/// A call of an operation, checked against its description before anything is sent.
public struct OperationCall: Sendable, Hashable {
    public let operation: APIOperation
    /// The path with its parameters filled in (percent-encoded), from the description's root:
    /// `/v1.0/myorg/groups/3f…/datasets/9a…/refreshes`.
    public let path: String
    public let query: [String: String]
    public let headers: [String: String]
    public let body: Data?

    /// The query as the client takes it, in the description's order.
    public var queryItems: [(String, String)] {
        operation.parameters.filter { $0.location == .query }.compactMap { parameter in query[parameter.name].map { (parameter.name, $0) } }
    }
}

/// What is wrong with the arguments of a call, in words that name the parameter and the choices.
public struct CallArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}

extension APIOperation {
    /// The parameter `name` names: its exact name, or ignoring case and a leading `$` (`top` for `$top`).
    public func parameter(named name: String) -> APIParameter? {
        func plain(_ text: String) -> String { (text.hasPrefix("$") ? String(text.dropFirst()) : text).lowercased() }
        return parameters.first { $0.name == name } ?? parameters.first { $0.location != .body && plain($0.name) == plain(name) }
    }

    /// Checks `values` (parameter name → text) and `body` against the description and builds the call:
    /// an unknown parameter, a missing required one, a value outside an enum or of the wrong type, a body
    /// that is not JSON, missing where required, or given where the operation takes none, is refused.
    public func call(_ values: [(String, String)], body: Data?) throws(CallArgumentError) -> OperationCall {
        var given: [String: String] = [:]
        for (name, value) in values {
            guard let parameter = parameter(named: name), parameter.location != .body else {
                let known = parameters.filter { $0.location != .body }.map { "--" + $0.name }
                throw CallArgumentError(message: "\(operationId) has no parameter '\(name)'"
                                        + (known.isEmpty ? "; it takes none" : "; its parameters are \(known.joined(separator: ", "))"))
            }
            guard given[parameter.name] == nil else {
                throw CallArgumentError(message: "--\(parameter.name) is given twice")
            }
            try Self.check(value, for: parameter)
            given[parameter.name] = value
        }
        for parameter in parameters where parameter.required && parameter.location != .body && given[parameter.name] == nil {
            throw CallArgumentError(message: "\(operationId) needs --\(parameter.name) (\(Self.describe(parameter)))")
        }
        if let body {
            guard self.body != nil else { throw CallArgumentError(message: "\(operationId) takes no body") }
            do { _ = try JSONValue.parse(body) } catch { throw CallArgumentError(message: "--body: not JSON (\(error))") }
        } else if let expected = self.body, expected.required {
            throw CallArgumentError(message: "\(operationId) needs a body (\(expected.type)): --body JSON or --body @FILE; `pbitui ops show \(operationId)` prints one to start from")
        }
        var path = ""
        var rest = Substring(self.path)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            path += FormEncodingPath.segment(given[name] ?? "")
            rest = rest[rest.index(after: close)...]
        }
        path += rest
        func only(_ location: APIParameter.Location) -> [String: String] {
            given.filter { name, _ in parameters.contains { $0.name == name && $0.location == location } }
        }
        return OperationCall(operation: self, path: path, query: only(.query), headers: only(.header), body: body)
    }

    static func describe(_ parameter: APIParameter) -> String {
        var words = parameter.location.rawValue + " parameter, " + parameter.type
        if let format = parameter.format { words += " (\(format))" }
        if !parameter.choices.isEmpty { words += ", one of " + parameter.choices.joined(separator: ", ") }
        return words
    }

    static func check(_ value: String, for parameter: APIParameter) throws(CallArgumentError) {
        if !parameter.choices.isEmpty, !parameter.choices.contains(value) {
            // Enums are matched exactly, as the service does; a different case is pointed out.
            let near = parameter.choices.first { $0.caseInsensitiveCompare(value) == .orderedSame }
            throw CallArgumentError(message: "--\(parameter.name): '\(value)' is not one of \(parameter.choices.joined(separator: ", "))"
                                    + (near.map { " (did you mean \($0)?)" } ?? ""))
        }
        switch parameter.type {
        case "integer" where Int(value) == nil:
            throw CallArgumentError(message: "--\(parameter.name): '\(value)' is not an integer")
        case "number" where Double(value) == nil:
            throw CallArgumentError(message: "--\(parameter.name): '\(value)' is not a number")
        case "boolean" where !["true", "false"].contains(value):
            throw CallArgumentError(message: "--\(parameter.name): '\(value)' is not true or false")
        default:
            break
        }
        if parameter.location == .path, value.isEmpty {
            throw CallArgumentError(message: "--\(parameter.name): a path parameter cannot be empty")
        }
    }
}

/// One path segment percent-encoded: ids and names as they go between `/`s.
public enum FormEncodingPath {
    public static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? text
    }
}
