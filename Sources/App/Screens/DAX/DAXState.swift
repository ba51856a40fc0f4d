import Foundation
import PowerBI
import TerminalUI
import Tokens

/// The dataset a DAX workbench queries.
public struct DAXTarget: Sendable, Hashable {
    public let scope: WorkspaceScope
    public let workspaceName: String
    public let datasetId: String
    public let datasetName: String
    /// `isEffectiveIdentityRequired`: the dataset has row-level security.
    public let rowLevelSecurity: Bool?

    public init(scope: WorkspaceScope, workspaceName: String, datasetId: String, datasetName: String, rowLevelSecurity: Bool?) {
        self.scope = scope
        self.workspaceName = workspaceName
        self.datasetId = datasetId
        self.datasetName = datasetName
        self.rowLevelSecurity = rowLevelSecurity
    }
}

/// What the schema pane lists: from `INFO.VIEW.TABLES()`, `INFO.VIEW.COLUMNS()` and `INFO.VIEW.MEASURES()`.
public struct DAXSchema: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        public let table: String
        public let name: String
        public let dataType: String
    }

    public struct Measure: Sendable, Hashable {
        public let table: String
        public let name: String
        public let expression: String
    }

    public var tables: [String]
    public var columns: [Column]
    public var measures: [Measure]

    public init(tables: [String], columns: [Column], measures: [Measure]) {
        self.tables = tables
        self.columns = columns
        self.measures = measures
    }

    /// A table as DAX names it: quoted when it is not a plain word.
    public static func tableReference(_ name: String) -> String {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(name.first?.isNumber ?? true)
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    public static func columnReference(table: String, column: String) -> String {
        tableReference(table) + "[" + column.replacingOccurrences(of: "]", with: "]]") + "]"
    }

    public static func measureReference(_ name: String) -> String { "[" + name.replacingOccurrences(of: "]", with: "]]") + "]" }

    /// The schema pane's lines: each table, its columns and its measures, with what Enter inserts.
    public var entries: [(label: String, detail: String, insert: String, isTable: Bool)] {
        var result: [(String, String, String, Bool)] = []
        for table in tables {
            result.append((table, "table", Self.tableReference(table), true))
            for column in columns where column.table == table {
                result.append(("  " + column.name, column.dataType, Self.columnReference(table: table, column: column.name), false))
            }
            for measure in measures where measure.table == table {
                result.append(("  ∑ " + measure.name, "measure", Self.measureReference(measure.name), false))
            }
        }
        return result
    }
}

/// One run of a query, kept in the history.
public struct DAXRun: Sendable, Hashable {
    public let query: String
    public let target: DAXTarget
    public let at: Date
    /// "1,204 rows in 85 ms", "cut at 100000 rows", or the error.
    public let outcome: String
}

/// A result on screen: the service's answer with its grid (filter, sort) and how long it took.
public struct DAXResultView: Sendable {
    public let result: DAXResult
    public let milliseconds: Int
    public let target: DAXTarget
    public var model: ListModel<Int>
    public var list = ListState()
    /// Per column: every value is a number (right-aligned, sorted as numbers).
    public let numeric: [Bool]
    /// Per column: the width the data asks for (at most ``DAXResultView/widest``).
    public let widths: [Int]
    static let widest = 40
    /// The grid's first shown column (an index into the columns not hidden): ←/→ move it.
    public var firstColumn = 0
    /// Columns the person hid (`-`), and widths they set (`<`, `>`), by column index.
    public var hidden: Set<Int> = []
    public var widthOverrides: [Int: Int] = [:]
    /// The query whose answer this is (named when the rows are exported).
    public var query = ""
    /// Its tab: the result set's number ("1", "2"…), or "metrics" for the Arrow engine's execution metrics.
    public var title = "1"

    /// The columns shown, in order: every column but the hidden ones.
    public var shownColumns: [Int] { result.columns.indices.filter { !hidden.contains($0) } }
    /// The width a column is drawn at.
    public func width(of column: Int) -> Int { widthOverrides[column] ?? max(4, widths[column]) }

