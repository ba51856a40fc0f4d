import APIDescriptions
import Foundation
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// Id parameters of `call` and `automate` given as names: `--groupId "Sales Analytics" --datasetId "Sales
/// Model"` is looked up as `ls` and `dax` look up `--workspace` and `--dataset`; an id (a GUID) is used as
/// given, with no lookup. A `format: uuid` parameter pbitui cannot look up must be given a GUID.
enum IdArguments {
    /// What a parameter names, by its name in the Power BI description.
    enum Kind: Equatable {
        case workspace, app, capacity
        case item(ItemKind)
    }

    static func kind(of parameter: String) -> Kind? {
        switch parameter.lowercased() {
        case "groupid", "workspaceid": .workspace
        case "datasetid": .item(.datasets)
        case "reportid": .item(.reports)
        case "dashboardid": .item(.dashboards)
        case "dataflowid": .item(.dataflows)
        case "appid": .app
        case "capacityid": .capacity
        default: nil
        }
    }

    /// The operation's parameter a `--NAME` flag means (case ignored, a leading `$` optional).
    static func parameter(_ flag: String, of operation: APIOperation) -> APIParameter? {
        let bare = flag.hasPrefix("$") ? String(flag.dropFirst()) : flag
        return operation.parameters.first { parameter in
            let name = parameter.name.hasPrefix("$") ? String(parameter.name.dropFirst()) : parameter.name
            return name.caseInsensitiveCompare(bare) == .orderedSame
        }
    }

    /// Before anything is sent: a value that is not a GUID for a `format: uuid` parameter pbitui cannot look
    /// up is bad usage. Returns whether any value is a name to look up (which needs a sign-in).
    static func check(_ pairs: [(String, String)], operation: APIOperation) throws -> Bool {
        var names = false
        for (flag, value) in pairs {
            guard let parameter = parameter(flag, of: operation), parameter.location == .path || parameter.location == .query,
                  !ItemID.isID(value) else { continue }
            if kind(of: parameter.name) != nil {
                names = true
            } else if parameter.format == "uuid" {
                throw CLIError.usage("--\(parameter.name): '\(TerminalSafety.escape(value))' is not an id (a GUID such as "
                                     + "00000000-0000-0000-0000-000000000000), and pbitui cannot look up a \(parameter.name) by name")
            }
        }
        return names
    }

    /// `pairs` with every name replaced by its id; ids are kept as they are and send no request.
    static func resolve(_ pairs: [(String, String)], operation: APIOperation, client: PowerBIClient) async throws -> [(String, String)] {
        var resolved = pairs
        // The workspace first: the items of the other parameters are looked up in it.
        var scope = WorkspaceScope.my
        if let index = pairs.firstIndex(where: { parameter($0.0, of: operation).flatMap { kind(of: $0.name) } == .workspace }) {
            scope = try await WorkspaceArgument.resolve(pairs[index].1, client: client).scope
            if case let .group(id) = scope { resolved[index].1 = id }
        }
        for (index, (flag, value)) in pairs.enumerated() where !ItemID.isID(value) {
            guard let parameter = parameter(flag, of: operation), let kind = kind(of: parameter.name) else { continue }
            switch kind {
            case .workspace: continue
            case .app: resolved[index].1 = try await tenantItem(.apps, named: value, client: client)
            case .capacity: resolved[index].1 = try await tenantItem(.capacities, named: value, client: client)
            case let .item(itemKind): resolved[index].1 = try await item(itemKind, named: value, in: scope, client: client)
            }
        }
        return resolved
    }

    /// A workspace item's id by its name (case ignored); an ambiguous or unknown name is bad usage, with
    /// the nearest names offered.
    static func item(_ kind: ItemKind, named name: String, in scope: WorkspaceScope, client: PowerBIClient) async throws -> String {
        let objects: [JSONValue]
        do { objects = try await client.itemObjects(kind, in: scope) } catch { throw CLIError.failure(error) }
        let spec = kind.spec
        return try pick(objects.compactMap { object in spec.id(of: object).map { ($0, spec.name(of: object)) } }, name: name, what: kind.singular)
    }

    static func tenantItem(_ kind: TenantKind, named name: String, client: PowerBIClient) async throws -> String {
        let objects: [JSONValue]
        do { objects = try await client.list(kind.spec.path) } catch { throw CLIError.failure(error) }
        let spec = kind.spec
        return try pick(objects.compactMap { object in spec.id(of: object).map { ($0, spec.name(of: object)) } }, name: name, what: kind.singular)
    }

    /// The one (id, name) whose name is `name`, ignoring case.
    static func pick(_ items: [(id: String, name: String)], name: String, what: String) throws -> String {
        let matches = items.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
        if matches.count == 1 { return matches[0].id }
        if matches.count > 1 { throw CLIError.usage("\(matches.count) \(what)s are named '\(TerminalSafety.escape(name))'; give the id") }
        throw CLIError.usage("no \(what) named '\(TerminalSafety.escape(name))'" + DidYouMean.hint(name, among: items.map(\.name)))
    }
}
