import Foundation
import PowerBI

/// What the workbench's work brings back: one case of ``AppEvent`` (`.dax`) carries them.
public enum DAXEvent: Sendable {
    /// A query's answer (or why it failed) and how long it took.
    case answered(DAXJob, Result<DAXScreenAnswer, DAXFailure>, milliseconds: Int)
    /// The schema pane: the model from INFO.VIEW functions, or why not.
    case schemaLoaded(DAXTarget, Result<DAXSchema, DAXFailure>)
    /// What `:open NAME` read.
    case queryOpened(name: String, DAXOpenOutcome)
}

/// What a run brought back: the result sets (executeQueries gives one), the Arrow engine's execution metrics,
/// which engine answered, and why `auto` did not use the Arrow engine when it did not.
public struct DAXScreenAnswer: Sendable {
    public let engine: DAXEngine
    public let results: [DAXResult]
    public let metrics: DAXResult?
    public let fallback: String?

    public init(engine: DAXEngine, results: [DAXResult], metrics: DAXResult? = nil, fallback: String? = nil) {
        self.engine = engine
        self.results = results
        self.metrics = metrics
        self.fallback = fallback
    }

    /// executeQueries' answer.
    public static func json(_ result: DAXResult, fallback: String? = nil) -> DAXScreenAnswer {
        DAXScreenAnswer(engine: .json, results: [result], fallback: fallback)
    }
}

/// The work the workbench asks for: one case of ``Effect`` (`.dax`) carries them.
public enum DAXEffect: Sendable, Hashable {
    /// Runs a query (Execute DAX Queries or executeQueries, as the job's engine says).
    case run(DAXJob)
    /// Loads the schema pane (INFO.VIEW.TABLES, COLUMNS, MEASURES).
    case loadSchema(DAXTarget)
    /// Reads a saved query (`:open NAME`; an empty name lists them).
    case openQuery(folder: String, name: String)
}

extension DAXReducer {
    /// The workbench's events, where ``AppReducer`` hands them.
    static func reduce(_ event: DAXEvent, _ state: inout AppState, now: Date) {
        switch event {
        case let .answered(job, outcome, milliseconds): answered(job, outcome, milliseconds: milliseconds, &state, now: now)
        case let .schemaLoaded(target, outcome): schemaLoaded(target, outcome, &state)
        case let .queryOpened(name, outcome): opened(name: name, outcome, &state)
        }
    }
}

extension TerminalApp {
    /// The workbench's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: DAXEffect) {
        switch effect {
        case let .run(job):
            background { client, _, emit in await BackgroundWork.runDAX(job, client: client, emit) }
        case let .loadSchema(target):
            background { client, _, emit in await BackgroundWork.loadDAXSchema(target, client: client, emit) }
        case let .openQuery(folder, name):
            emit.yield(.dax(.queryOpened(name: name, DAXQueryFiles.read(folder: folder, name: name))))
        }
    }
}
