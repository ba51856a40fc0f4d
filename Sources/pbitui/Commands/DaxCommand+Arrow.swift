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
        let request = DAXArrowRequest(query: text, rowLimit: maxRows, executionMetrics: metrics, impersonate: impersonate)
        let bytes: [UInt8]
        do {
            bytes = try await client.executeDaxQueriesBytes(request, dataset: datasetId, in: scope)
        } catch {
            guard engine == .auto, error.meansArrowUnavailable else { throw CLIError.refused(error.description) }
            DaxEngines.remember(datasetId, arrow: false)
            return error.service?.headline ?? error.message
        }
        DaxEngines.remember(datasetId, arrow: true)
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
            let answer = try DAXArrowAnswer.read(bytes)
            var sets = answer.results
            if let result, result <= sets.count { sets = [sets[result - 1]] }
            if result == nil || result! <= answer.results.count { StandardStream.write(Self.format(sets, as: output), to: STDOUT_FILENO) }
            return (answer.results.count, answer.metrics)
        }
    }

    /// Table and CSV: each result set after the other, a blank line between; JSON: the rows of one set, or an
    /// array of sets when there are several.
    static func format(_ sets: [DAXResultSet], as output: Output) -> [UInt8] {
        switch output {
        case .json:
            let value: JSONValue = sets.count == 1 ? sets[0].jsonRows() : .array(sets.map { $0.jsonRows() })
            return value.serializedBytes() + [0x0A]
        case .table, .csv, .arrow:
            var bytes: [UInt8] = []
            for (index, set) in sets.enumerated() {
                if index > 0 { bytes.append(0x0A) }
                let rows = set.rows.lazy.map { $0.lazy.map(DAXResultSet.text) }
                bytes += output == .csv ? CSVOutput.bytes(headers: set.columns, rows: rows)
                    : Array((PlainTable.format(headers: set.columns, rows: rows.map(Array.init)) + "\n").utf8)
            }
            return bytes
        }
    }
}

/// Which engine answered each dataset (`$XDG_CACHE_HOME/pbitui/dax-engines.json`, written whole): `auto` asks
/// executeQueries straight away for a dataset the Arrow engine did not answer before.
enum DaxEngines {
    static var path: String { (TokenCache.defaultPath() as NSString).deletingLastPathComponent + "/dax-engines.json" }

    static func all() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let json = try? JSONValue.parse(data), let object = json.objectValue else { return [:] }
        return Dictionary(object.compactMap { pair in pair.value.stringValue.map { (pair.key, $0) } }, uniquingKeysWith: { _, last in last })
    }

    static func usesJSON(_ datasetId: String) -> Bool { all()[datasetId.lowercased()] == "json" }

    static func remember(_ datasetId: String, arrow: Bool) {
        var engines = all()
        guard engines[datasetId.lowercased()] != (arrow ? "arrow" : "json") else { return }
        engines[datasetId.lowercased()] = arrow ? "arrow" : "json"
        let object = JSONValue.object(JSONObject(engines.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) }))
        try? AtomicFile.write(Data(object.serializedBytes(pretty: true)), to: path)
    }
}
