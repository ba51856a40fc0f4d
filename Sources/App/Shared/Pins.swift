import Foundation
import PowerBI
import TerminalUI
import Tokens

/// A workspace, dataset, report, dashboard or dataflow pinned with `p`, to come back to with `:pins`.
public struct Pin: Sendable, Hashable, Codable {
    /// A workspace, dataset, report, dashboard or dataflow; `context` for a profile on the `:ctx` list (never pinned).
    public let kind: ArtifactKind
    public let id: String
    public let name: String
    public let workspaceId: String?
    public let workspaceName: String?
    public let pinnedAt: Date

    public init(kind: ArtifactKind, id: String, name: String, workspaceId: String?, workspaceName: String?, pinnedAt: Date) {
        self.kind = kind
        self.id = id
        self.name = name
        self.workspaceId = workspaceId
        self.workspaceName = workspaceName
        self.pinnedAt = pinnedAt
    }

    /// An item of a workspace, as a pin.
    static func item(_ row: ItemRow, in entry: WorkspaceEntry, now: Date) -> Pin? {
        guard row.kind != .users else { return nil }
        return Pin(kind: row.kind.artifact, id: row.id, name: row.name, workspaceId: entry.workspace?.id, workspaceName: entry.name, pinnedAt: now)
    }

    /// Pins are the same when they name the same thing (case aside), whenever they were made.
    func same(as other: Pin) -> Bool { kind == other.kind && ItemID.same(id, other.id) }

    /// The item kind of a pinned item; nil for a workspace.
    var itemKind: ItemKind? { kind == .workspace || kind == .context ? nil : kind.itemKind }
}

/// Every context's pins (`$XDG_STATE_HOME/pbitui/pins.json`), newest first in each. A context is who is
/// signed in where (``AppState/contextKey``): pins of one tenant never show in another.
public struct PinBook: Sendable, Codable, Hashable {
    public var version = 1
    public var contexts: [String: [Pin]] = [:]

    public init() {}

    public func pins(of context: String) -> [Pin] { contexts[context] ?? [] }

    /// Pins `pin`, or unpins it when it is pinned already; true when it is pinned now.
    @discardableResult
    public mutating func toggle(_ pin: Pin, in context: String) -> Bool {
        var pins = contexts[context] ?? []
        if let index = pins.firstIndex(where: { $0.same(as: pin) }) {
            pins.remove(at: index)
            contexts[context] = pins.isEmpty ? nil : pins
            return false
        }
        contexts[context] = [pin] + pins
        return true
    }

    public func isPinned(_ pin: Pin, in context: String) -> Bool { pins(of: context).contains { $0.same(as: pin) } }

    /// The file's bytes: sorted keys, dates as ISO 8601, readable by a person.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// The pins in `path`: none when the file is missing; none and a reason when it cannot be read (a
    /// broken file is left as it is until the next pin replaces it).
    public static func load(path: String) -> (book: PinBook, problem: String?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (PinBook(), nil) }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return (try decoder.decode(PinBook.self, from: data), nil)
        } catch {
            return (PinBook(), "\(path) could not be read (\(error.localizedDescription)); pins start empty")
        }
    }

    /// `$XDG_STATE_HOME/pbitui/pins.json` (default `~/.local/state/pbitui/pins.json`); nil without a home.
    public static func path(environment: [String: String]) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/pbitui/pins.json" }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/state/pbitui/pins.json"
    }
}

/// The items loaded in this session (every workspace tab opened, `:datasets`), for `:go`: each once, at
/// most ``limit`` (the oldest go first).
public struct LoadedItems: Sendable {
    public private(set) var items: [Pin] = []
    private var positions: [String: Int] = [:]
    static let limit = 200_000

    public init() {}

    public mutating func add(_ pins: [Pin]) {
        for pin in pins {
            let key = pin.kind.rawValue + ":" + pin.id.lowercased()
            if let position = positions[key] { items[position] = pin; continue }
            positions[key] = items.count
            items.append(pin)
        }
        if items.count > Self.limit {
            items.removeFirst(items.count - Self.limit)
            positions = Dictionary(items.enumerated().map { ($1.kind.rawValue + ":" + $1.id.lowercased(), $0) }, uniquingKeysWith: { $1 })
        }
    }
}

/// Finding names by a few typed letters (`:go`): the letters in order, anywhere in the name, case and
/// accents aside. One pass over the name: linear in its length.
public enum FuzzyMatch {
    /// A score (higher is better) when every letter of `query` appears in `text` in order; nil otherwise.
    /// Letters at the start of a word and letters right after the previous match count more; the whole
    /// query as one piece counts most.
    public static func score(_ query: String, in text: String) -> Int? {
        let needle = Array(TextMatch.fold(query).unicodeScalars.filter { $0 != " " })
        guard !needle.isEmpty else { return 0 }
        let folded = TextMatch.fold(text)
        let haystack = Array(folded.unicodeScalars)
        var score = 0
        var matched = 0
        var previous = -2
        for (index, scalar) in haystack.enumerated() where matched < needle.count && scalar == needle[matched] {
            score += 1
            if index == previous + 1 { score += 8 }
            if index == 0 || !CharacterSet.alphanumerics.contains(haystack[index - 1]) { score += 10 }
            previous = index
            matched += 1
        }
        guard matched == needle.count else { return nil }
        if folded.contains(TextMatch.fold(query)) { score += 50 }
        // Shorter names first among equals.
        return score * 1_000 - min(999, haystack.count)
    }
}
