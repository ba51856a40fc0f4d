import APIDescriptions
import Foundation
import Tokens

/// A description file of any kind pbitui reads: Swagger 2.0 (our ``SwaggerReader``) or OpenAPI 3.0–3.2
/// (through OpenAPIKit), written in JSON or YAML, with `$ref`s into other files next to it.
public enum DescriptionFile {
    /// Reads the description at `path`, other files relative to its folder.
    public static func read(path: String) throws(DescriptionError) -> APIDescription {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DescriptionError(file: path, problem: "cannot read it")
        }
        let (reader, name) = SwaggerReader.file(path, parse: parse)
        return try read(data, name: name, files: reader)
    }

    /// Reads the description in `data` (named `name` in messages), other files through `files`.
    public static func read(_ data: Data, name: String, files: SwaggerReader) throws(DescriptionError) -> APIDescription {
        let root: JSONValue
        do { root = try parse(data) } catch { throw DescriptionError(file: name, problem: String(describing: error)) }
        guard root.objectValue != nil else {
            throw DescriptionError(file: name, problem: "not a description (neither a JSON object nor a YAML mapping; an HTML page?)")
        }
        if root["openapi"] != nil { return try OpenAPI3Reader(files: files).read(root: root, name: name) }
        return try files.read(root: root, name: name)
    }

    /// JSON when the text starts with `{` (after white space and a byte-order mark), YAML otherwise.
    public static func parse(_ data: Data) throws -> JSONValue {
        let first = data.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if first == UInt8(ascii: "{") {
            do { return try JSONValue.parse(data) } catch { throw YAMLText.Failure(description: "not JSON (\(error))") }
        }
        return try YAMLText.parse(data)
    }
}
