import Foundation
import Tokens

extension ItemKindSpec {
    /// Who has access to a workspace (`GET /groups/{id}/users`): people, groups and service principals with
    /// their access right. There is no such list for My workspace.
    public static let users = ItemKindSpec(
        kind: .users, idMembers: ["identifier", "graphId"], nameMembers: ["displayName", "emailAddress", "identifier"],
        idHeader: "IDENTIFIER",
        columns: [
            .member("TYPE", "principalType", width: .fixed(6)),
            .member("ACCESS", "groupUserAccessRight", width: .fixed(11)),
            .member("EMAIL", "emailAddress", width: .flexible(minimum: 12)),
        ],
        refreshable: false, inMyWorkspace: false, readScopes: ["Workspace.Read.All", "Workspace.ReadWrite.All"])
}
