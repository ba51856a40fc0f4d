import Foundation
import PowerBI
import EntraAuth

/// The workbench's network work: a query, and the schema pane from `INFO.VIEW.*`.
extension BackgroundWork {
    /// One DAX query, timed from the request to the parsed answer.
    static func runDAX(_ job: DAXJob, client: PowerBIClient, _ emit: Emit) async {
        let started = ContinuousClock.now
        let outcome: Result<DAXScreenAnswer, DAXFailure>
        do {
            outcome = .success(try await answer(job, client: client))
        } catch {
            outcome = .failure(error)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        emit.yield(.dax(.answered(job, outcome, milliseconds: milliseconds)))
    }

    /// Rows the workbench keeps of an Arrow result set (as many as executeQueries ever gives); `pbitui dax` has
    /// no such cap.
    static let workbenchRows = 100_000

    /// The engine the job asks for: `arrow`, `json`, or `auto` (the Arrow engine unless it refused this dataset
    /// before, remembered as `pbitui dax` remembers it; a refusal that means it is not there falls back to
    /// executeQueries, with the reason; a query the engine found wrong is the answer).
    static func answer(_ job: DAXJob, client: PowerBIClient, memory: String = DAXEngineMemory.path) async throws(DAXFailure) -> DAXScreenAnswer {
        let dataset = job.target.datasetId
        var fallback: String?
        if job.engine == .arrow || (job.engine == .auto && !DAXEngineMemory.usesJSON(dataset, at: memory)) {
            let request = DAXArrowRequest(query: job.request.query, rowLimit: workbenchRows + 1, executionMetrics: true, impersonate: job.request.impersonate)
            do throws(DAXFailure) {
                let bytes = try await client.executeDaxQueriesBytes(request, dataset: dataset, in: job.target.scope)
                let answer = try DAXArrowAnswer.daxResults(bytes, limit: workbenchRows)
                DAXEngineMemory.remember(dataset, arrow: true, at: memory)
                return DAXScreenAnswer(engine: .arrow, results: answer.results, metrics: answer.metrics.first.map { $0.daxResult() })
            } catch where job.engine == .auto && error.meansArrowUnavailable {
                DAXEngineMemory.remember(dataset, arrow: false, at: memory)
                fallback = error.service?.headline ?? error.message
            }
        } else if job.engine == .auto {
            fallback = "it refused this dataset before (:engine arrow tries it again)"
        }
        if let problem = DAXQueryText.problem(job.request.query) {
            throw DAXFailure(message: problem + "; the Arrow engine, which takes several, did not answer this dataset (\(fallback ?? "it was not asked"))")
        }
        let result = try await client.executeQuery(job.request, dataset: dataset, in: job.target.scope, rowLevelSecurity: job.target.rowLevelSecurity)
        return .json(result, fallback: fallback)
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
