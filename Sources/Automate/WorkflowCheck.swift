import Foundation
import Tokens

/// Checks a workflow definition the way the designer would refuse it, and for secrets: every `runAfter`
/// names an action of the same scope with a known status, every expression's `body('X')`, `outputs('X')`
/// and `actions('X')` names an action, `parameters('X')` a parameter, `variables('X')` an initialised
/// variable; `Until` has an expression and limits; `runError` only with `Failed`; secure data only where the
/// service allows it; and no value that looks like a token, a secret or a password.
public enum WorkflowCheck {
    static let statuses: Set<String> = ["Succeeded", "Failed", "Skipped", "TimedOut"]
    /// Built-in actions that take no `runtimeConfiguration.secureData`.
    static let noSecureData: Set<String> = ["InitializeVariable", "SetVariable", "IncrementVariable", "AppendToArrayVariable",
                                            "AppendToStringVariable", "Foreach", "If", "Switch", "Scope", "Until", "Terminate", "Wait"]

    /// What is wrong, one line each; empty when nothing is. `secrets` are values that must not appear.
    public static func problems(_ definition: JSONValue, secrets: [String] = []) -> [String] {
        var problems: [String] = []
        var actionNames: Set<String> = []
        var variables: Set<String> = []
        collect(definition["actions"]?.objectValue ?? JSONObject(), names: &actionNames, variables: &variables)
        let parameters = Set((definition["parameters"]?.objectValue ?? JSONObject()).keys)
        checkScope(definition["actions"]?.objectValue ?? JSONObject(), path: "actions", problems: &problems)
        var strings: [(String, String)] = []
        gather(definition, path: "", into: &strings)
        for (path, text) in strings {
            for (function, name) in references(in: text) {
                switch function {
                case "body", "outputs", "actions", "result", "actionbody", "actionoutputs":
                    if !actionNames.contains(name) { problems.append("\(path): \(function)('\(name)') names no action") }
                case "parameters":
                    if !parameters.contains(name) { problems.append("\(path): parameters('\(name)') names no parameter") }
                case "variables":
                    if !variables.contains(name) { problems.append("\(path): variables('\(name)') is never initialised") }
                default: break
                }
            }
            if let secret = secretLike(text, secrets: secrets) { problems.append("\(path): \(secret)") }
        }
        return problems
    }

    private static func collect(_ actions: JSONObject, names: inout Set<String>, variables: inout Set<String>) {
        for action in actions {
            names.insert(action.key)
            if action.value["type"]?.stringValue == "InitializeVariable" {
                for variable in action.value["inputs"]?["variables"]?.arrayValue ?? [] {
                    if let name = variable["name"]?.stringValue { variables.insert(name) }
                }
            }
            for nested in nestedScopes(action.value) { collect(nested, names: &names, variables: &variables) }
        }
    }

    /// The action lists inside an action: `actions`, If's `else.actions`, Switch's cases and default.
    private static func nestedScopes(_ action: JSONValue) -> [JSONObject] {
        var scopes: [JSONObject] = []
        if let actions = action["actions"]?.objectValue { scopes.append(actions) }
        if let actions = action["else"]?["actions"]?.objectValue { scopes.append(actions) }
        if let actions = action["default"]?["actions"]?.objectValue { scopes.append(actions) }
        for item in action["cases"]?.objectValue ?? JSONObject() {
            if let actions = item.value["actions"]?.objectValue { scopes.append(actions) }
        }
        return scopes
    }