    public init(result: DAXResult, milliseconds: Int, target: DAXTarget) {
        self.result = result
        self.milliseconds = milliseconds
        var numeric = [Bool](repeating: true, count: result.columns.count)
        var widths = result.columns.map { min(Self.widest, DisplayWidth.of($0)) }
        self.target = target
        let rows = result.rows
        // One pass: which columns hold only numbers, how wide each column's data is, and every row's search
        // text folded (once per distinct non-ASCII value: names repeat down a column) for the list's
        // haystack, so that a filter keystroke is one pass over bytes.
        var folded: [UInt8] = []
        folded.reserveCapacity(result.body.count / 2)
        var starts: [Int] = [0]
        starts.reserveCapacity(rows.count + 1)
        var cache: [String: (bytes: [UInt8], width: Int)] = [:]
        for row in rows {
            for (index, value) in row.enumerated() {
                switch value {
                case .null:
                    continue
                case let .number(text):
                    folded.append(contentsOf: text.utf8)
                    if widths[index] < text.utf8.count { widths[index] = min(Self.widest, text.utf8.count) }
                case let .string(text):
                    numeric[index] = false
                    var ascii = true
                    let start = folded.count
                    for byte in text.utf8 {
                        if byte >= 0x80 || byte < 0x20 { ascii = false; break }
                        folded.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
                    }
                    if ascii {
                        if widths[index] < text.utf8.count { widths[index] = min(Self.widest, text.utf8.count) }
                    } else {
                        folded.removeSubrange(start...)
                        let known: (bytes: [UInt8], width: Int)
                        if let cached = cache[text] {
                            known = cached
                        } else {
                            known = (Array(TextMatch.fold(text).utf8), DisplayWidth.of(text))
                            if cache.count < 100_000 { cache[text] = known }
                        }
                        folded.append(contentsOf: known.bytes)
                        if widths[index] < known.width { widths[index] = min(Self.widest, known.width) }
                    }
                default:
                    numeric[index] = false
                    let text = DAXResult.text(value)
                    folded.append(contentsOf: text.utf8)
                    widths[index] = min(Self.widest, max(widths[index], DisplayWidth.of(text)))
                }
                folded.append(0x20)
            }
            starts.append(folded.count)
        }
        self.numeric = numeric
        self.widths = widths
        let isNumeric = numeric
        let haystack = folded, offsets = starts
        model = ListModel(Array(rows.indices),
                          foldedSearch: { index, into in into.append(contentsOf: haystack[offsets[index]..<offsets[index + 1]]) },
                          cells: { index in rows[index].enumerated().map { DAXResultView.sortKey($0.element, numeric: isNumeric[$0.offset]) } })
    }

    /// The width of a value as the grid shows it, without building text for plain ASCII strings.
    static func displayWidth(_ value: JSONValue) -> Int {
        switch value {
        case let .string(text), let .number(text):
            return text.utf8.count == text.unicodeScalars.count && !text.utf8.contains(where: { $0 < 0x20 }) ? text.utf8.count : DisplayWidth.of(text)
        default: return DAXResult.text(value).count
        }
    }

