/// A colour as a theme names it; the backend degrades it to what the terminal has.
public enum TerminalColor: Sendable, Hashable {
    /// The terminal's own foreground or background.
    case `default`
    /// One of the 256 indexed colours (0–7 are the ANSI colours).
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    public static let black = TerminalColor.indexed(0)
    public static let red = TerminalColor.indexed(1)
    public static let green = TerminalColor.indexed(2)
    public static let yellow = TerminalColor.indexed(3)
    public static let blue = TerminalColor.indexed(4)
    public static let magenta = TerminalColor.indexed(5)
    public static let cyan = TerminalColor.indexed(6)
    public static let white = TerminalColor.indexed(7)
}

/// What one cell looks like.
public struct TextStyle: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool
    public var italic: Bool

    public init(foreground: TerminalColor = .default, background: TerminalColor = .default, bold: Bool = false,
                dim: Bool = false, reverse: Bool = false, underline: Bool = false, italic: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.italic = italic
    }

    public static let plain = TextStyle()

    public func bolded() -> TextStyle { var copy = self; copy.bold = true; return copy }
}

/// The named colour roles of a theme (DESIGN.md §5). Screens draw with roles, never with raw colours.
public enum ColorRole: String, Sendable, CaseIterable {
    case text, muted, accent, border, header, title
    case selection, selectionInactive
    case statusBar, keyHint, keyHintKey
    case ok, warn, error, info
    case jsonKey, jsonString, jsonNumber, jsonLiteral
}

/// A set of styles by role, read from a theme file (`themes/*.toml`) or built in.
public struct Theme: Sendable {
    public let name: String
    /// What roles without a background of their own are drawn on: `.default` keeps the terminal's own
    /// background (the theme asks for it with `background = "terminal"`).
    public let canvas: TerminalColor
    private let styles: [ColorRole: TextStyle]

    public init(name: String, styles: [ColorRole: TextStyle], canvas: TerminalColor = .default) {
        self.name = name
        self.canvas = canvas
        var filled = styles
        if canvas != .default {
            for role in ColorRole.allCases {
                var style = filled[role] ?? .plain
                if style.background == .default { style.background = canvas }
                filled[role] = style
            }
        }
        self.styles = filled
    }

    public subscript(role: ColorRole) -> TextStyle { styles[role] ?? .plain }

    /// Every role's style.
    public var allStyles: [ColorRole: TextStyle] { styles }

    /// The default dark theme, drawn on the terminal's own background.
    public static let defaultDark = Theme(name: "default", styles: [
        .text: TextStyle(),
        .muted: TextStyle(foreground: .indexed(245)),
        .accent: TextStyle(foreground: .indexed(81), bold: true),
        .border: TextStyle(foreground: .indexed(240)),
        .header: TextStyle(foreground: .indexed(252), background: .indexed(24), bold: true),
        .title: TextStyle(foreground: .indexed(81), bold: true),
        .selection: TextStyle(foreground: .indexed(16), background: .indexed(117)),
        .selectionInactive: TextStyle(foreground: .indexed(252), background: .indexed(238)),
        .statusBar: TextStyle(foreground: .indexed(252), background: .indexed(236)),
        .keyHint: TextStyle(foreground: .indexed(250), background: .indexed(236)),
        .keyHintKey: TextStyle(foreground: .indexed(117), background: .indexed(236), bold: true),
        .ok: TextStyle(foreground: .indexed(114)),
        .warn: TextStyle(foreground: .indexed(221)),
        .error: TextStyle(foreground: .indexed(203), bold: true),
        .info: TextStyle(foreground: .indexed(117)),
        .jsonKey: TextStyle(foreground: .indexed(117)),
        .jsonString: TextStyle(foreground: .indexed(150)),
        .jsonNumber: TextStyle(foreground: .indexed(215)),
        .jsonLiteral: TextStyle(foreground: .indexed(176)),
    ])
}