    private static func checkScope(_ actions: JSONObject, path: String, problems: inout [String]) {
        let siblings = Set(actions.keys)
        for action in actions {
            let at = path + "." + action.key
            let type = action.value["type"]?.stringValue ?? ""
            if type.isEmpty { problems.append("\(at): no type") }
            guard let runAfter = action.value["runAfter"]?.objectValue ?? (action.value["runAfter"] == nil ? JSONObject() : nil) else {
                problems.append("\(at): runAfter is not an object")
                continue
            }
            for predecessor in runAfter {
                if !siblings.contains(predecessor.key) || predecessor.key == action.key {
                    problems.append("\(at): runAfter names \(predecessor.key), which is not an action beside it")
                }
                let given = predecessor.value.arrayValue?.compactMap(\.stringValue) ?? []
                if given.isEmpty || !given.allSatisfy(statuses.contains) {
                    problems.append("\(at): runAfter \(predecessor.key) has statuses \(given), not among \(statuses.sorted())")
                }
            }
            if action.value["runtimeConfiguration"]?["secureData"] != nil, noSecureData.contains(type) {
                problems.append("\(at): \(type) takes no secure inputs or outputs")
            }
            switch type {
            case "Until":
                if action.value["expression"] == nil { problems.append("\(at): Until without an expression") }
                let count = action.value["limit"]?["count"]?.intValue
                let timeout = action.value["limit"]?["timeout"]?.stringValue
                if count == nil || !(1...5_000).contains(count ?? 0) { problems.append("\(at): Until needs a limit count from 1 to 5,000") }
                if timeout?.hasPrefix("P") != true, timeout?.hasPrefix("@") != true { problems.append("\(at): Until needs an ISO 8601 timeout (PT1H)") }
            case "Terminate":
                let status = action.value["inputs"]?["runStatus"]?.stringValue ?? ""
                if !["Failed", "Cancelled", "Succeeded"].contains(status) { problems.append("\(at): Terminate with runStatus '\(status)'") }
                if action.value["inputs"]?["runError"] != nil, status != "Failed" { problems.append("\(at): runError only goes with Failed") }
            default: break
            }
            for nested in nestedScopes(action.value) { checkScope(nested, path: at, problems: &problems) }
        }
    }

    private static func gather(_ value: JSONValue, path: String, into strings: inout [(String, String)]) {
        switch value {
        case let .string(text): strings.append((path, text))
        case let .object(object):
            for member in object {
                strings.append((path + "." + member.key, member.key))
                gather(member.value, path: path + "." + member.key, into: &strings)
            }
        case let .array(items):
            for (index, item) in items.enumerated() { gather(item, path: path + "[\(index)]", into: &strings) }
        default: break
        }
    }

    /// `function('name')` calls in an expression text, function names lower-cased.
    static func references(in text: String) -> [(String, String)] {
        var found: [(String, String)] = []
        let characters = Array(text.unicodeScalars)
        var index = 0
        while index < characters.count {
            guard characters[index] == "(", index + 1 < characters.count, characters[index + 1] == "'" else {
                index += 1
                continue
            }
            var start = index
            while start > 0, CharacterSet.letters.contains(characters[start - 1]) { start -= 1 }
            let function = String(String.UnicodeScalarView(characters[start..<index])).lowercased()
            var end = index + 2
            while end < characters.count, characters[end] != "'" { end += 1 }
            if !function.isEmpty, end < characters.count {
                found.append((function, String(String.UnicodeScalarView(characters[(index + 2)..<end]))))
            }
            index = end + 1
        }
        return found
    }

    /// Why a value looks like a secret, or nil.
    static func secretLike(_ text: String, secrets: [String]) -> String? {
        for secret in secrets where secret.count >= 6 && text.contains(secret) { return "holds a secret value" }
        // A JWT: three base64url parts, the first a JSON header.
        for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) where word.hasPrefix("eyJ") {
            if word.split(separator: ".").count >= 2, word.count > 40 { return "holds what looks like a token" }
        }
        let lowered = text.lowercased()
        if let range = lowered.range(of: "bearer "), !lowered[range.upperBound...].hasPrefix("@") && !lowered[range.upperBound...].hasPrefix("$") {
            return "a bearer token written out"
        }
        for key in ["client_secret=", "password="] {
            var searchFrom = lowered.startIndex
            while let range = lowered.range(of: key, range: searchFrom..<lowered.endIndex) {
                let rest = lowered[range.upperBound...]
                if !rest.isEmpty, !rest.hasPrefix("@{"), !rest.hasPrefix("&"), !rest.hasPrefix("<") { return "\(key) with a value written out" }
                searchFrom = range.upperBound
            }
        }
        return nil
    }
}
