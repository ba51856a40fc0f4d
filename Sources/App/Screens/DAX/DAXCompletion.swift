import Foundation

/// What Tab offers in the DAX editor: the model's tables, columns and measures, DAX functions, and snippets
/// for `EVALUATE` and `DEFINE`.
enum DAXCompletion {
    /// The functions offered (those the service knows; completion inserts the name and its parenthesis).
    static let functions = [
        "ABS", "ADDCOLUMNS", "ALL", "ALLEXCEPT", "ALLSELECTED", "AND", "AVERAGE", "AVERAGEX", "BLANK", "CALCULATE", "CALCULATETABLE",
        "CALENDAR", "COALESCE", "CONCATENATE", "CONCATENATEX", "COUNT", "COUNTA", "COUNTBLANK", "COUNTROWS", "COUNTX", "CROSSJOIN",
        "DATATABLE", "DATE", "DATEADD", "DATESYTD", "DAY", "DISTINCT", "DISTINCTCOUNT", "DIVIDE", "EOMONTH", "EXCEPT", "FILTER",
        "FIRSTNONBLANK", "FORMAT", "GENERATE", "GROUPBY", "HASONEVALUE", "IF", "IFERROR", "IN", "INFO.VIEW.COLUMNS", "INFO.VIEW.MEASURES",
        "INFO.VIEW.RELATIONSHIPS", "INFO.VIEW.TABLES", "INTERSECT", "ISBLANK", "KEEPFILTERS", "LASTNONBLANK", "LEFT", "LEN", "LOOKUPVALUE",
        "LOWER", "MAX", "MAXX", "MIN", "MINX", "MONTH", "NATURALINNERJOIN", "NOT", "NOW", "OR", "RANKX", "RELATED", "RELATEDTABLE",
        "REMOVEFILTERS", "ROUND", "ROW", "SAMEPERIODLASTYEAR", "SELECTCOLUMNS", "SELECTEDVALUE", "SUM", "SUMMARIZE", "SUMMARIZECOLUMNS",
        "SUMX", "SWITCH", "TODAY", "TOPN", "TOTALYTD", "TREATAS", "UNION", "UPPER", "USERELATIONSHIP", "VALUES", "YEAR",
    ]

    /// Snippets by the keyword they complete.
    static func snippets(firstTable: String) -> [(keyword: String, text: String)] {
        [
            ("EVALUATE", "EVALUATE\n    "),
            ("DEFINE", "DEFINE\n    MEASURE \(firstTable)[New Measure] = \n    VAR Limit = 10\nEVALUATE\n    "),
            ("ORDER BY", "ORDER BY "),
        ]
    }

    /// Completions of `word` (what was typed before the cursor), most fitting first, at most 40.
    static func candidates(for word: String, schema: DAXSchema?, resultColumns: [String]) -> [String] {
        let lowered = word.lowercased()
        var references: [String] = []
        if let schema {
            references += schema.tables.map(DAXSchema.tableReference)
            references += schema.columns.map { DAXSchema.columnReference(table: $0.table, column: $0.name) }
            references += schema.measures.map { DAXSchema.measureReference($0.name) }
        } else {
            references += resultColumns
        }
        var found: [String] = []
        var seen = Set<String>()
        func offer(_ text: String) {
            if text.lowercased() != lowered, seen.insert(text).inserted { found.append(text) }
        }
        // References whose start matches, then those whose column or measure name matches (`Amo` → Sales[Amount]).
        for reference in references where reference.lowercased().hasPrefix(lowered) { offer(reference) }
        if !lowered.contains("[") {
            for reference in references {
                if let bracket = reference.firstIndex(of: "["), reference[reference.index(after: bracket)...].lowercased().hasPrefix(lowered) {
                    offer(reference)
                }
            }
        }
        let table = schema?.tables.first.map(DAXSchema.tableReference) ?? "Sales"
        for snippet in snippets(firstTable: table) where snippet.keyword.lowercased().hasPrefix(lowered) { offer(snippet.text) }
        if !lowered.hasPrefix("[") && !lowered.hasPrefix("'") {
            for function in functions where function.lowercased().hasPrefix(lowered) { offer(function + "(") }
        }
        return Array(found.prefix(40))
    }
}

/// Saved queries: `$XDG_DATA_HOME/pbitui/queries/NAME.dax`, written atomically by the effect runner.
public enum DAXQueryFiles {
    /// The file name for a query name, or nil when the name is empty or has characters a file name should not.
    static func fileName(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 100, trimmed != ".", trimmed != "..",
              trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" || $0 == "." }),
              !trimmed.hasPrefix(".") else { return nil }
        return trimmed.hasSuffix(".dax") ? trimmed : trimmed + ".dax"
    }

    /// The folder for a data home (`$XDG_DATA_HOME`, else `~/.local/share`).
    public static func folder(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/pbitui/queries" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/pbitui/queries" }
        return nil
    }

    /// What `:open NAME` reads, or the list of saved names when `name` is empty.
    static func read(folder: String, name: String) -> DAXOpenOutcome {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".dax") }
            .map { String($0.dropLast(4)) }.sorted()
        guard !name.isEmpty else {
            return .message(names.isEmpty ? "No saved queries yet (:save NAME saves the query in \(folder))"
                                          : "Saved queries: " + names.joined(separator: ", ") + " (:open NAME)", isError: false)
        }
        guard let file = fileName(name) else { return .message("'\(name)' is not a query name", isError: true) }
        let path = folder + "/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            return .message("No saved query '\(name)'" + (names.isEmpty ? "" : "; saved: " + names.prefix(10).joined(separator: ", ")), isError: true)
        }
        guard data.count <= 1 << 20, let text = String(data: data, encoding: .utf8) else {
            return .message("\(path) is not a UTF-8 query of at most 1 MiB", isError: true)
        }
        return .text(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    }
}

/// What `:open` found.
public enum DAXOpenOutcome: Sendable {
    case text(String)
    case message(String, isError: Bool)
}
