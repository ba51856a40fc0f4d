// The fuzz targets: each takes any bytes and must neither crash nor hang, and must keep the invariants
// checked here (a `precondition` failure is a crash libFuzzer reports). Shared by the libFuzzer build
// (scripts/fuzz.sh compiles these sources with -sanitize=fuzzer) and by FuzzRegressionTests, which replays
// the committed corpus and crash reproducers through the same functions in every `swift test`.
import APIDescriptions
import ArrowIPC
import Config
import Foundation
import EntraAuth
import HTTPCore
import ListOutput
import PowerBI
import Tokens
import TOML
import TerminalUI
import App

public enum FuzzTargets {
    public static let names = ["jwt", "json", "powerbi", "errors", "toml", "config", "theme", "description", "dax", "audit", "arrow"]

    public static func run(_ target: String, _ data: Data) {
        switch target {
        case "jwt": jwt(data)
        case "json": json(data)
        case "powerbi": powerBI(data)
        case "errors": errors(data)
        case "toml": toml(data)
        case "config": config(data)
        case "theme": theme(data)
        case "description": description(data)
        case "dax": dax(data)
        case "audit": audit(data)
        case "arrow": arrow(data)
        default: preconditionFailure("unknown fuzz target \(target); known: \(names.joined(separator: ", "))")
        }
    }

    /// Arrow IPC streams as Execute DAX Queries sends them: every batch as wide as its schema, every cell of
    /// the first rows readable (a cell past its buffer would crash here), and nothing read past the end.
    static func arrow(_ data: Data) {
        var reader = ArrowStreamReader([UInt8](data))
        var width = 0
        var items = 0
        while items < 1_000, let item = try? reader.next() {
            items += 1
            switch item {
            case let .schema(schema): width = schema.fields.count
            case let .batch(batch):
                precondition(batch.columns.count == width, "a batch narrower or wider than its schema")
                for column in batch.columns {
                    precondition(column.count == batch.count)
                    for row in 0..<min(batch.count, 256) { _ = column[row] }
                }
            case .endOfStream: width = 0
            }
        }
    }

