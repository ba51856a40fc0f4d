import Foundation

/// `INFO.VIEW.TABLES()`, `INFO.VIEW.COLUMNS()`, `INFO.VIEW.MEASURES()` and `INFO.VIEW.RELATIONSHIPS()` of a demo
/// model, with the columns Microsoft documents (reference/workbench.md §1.7), keyed `[Name]`.
enum DAXModelInfo {
    static func table(_ function: String, model: DAXModel) -> DAXTable {
        let header: [String]
        var rows: [[DAXValue]] = []
        let storage: DAXValue = .text(model.singleSignOn ? "DirectQuery" : "Import")
        switch function {
        case "INFO.VIEW.TABLES":
            header = ["ID", "Name", "Model", "DataCategory", "Description", "IsHidden", "StorageMode", "TableStorage", "Expression",
                      "ShowAsVariationOnly", "IsPrivate", "CalculationGroupPrecedence", "LineageTag"]
            for (index, table) in model.tables.enumerated() {
                rows.append([.integer(Int64(100 + index)), .text(table.name), "Model", .blank, text(table.description), .bool(false), storage,
                             .blank, .blank, .bool(false), .bool(false), .integer(0), .text(tag("table", table.name))])
            }
        case "INFO.VIEW.COLUMNS":
            header = ["ID", "Name", "Table", "DataType", "DataCategory", "Description", "IsHidden", "IsUnique", "IsKey", "IsNullable",
                      "Alignment", "SummarizeBy", "ColumnStorage", "Type", "SourceColumn", "Expression", "FormatString", "IsAvailableInMDX",
                      "SortByColumn", "GroupingBehavior", "SourceProviderType", "DisplayFolder", "AlternateOf", "LineageTag"]
            var id: Int64 = 1000
            for table in model.tables {
                for column in table.columns {
                    id += 1
                    let numeric = [.int64, .decimal, .double].contains(column.type)
                    rows.append([.integer(id), .text(column.name), .text(table.name), .text(column.type.rawValue), .blank, text(column.description),
                                 .bool(false), .bool(false), .bool(false), .bool(true), .text(numeric ? "Right" : "Left"),
                                 .text(numeric ? "Sum" : "None"), .blank, "Data", .text(column.name), .blank,
                                 column.type == .decimal ? "\\$#,0.00" : .blank, .bool(true), .blank, "ByValue", .blank, .blank, .blank,
                                 .text(tag("column", table.name + "." + column.name))])
                }
            }
        case "INFO.VIEW.MEASURES":
            header = ["ID", "Name", "Table", "Description", "DataType", "Expression", "FormatString", "IsHidden", "State", "KPIID",
                      "IsSimpleMeasure", "DisplayFolder", "DetailRowsDefinition", "DataCategory", "FormatStringDefinition", "LineageTag"]
            for (index, measure) in model.measures.enumerated() {
                let type = measure.expression.hasPrefix("COUNTROWS") || measure.expression.hasPrefix("DISTINCTCOUNT") ? "Int64" : "Decimal"
                rows.append([.integer(Int64(5000 + index)), .text(measure.name), .text(measure.table), .blank, .text(type), .text(measure.expression),
                             .text(measure.formatString), .bool(false), "Ready", .blank, .bool(false), .blank, .blank, .blank, .blank,
                             .text(tag("measure", measure.name))])
            }
        default:
            header = ["ID", "Name", "Relationship", "Model", "IsActive", "CrossFilteringBehavior", "RelyOnReferentialIntegrity", "FromTable",
                      "FromColumn", "FromCardinality", "ToTable", "ToColumn", "ToCardinality", "State", "SecurityFilteringBehavior"]
            for (index, link) in model.relationships.enumerated() {
                rows.append([.integer(Int64(9000 + index)), .text(tag("relationship", link.fromTable + link.fromColumn)),
                             .text("'\(link.fromTable)'[\(link.fromColumn)] *-1 '\(link.toTable)'[\(link.toColumn)]"), "Model", .bool(true),
                             "OneDirection", .bool(false), .text(link.fromTable), .text(link.fromColumn), "Many", .text(link.toTable),
                             .text(link.toColumn), "One", "Ready", "OneDirection"])
            }
        }
        return DAXTable(columns: header.map { .init(key: "[\($0)]", lineage: nil) }, rows: rows, source: nil)
    }

    private static func text(_ value: String) -> DAXValue { value.isEmpty ? .blank : .text(value) }

    /// A stable GUID-shaped lineage tag.
    private static func tag(_ kind: String, _ name: String) -> String {
        var random = SeededRandom(seed: StableHash.of(kind + ":" + name))
        return random.guid()
    }
}

extension DAXValue: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .text(value) }
}
