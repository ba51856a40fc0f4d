import Foundation
import Tokens

/// An API description: its operations, and the documents its `$ref`s point into. Read from Swagger 2.0 by
/// ``SwaggerReader`` (hand-written over our JSON reader: OpenAPIKit, in the mirror, reads OpenAPI 3 only, and
/// the descriptions pbitui lives on, Power BI's and Fabric's, are Swagger 2.0), or from OpenAPI 3 by the
/// `APIDescriptionFiles` module through OpenAPIKit.
public struct APIDescription: Sendable {
    public let title: String
    /// `api.powerbi.com` (with a port when the description names one), when the description names its host.
    public let host: String?
    public let basePath: String
    public let operations: [APIOperation]
    /// The token audience the description names (an OAuth2 scope's prefix: `api://…`, `https://…`), if any.
    public let audience: String?
    /// True for the Power BI description compiled into pbitui (its calls go through the Power BI client).
    public internal(set) var isPowerBI = false
    /// The documents read, by file name (`""` for the description itself), for following `$ref`s.
    let documents: [String: JSONValue]

    public init(title: String, host: String?, basePath: String, operations: [APIOperation], audience: String? = nil,
                documents: [String: JSONValue]) {
        self.title = title
        self.host = host
        self.basePath = basePath
        self.operations = operations
        self.audience = audience
        self.documents = documents
    }

    /// The description's own schemas by name (`definitions`, or OpenAPI 3's `components.schemas`),
    /// `$ref`s rewritten to resolve from anywhere.
    public var definitions: JSONObject {
        documents[""]?["definitions"]?.objectValue ?? documents[""]?["components"]?["schemas"]?.objectValue ?? JSONObject()
    }

    /// The audience that OAuth2 scopes written in full name (`api://1234/access_as_user`,
    /// `https://contoso.com/api/.default`): the first such scope without its last segment.
    public static func audience(fromScopes scopes: [String]) -> String? {
        for scope in scopes {
            guard let scheme = scope.range(of: "://"), let slash = scope.range(of: "/", options: .backwards),
                  slash.lowerBound > scheme.upperBound else { continue }
            return String(scope[..<slash.lowerBound])
        }
        return nil
    }

