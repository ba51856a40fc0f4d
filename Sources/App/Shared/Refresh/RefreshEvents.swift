import Foundation
import PowerBI

/// A refresh started, followed and cancelled; the newest refresh of each dataset listed.
public enum RefreshEvent: Sendable {
    case accepted(RefreshTarget, RefreshTicket)
    case refused(RefreshTarget, message: String, requestId: String?)
    case observed(RefreshTarget, RefreshObservation)
    /// A look at a running refresh found no answer; `lookAgain` is the polling policy's word on trying again.
    case pollFailed(RefreshTarget, message: String, lookAgain: Bool)
    case cancelled(RefreshTarget)
    case cancelFailed(RefreshTarget, message: String)
    /// The newest row of a dataset's refresh history (nil: never refreshed), or why it could not be read.
    case lastLoaded(WorkspaceScope, datasetId: String, Result<Refresh?, LastRefreshFailure>)
    /// The detail of one refresh of the history (an enhanced refresh's tables and partitions).
    case detailLoaded(WorkspaceScope, datasetId: String, requestId: String, Result<RefreshDetail, LastRefreshFailure>)
}

public enum RefreshEffect: Sendable, Hashable {
    /// Sent once; never repeated by the runtime.
    case trigger(RefreshTarget, RefreshRequest)
    case poll(RefreshTarget, RefreshTicket, after: Duration)
    case cancel(RefreshTarget, requestId: String)
    /// The last refresh of each of these datasets (`$top=1` of its history), within the shared bound of
    /// four requests in flight.
    case loadLast(WorkspaceScope, datasetIds: [String])
    /// One refresh's detail, for the history's opened row.
    case loadDetail(WorkspaceScope, datasetId: String, requestId: String)
}