    /// The MCP audit file `:agent` reads (`pbitui mcp` writes it; a person or a crash may leave anything in it):
    /// every non-empty line (up to the limit) is a call or counted as skipped, and each call makes four cells.
    static func audit(_ data: Data) {
        let (calls, skipped) = AgentLog.parse(data)
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).count
        precondition(calls.count + skipped == min(lines, AgentLog.limit), "a line neither read nor counted")
        for call in calls.prefix(64) { precondition(AgentLog.cells(call).count == 4) }
    }

    /// An executeQueries answer read into columns and rows (every row as wide as the columns, no column twice),
    /// written as CSV; and the bytes as a DAX query for the EVALUATE count and an engine message's position.
    static func dax(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        _ = DAXQueryText.problem(text)
        if let position = DAXQueryText.position(in: text) { precondition(position.line > 0 && position.column > 0) }
        guard let result = try? DAXResult.parse(data) else { return }
        precondition(result.rows.allSatisfy { $0.count == result.columns.count }, "a row narrower or wider than the columns")
        precondition(Set(result.columns).count == result.columns.count, "a column twice")
        let csv = CSVOutput.bytes(headers: result.columns, rows: result.rows.lazy.map { $0.lazy.map(DAXResult.text) })
        precondition(csv.count >= 2 && csv.suffix(2) == [0x0D, 0x0A])
    }

    /// An API description (`--spec`): read, then each operation's description made text, a body built from
    /// its schema and a call built from its required parameters. Any other file a `$ref` names is these bytes.
    static func description(_ data: Data) {
        _ = MarkdownText.lines(String(decoding: data, as: UTF8.self))
        guard let description = try? SwaggerReader(load: { _ in data }).read(data, name: "fuzz.json") else { return }
        for operation in description.operations.prefix(64) {
            _ = MarkdownText.lines(operation.description)
            _ = operation.matches("a b")
            let body = operation.body?.schema.map { description.example(for: $0) }
            let values = operation.parameters.filter { $0.required && $0.location != .body }.map { ($0.name, $0.choices.first ?? "1") }
            _ = try? operation.call(values, body: body.map { Data($0.serializedBytes()) })
        }
        _ = description.search("a", tag: nil)
    }

    /// The JWT decoder, and what the inspector does with a token: the summary and the claim catalogue.
    static func jwt(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        guard let token = try? JWT.decode(text) else { return }
        let summary = TokenSummary(token)
        _ = summary.lifetime(now: Date(timeIntervalSince1970: 1_800_000_000))
        for member in token.payload.members {
            _ = ClaimCatalogue.explain(member.key, inHeader: false)
            _ = ClaimCatalogue.explainValue(member.key, member.value)
        }
    }

    /// The JSON parser: what it accepts serializes to text it parses back to the same value.
    static func json(_ data: Data) {
        guard let value = try? JSONValue.parse(data) else {
            _ = JSONScanner(Array(data)).arrayElements(ofMember: "value")
            return
        }
        let text = value.serialized()
        guard let again = try? JSONValue.parse(Data(text.utf8)) else { preconditionFailure("serialized JSON does not parse: \(text)") }
        precondition(again == value, "a JSON value changed on a round trip: \(text)")
        let scanner = JSONScanner(Array(data))
        for range in scanner.arrayElements(ofMember: "value") ?? [] {
            precondition(range.lowerBound >= 0 && range.upperBound <= data.count, "a scanned element lies outside the input")
            _ = scanner.stringMember("id", in: range)
        }
    }

    /// Every Power BI model decoder on whatever JSON arrives, alone and as a `value` list, and the date reader.
    static func powerBI(_ data: Data) {
        guard let value = try? JSONValue.parse(data) else {
            _ = PowerBIDate.parse(String(decoding: data.prefix(64), as: UTF8.self))
            return
        }
        let items = value["value"]?.arrayValue ?? [value]
        for item in items {
            _ = Workspace(json: item)
            _ = Report(json: item)
            _ = Dataset(json: item)
            _ = Dashboard(json: item)
            _ = Dataflow(json: item)
            _ = Datasource(json: item)
            _ = DatasetParameter(json: item)
            _ = RefreshSchedule(json: item)
            let refresh = Refresh(json: item)
            _ = refresh.duration(now: Date())
            _ = RefreshDetail(json: item)
            if case let .object(object) = item {
                for member in object.members { if let text = member.value.stringValue { _ = PowerBIDate.parse(text) } }
            }
        }
    }

    /// The error bodies of Power BI (every shape) and Entra ID, with any status, as the client reads them.
    static func errors(_ data: Data) {
        let status = data.first.map { 400 + Int($0) % 200 } ?? 500
        let body = Data(data.dropFirst())
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let second = data.dropFirst().first, second % 3 == 0 { headers.set("Retry-After", String(decoding: data.suffix(4), as: UTF8.self)) }
        if let second = data.dropFirst().first, second % 5 == 0 { headers.set("RequestId", String(decoding: data.suffix(12), as: UTF8.self)) }
        let error = ServiceError(response: HTTPResponse(status: status, headers: headers, body: body), method: "GET", path: "/groups")
        let text = PowerBIError.service(error).description
        precondition(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "an error message carries a raw control character")
        if let entra = EntraErrorResponse(body: body) { _ = AuthError.entra(entra, status: status).description }
    }

    static func toml(_ data: Data) {
        _ = try? TOMLParser.parse(String(decoding: data, as: UTF8.self))
    }

    /// The config file: whatever it says, pbitui reads it or refuses it with a message, and never accepts
    /// a secret.
    static func config(_ data: Data) {
        guard let config = try? ConfigFile.parse(String(decoding: data, as: UTF8.self), file: "fuzz.toml") else { return }
        for profile in config.profiles { _ = profile.summary }
    }

    /// The theme file: a theme it accepts has a style for every role and colours the terminal can show.
    static func theme(_ data: Data) {
        guard let theme = try? ThemeFile.parse(String(decoding: data, as: UTF8.self), file: "fuzz.toml") else { return }
        for role in ColorRole.allCases {
            for colors in [0, 8, 16, 256, ColorDegrader.directColors] {
                let index = ColorDegrader.index(theme[role].foreground, colors: max(colors, 1))
                precondition(index >= -1, "a colour degraded to \(index)")
            }
        }
    }
}
