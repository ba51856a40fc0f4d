import Foundation
import TerminalUI
import TOML
import TerminalSafety

/// Reads a theme file (DESIGN.md §5):
///
/// ```toml
/// name = "solarized-dark"
/// description = "Ethan Schoonover's Solarized, dark"
/// background = "#002b36"          # or "terminal" to keep the terminal's own background
///
/// [roles]
/// text = "#839496"                # a colour alone is the foreground
/// accent = { fg = "#268bd2", bold = true }
/// selection = { fg = "#fdf6e3", bg = "#268bd2" }
/// ```
///
/// A colour is a name (`red`, `bright-blue`, `default`), an index from 0 to 255, or `#rrggbb`; the screen
/// degrades it to what the terminal has. Every role a theme leaves out falls back to the default theme's.
public enum ThemeFile {
    /// The role names of theme files, in the order help and errors list them (`selection_inactive`, …).
    public static let roleNames: [(name: String, role: ColorRole)] = ColorRole.allCases.map { (snakeCase($0.rawValue), $0) }

    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        let table: TOMLTable
        do { table = try TOMLParser.parse(text) } catch { throw ThemeError(file: file, problem: error.description) }
        var name = (file as NSString).lastPathComponent
        if name.hasSuffix(".toml") { name = String(name.dropLast(5)) }
        var canvas = TerminalColor.default
        var styles = Theme.defaultDark.allStyles
        var sawRoles = false
        for (key, value) in table.entries {
            switch key {
            case "name":
                guard let text = value.stringValue, !text.isEmpty else { throw ThemeError(file: file, problem: "name: expected a string") }
                name = text
            case "description":
                guard value.stringValue != nil else { throw ThemeError(file: file, problem: "description: expected a string") }
            case "background":
                guard let text = value.stringValue else {
                    throw ThemeError(file: file, problem: "background: expected \"terminal\" or a colour, found \(value.typeName)")
                }
                canvas = text == "terminal" ? .default : try color(value, "background", file)
            case "roles":
                guard let roles = value.tableValue else { throw ThemeError(file: file, problem: "roles: expected a table ([roles])") }
                sawRoles = true
                for (roleName, body) in roles.entries {
                    guard let role = roleNames.first(where: { $0.name == roleName })?.role else {
                        throw ThemeError(file: file, problem: "roles.\(roleName): unknown role; known: " + roleNames.map(\.name).joined(separator: ", "))
                    }
                    styles[role] = try style(body, "roles.\(roleName)", file)
                }
            default:
                throw ThemeError(file: file, problem: "unknown key '\(key)'; a theme has name, description, background and [roles]")
            }
        }
        guard sawRoles else { throw ThemeError(file: file, problem: "no [roles] table: nothing to draw with") }
        return Theme(name: name, styles: styles, canvas: canvas)
    }

    static func style(_ value: TOMLValue, _ key: String, _ file: String) throws(ThemeError) -> TextStyle {
        if value.stringValue != nil || value.integerValue != nil {
            return TextStyle(foreground: try color(value, key, file))
        }
        guard let fields = value.tableValue else {
            throw ThemeError(file: file, problem: "\(key): expected a colour or { fg = …, bg = …, bold = true }, found \(value.typeName)")
        }
        var style = TextStyle()
        for (field, item) in fields.entries {
            switch field {
            case "fg": style.foreground = try color(item, "\(key).fg", file)
            case "bg": style.background = try color(item, "\(key).bg", file)
            case "bold", "dim", "italic", "underline", "reverse":
                guard let flag = item.booleanValue else { throw ThemeError(file: file, problem: "\(key).\(field): expected true or false, found \(item.typeName)") }
                switch field {
                case "bold": style.bold = flag
                case "dim": style.dim = flag
                case "italic": style.italic = flag
                case "underline": style.underline = flag
                default: style.reverse = flag
                }
            default:
                throw ThemeError(file: file, problem: "\(key).\(field): unknown; a role takes fg, bg, bold, dim, italic, underline, reverse")
            }
        }
        return style
    }

    static let colorNames: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "gray": 8, "grey": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// A colour: a name, 0–255, or `#rrggbb`.
    public static func color(_ value: TOMLValue, _ key: String, _ file: String) throws(ThemeError) -> TerminalColor {
        if let number = value.integerValue {
            guard (0...255).contains(number) else { throw ThemeError(file: file, problem: "\(key): \(number) is not a colour index (0–255)") }
            return .indexed(UInt8(number))
        }
        guard let text = value.stringValue else { throw ThemeError(file: file, problem: "\(key): expected a colour, found \(value.typeName)") }
        let lowered = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if lowered == "default" || lowered == "terminal" { return .default }
        if let index = colorNames[lowered] { return .indexed(index) }
        let bytes = Array(lowered.utf8)
        if bytes.count == 7, bytes[0] == UInt8(ascii: "#"), let value = UInt32(String(lowered.dropFirst()), radix: 16) {
            return .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        }
        throw ThemeError(file: file, problem: "\(key): '\(TerminalSafety.escape(text))' is not a colour; use a name (red, bright-blue, default), 0–255 or #rrggbb")
    }

    /// `moveDown` → `move_down`; a run of capitals is one word: `showJSON` → `show_json`, `copyID` → `copy_id`,
    /// `JSONViewer` → `json_viewer`.
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result.append("_") }
            }
            result += character.lowercased()
        }
        return result
    }
}

/// A theme file could not be used: which file, and what is wrong.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let problem: String
    public var description: String { "theme \(file): \(problem)" }
}

/// Where themes come from: the built-in ones (`themes/` in the repository, compiled in) and the person's
/// own in `$XDG_CONFIG_HOME/pbitui/themes/NAME.toml`, which win over a built-in theme of the same name.
public struct ThemeLibrary: Sendable {
    public let userDirectory: String

    public init(userDirectory: String) { self.userDirectory = userDirectory }

    public init(environment: [String: String]) {
        let configFile = ConfigFile.defaultPath(environment: environment)
        userDirectory = (configFile as NSString).deletingLastPathComponent + "/themes"
    }

    /// Every theme's name, built-in and the person's, sorted.
    public func names() -> [String] {
        let user = ((try? FileManager.default.contentsOfDirectory(atPath: userDirectory)) ?? [])
            .filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
        return Array(Set(BuiltInThemes.files.keys).union(user)).sorted()
    }

    /// A theme by name (or by path, when the name holds a `/`).
    public func load(_ name: String) throws(ThemeError) -> Theme {
        if name.contains("/") { return try Self.read(path: name) }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), !name.hasPrefix(".") else {
            throw ThemeError(file: TerminalSafety.escape(name), problem: "not a theme name")
        }
        let userPath = userDirectory + "/" + name + ".toml"
        if FileManager.default.fileExists(atPath: userPath) { return try Self.read(path: userPath) }
        if let text = BuiltInThemes.files[name] { return try ThemeFile.parse(text, file: "themes/\(name).toml") }
        throw ThemeError(file: name, problem: "no such theme; known: " + names().joined(separator: ", "))
    }

    static func read(path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else { throw ThemeError(file: path, problem: "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw ThemeError(file: path, problem: "is not UTF-8 text") }
        return try ThemeFile.parse(text, file: path)
    }

    /// The theme to start with: `--theme`, then `PBITUI_THEME`, then the config file, then `default`;
    /// `NO_COLOR` (set and not empty) gives `monochrome` whatever else asks.
    public static func startingName(flag: String?, environment: [String: String], config: String?) -> String {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return "monochrome" }
        return flag ?? environment["PBITUI_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? config ?? "default"
    }
}
