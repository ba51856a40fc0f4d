import Foundation
import TerminalSafety
import Tokens

/// `--body JSON|@FILE`, as `api`, `call` and `automate` take it.
enum BodyArgument {
    /// The bytes: the text itself, or the file named after `@`; nil without `--body`.
    static func read(_ value: String?) throws -> Data? {
        guard let value else { return nil }
        guard value.hasPrefix("@") else { return Data(value.utf8) }
        let file = String(value.dropFirst())
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError.usage("--body: cannot read \(TerminalSafety.escape(file))") }
        return data
    }

    /// The bytes and their JSON, refused (bad usage) when they are not JSON.
    static func json(_ value: String?) throws -> (data: Data, json: JSONValue)? {
        guard let data = try read(value) else { return nil }
        do { return (data, try JSONValue.parse(data)) } catch { throw CLIError.usage("--body: not JSON (\(error))") }
    }
}
