import TerminalUI

/// `docs/KEYS.md`: every screen's keys, from the same tables that dispatch them, the hint line and `?`
/// read. Generated (`pbitui generate-docs`); a test fails when the file in the repository is stale.
public enum KeyDocument {
    /// The screens in the order a person meets them, each with a heading and a line about it.
    static let screens: [(KeyScreen, String, String)] = [
        (.signInMethods, "Sign-in: choosing a method", "The first screen when pbitui starts without a sign-in."),
        (.signInForm, "Sign-in: a method's form", "Printable keys type into the focused field."),
        (.signInWorking, "Sign-in: working", "While a sign-in runs (a device code waits for approval)."),
        (.workspaces, "Workspaces", "The workspace list, the first screen after signing in."),
        (.workspace, "A workspace", "Its reports, datasets, dashboards, dataflows and users, one tab each."),
        (.details, "An item's details", "Properties, JSON, and for a dataset its refresh history, datasources, parameters and schedule."),
        (.allDatasets, "Every dataset (`:datasets`)", "Every dataset of every workspace, with its last refresh."),
        (.pulses, "Refresh pulses (`:pulses`)", "Every refreshable in reach, failing first."),
        (.tenantList, "Apps and capacities (`:apps`, `:capacities`)", ""),
        (.operations, "The operation explorer (`:ops`, `o`)", "Typed letters are the filter."),
        (.operation, "An operation's form", "Printable keys type into the focused parameter."),
        (.console, "The API console (`:api`)", "Printable keys type into the path and body."),
        (.automate, "Power Automate (`A`)", "The four ways to make a call from a flow."),
        (.daxEditor, "DAX workbench: the editor (`e`)", "Printable keys type into the query."),
        (.daxPanes, "DAX workbench: results and schema", ""),
        (.inspector, "The token inspector (`t`)", ""),
        (.jsonViewer, "The JSON viewer", "`y`, the details' JSON tab and a console response; its keys come before the screen's."),
        (.inventory, "The tenant store (`:inventory`)", ""),
        (.lineage, "Lineage (`L`, `:lineage`)", ""),
        (.picker, "Pins and jumps (`:pins`, `:go`)", ""),
        (.enhancedForm, "The enhanced refresh form (`R`)", ""),
        (.dialog, "A confirmation", ""),
    ]

    /// - Parameters:
    ///   - palette: the `:` commands with what each does, listed first.
    ///   - registered: the screens that bring their own key tables (heading, a line, table), after the others.
    public static func markdown(palette: [(name: String, description: String)] = [],
                                registered: [(title: String, about: String, table: KeyTable)] = []) -> String {
        var lines = [
            "# Keys", "",
            "Every key of every screen, generated from the key tables that dispatch them (`pbitui generate-docs`; do not edit by hand).",
            "`?` on any screen shows the same list; `[keys]` in `config.toml` remaps an action (its name in the third column).",
            "Actions marked *changes the tenant* ask first and are gone with `--read-only`.", "",
        ]
        if !palette.isEmpty {
            lines += ["## The palette (`:`)", "", "Every command, listed as the palette opens; `Tab` completes, `↑` recalls.", "",
                      "| command | what it does |", "|---|---|"]
            lines += palette.map { "| `:\($0.name)` | \(cell($0.description)) |" }
            lines.append("")
        }
        let tables = screens.map { (title: $0.1, about: $0.2, table: $0.0.table) } + registered
        for (title, about, table) in tables {
            lines += ["## " + title, ""]
            if !about.isEmpty { lines += [about, ""] }
            lines += ["| keys | what it does | action |", "|---|---|---|"]
            for binding in table.bindings {
                let keys = binding.keys.map { "`" + cell($0.description) + "`" }.joined(separator: " ")
                let what = cell(binding.description) + (binding.dangerous ? " (*changes the tenant*)" : "")
                lines.append("| \(keys) | \(what) | `\(KeyMap.name(of: binding.action))` |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Text for a table cell: a pipe would end the cell.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
