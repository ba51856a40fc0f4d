import TerminalUI
import TOML
import TerminalSafety

/// The key tables of the screens, by name, so that dispatch, hints and help ask for the same one.
public enum KeyScreen: Sendable, Hashable {
    case workspaces, workspace, allDatasets, details, inspector, console, jsonViewer, dialog, enhancedForm, signInMethods, signInForm, signInWorking,
         tenantList, operations, operation, automate, daxEditor, daxPanes, pulses, picker, lineage, inventory
    /// A screen that brings its own key table (App's `RegisteredScreen`): the app looks the table up by name.
    case registered(String)

    public var table: KeyTable {
        switch self {
        case .workspaces: .workspaces
        case .workspace: .workspace
        case .allDatasets: .allDatasets
        case .details: .details
        case .inspector: .inspector
        case .console: .console
        case .jsonViewer: .jsonViewer
        case .dialog: .dialog
        case .enhancedForm: .enhancedForm
        case .signInMethods: .signInMethods
        case .signInForm: .signInForm
        case .signInWorking: .signInWorking
        case .tenantList: .tenantList
        case .operations: .operationList
        case .operation: .operationForm
        case .automate: .automateScreen
        case .daxEditor: .daxEditor
        case .daxPanes: .daxPanes
        case .pulses: .pulses
        case .picker: .picker
        case .lineage: .lineage
        case .inventory: .inventory
        case .registered: KeyTable([])
        }
    }

    /// Forms take printable keys as text, so the person's remapping does not reach them.
    public var remappable: Bool { ![.signInForm, .enhancedForm, .console, .operation, .daxEditor].contains(self) }
}

/// The person's key remapping, from `[keys]` in the config file:
///
/// ```toml
/// [keys]
/// refresh = "F5"                 # one key
/// quit = ["q", "Ctrl-X"]         # or several (Ctrl-S and Ctrl-Q belong to flow control)
/// move_down = ["j", "Down", "Ctrl-N"]
/// ```
///
/// A remapped action answers only to the keys given; a key given to one action is taken from every other
/// action of the same screen, so that no key means two things.
public struct KeyMap: Sendable, Hashable {
    public var overrides: [Action: [Key]] = [:]

    public init(overrides: [Action: [Key]] = [:]) { self.overrides = overrides }

    /// The names the config file uses for actions (`move_down`, `copy_id`, …).
    public static func name(of action: Action) -> String { ThemeFile.snakeCase(action.rawValue) }

    public static func parse(_ table: TOMLTable, file: String) throws(ConfigError) -> KeyMap {
        var map = KeyMap()
        for (name, value) in table.entries {
            guard let action = Action.allCases.first(where: { Self.name(of: $0) == name }) else {
                throw ConfigError(file: file, problem: "keys.\(name): unknown action; known: " + Action.allCases.map(Self.name(of:)).joined(separator: ", "),
                                  line: table.line(of: name))
            }
            let names: [TOMLValue] = value.arrayValue ?? [value]
            var keys: [Key] = []
            for item in names {
                guard let text = item.stringValue else {
                    throw ConfigError(file: file, problem: "keys.\(name): expected a key name or a list of them, found \(item.typeName)")
                }
                guard let key = Self.key(named: text) else {
                    throw ConfigError(file: file, problem: "keys.\(name): '\(TerminalSafety.escape(text))' is not a key; use a character (\"r\"), Ctrl-X, F1–F12, Enter, Esc, Tab, Shift-Tab, Space, Backspace, Del, Up, Down, Left, Right, PgUp, PgDn, Home or End")
                }
                keys.append(key)
            }
            guard !keys.isEmpty else { throw ConfigError(file: file, problem: "keys.\(name): no keys given") }
            map.overrides[action] = keys
        }
        return map
    }

    /// A key by the name help shows (`Ctrl-R`, `F5`, `PgDn`, `↑` or `Up`), or a single character.
    public static func key(named text: String) -> Key? {
        let lowered = text.lowercased()
        if text.count > 1, lowered.hasPrefix("ctrl-") || lowered.hasPrefix("c-") || lowered.hasPrefix("^") {
            let letter = lowered.split(separator: "-", maxSplits: 1).last.map(String.init) ?? String(lowered.dropFirst())
            let rest = lowered.hasPrefix("^") ? String(lowered.dropFirst()) : letter
            guard rest.count == 1, let character = rest.first, character.isASCII, character.isLetter else { return nil }
            return .control(character)
        }
        if lowered.hasPrefix("f"), let number = Int(lowered.dropFirst()), (1...12).contains(number) { return .function(number) }
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
            "space": .character(" "), "backspace": .backspace, "del": .delete, "delete": .delete,
            "up": .up, "↑": .up, "down": .down, "↓": .down, "left": .left, "←": .left, "right": .right, "→": .right,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
        ]
        if let key = named[lowered] { return key }
        if text.count == 1, let character = text.first {
            guard character.unicodeScalars.allSatisfy({ $0.value >= 32 && $0.value != 127 }) else { return nil }
            return .character(character)
        }
        return nil
    }
}

extension KeyTable {
    /// The table with the person's keys: remapped actions take their new keys, which no other action of
    /// this table keeps.
    public func remapped(_ map: KeyMap) -> KeyTable {
        guard !map.overrides.isEmpty else { return self }
        let taken = Set(bindings.compactMap { map.overrides[$0.action] }.joined())
        return KeyTable(bindings.map { binding in
            if let keys = map.overrides[binding.action] {
                return binding.with(keys: keys, keyLabel: keys.map(\.description).joined(separator: "/"))
            }
            let kept = binding.keys.filter { !taken.contains($0) }
            return kept == binding.keys ? binding : binding.with(keys: kept, keyLabel: kept.first.map(\.description) ?? "")
        }.filter { !$0.keys.isEmpty })
    }
}

extension KeyBinding {
    func with(keys: [Key], keyLabel: String) -> KeyBinding {
        KeyBinding(action, keys: keys, keyLabel: keyLabel, label: label, description: description, dangerous: dangerous, showInHints: showInHints)
    }
}
