import TerminalUI

/// What a key can do.
public enum Action: String, Sendable, Hashable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case open, back, reload, quit, command
    case nextField, previousField, submit, clearField, switchToDeviceCode, cancel
    case nextTab, previousTab, refresh, enhancedRefresh, cancelRefresh, showJSON
    case confirm, deny, cycleNext, cyclePrevious
    case inspectToken, diagnose, reveal, copyID, copyToken, help, filter
    case sortNext, sortReverse
    case historyPrevious, historyNext, deleteBackward, copyCurl, copyPowerAutomate, toggleHeaders
    case toggleFold, foldAll, unfoldAll, search, nextMatch, previousMatch
    case operations, automate, save, tryIt
    case dax, runQuery, undo, redo, complete, nextPane, selectAll, insertReference
    case pin, lineage
    case columnLeft, columnRight, narrowColumn, widenColumn, hideColumn, showColumns
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

    /// The table without the bindings that change anything in the tenant (`--read-only`).
    public func readOnly(_ enabled: Bool) -> KeyTable {
        enabled ? KeyTable(bindings.filter { !$0.dangerous }) : self
    }

    public var hints: [(key: String, label: String)] {
        bindings.filter(\.showInHints).map { ($0.keyLabel, $0.label) }
    }

    public static let movement: [KeyBinding] = [
        KeyBinding(.moveDown, keys: [.down, .character("j")], keyLabel: "j/k", label: "move", description: "Move the selection down"),
        KeyBinding(.moveUp, keys: [.up, .character("k")], keyLabel: "↑/↓", label: "move", description: "Move the selection up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Move down one page", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Move up one page", showInHints: false),
        KeyBinding(.top, keys: [.character("g"), .home], keyLabel: "g/G", label: "top/bottom", description: "Go to the first row"),
        KeyBinding(.bottom, keys: [.character("G"), .end], label: "bottom", description: "Go to the last row", showInHints: false),
    ]

    public static let operations = KeyBinding(.operations, keys: [.character("o")], label: "operations",
                                       description: "Open the operation explorer, the selected row's ids filled in", showInHints: false)
    public static let inspect = KeyBinding(.inspectToken, keys: [.character("t")], label: "token", description: "Open the token inspector")
    public static let diagnose = KeyBinding(.diagnose, keys: [.character("d")], label: "diagnose", description: "Explain why the last failed call failed", showInHints: false)

    public static let filter = KeyBinding(.filter, keys: [.character("/")], label: "filter",
                                   description: "Filter the list as you type (name or id; ! keeps what does not match; Enter keeps, Esc clears)")
    public static let help = KeyBinding(.help, keys: [.character("?")], label: "help", description: "Show every key of this screen")
    public static let automateKey = KeyBinding(.automate, keys: [.character("A")], label: "automate",
                                     description: "Power Automate: the four ways to make this row's call, with verdicts and files")
    /// In forms, where printable keys are text.
    public static let automateInForm = KeyBinding(.automate, keys: [.control("a"), .function(5)], keyLabel: "Ctrl-A", label: "automate",
                                           description: "The four ways to make this request from Power Automate, with verdicts and files")
    public static let daxKey = KeyBinding(.dax, keys: [.character("e")], label: "DAX", description: "The DAX workbench on the selected dataset", showInHints: false)
    public static let pinKey = KeyBinding(.pin, keys: [.character("p")], label: "pin", description: "Pin the selected item, or unpin it (:pins lists them)", showInHints: false)
    public static let lineageKey = KeyBinding(.lineage, keys: [.character("L")], label: "lineage",
                                       description: "Lineage of the selected item from the tenant store (pbitui scan --lineage fills it)", showInHints: false)
    public static let copyID = KeyBinding(.copyID, keys: [.character("c")], label: "copy id", description: "Copy the selected id to the clipboard (OSC 52)", showInHints: false)

    public static let command = KeyBinding(.command, keys: [.character(":")], label: "command",
                                    description: "Open the command palette (:api, :theme, :datasets…; Tab completes, ↑ recalls)")
    public static let sorting = [
        KeyBinding(.sortNext, keys: [.character("s")], label: "sort", description: "Sort by the next column (the header shows ▲ or ▼); after the last, the service's order",
                   showInHints: false),
        KeyBinding(.sortReverse, keys: [.character("S")], label: "reverse sort", description: "Reverse the sort direction", showInHints: false),
    ]
    public static let quit = KeyBinding(.quit, keys: [.character("q")], label: "quit", description: "Quit pbitui")

    public static let open = KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "open", description: "Open the selected row")
    public static let back = KeyBinding(.back, keys: [.escape, .left, .character("h"), .backspace], keyLabel: "Esc", label: "back", description: "Go back")
    public static let reload = KeyBinding(.reload, keys: [.control("r")], label: "reload", description: "Load the current view again")
    public static let tabs = [
        KeyBinding(.nextTab, keys: [.tab], label: "next tab", description: "Next tab"),
        KeyBinding(.previousTab, keys: [.backTab], label: "previous tab", description: "Previous tab", showInHints: false),
    ]
    public static let refreshKeys = [
        KeyBinding(.refresh, keys: [.character("r")], label: "refresh", description: "Refresh the selected dataset (asks first), then follow it live", dangerous: true),
        KeyBinding(.enhancedRefresh, keys: [.character("R")], label: "enhanced", description: "Open the enhanced refresh form (type, commit mode, tables)", dangerous: true),
        KeyBinding(.cancelRefresh, keys: [.character("x")], label: "cancel refresh", description: "Cancel the running enhanced refresh of this dataset",
                   dangerous: true, showInHints: false),
    ]

    /// The workspace list's keys (DESIGN.md §4).
    public static let workspaces = KeyTable(movement + [open, filter] + sorting + [
        KeyBinding(.showJSON, keys: [.character("y")], label: "JSON", description: "Show the JSON of the selected workspace", showInHints: false),
        reload, inspect, operations, automateKey, diagnose, copyID, pinKey,
        // Shown in the hint line only while a filter is kept (AppRenderer.hints).
        KeyBinding(.back, keys: [.escape], label: "clear filter", description: "Clear the kept / filter (the top-level list has nothing to go back to)",
                   showInHints: false),
        help, command, quit,
    ])

    /// A workspace's contents, one tab per kind of item.
    public static let workspace = KeyTable(movement + [open, filter] + tabs + refreshKeys + sorting + [
        KeyBinding(.showJSON, keys: [.character("y")], label: "JSON", description: "Show the JSON of the selected item"),
        inspect, operations, automateKey, daxKey, diagnose, copyID, pinKey, lineageKey, back, reload, help, command, quit,
    ])

    /// Every dataset of every workspace (`:datasets`).
    public static let allDatasets = KeyTable(movement + [open, filter] + refreshKeys + sorting + [inspect, operations, automateKey, daxKey, diagnose, copyID, pinKey, lineageKey, back, help, command, quit])

    /// `:pulses`: every refreshable; Enter opens the last refresh, `r` runs it again.
    public static let pulses = KeyTable(movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "open",
                   description: "Open the last refresh: its error explained and what to do; an enhanced one's tables and partitions"),
        filter,
    ] + refreshKeys + sorting + [reload, inspect, operations, automateKey, daxKey, diagnose, copyID, pinKey, lineageKey, back, help, command, quit])

    /// `L`, `:lineage`: an item's upstream and downstream; Enter follows the selected one's.
    public static let lineage = KeyTable(movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l"), .character("L")], keyLabel: "Enter", label: "its lineage",
                   description: "The lineage of the selected item (Esc comes back)"),
        copyID, KeyBinding(.reload, keys: [.control("r")], label: "reload", description: "Read the lineage from the store again"),
        inspect, back, help, command, quit,
    ])

    /// `:inventory`: every item of the tenant store.
    public static let inventory = KeyTable(movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "lineage", description: "The lineage of the selected item"),
        lineageKey, filter,
        KeyBinding(.nextTab, keys: [.tab], label: "kind", description: "Show one kind of item (report, dataset, …), then the next; after the last, all"),
        KeyBinding(.previousTab, keys: [.backTab], label: "previous kind", description: "The previous kind of item", showInHints: false),
    ] + sorting + [copyID, KeyBinding(.reload, keys: [.control("r")], label: "reload", description: "Read the store again (after a scan)"),
                   inspect, back, help, command, quit])

    /// `:activity`: the activity log of the tenant store.
    /// `:pins` and `:go`: places to jump to.
    public static let picker = KeyTable(movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "open", description: "Open the selected workspace or item"),
        filter,
        KeyBinding(.pin, keys: [.character("p")], label: "pin/unpin", description: "Unpin the selected pin (on :pins), or pin what :go found"),
        inspect, diagnose, copyID, back, help, command, quit,
    ])

    /// A tenant list (`:apps`, `:capacities`).
    public static let tenantList = KeyTable(movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "open",
                   description: "Open the selected row: an app's reports and dashboards; for other lists its JSON"),
        KeyBinding(.showJSON, keys: [.character("y")], label: "JSON", description: "Show the selected object's JSON"),
        filter,
    ] + sorting + [reload, inspect, operations, automateKey, diagnose, copyID, back, help, command, quit])

    /// The operation explorer (`:ops`, `o`): typed letters are the filter, so its keys are ones that are not typed.
    public static let operationList = KeyTable([
        KeyBinding(.moveDown, keys: [.down, .control("n")], keyLabel: "↑/↓", label: "move", description: "Move the selection down"),
        KeyBinding(.moveUp, keys: [.up, .control("p")], label: "up", description: "Move the selection up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Move down one page", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Move up one page", showInHints: false),
        KeyBinding(.top, keys: [.home], label: "top", description: "Go to the first row", showInHints: false),
        KeyBinding(.bottom, keys: [.end], label: "bottom", description: "Go to the last row", showInHints: false),
        KeyBinding(.open, keys: [.enter, .right], keyLabel: "Enter", label: "open", description: "Open the operation: what it needs, and a form to call it"),
        KeyBinding(.filter, keys: [.character("/")], keyLabel: "type", label: "filter",
                   description: "Letters filter the list as you type (id, summary, path); Backspace deletes, Esc clears the filter, then leaves"),
        automateInForm,
        KeyBinding(.copyID, keys: [.control("y")], keyLabel: "Ctrl-Y", label: "copy id", description: "Copy the operation id (OSC 52)", showInHints: false),
        KeyBinding(.inspectToken, keys: [.control("t")], keyLabel: "Ctrl-T", label: "token", description: "Open the token inspector", showInHints: false),
        KeyBinding(.back, keys: [.escape, .left], keyLabel: "Esc", label: "back", description: "Clear the filter; with none, go back"),
        KeyBinding(.help, keys: [.function(1), .character("?")], keyLabel: "?", label: "help", description: "Show every key of this screen"),
        command,
    ])

    /// One operation's form: printable keys are text.
    public static let operationForm = KeyTable([
        KeyBinding(.submit, keys: [.enter], label: "send", description: "Check the form against the description, then send it through the API console (anything but GET asks first)"),
        KeyBinding(.nextField, keys: [.tab, .down], keyLabel: "Tab", label: "next field", description: "Next parameter (the body last)"),
        KeyBinding(.previousField, keys: [.backTab, .up], label: "previous field", description: "Previous parameter", showInHints: false),
        KeyBinding(.cycleNext, keys: [.right], keyLabel: "←/→", label: "choices", description: "The next choice: an enum's value, or a loaded item of the parameter's kind"),
        KeyBinding(.cyclePrevious, keys: [.left], label: "previous choice", description: "The previous choice", showInHints: false),
        KeyBinding(.deleteBackward, keys: [.backspace], label: "delete", description: "Delete the last character", showInHints: false),
        KeyBinding(.clearField, keys: [.control("u")], label: "clear", description: "Clear the field", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown], keyLabel: "PgDn/PgUp", label: "description", description: "Scroll the description down"),
        KeyBinding(.pageUp, keys: [.pageUp], label: "description up", description: "Scroll the description up", showInHints: false),
        KeyBinding(.help, keys: [.function(1)], label: "help", description: "Show every key of the form", showInHints: false),
        automateInForm,
        KeyBinding(.back, keys: [.escape], label: "back", description: "Back to the operations"),
    ])

    /// The Automate screen (`A`): the four ways to make a call from Power Automate.
    public static let automateScreen = KeyTable([
        KeyBinding(.nextTab, keys: [.right, .tab, .character("l")], keyLabel: "←/→", label: "way", description: "The next way"),
        KeyBinding(.previousTab, keys: [.left, .backTab, .character("h")], label: "previous way", description: "The previous way", showInHints: false),
        KeyBinding(.moveDown, keys: [.down, .character("j")], keyLabel: "j/k", label: "scroll", description: "Scroll the preview down"),
        KeyBinding(.moveUp, keys: [.up, .character("k")], label: "scroll up", description: "Scroll the preview up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Scroll a page down", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Scroll a page up", showInHints: false),
        KeyBinding(.top, keys: [.character("g"), .home], label: "top", description: "The top of the preview", showInHints: false),
        KeyBinding(.bottom, keys: [.character("G"), .end], label: "bottom", description: "The end of the preview", showInHints: false),
        KeyBinding(.copyID, keys: [.character("c")], label: "copy", description: "Copy the way's first file (the flow definition, or the connector's OpenAPI file) to the clipboard (OSC 52)"),
        KeyBinding(.save, keys: [.character("s")], label: "save", description: "Save the way's files to ./pbitui-automate (each written atomically)"),
        KeyBinding(.tryIt, keys: [.character("T")], label: "try",
                   description: "Try the way against the tenant with the current sign-in (a call that changes something: T again to send it)"),
        inspect, diagnose, back, help, command, quit,
    ])

    /// An item's details.
    public static let details = KeyTable([
        KeyBinding(.moveDown, keys: [.down, .character("j")], keyLabel: "j/k", label: "scroll", description: "Scroll down"),
        KeyBinding(.moveUp, keys: [.up, .character("k")], label: "scroll up", description: "Scroll up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Scroll a page down", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Scroll a page up", showInHints: false),
        KeyBinding(.top, keys: [.character("g"), .home], label: "top", description: "Scroll to the top", showInHints: false),
        KeyBinding(.bottom, keys: [.character("G"), .end], label: "bottom", description: "Scroll to the bottom", showInHints: false),
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "open refresh",
                   description: "In the refresh history: everything about the selected refresh (its error explained, its tables)", showInHints: false),
    ] + tabs + refreshKeys + [inspect, operations, automateKey, daxKey, diagnose, copyID, pinKey, lineageKey, back, reload, help, command, quit])

    /// The token inspector.
    public static let inspector = KeyTable([
        KeyBinding(.moveDown, keys: [.down, .character("j")], keyLabel: "j/k", label: "scroll", description: "Scroll down"),
        KeyBinding(.moveUp, keys: [.up, .character("k")], label: "scroll up", description: "Scroll up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Scroll a page down", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Scroll a page up", showInHints: false),
        KeyBinding(.top, keys: [.character("g"), .home], keyLabel: "g/G", label: "top/bottom", description: "Scroll to the top", showInHints: false),
        KeyBinding(.bottom, keys: [.character("G"), .end], label: "bottom", description: "Scroll to the bottom", showInHints: false),
        KeyBinding(.reveal, keys: [.character("v")], label: "reveal token", description: "Show or hide the raw token (it is a secret)"),
        KeyBinding(.copyToken, keys: [.character("c")], label: "copy token", description: "Copy the raw token to the clipboard (OSC 52); only on this key"),
        KeyBinding(.reload, keys: [.control("r")], label: "verify again", description: "Read and verify the token again"),
        KeyBinding(.filter, keys: [.character("/")], label: "find claim",
                   description: "Show only the claims whose name, value or meaning holds what you type (! inverts; Enter keeps, Esc clears)"),
        back, help, command, quit,
    ])

    /// The API console (`:api`). Printable keys type into the path and body; the response has the JSON
    /// viewer's keys when it has the focus.
    public static let console = KeyTable([
        KeyBinding(.submit, keys: [.enter], label: "send", description: "Send the request (reads only in read-only mode)"),
        KeyBinding(.nextField, keys: [.tab], label: "next field", description: "Next field: method, resource, path, body, response"),
        KeyBinding(.previousField, keys: [.backTab], label: "previous field", description: "Previous field", showInHints: false),
        KeyBinding(.cycleNext, keys: [.right, .character(" ")], keyLabel: "←/→", label: "method/resource", description: "Next method or resource (on those fields)"),
        KeyBinding(.cyclePrevious, keys: [.left], label: "previous choice", description: "Previous method or resource", showInHints: false),
        KeyBinding(.historyPrevious, keys: [.up, .control("p")], keyLabel: "↑/↓", label: "history", description: "The previous request of this session"),
        KeyBinding(.historyNext, keys: [.down, .control("n")], label: "next in history", description: "The next request of this session", showInHints: false),
        KeyBinding(.deleteBackward, keys: [.backspace], label: "delete", description: "Delete the character before the cursor", showInHints: false),
        KeyBinding(.clearField, keys: [.control("u")], label: "clear", description: "Clear the path or body", showInHints: false),
        KeyBinding(.copyCurl, keys: [.function(2)], label: "copy curl", description: "Copy the request as a curl command (the token as $TOKEN)"),
        KeyBinding(.copyPowerAutomate, keys: [.function(3)], label: "copy flow action",
                   description: "Copy the request as a Power Automate HTTP action with Active Directory OAuth (tenant, client and secret as placeholders)"),
        KeyBinding(.toggleHeaders, keys: [.function(4)], label: "headers", description: "Show or hide the response headers"),
        automateInForm,
        KeyBinding(.help, keys: [.function(1)], label: "help", description: "Show every key of the console", showInHints: false),
        KeyBinding(.back, keys: [.escape], label: "back", description: "Leave the console (it keeps the request and the history)"),
    ])

    /// The DAX workbench's editor. Printable keys type; these keys edit, run and move between panes.
    public static let daxEditor = KeyTable([
        KeyBinding(.runQuery, keys: [.function(5), .control("e")], keyLabel: "F5", label: "run", description: "Run the query (F5 or Ctrl-E)"),
        KeyBinding(.complete, keys: [.tab], label: "complete",
                   description: "Complete the table, column, measure, function or snippet being typed (Tab again or ↑/↓ chooses, Enter takes it)"),
        KeyBinding(.nextPane, keys: [.backTab, .function(6)], keyLabel: "Shift-Tab", label: "pane", description: "Next pane: editor, results, schema"),
        KeyBinding(.undo, keys: [.control("z")], label: "undo", description: "Undo the last change"),
        KeyBinding(.redo, keys: [.control("y")], label: "redo", description: "Redo what was undone", showInHints: false),
        KeyBinding(.selectAll, keys: [.control("a")], label: "select all", description: "Select the whole query (Shift-arrows select part of it)", showInHints: false),
        KeyBinding(.historyPrevious, keys: [.control("p")], keyLabel: "Ctrl-P/N", label: "history", description: "The previous query run in this session"),
        KeyBinding(.historyNext, keys: [.control("n")], label: "next in history", description: "The next query run in this session", showInHints: false),
        KeyBinding(.deleteBackward, keys: [.backspace], label: "delete", description: "Delete the selection or the character before the cursor", showInHints: false),
        KeyBinding(.clearField, keys: [.control("u")], label: "clear", description: "Clear the editor (Ctrl-Z brings it back)", showInHints: false),
        KeyBinding(.help, keys: [.function(1)], label: "help", description: "Show every key of the DAX workbench", showInHints: false),
        KeyBinding(.command, keys: [.control("k")], keyLabel: "Ctrl-K", label: "command", description: "The command palette (:save NAME, :open NAME, :export csv PATH, :dax-against DATASET)"),
        KeyBinding(.back, keys: [.escape], label: "back", description: "Close the completion list, clear the selection, or leave (the workbench keeps the query)"),
    ])

    /// The DAX workbench's results grid and schema pane.
    public static let daxPanes = KeyTable(movement + [filter] + sorting + [
        KeyBinding(.insertReference, keys: [.enter], label: "insert", description: "In the schema pane: put the table, column or measure into the query"),
        KeyBinding(.runQuery, keys: [.function(5), .control("e")], keyLabel: "F5", label: "run", description: "Run the query (F5 or Ctrl-E)"),
        KeyBinding(.nextPane, keys: [.backTab, .tab, .function(6)], keyLabel: "Tab", label: "pane", description: "Next pane: editor, results, schema"),
        KeyBinding(.showJSON, keys: [.character("y")], label: "JSON",
                   description: "The answer as JSON (as executeQueries sent it; an Arrow answer's rows as objects), or the grid again"),
        KeyBinding(.nextTab, keys: [.character("]")], keyLabel: "[/]", label: "result set",
                   description: "The next result set of the answer (one per EVALUATE, then the execution metrics)"),
        KeyBinding(.previousTab, keys: [.character("[")], label: "previous result set", description: "The previous result set of the answer", showInHints: false),
        KeyBinding(.reload, keys: [.control("r")], label: "schema", description: "Load the schema pane again", showInHints: false),
        // In the results, ←/→ and h/l move across the grid's columns; in the schema pane they go back.
        KeyBinding(.columnLeft, keys: [.left, .character("h")], keyLabel: "←/→", label: "columns",
                   description: "In the results: the grid's previous column (in the schema pane: back)"),
        KeyBinding(.columnRight, keys: [.right, .character("l")], label: "next column", description: "In the results: the grid's next column", showInHints: false),
        KeyBinding(.narrowColumn, keys: [.character("<")], keyLabel: "</>", label: "width",
                   description: "Narrow the grid's first shown column (> widens it)", showInHints: false),
        KeyBinding(.widenColumn, keys: [.character(">")], label: "widen", description: "Widen the grid's first shown column", showInHints: false),
        KeyBinding(.hideColumn, keys: [.character("-")], keyLabel: "-/+", label: "hide column",
                   description: "Hide the grid's first shown column (+ shows every column again)", showInHints: false),
        KeyBinding(.showColumns, keys: [.character("+")], label: "show columns", description: "Show every hidden column again", showInHints: false),
        KeyBinding(.back, keys: [.escape, .backspace], keyLabel: "Esc", label: "back", description: "Go back"),
        help, command, quit,
    ])

    /// The JSON viewer (`y`, the details' JSON tab, a console response): its keys come before the screen's.
    public static let jsonViewer = KeyTable([
        KeyBinding(.moveDown, keys: [.down, .character("j")], keyLabel: "j/k", label: "move", description: "Move the cursor down", showInHints: false),
        KeyBinding(.moveUp, keys: [.up, .character("k")], label: "up", description: "Move the cursor up", showInHints: false),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "page down", description: "Move a page down", showInHints: false),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "page up", description: "Move a page up", showInHints: false),
        KeyBinding(.top, keys: [.character("g"), .home], label: "top", description: "Go to the first line", showInHints: false),
        KeyBinding(.bottom, keys: [.character("G"), .end], label: "bottom", description: "Go to the last line", showInHints: false),
        KeyBinding(.toggleFold, keys: [.character(" "), .enter], label: "fold", description: "Fold or unfold the object or array under the cursor"),
        KeyBinding(.foldAll, keys: [.character("f")], keyLabel: "f/F", label: "fold all", description: "Fold everything below the top level"),
        KeyBinding(.unfoldAll, keys: [.character("F")], label: "unfold all", description: "Unfold everything", showInHints: false),
        KeyBinding(.search, keys: [.character("/")], label: "search", description: "Search the JSON as you type (any case); Enter goes to the first match, Esc clears"),
        KeyBinding(.nextMatch, keys: [.character("n")], keyLabel: "n/N", label: "next/prev", description: "Go to the next match (a folded match opens)"),
        KeyBinding(.previousMatch, keys: [.character("N")], label: "previous match", description: "Go to the previous match", showInHints: false),
    ])

    /// A yes/no question.
    public static let dialog = KeyTable([
        KeyBinding(.confirm, keys: [.character("y"), .enter], keyLabel: "y/Enter", label: "yes", description: "Go ahead"),
        KeyBinding(.deny, keys: [.character("n"), .escape], keyLabel: "n/Esc", label: "no", description: "Do nothing"),
    ])

    /// The enhanced refresh form. Printable characters type into number and table fields.
    public static let enhancedForm = KeyTable([
        KeyBinding(.submit, keys: [.enter], label: "review", description: "Check the form and ask for confirmation"),
        KeyBinding(.nextField, keys: [.tab, .down], keyLabel: "Tab", label: "next field", description: "Next field"),
        KeyBinding(.previousField, keys: [.backTab, .up], label: "previous field", description: "Previous field", showInHints: false),
        KeyBinding(.cycleNext, keys: [.right, .character(" ")], keyLabel: "←/→", label: "change", description: "Next choice"),
        KeyBinding(.cyclePrevious, keys: [.left], label: "previous choice", description: "Previous choice", showInHints: false),
        KeyBinding(.deny, keys: [.escape], label: "cancel", description: "Close the form without refreshing"),
    ])

    /// The sign-in screen's method list.
    public static let signInMethods = KeyTable(movement + [
        KeyBinding(.open, keys: [.enter, .right, .character("l")], keyLabel: "Enter", label: "choose", description: "Open the form of the selected method"),
        KeyBinding(.back, keys: [.escape, .left, .character("h"), .backspace], keyLabel: "Esc", label: "back",
                   description: "Back to the workspaces (when signed in)"),
        help,
        command,
        quit,
    ])

    /// The sign-in form. Printable characters type into the focused field.
    public static let signInForm = KeyTable([
        KeyBinding(.submit, keys: [.enter], label: "sign in", description: "Sign in with what the form holds"),
        KeyBinding(.nextField, keys: [.tab, .down], keyLabel: "Tab", label: "next field", description: "Move to the next field"),
        KeyBinding(.previousField, keys: [.backTab, .up], keyLabel: "Shift-Tab", label: "previous", description: "Move to the previous field", showInHints: false),
        KeyBinding(.clearField, keys: [.control("u")], label: "clear", description: "Clear the focused field"),
        KeyBinding(.switchToDeviceCode, keys: [.control("d")], label: "device code",
                   description: "Sign in with device code instead (after MFA blocked a password sign-in)", showInHints: false),
        KeyBinding(.back, keys: [.escape], label: "methods", description: "Back to the list of methods"),
    ])

    /// While a sign-in runs.
    public static let signInWorking = KeyTable([
        KeyBinding(.cancel, keys: [.escape], label: "cancel", description: "Stop this sign-in"),
    ])
}
