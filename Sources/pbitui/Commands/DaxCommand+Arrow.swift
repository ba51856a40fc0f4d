import EntraAuth
import Foundation
import ListOutput
import PowerBI
import TerminalSafety
import TerminalUI
import Tokens

/// `dax --engine auto|arrow`: Execute DAX Queries (Arrow streams; several EVALUATEs, no row cap), and which
/// engine answered each dataset, remembered.
extension DaxCommand {
    /// Runs the query through the Arrow engine and prints it; nil when `auto` should fall back to executeQueries
    /// (with the reason).
    func executeArrow(_ text: String, datasetId: String, scope: WorkspaceScope, client: PowerBIClient) async throws -> String? {
        let request = DAXArrowRequest(query: text, timeout: timeout, rowLimit: maxRows, executionMetrics: metrics, impersonate: impersonate)
        let bytes: [UInt8]
        do {
            bytes = try await client.executeDaxQueriesBytes(request, dataset: datasetId, in: scope)
        } catch {
            guard engine == .auto, error.meansArrowUnavailable else { throw CLIError.refused(error.description) }
            DAXEngineMemory.remember(datasetId, arrow: false)
            return error.service?.headline ?? error.message
        }
        DAXEngineMemory.remember(datasetId, arrow: true)
        let (sets, metricSets): (Int, [DAXResultSet])
        do {
            (sets, metricSets) = try write(bytes)
        } catch let failure as DAXFailure {
            throw CLIError.refused(failure.description)
        }
        if verbose { StandardError.write("pbitui: the Arrow engine (executeDaxQueries) answered: \(sets) result set(s)") }
        for set in metricSets where metrics {
            for row in set.rows { StandardError.write("metrics: " + row.map { TerminalSafety.escape(DAXResultSet.text($0)) }.joined(separator: " = ")) }
        }
        if let result, result > sets { throw CLIError.usage("--result \(result): the query gave \(sets) result set\(sets == 1 ? "" : "s")") }
        return nil
    }

    /// Writes the answer: the bytes as received (`--output arrow`, once they proved to hold no error stream),
    /// CSV batch by batch as the streams are read (one batch in memory at a time), or the result sets collected
    /// for a table or JSON. Returns how many result sets there were, and the metrics.
    private func write(_ bytes: [UInt8]) throws -> (Int, [DAXResultSet]) {
        switch output {
        case .arrow:
            let metricSets = try DAXArrowAnswer.stream(bytes, start: { _ in }, batch: { _ in }, end: {})
            StandardStream.write(bytes, to: STDOUT_FILENO)
            return (0, metricSets)
        case .csv:
            var index = 0
            let metricSets = try DAXArrowAnswer.stream(bytes, start: { schema in
                index += 1
                guard result == nil || result == index else { return }
                StandardStream.write((index > 1 && result == nil ? [0x0A] : []) + CSVOutput.bytes(headers: schema.fields.map(\.name), rows: [[String]]()),
                                     to: STDOUT_FILENO)
            }, batch: { batch in
                guard result == nil || result == index else { return }
                let rows = (0..<batch.count).map { row in batch.columns.map { DAXResultSet.text($0[row]) } }
                StandardStream.write(CSVOutput.records(rows), to: STDOUT_FILENO)
            }, end: {})
            return (index, metricSets)
        case .table, .json:
            return try writeInTwoPasses(bytes)
        }
    }

    /// A table or JSON without holding the rows: a first pass reads how many result sets there are (an array of
    /// sets or one set's rows) and, for a table, each column's width; the second writes batch by batch.
    private func writeInTwoPasses(_ bytes: [UInt8]) throws -> (Int, [DAXResultSet]) {
        var widths: [[Int]] = []
        _ = try DAXArrowAnswer.stream(bytes, start: { schema in
            widths.append(schema.fields.map { DisplayWidth.of(TerminalSafety.escape($0.name)) })
        }, batch: { batch in
            guard output == .table, result == nil || result == widths.count else { return }
            for row in 0..<batch.count {
                PlainTable.widen(&widths[widths.count - 1], row: batch.columns.map { TerminalSafety.escape(DAXResultSet.text($0[row])) })
            }
        }, end: {})
        let count = widths.count
        guard result == nil || result! <= count else { return (count, []) }
        let several = result == nil && count > 1
        var index = 0, rowsWritten = 0
        var columns: [String] = []
        if output == .json, several { StandardStream.write([UInt8]("[".utf8), to: STDOUT_FILENO) }
        let metricSets = try DAXArrowAnswer.stream(bytes, start: { schema in
            index += 1
            guard result == nil || result == index else { return }
            columns = schema.fields.map(\.name)
            rowsWritten = 0
            if output == .json {
                StandardStream.write([UInt8](((several && index > 1 ? "," : "") + "[").utf8), to: STDOUT_FILENO)
            } else {
                let header = columns.map { TerminalSafety.escape($0) }
                StandardStream.write([UInt8](((index > 1 && result == nil ? "\n" : "") + PlainTable.line(header, widths: widths[index - 1]) + "\n").utf8),
                                     to: STDOUT_FILENO)
            }
        }, batch: { batch in
            guard result == nil || result == index else { return }
            var out: [UInt8] = []
            for row in 0..<batch.count {
                if output == .json {
                    if rowsWritten > 0 { out.append(0x2C) }
                    out += JSONValue.object(JSONObject(zip(columns, batch.columns).map { (key: $0, value: DAXResultSet.json($1[row])) })).serializedBytes()
                } else {
                    let cells = batch.columns.map { TerminalSafety.escape(DAXResultSet.text($0[row])) }
                    out += PlainTable.line(cells, widths: widths[index - 1]).utf8
                    out.append(0x0A)
                }
                rowsWritten += 1
            }
            StandardStream.write(out, to: STDOUT_FILENO)
        }, end: {
            guard output == .json, result == nil || result == index else { return }
            StandardStream.write([UInt8]("]".utf8), to: STDOUT_FILENO)
        })
        if output == .json { StandardStream.write([UInt8]((several ? "]\n" : "\n").utf8), to: STDOUT_FILENO) }
        return (count, metricSets)
    }
}
