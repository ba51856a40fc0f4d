import Config
import Foundation
import PowerBI
import TerminalUI
import Tokens

/// The dataset a refresh is for.
public struct RefreshTarget: Sendable, Hashable {
    public let scope: WorkspaceScope
    public let datasetId: String
    public let datasetName: String
    public let workspaceName: String

    /// The key refreshes are kept under (ids compare without case).
    public var key: String { Self.key(scope: scope, datasetId: datasetId) }

    public static func key(scope: WorkspaceScope, datasetId: String) -> String {
        "\(scope.prefix.lowercased())|\(ItemID.key(datasetId))"
    }
}

/// What the REFRESH column knows of a dataset's newest refresh, from its history (`$top=1`).
public enum LastRefresh: Sendable, Hashable {
    case loading
    /// The history is empty.
    case never
    case refresh(Refresh)
    /// The history could not be read (the message says why).
    case unavailable(String)

    /// Asks for the last refresh of the refreshable rows not known or asked for yet (all of them again
    /// when `again`, as Ctrl-R does), marking them as loading.
    static func request(_ rows: [ItemRow], scope: WorkspaceScope, _ state: inout AppState, again: Bool = false) -> [Effect] {
        var ids: [String] = []
        for row in rows where row.kind.spec.refreshable && row.isRefreshable != false {
            let key = RefreshTarget.key(scope: scope, datasetId: row.id)
            if let known = state.lastRefreshes[key], known == .loading || !again { continue }
            state.lastRefreshes[key] = .loading
            ids.append(row.id)
        }
        return ids.isEmpty ? [] : [.refresh(.loadLast(scope, datasetIds: ids))]
    }
}

/// Why a dataset's last refresh could not be read.
public struct LastRefreshFailure: Error, Sendable, Hashable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// A refresh this session started and follows until it ends.
public struct LiveRefresh: Sendable, Hashable {
    public let target: RefreshTarget
    public var ticket: RefreshTicket?
    public var observation: RefreshObservation?
    public let requestedAt: Date
    /// Looks that found an answer so far (the polling policy paces the next by it).
    public var looks = 0

    public var label: String {
        guard ticket != nil else { return "Requested…" }
        guard let observation else { return "Accepted" }
        // The service's own word first: a running standard refresh is "Unknown" in the history.
        var text = observation.state == .inProgress && observation.serviceStatus == "Unknown" ? "Unknown (running)" : observation.state.description
        if observation.state == .failed, let code = observation.errorCode { text += ": \(code)" }
        return text
    }

    public var isFinal: Bool { observation?.state.isFinal == true }
}

/// A question that must be answered before something changes in the tenant.
public struct ConfirmDialog: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        case refresh(RefreshTarget, RefreshRequest)
        case cancelRefresh(RefreshTarget, requestId: String)
        /// A console request that changes something (POST, PUT, PATCH, DELETE).
        case sendRequest(ConsoleRequest)
    }

    public let title: String
    public let lines: [String]
    public let action: Action
}

/// The enhanced refresh form (`R`): choices cycle with ←/→ or Space, numbers and tables are typed.
public struct EnhancedRefreshForm: Sendable, Hashable {
    public enum Field: Int, Sendable, Hashable, CaseIterable {
        case type, commitMode, maxParallelism, retryCount, applyRefreshPolicy, tables
        var label: String {
            switch self {
            case .type: "Type"
            case .commitMode: "Commit mode"
            case .maxParallelism: "Max parallelism"
            case .retryCount: "Retry count"
            case .applyRefreshPolicy: "Apply refresh policy"
            case .tables: "Tables (a, b/partition)"
            }
        }
    }

    public let target: RefreshTarget
    public var focus: Field = .type
    public var type: RefreshRequest.RefreshType = .full
    public var commitMode: RefreshRequest.CommitMode = .transactional
    public var maxParallelism = "10"
    public var retryCount = "0"
    public var applyRefreshPolicy = true
    public var tables = ""
    public var problem: String?

    public init(target: RefreshTarget) { self.target = target }

    /// The request the form describes, or why it cannot be sent.
    public func request() -> Result<RefreshRequest, FormProblem> {
        var request = RefreshRequest.enhanced(type: type, commitMode: commitMode)
        guard let parallelism = Int(maxParallelism.trimmingCharacters(in: .whitespaces)), (1...100).contains(parallelism) else {
            return .failure(FormProblem(field: .maxParallelism, message: "Max parallelism: a whole number from 1 to 100"))
        }
        guard let retries = Int(retryCount.trimmingCharacters(in: .whitespaces)), (0...10).contains(retries) else {
            return .failure(FormProblem(field: .retryCount, message: "Retry count: a whole number from 0 to 10"))
        }
        if commitMode == .partialBatch, applyRefreshPolicy {
            return .failure(FormProblem(field: .applyRefreshPolicy, message: "With commit mode PartialBatch the refresh policy cannot be applied: set it to no"))
        }
        request.maxParallelism = parallelism
        request.retryCount = retries
        request.applyRefreshPolicy = applyRefreshPolicy
        request.objects = tables.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { entry in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : nil)
        }
        return .success(request)
    }

    public struct FormProblem: Error, Sendable, Hashable {
        public let field: Field
        public let message: String
    }
}
