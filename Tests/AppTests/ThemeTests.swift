@testable import Config
import Foundation
import TerminalUI
import Testing
import TOML
@testable import App

@Suite struct ThemeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let builtIn = ["default", "light", "high-contrast", "solarized-dark", "monochrome"]

    /// The state owns the theme: `:theme` loads one, the reducer stores it, and every frame is drawn with it.
    @Test func aSwitchedThemeIsHeldByTheStateAndDrawsTheFrame() throws {
        var state = AppState(size: (24, 80), identity: "app")
        #expect(state.themeName == "default")
        let light = try ThemeLibrary(userDirectory: "/nonexistent").load("light")
        _ = AppReducer.reduce(&state, .themeSwitched(light))
        #expect(state.themeName == "light")
        #expect(state.status?.text == "Theme light")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(AppRenderer.render(state, now: now) == AppRenderer.render(state, theme: light, now: now))
        #expect(AppRenderer.render(state, now: now) != AppRenderer.render(state, theme: .defaultDark, now: now))
    }

    @Test func theCompiledInThemesAreTheFilesInThemes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repository.appendingPathComponent("themes").path)
            .filter { $0.hasSuffix(".toml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInThemes.files.keys), "run scripts/embed-themes.py")
        for file in files {
            let text = try String(contentsOf: Self.repository.appendingPathComponent("themes/" + file), encoding: .utf8)
            #expect(BuiltInThemes.files[String(file.dropLast(5))] == text.trimmingCharacters(in: .newlines),
                    "themes/\(file) differs from BuiltInThemes.swift: run scripts/embed-themes.py")
        }
    }

    @Test(arguments: builtIn)
    func everyBuiltInThemeLoadsAndNamesEveryRole(_ name: String) throws {
        let text = try #require(BuiltInThemes.files[name])
        let table = try TOMLParser.parse(text)
        let roles = try #require(table["roles"]?.tableValue)
        for (roleName, _) in ThemeFile.roleNames {
            #expect(roles[roleName] != nil, "\(name) leaves out \(roleName)")
        }
        let theme = try ThemeLibrary(userDirectory: "/nonexistent").load(name)
        #expect(theme.name == name)
    }

    @Test(arguments: builtIn)
    func everyThemeDegradesToWhatTheTerminalHas(_ name: String) throws {
        let theme = try ThemeLibrary(userDirectory: "/nonexistent").load(name)
        for colors in [256, 16, 8] {
            for role in ColorRole.allCases {
                for color in [theme[role].foreground, theme[role].background] {
                    let index = ColorDegrader.index(color, colors: colors)
                    #expect(index >= -1 && index < Int32(colors), "\(name).\(role) → \(index) with \(colors) colours")
                }
            }
        }
        // Selection must stay visible in 8 colours: its background differs from the text's.
        let selection = ColorDegrader.index(theme[.selection].background, colors: 8)
        let text = ColorDegrader.index(theme[.text].background, colors: 8)
        #expect(selection != text || theme[.selection].reverse, "\(name): selection invisible in 8 colours")
    }

    @Test func directColourTerminalsGetRGB() {
        let direct = ColorDegrader.directColors
        #expect(ColorDegrader.index(.rgb(0x26, 0x8b, 0xd2), colors: direct) == 0x268bd2)
        #expect(ColorDegrader.index(.indexed(3), colors: direct) == 3, "0–7 stay the ANSI colours")
        #expect(ColorDegrader.index(.indexed(196), colors: direct) == 0xff0000, "an index above 7 becomes its RGB")
        #expect(ColorDegrader.index(.rgb(0, 0, 2), colors: direct) == 8, "near-black never lands on an ANSI number")
        #expect(ColorDegrader.index(.default, colors: direct) == -1)
        #expect(ColorDegrader.depthName(colors: 8) == "8 colours")
        #expect(ColorDegrader.depthName(colors: direct) == "truecolor")
    }

    @Test func aThemeWithABackgroundPaintsEveryRoleOnIt() throws {
        let solarized = try ThemeLibrary(userDirectory: "/nonexistent").load("solarized-dark")
        #expect(solarized.canvas == .rgb(0x00, 0x2b, 0x36))
        #expect(solarized[.text].background == .rgb(0x00, 0x2b, 0x36))
        #expect(solarized[.selection].background == .rgb(0x26, 0x8b, 0xd2), "a role's own background wins")
        let dark = try ThemeLibrary(userDirectory: "/nonexistent").load("default")
        #expect(dark.canvas == .default, "the default theme keeps the terminal's own background")
        #expect(dark[.text].background == .default)
        let frame = AppRenderer.render(WorkspaceScreenTests.loadedState(), theme: solarized)
        #expect(frame[5, 60].style.background == .rgb(0x00, 0x2b, 0x36), "empty cells are the theme's page")
    }

    @Test func noColorGivesMonochromeWhateverElseAsks() throws {
        #expect(ThemeLibrary.startingName(flag: "light", environment: ["NO_COLOR": "1"], config: "solarized-dark") == "monochrome")
        #expect(ThemeLibrary.startingName(flag: nil, environment: ["NO_COLOR": ""], config: nil) == "default", "an empty NO_COLOR is not set")
        #expect(ThemeLibrary.startingName(flag: "light", environment: ["PBITUI_THEME": "solarized-dark"], config: "x") == "light")
        #expect(ThemeLibrary.startingName(flag: nil, environment: ["PBITUI_THEME": "solarized-dark"], config: "x") == "solarized-dark")
        #expect(ThemeLibrary.startingName(flag: nil, environment: [:], config: "high-contrast") == "high-contrast")
        let mono = try ThemeLibrary(userDirectory: "/nonexistent").load("monochrome")
        for role in ColorRole.allCases {
            #expect(mono[role].foreground == .default && mono[role].background == .default, "monochrome uses no colour (\(role))")
        }
        #expect(mono[.selection].reverse)
    }

    @Test func userThemesLoadFromTheConfigFolderAndWin() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbitui-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        name = "mine"
        [roles]
        text = "#102030"
        selection = { fg = "black", bg = "bright-cyan", bold = true }
        """.write(to: folder.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        try """
        [roles]
        text = "red"
        """.write(to: folder.appendingPathComponent("light.toml"), atomically: true, encoding: .utf8)
        let library = ThemeLibrary(userDirectory: folder.path)
        #expect(library.names().contains("mine"))
        #expect(library.names().contains("solarized-dark"))
        let mine = try library.load("mine")
        #expect(mine[.text].foreground == .rgb(0x10, 0x20, 0x30))
        #expect(mine[.selection] == TextStyle(foreground: .indexed(0), background: .indexed(14), bold: true))
        #expect(mine[.jsonKey] == Theme.defaultDark[.jsonKey], "roles left out come from the default theme")
        #expect(try library.load("light")[.text].foreground == .indexed(1), "a user theme wins over the built-in one of its name")
        #expect(throws: ThemeError.self) { try library.load("../etc/passwd") }
        let unknown = #expect(throws: ThemeError.self) { try library.load("nope") }
        #expect(unknown?.description.contains("known: ") == true)
        #expect(unknown?.description.contains("mine") == true)
    }

    @Test(arguments: [
        ("[roles]\ntext = \"#12345\"", "roles.text: '#12345' is not a colour"),
        ("[roles]\ntext = 300", "roles.text: 300 is not a colour index"),
        ("[roles]\ntxt = \"red\"", "roles.txt: unknown role; known: text, muted"),
        ("[roles]\nselection = { fg = \"red\", blink = true }", "roles.selection.blink: unknown"),
        ("[roles]\nselection = { bold = \"yes\" }", "roles.selection.bold: expected true or false"),
        ("background = \"mauve\"\n[roles]\ntext = \"red\"", "background: 'mauve' is not a colour"),
        ("name = \"x\"", "no [roles] table"),
        ("colours = 1\n[roles]\ntext = \"red\"", "unknown key 'colours'"),
        ("[roles\ntext = 1", "line 1"),
    ])
    func badThemesAreRefusedWithTheFileAndTheRole(_ text: String, expected: String) {
        let error = #expect(throws: ThemeError.self) { try ThemeFile.parse(text, file: "/home/me/.config/pbitui/themes/bad.toml") }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("bad.toml") == true)
    }
}
