import Foundation
import PowerBI
import EntraAuth

/// The workbench's network work: a query, and the schema pane from `INFO.VIEW.*`.
extension BackgroundWork {
    /// One DAX query, timed from the request to the parsed answer.
    static func runDAX(_ job: DAXJob, client: PowerBIClient, _ emit: Emit) async {
        let started = ContinuousClock.now
        let outcome: Result<DAXResult, DAXFailure>
        do {
            outcome = .success(try await client.executeQuery(job.request, dataset: job.target.datasetId, in: job.target.scope,
                                                             rowLevelSecurity: job.target.rowLevelSecurity))
        } catch {
            outcome = .failure(error)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        emit.yield(.dax(.answered(job, outcome, milliseconds: milliseconds)))
    }

    /// The schema pane: INFO.VIEW.TABLES, COLUMNS and MEASURES, one query each (one table a call).
    static func loadDAXSchema(_ target: DAXTarget, client: PowerBIClient, _ emit: Emit) async {
        func rows(_ function: String) async throws(DAXFailure) -> [[String: String]] {
            let result = try await client.executeQuery(DAXRequest(query: "EVALUATE \(function)()"), dataset: target.datasetId, in: target.scope,
                                                       rowLevelSecurity: target.rowLevelSecurity)
            return result.rows.map { row in
                var fields: [String: String] = [:]
                for (column, value) in zip(result.columns, row) {
                    // `[Name]` or `INFO.VIEW.TABLES()[Name]`: the part in brackets.
                    let name = column.split(separator: "[").last.map { String($0.dropLast()) } ?? column
                    fields[name] = DAXResult.text(value)
                }
                return fields
            }
        }
        do throws(DAXFailure) {
            let tables = try await rows("INFO.VIEW.TABLES").compactMap { $0["Name"] }.filter { !$0.isEmpty }
            let columns = try await rows("INFO.VIEW.COLUMNS").compactMap { row -> DAXSchema.Column? in
                guard let name = row["Name"], let table = row["Table"], !name.isEmpty else { return nil }
                // Hidden row-number columns and the like are not offered.
                if row["Type"] == "RowNumber" || name.hasPrefix("RowNumber-") { return nil }
                return DAXSchema.Column(table: table, name: name, dataType: row["DataType"] ?? "")
            }
            let measures = try await rows("INFO.VIEW.MEASURES").compactMap { row -> DAXSchema.Measure? in
                guard let name = row["Name"], let table = row["Table"], !name.isEmpty else { return nil }
                return DAXSchema.Measure(table: table, name: name, expression: row["Expression"] ?? "")
            }
            emit.yield(.dax(.schemaLoaded(target, .success(DAXSchema(tables: tables, columns: columns, measures: measures)))))
        } catch {
            emit.yield(.dax(.schemaLoaded(target, .failure(error))))
        }
    }
}
