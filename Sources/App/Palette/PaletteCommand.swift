import Foundation

/// A `:` command, declared by the screen it belongs to (its folder's `…Commands.swift`). The palette, its
/// completion, help and `docs/KEYS.md` read these declarations; nothing switches over command names.
struct PaletteCommand: Sendable {
    /// What runs a command: the text after its name (trimmed), the name as typed (an alias, `go!`), the
    /// state, the time.
    typealias Run = @Sendable (_ argument: String, _ typed: String, _ state: inout AppState, _ now: Date) -> [Effect]
    /// What Tab offers for the argument typed so far (lowercased, trimmed): whole command lines.
    typealias Complete = @Sendable (_ argument: String, _ state: AppState) -> [(text: String, description: String)]

    let name: String
    /// Other names that run it (`:ws`, `:q`, `:export!`).
    var aliases: [String] = []
    /// One line for the palette and the docs.
    let summary: String
    var takesArgument = false
    /// Listed in the palette and the docs (a test's command is not).
    var listed = true
    var complete: Complete?
    let run: Run

    init(_ name: String, aliases: [String] = [], takesArgument: Bool = false, listed: Bool = true, _ summary: String,
         complete: Complete? = nil, run: @escaping Run) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.takesArgument = takesArgument
        self.listed = listed
        self.complete = complete
        self.run = run
    }

    func answers(_ typed: String) -> Bool { name == typed || aliases.contains(typed) }
}

/// The registry: every screen's commands, in the order the palette lists them. A new screen adds its unit
/// here (one line) and declares `commands` in its folder.
enum Palette {
    static var units: [any ScreenUnit.Type] { [
        WorkspacesScreen.self, AllDatasetsScreen.self, InspectorScreen.self, TenantListScreen.self, ConsoleScreen.self,
        OperationsScreen.self, DAXScreen.self, PulsesScreen.self, PickerScreen.self, InventoryScreen.self,
        LineageScreen.self, ActivityScreen.self, AgentScreen.self, DoctorScreen.self, SignInScreen.self,
    ] }

    /// Every command: the screens' first (where to go), then the ones every screen shares (themes, export,
    /// a screenshot), `:quit` last.
    static let commands: [PaletteCommand] = units.flatMap { $0.commands } + SharedCommands.first + SharedCommands.last

    static let listed: [PaletteCommand] = commands.filter(\.listed)

    static func command(named typed: String) -> PaletteCommand? { commands.first { $0.answers(typed) } }
}

extension PaletteCommand {
    /// `:NAME` for a screen that only opens: the same as its key, or a screen of its own.
    static func opening(_ name: String, aliases: [String] = [], _ summary: String,
                        _ open: @escaping @Sendable (_ state: inout AppState, _ now: Date) -> [Effect]) -> PaletteCommand {
        PaletteCommand(name, aliases: aliases, summary) { _, _, state, now in open(&state, now) }
    }
}
