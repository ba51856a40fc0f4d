import EntraAuth
import Foundation
import Tokens

/// Which DAX engine answered each dataset (`$XDG_CACHE_HOME/pbitui/dax-engines.json`, written whole and
/// atomically), shared by `pbitui dax` and the DAX workbench: `auto` asks executeQueries straight away for a
/// dataset the Arrow engine did not answer before.
public enum DAXEngineMemory {
    public static var path: String { (TokenCache.defaultPath() as NSString).deletingLastPathComponent + "/dax-engines.json" }

    public static func all(at path: String = path) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let json = try? JSONValue.parse(data), let object = json.objectValue else { return [:] }
        return Dictionary(object.compactMap { pair in pair.value.stringValue.map { (pair.key, $0) } }, uniquingKeysWith: { _, last in last })
    }

    /// Whether the Arrow engine refused this dataset last time.
    public static func usesJSON(_ datasetId: String, at path: String = path) -> Bool { all(at: path)[datasetId.lowercased()] == "json" }

    public static func remember(_ datasetId: String, arrow: Bool, at path: String = path) {
        var engines = all(at: path)
        guard engines[datasetId.lowercased()] != (arrow ? "arrow" : "json") else { return }
        engines[datasetId.lowercased()] = arrow ? "arrow" : "json"
        let object = JSONValue.object(JSONObject(engines.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.string($0.value)) }))
        try? AtomicFile.write(Data(object.serializedBytes(pretty: true)), to: path)
    }
}

/// The DAX query APIs: `json` is executeQueries (one result set, at most 100,000 rows), `arrow` is Execute DAX
/// Queries (Arrow streams, several result sets), `auto` the Arrow engine where it answers, else JSON.
public enum DAXEngine: String, Sendable, Hashable, CaseIterable {
    case auto, json, arrow
}

extension DAXResultSet {
    /// The set as executeQueries' answer holds one (values as ``DAXResultSet/json(_:)`` gives them). With a
    /// `limit`, the rows past it are left out and ``DAXResult/truncation`` says so.
    public func daxResult(limit: Int? = nil) -> DAXResult {
        let cut = limit.map { rows.count > $0 } ?? false
        let kept = cut ? Array(rows.prefix(limit!)) : rows
        return DAXResult(columns: columns, rows: kept.map { $0.map(Self.json) },
                         truncation: cut ? "more than \(limit!) rows; the first \(limit!) are kept" : nil, label: nil, body: Data())
    }
}

extension DAXArrowAnswer {
    /// The streams read straight into executeQueries-shaped results (no rows of Arrow values kept in between):
    /// for the workbench, each set cut after `limit` rows (said in its truncation); the metrics sets apart.
    public static func daxResults(_ bytes: [UInt8], limit: Int? = nil) throws(DAXFailure) -> (results: [DAXResult], metrics: [DAXResultSet]) {
        final class Collected { var results: [DAXResult] = []; var columns: [String] = []; var rows: [[JSONValue]] = []; var cut = false }
        let collected = Collected()
        let metrics = try stream(bytes, start: { schema in
            collected.columns = schema.fields.map(\.name)
            collected.rows = []
            collected.cut = false
        }, batch: { batch in
            var count = batch.count
            if let limit, collected.rows.count + count > limit {
                count = max(0, limit - collected.rows.count)
                collected.cut = true
            }
            collected.rows.reserveCapacity(collected.rows.count + count)
            for row in 0..<count { collected.rows.append(batch.columns.map { DAXResultSet.json($0[row]) }) }
        }, end: {
            let cut = collected.cut ? limit.map { "more than \($0) rows; the first \($0) are kept" } : nil
            collected.results.append(DAXResult(columns: collected.columns, rows: collected.rows, truncation: cut, label: nil, body: Data()))
            collected.rows = []
        })
        return (collected.results, metrics)
    }
}
