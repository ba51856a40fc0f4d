import Foundation
public import Tokens

/// A Power BI workspace (a "group" on the wire), decoded leniently: only `id` is required, unknown keys
/// are kept in ``raw`` and otherwise ignored.
public struct Workspace: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let isReadOnly: Bool?
    public let isOnDedicatedCapacity: Bool?
    public let capacityId: String?
    /// `Workspace`, `Personal`, … on user-scope answers; absent elsewhere.
    public let type: String?
    /// The object exactly as the service sent it.
    public let raw: JSONValue

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        name = json["name"]?.stringValue ?? id
        isReadOnly = json["isReadOnly"]?.boolValue
        isOnDedicatedCapacity = json["isOnDedicatedCapacity"]?.boolValue
        capacityId = json["capacityId"]?.stringValue
        type = json["type"]?.stringValue
        raw = json
    }
}

/// Identifiers compare without case: the service mixes upper- and lower-case GUIDs (reference/powerbi.md §1).
public enum ItemID {
    public static func key(_ id: String) -> String { id.lowercased() }
    public static func same(_ lhs: String, _ rhs: String) -> Bool { lhs.caseInsensitiveCompare(rhs) == .orderedSame }
    /// True for a GUID (`8-4-4-4-12` hex digits, any case): what an id given on the command line looks like,
    /// used as given without a lookup (a workspace named like a GUID is reached by its id).
    public static func isID(_ text: String) -> Bool { UUID(uuidString: text) != nil }
}