    /// The operation with this id, ignoring case.
    public func operation(id: String) -> APIOperation? {
        operations.first { $0.operationId.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// The operation a call was, by method and path (with the base path, or relative to it).
    /// Literal segments beat templates: `/groups/{groupId}/datasets` before `/groups/{groupId}/{x}`.
    public func operation(method: String, path: String) -> APIOperation? {
        let full = basePath.isEmpty || path.hasPrefix(basePath + "/") ? path : basePath + (path.hasPrefix("/") ? path : "/" + path)
        return operations.filter { $0.matches(method: method, path: full) }
            .min { $0.path.filter { $0 == "{" }.count < $1.path.filter { $0 == "{" }.count }
    }

    /// The operations matching every word of `query` (all when it is empty), of one tag when given (ignoring
    /// case), grouped by tag in alphabetical order, by path within a tag.
    public func search(_ query: String = "", tag: String? = nil) -> [APIOperation] {
        let methods = ["GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4]
        return operations
            .filter { operation in
                (tag.map { operation.tag.caseInsensitiveCompare($0) == .orderedSame } ?? true) && operation.matches(query)
            }
            .sorted { left, right in
                if left.tag != right.tag { return left.tag.lowercased() < right.tag.lowercased() }
                if left.path != right.path { return left.path.lowercased() < right.path.lowercased() }
                return methods[left.method, default: 9] < methods[right.method, default: 9]
            }
    }

    /// The tags in the order the operations first use them.
    public var tags: [String] {
        var seen: [String] = []
        for operation in operations where !seen.contains(operation.tag) { seen.append(operation.tag) }
        return seen
    }

    /// `schema` with its `$ref` followed (repeatedly, at most 32 times). Every `$ref` was rewritten when the
    /// description was read to name its file relative to the description's folder, so it resolves anywhere.
    public func resolve(_ schema: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<32 {
            guard let ref = current["$ref"]?.stringValue, let (target, _) = Self.follow(ref, from: "", documents: documents) else { break }
            current = target
        }
        return current
    }

    /// The value at `ref` in the documents read: `ref` as the description's documents hold it, rebased.
    public func value(at ref: String) -> JSONValue? { Self.follow(ref, from: "", documents: documents)?.0 }

    /// The value at `ref` (`#/definitions/X` or `other.json#/definitions/X`) and the file it is in.
    public static func follow(_ ref: String, from file: String, documents: [String: JSONValue]) -> (JSONValue, String)? {
        let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let target = parts.first.map(String.init).flatMap { $0.isEmpty ? nil : SwaggerReader.join(file, $0) } ?? file
        guard let document = documents[target] else { return nil }
        let pointer = parts.count > 1 ? String(parts[1]) : ""
        return JSONPointer.value(at: pointer, in: document).map { ($0, target) }
    }
}

/// RFC 6901 pointers (`/definitions/Dataset`), as `$ref`s use them.
enum JSONPointer {
    static func value(at pointer: String, in document: JSONValue) -> JSONValue? {
        var current = document
        for token in pointer.split(separator: "/") {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current.objectValue, let next = object[key] {
                current = next
            } else if let array = current.arrayValue, let index = Int(key), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }
}

/// Why a description could not be read: which file, and what is wrong.
public struct DescriptionError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let problem: String
    public var description: String { "\(file): \(problem)" }

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }
}

/// Reads a Swagger 2.0 description. `$ref`s to other files next to it (`common.json#/definitions/X`) are
/// read through `load`, relative to the file that names them; URLs and absolute paths are not followed.
public struct SwaggerReader {
    /// Reads a file named relative to the description's folder.
    public typealias Loader = (String) throws -> Data

    let load: Loader
    /// Reads a file's text: JSON here; the `APIDescriptionFiles` module reads YAML too.
    let parse: (Data) throws -> JSONValue

    public init(load: @escaping Loader, parse: @escaping (Data) throws -> JSONValue = { try JSONValue.parse($0) }) {
        self.load = load
        self.parse = parse
    }

    /// A reader of descriptions on disk, resolving other files relative to `path`'s folder (and from there
    /// wherever relative references lead: Fabric's specifications name `../common/definitions.json`).
    public static func file(_ path: String, parse: @escaping (Data) throws -> JSONValue = { try JSONValue.parse($0) }) -> (SwaggerReader, String) {
        let folder = (path as NSString).deletingLastPathComponent
        let reader = SwaggerReader(load: { name in
            let full = folder.isEmpty ? name : folder + "/" + name
            let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
            guard size <= Self.fileSizeLimit else {
                throw DescriptionError(file: name, problem: "larger than \(Self.fileSizeLimit >> 20) MiB (\(size >> 20) MiB)")
            }
            return try Data(contentsOf: URL(fileURLWithPath: full))
        }, parse: parse)
        return (reader, (path as NSString).lastPathComponent)
    }

    /// `relative` (a file named in a `$ref`) as seen from the folder of `file`, both relative to the
    /// description's folder; the result may climb out of it (`../common/definitions.json`). Nil for an
    /// absolute path or a URL: pbitui reads files on this disk named relative to the file that names them,
    /// and never the network.
    static func join(_ file: String, _ relative: String) -> String? {
        guard !relative.hasPrefix("/"), !relative.hasPrefix("~"), !relative.contains("://"), !relative.hasPrefix("file:") else { return nil }
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for part in relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else { parts.append("..") }
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The most files one description may be spread over.
    static let fileLimit = 64
    /// The largest file read (the Power BI description is 1.5 MB; Fabric's largest, 0.6 MB).
    public static let fileSizeLimit = 64 << 20

    /// Reads the description in `text` (named `name` in messages).
    public func read(_ text: Data, name: String) throws(DescriptionError) -> APIDescription {
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch {
            throw DescriptionError(file: name, problem: "not JSON (\(error)); pbitui reads Swagger 2.0 descriptions in JSON")
        }
        return try read(root: root, name: name)
    }

    /// Reads the description already parsed as `root`.
    public func read(root: JSONValue, name: String) throws(DescriptionError) -> APIDescription {
        guard root.objectValue != nil else { throw DescriptionError(file: name, problem: "not a JSON object") }
        if root["openapi"] != nil {
            throw DescriptionError(file: name, problem: "an OpenAPI \(root["openapi"]?.stringValue ?? "3") description; pbitui reads Swagger 2.0")
        }
        guard root["swagger"]?.stringValue == "2.0" else {
            throw DescriptionError(file: name, problem: "no \"swagger\": \"2.0\"; pbitui reads Swagger 2.0 descriptions")
        }
        guard root["paths"]?.objectValue != nil else { throw DescriptionError(file: name, problem: "no paths") }
        let documents = try documents(from: root, name: name)
        let paths = documents[""]?["paths"]?.objectValue ?? JSONObject()
        let basePath = root["basePath"]?.stringValue.map { $0 == "/" ? "" : $0 } ?? ""
        let allScopes = (root["securityDefinitions"]?.objectValue ?? JSONObject()).flatMap { $0.value["scopes"]?.objectValue?.keys ?? [] }
        let audience = APIDescription.audience(fromScopes: allScopes)
        var operations: [APIOperation] = []
        for (path, item) in paths {
            let shared = (item["parameters"]?.arrayValue ?? []).compactMap { parameter(from: $0, documents: documents) }
            for (method, value) in item.objectValue ?? JSONObject() {
                guard ["get", "put", "post", "patch", "delete", "head", "options"].contains(method), value.objectValue != nil else { continue }
                let own = (value["parameters"]?.arrayValue ?? []).compactMap { parameter(from: $0, documents: documents) }
                // An operation's own parameter replaces a path-level one of the same name and place.
                let merged = shared.filter { base in !own.contains { $0.name == base.name && $0.location == base.location } } + own
                let description = value["description"]?.stringValue ?? ""
                let summary = value["summary"]?.stringValue ?? ""
                operations.append(APIOperation(
                    operationId: value["operationId"]?.stringValue ?? method.uppercased() + " " + path,
                    method: method.uppercased(), path: basePath + path,
                    tag: value["tags"]?.arrayValue?.first?.stringValue ?? "Other",
                    summary: summary, description: description, parameters: merged,
                    scopes: Self.scopes(required: value["security"] ?? root["security"], audience: audience) ?? OperationText.scopes(in: description),
                    servicePrincipal: OperationText.servicePrincipal(in: description + "\n" + summary),
                    deprecated: value["deprecated"]?.boolValue ?? false))
            }
        }
        return APIDescription(title: root["info"]?["title"]?.stringValue ?? name, host: root["host"]?.stringValue,
                              basePath: basePath, operations: operations, audience: audience,
                              documents: documents)
    }

    /// The scopes a `security` requirement list names (`[{"entra": ["api://x/Items.Read"]}]`), as a token's
    /// `scp` carries them (without the audience); nil when there is no such list or it names none.
    public static func scopes(required: JSONValue?, audience: String?) -> [String]? {
        var found: [String] = []
        for requirement in required?.arrayValue ?? [] {
            for scheme in requirement.objectValue ?? JSONObject() {
                for scope in scheme.value.arrayValue?.compactMap(\.stringValue) ?? [] {
                    let short = audience.flatMap { scope.hasPrefix($0 + "/") ? String(scope.dropFirst($0.count + 1)) : nil } ?? scope
                    if !found.contains(short) { found.append(short) }
                }
            }
        }
        return found.isEmpty ? nil : found
    }

    /// The description and every file its `$ref`s name (and theirs), once each, by file name relative to the
    /// description's folder (`""` for the description), with every `$ref` rewritten to name its file that way.
    public func documents(from root: JSONValue, name: String) throws(DescriptionError) -> [String: JSONValue] {
        var documents: [String: JSONValue] = [:]
        var pending: [(String, JSONValue)] = [("", root)]
        while let (file, document) = pending.popLast() {
            let shownAs = file.isEmpty ? name : file
            var named: [(target: String, ref: String)] = []
            documents[file] = try Self.rebase(document, file: file, shownAs: shownAs, named: &named)
            for (target, ref) in named where documents[target] == nil && !pending.contains(where: { $0.0 == target }) {
                // A description names a few files; one that keeps naming new ones (a folder linked into
                // itself, `a/b.json` naming `a/b.json` relative to itself) is refused instead of read forever.
                guard documents.count + pending.count < Self.fileLimit else {
                    throw DescriptionError(file: target, problem: "the description names more than \(Self.fileLimit) files through its $refs (the last, $ref \(ref) in \(shownAs))")
                }
                // Messages name the file and the reference, never what the file holds.
                let data: Data
                do { data = try load(target) } catch {
                    let why = (error as? DescriptionError)?.problem ?? "cannot read it"
                    throw DescriptionError(file: target, problem: "\(why) (named by $ref \(ref) in \(shownAs))")
                }
                do { pending.append((target, try parse(data))) } catch {
                    throw DescriptionError(file: target, problem: "cannot be read: \(error) (named by $ref \(ref) in \(shownAs))")
                }
            }
        }
        return documents
    }

    /// `value` (read from `file`) with each `$ref` naming its file relative to the description's folder;
    /// the files named are added to `named`.
    static func rebase(_ value: JSONValue, file: String, shownAs: String, named: inout [(target: String, ref: String)]) throws(DescriptionError) -> JSONValue {
        switch value {
        case let .object(object):
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(object.count)
            for member in object {
                // Examples are not read (pbitui makes its own from the schemas): Fabric's name a file each,
                // hundreds in all, some of them not published.
                if member.key == "x-ms-examples" { continue }
                if member.key == "$ref", let ref = member.value.stringValue {
                    let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let filePart = parts.first.map(String.init) ?? ""
                    let pointer = parts.count > 1 ? String(parts[1]) : ""
                    var target = file
                    if !filePart.isEmpty {
                        guard let joined = join(file, filePart) else {
                            throw DescriptionError(file: shownAs, problem: "$ref \(ref) is a URL or an absolute path; pbitui follows references relative to the file that makes them, on this disk, and never the network")
                        }
                        target = joined
                        if target != file, !named.contains(where: { $0.target == target }) { named.append((target, ref)) }
                    }
                    members.append((member.key, .string(target + "#" + pointer)))
                } else {
                    members.append((member.key, try rebase(member.value, file: file, shownAs: shownAs, named: &named)))
                }
            }
            return .object(JSONObject(members))
        case let .array(items):
            var rebased: [JSONValue] = []
            rebased.reserveCapacity(items.count)
            for item in items { rebased.append(try rebase(item, file: file, shownAs: shownAs, named: &named)) }
            return .array(rebased)
        default:
            return value
        }
    }

    /// A parameter, following a `$ref` to `#/parameters/X` (or another file's).
    private func parameter(from value: JSONValue, documents: [String: JSONValue]) -> APIParameter? {
        var current = value
        for _ in 0..<8 {
            guard let ref = current["$ref"]?.stringValue else { break }
            guard let (target, _) = APIDescription.follow(ref, from: "", documents: documents) else { return nil }
            current = target
        }
        guard let name = current["name"]?.stringValue, let place = current["in"]?.stringValue,
              let location = APIParameter.Location(rawValue: place) else { return nil }
        let schema = current["schema"]
        let type: String
        if location == .body {
            let ref = schema?["$ref"]?.stringValue
            type = ref.map { String($0.split(separator: "/").last ?? "object") } ?? schema?["type"]?.stringValue ?? "object"
        } else if current["type"]?.stringValue == "array", let items = current["items"]?["type"]?.stringValue {
            type = "array of \(items)"
        } else {
            type = current["type"]?.stringValue ?? "string"
        }
        let choices = (current["enum"] ?? current["items"]?["enum"])?.arrayValue?.compactMap { choice -> String? in
            switch choice {
            case let .string(text): text
            case let .number(number): number
            case let .bool(flag): String(flag)
            default: nil
            }
        } ?? []
        return APIParameter(name: name, location: location, required: current["required"]?.boolValue ?? (location == .path),
                            type: type, format: current["format"]?.stringValue, choices: choices,
                            summary: current["description"]?.stringValue ?? "", schema: schema)
    }
}

/// The descriptions pbitui knows: Power BI's own, compiled in (read on first use, off the first frame).
public enum OperationCatalogue {
    /// Whether `method path` changes something, for a request that may not name its operation (the
    /// console, a raw `automate` call): GET never does; a POST that is one of Power BI's read-only
    /// operations (``APIOperation/readOnlyPosts``; `path` below `/v1.0/myorg` or whole) does not.
    public static func changesSomething(method: String, path: String) -> Bool {
        let verb = method.uppercased()
        if ["GET", "HEAD", "OPTIONS"].contains(verb) { return false }
        guard verb == "POST" else { return true }
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let operation = powerBI.operation(method: verb, path: bare) ?? powerBI.operation(method: verb, path: "/v1.0/myorg" + (bare.hasPrefix("/") ? bare : "/" + bare))
        return operation?.changesSomething ?? true
    }

    /// The Power BI REST API (`PowerBIDescription.swift`, generated by `scripts/embed-powerbi-description.py`).
    public static let powerBI: APIDescription = {
        do {
            var description = try SwaggerReader { _ in throw DescriptionError(file: "", problem: "no other files") }
                .read(Data(powerBIDescriptionJSON.utf8), name: "powerbi-swagger.json")
            description.isPowerBI = true
            return description
        } catch {
            preconditionFailure("the compiled-in Power BI description does not read: \(error)")
        }
    }()
}