    /// A key that sorts as the column's values should: numbers by value (as text that compares like the
    /// numbers), everything else as text without case.
    static func sortKey(_ value: JSONValue, numeric: Bool) -> String {
        guard numeric else { return DAXResult.text(value).lowercased() }
        guard case let .number(text) = value, let number = Double(text) else { return "" }
        // The bits of a double, flipped so that their order as unsigned integers is the numbers' order.
        let bits = number.bitPattern
        let ordered = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        let hex = String(ordered, radix: 16)
        return "n" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Where keys go on the DAX workbench.
public enum DAXFocus: Sendable, Hashable { case editor, results, schema }

/// The DAX workbench (`e` on a dataset, `:dax`): a schema pane, an editor, a results grid.
public struct DAXView: Sendable {
    public var target: DAXTarget
    public var editor = TextEditor()
    public var focus: DAXFocus = .editor
    public var schema: Loadable<DAXSchema> = .idle
    public var schemaList = ListState()
    /// The last answer's result sets (one per `EVALUATE`; the execution metrics last when the Arrow engine sent
    /// them), and the tab shown (`[`/`]`, `:result N`).
    public var results: [DAXResultView] = []
    public var tab = 0
    /// The tab shown: what the grid, the filter, sorting and `:export` work on.
    public var result: DAXResultView? {
        get { results.indices.contains(tab) ? results[tab] : nil }
        set {
            if let newValue {
                if results.indices.contains(tab) { results[tab] = newValue } else { results = [newValue]; tab = 0 }
            } else {
                results = []
                tab = 0
            }
        }
    }
    /// The engine asked for (`:engine`), the one that gave the answer on screen, and why `auto` did not use
    /// the Arrow engine for it.
    public var engine: DAXEngine = .auto
    public var answeredBy: DAXEngine?
    public var engineNote: String?
    public var running: Date?
    /// The last failure, with where the engine points (0-based, for the editor).
    public var failure: DAXFailure?
    public var errorAt: TextPosition?
    /// The completion list open under the cursor, and which entry is chosen.
    public var completions: [String] = []
    public var completionChoice = 0
    /// The raw answer as JSON instead of the grid (`y`).
    public var showJSON = false
    public var viewer: JSONViewer?
    /// Every run of this session, oldest first; Ctrl-P / Ctrl-N step through their queries.
    public var history: [DAXRun] = []
    public var historyPosition: Int?
    /// The name the query was opened or saved under.
    public var savedName: String?
    /// The first line of the editor shown.
    public var editorTop = 0
    /// `:impersonate UPN`: run as that user (impersonatedUserName).
    public var impersonate: String?
    /// `:nulls`: blank values sent as null.
    public var includeNulls = false
    /// `:dax-against DATASET`: the result on screen compared with the same query on another dataset.
    public var comparison: DAXComparison?

    public init(target: DAXTarget, query: String = DAXView.starter) {
        self.target = target
        editor = TextEditor(query)
    }

    /// A new workbench starts empty: Tab on `EVALUATE` or `DEFINE` writes the skeleton.
    public static let starter = ""
}

/// The same query's rows on two datasets (TEST against PROD), compared as multisets of whole rows: which rows
/// both have, and which only one has.
public struct DAXComparison: Sendable {
    public let leftName: String
    public let rightName: String
    public let columns: [String]
    public let sameColumns: Bool
    public let equalCount: Int
    /// The rows only one side has: (which side, the values).
    public let differences: [(side: String, values: [String])]
    public var list = ListState()

    public init(left: DAXResultView, right: DAXResultView) {
        leftName = left.target.datasetName + (left.target.workspaceName.isEmpty ? "" : " (\(left.target.workspaceName))")
        rightName = right.target.datasetName + (right.target.workspaceName.isEmpty ? "" : " (\(right.target.workspaceName))")
        columns = left.result.columns
        sameColumns = left.result.columns == right.result.columns
        // Rows as text in the left side's column order (a column the right lacks is blank there).
        let rightPositions = left.result.columns.map { right.result.columns.firstIndex(of: $0) }
        func key(_ values: [String]) -> String { values.joined(separator: "\u{1F}") }
        var remaining: [String: Int] = [:]
        let rightRows = right.result.rows.map { row in rightPositions.map { $0.map { DAXResult.text(row[$0]) } ?? "" } }
        for row in rightRows { remaining[key(row), default: 0] += 1 }
        var equal = 0
        var differences: [(String, [String])] = []
        for row in left.result.rows {
            let values = row.map(DAXResult.text)
            let text = key(values)
            if let count = remaining[text], count > 0 {
                remaining[text] = count - 1
                equal += 1
            } else {
                differences.append((leftName, values))
            }
        }
        for row in rightRows {
            let text = key(row)
            if let count = remaining[text], count > 0 {
                remaining[text] = count - 1
                differences.append((rightName, row))
            }
        }
        equalCount = equal
        // The same key's two versions next to each other: by the values, then the side.
        let left = leftName
        self.differences = differences.enumerated().sorted { a, b in
            if a.element.1 != b.element.1 { return a.element.1.lexicographicallyPrecedes(b.element.1) }
            if a.element.0 != b.element.0 { return a.element.0 == left }
            return a.offset < b.offset
        }.map(\.element)
    }

    public var identical: Bool { sameColumns && differences.isEmpty }

    public var summary: String {
        let onlyLeft = differences.filter { $0.side == leftName }.count
        let onlyRight = differences.count - onlyLeft
        var text = "\(equalCount) row\(equalCount == 1 ? "" : "s") in both, \(onlyLeft) only in \(leftName), \(onlyRight) only in \(rightName)"
        if !sameColumns { text += "; the columns differ" }
        return text
    }
}
