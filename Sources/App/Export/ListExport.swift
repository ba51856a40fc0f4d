import Foundation
import ListOutput
import PowerBI
import Tokens

/// `:export csv|json PATH`: the list on screen, every row it shows (not only those in the window), in the
/// order shown, with the table's columns (CSV, as `ls --output csv` writes them) or the service's objects
/// (JSON).
enum ListExport {
    enum Format: String, CaseIterable { case csv, json }

    struct Table {
        var headers: [String]
        var rows: [[String]]
        /// The service's object of each row (My workspace has none).
        var objects: [JSONValue]
        /// Why the list is not whole (a DAX result the service cut short): exported only when forced.
        var truncation: String? = nil
        /// Why nothing may be exported now (the last query failed: the rows on screen are an older query's).
        var refusal: String? = nil
        /// What the rows are, named in the summary (a DAX result: its query's first line).
        var source: String? = nil
    }

    /// A row as a JSON object of its columns, for lists whose rows are not service objects.
    static func object(_ headers: [String], _ cells: [String]) -> JSONValue {
        .object(JSONObject(zip(headers, cells).map { (key: $0.0.lowercased(), value: JSONValue.string($0.1)) }))
    }

    /// The headers of id columns, as the kinds name them (`ItemKindSpec.idHeader`).
    static let idHeaders: Set<String> = ["ID", "IDENTIFIER"]

    /// One column order for CSV, the one `ls --output csv` writes: the id first (for scripts), then the
    /// columns in the order the screen shows them. The screen itself keeps names first, for reading.
    static func idFirst(_ table: Table) -> (headers: [String], rows: [[String]]) {
        guard let id = table.headers.firstIndex(where: idHeaders.contains), id > 0 else { return (table.headers, table.rows) }
        func moved(_ cells: [String]) -> [String] {
            guard cells.indices.contains(id) else { return cells }
            var cells = cells
            let value = cells.remove(at: id)
            cells.insert(value, at: 0)
            return cells
        }
        return (moved(table.headers), table.rows.map(moved))
    }

    /// The list on screen as a table; nil on screens that show no list.
    static func table(_ state: AppState, now: Date) -> Table? { state.front.table(state, now: now) }

    /// The `:export` line's words after the command: a format and a path (which may hold spaces; `~` is the
    /// home folder). Returns the effect that writes the file, or a status saying what is wrong.
    static func command(_ arguments: String, force: Bool = false, _ state: inout AppState, now: Date) -> [Effect] {
        let words = arguments.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2, let format = Format(rawValue: words[0].lowercased()) else {
            state.status = StatusMessage("Usage: :export csv|json PATH (the list on screen, every row shown, in its order)", level: .warn)
            return []
        }
        guard let table = table(state, now: now) else {
            state.status = StatusMessage("Nothing to export here: :export writes the list on screen (workspaces, a tab, :datasets, :apps, :capacities)", level: .warn)
            return []
        }
        if let refusal = table.refusal {
            state.status = StatusMessage("Not exported: " + refusal, level: .warn)
            return []
        }
        if let truncation = table.truncation, !force {
            state.status = StatusMessage("Not exported: the service cut this result short (\(truncation)); :export! \(words[0]) PATH writes its \(table.rows.count) rows anyway",
                                         level: .warn)
            return []
        }
        var path = words[1].trimmingCharacters(in: .whitespaces)
        if path == "~" || path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
        let ordered = idFirst(table)
        let contents: Data = switch format {
        case .csv: Data(CSVOutput.bytes(headers: ordered.headers, rows: ordered.rows))
        case .json: Data(JSONValue.array(table.objects).serializedBytes(pretty: true) + [0x0A])
        }
        let count = format == .csv ? table.rows.count : table.objects.count
        let cut = table.truncation == nil ? "" : " (cut short by the service)"
        let of = table.source.map { " of \($0)" } ?? ""
        return [.export(path: path, contents: contents, summary: "Exported \(count) row\(count == 1 ? "" : "s")\(of) as \(format.rawValue.uppercased()) to \(path)\(cut)",
                        makeFolders: false)]
    }
}
