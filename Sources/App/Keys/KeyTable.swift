import TerminalUI

/// What a key can do.
public enum Action: String, Sendable, Hashable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case reload, quit
}

/// One entry of the key table: the keys, how the hint line and help name it, and whether it changes
/// anything in the tenant. Dispatch, the hint line and help all read the same table (STYLE.md).
public struct KeyBinding: Sendable {
    public let action: Action
    public let keys: [Key]
    /// The keys as the hint line shows them (`j/k`); defaults to the first key.
    public let keyLabel: String
    /// One or two words for the hint line.
    public let label: String
    /// A sentence for help.
    public let description: String
    /// Changes something in the tenant (a refresh, a cancel): confirmed, and removed in read-only mode.
    public let dangerous: Bool
    /// Shown in the hint line.
    public let showInHints: Bool

    public init(_ action: Action, keys: [Key], keyLabel: String? = nil, label: String, description: String,
                dangerous: Bool = false, showInHints: Bool = true) {
        self.action = action
        self.keys = keys
        self.keyLabel = keyLabel ?? keys.first.map(String.init(describing:)) ?? ""
        self.label = label
        self.description = description
        self.dangerous = dangerous
        self.showInHints = showInHints
    }
}

/// The key table of a screen.
public struct KeyTable: Sendable {
    public let bindings: [KeyBinding]

    public init(_ bindings: [KeyBinding]) { self.bindings = bindings }

    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    public var hints: [(key: String, label: String)] {
        bindings.filter(\.showInHints).map { ($0.keyLabel, $0.label) }
    }

    /// The workspace list's keys (DESIGN.md §4).
    public static let workspaces = KeyTable([
        KeyBinding(.moveDown, keys: [.down, .character("j")], keyLabel: "j/k", label: "move", description: "Move the selection down"),
        KeyBinding(.moveUp, keys: [.up, .character("k")], keyLabel: "↑/↓", label: "move", description: "Move the selection up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Move down one page", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Move up one page", showInHints: false),
        KeyBinding(.top, keys: [.character("g"), .home], keyLabel: "g/G", label: "top/bottom", description: "Go to the first row"),
        KeyBinding(.bottom, keys: [.character("G"), .end], label: "bottom", description: "Go to the last row", showInHints: false),
        KeyBinding(.reload, keys: [.control("r")], label: "reload", description: "Load the list again"),
        KeyBinding(.quit, keys: [.character("q")], label: "quit", description: "Quit pbitui"),
    ])
}
