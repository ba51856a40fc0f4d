import Foundation
import Tokens

extension PowerBIEndpoints {
    /// `GET /groups/{id}/users` (Groups_GetGroupUsers): the workspace's members with their access right, shaped
    /// as the OpenAPI description's `GroupUser`: people by e-mail address, service principals by object id,
    /// and a security group (every fifth workspace's name holds a comma, quotes, CJK and an emoji).
    func groupUsers(_ workspace: DemoWorkspace, index: Int, requestId: String) -> SimResponse {
        var principals: [String: (principal: DemoPrincipal, email: String?)] = [:]
        for user in tenant.users { principals[user.principal.objectId] = (user.principal, user.username) }
        for app in [tenant.confidentialClient, tenant.blockedClient, tenant.managedIdentity] {
            if let principal = app.servicePrincipal { principals[principal.objectId] = (principal, nil) }
        }
        var value: [JSONValue] = workspace.members.sorted().compactMap { objectId in
            guard let (principal, email) = principals[objectId] else { return nil }
            var members: [(String, JSONValue)] = [("displayName", .string(principal.displayName))]
            if let email {
                members += [("emailAddress", .string(email)), ("identifier", .string(email)), ("principalType", .string("User"))]
            } else {
                members += [("identifier", .string(principal.objectId)), ("principalType", .string("App"))]
            }
            members.append(("groupUserAccessRight", .string(accessRight(of: objectId, in: workspace))))
            return .object(JSONObject(members))
        }
        let groupId = Self.guid(StableHash.of("readers:" + workspace.id))
        let groupName = if isHostile(Place(index: index, workspace: workspace)) {
            Self.hostileGroupName
        } else {
            index % 5 == 0 ? "BI Readers, \"EMEA\" 売上 📊" : "BI Readers"
        }
        value.append(.object(JSONObject([
            ("displayName", .string(groupName)),
            ("identifier", .string(groupId)), ("principalType", .string("Group")), ("groupUserAccessRight", .string("Viewer")),
        ])))
        value += writes.addedUsers(of: workspace.id)
        return .json(200, ["@odata.context": .string(odataBase + "#groups('\(workspace.id)')/users"), "value": .array(value)])
    }

    /// The group of the hostile workspace (`--hostile-names`): a line break, a quote, a comma and an escape
    /// sequence in one name.
    static let hostileGroupName = "Ops\nReaders, \"night\" \u{1B}[31mshift"

    /// Who may do what: the first user administers every workspace, the confidential client too (it creates
    /// them in automation); the others are members, contributors or viewers by workspace.
    func accessRight(of objectId: String, in workspace: DemoWorkspace) -> String {
        if objectId == tenant.users.first?.principal.objectId || objectId == tenant.confidentialClient.servicePrincipal?.objectId {
            return "Admin"
        }
        let rights = ["Member", "Contributor", "Viewer"]
        return rights[Int(StableHash.of(objectId + workspace.id) % UInt64(rights.count))]
    }

    /// A GUID from a hash, the same every run.
    static func guid(_ hash: UInt64) -> String {
        let hex = String(format: "%016llx", hash) + String(format: "%016llx", hash &* 0x9E37_79B9_7F4A_7C15)
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
