import EntraAuth
import APIDescriptions
import Foundation
import HTTPCore
import Tokens

extension PowerBIClient {
    /// A dataset's refresh history, newest first. `$top` is sent and also applied here, because the
    /// service has been seen to ignore it (reference/powerbi.md §2.6).
    public func refreshHistory(of datasetId: String, in scope: WorkspaceScope, top: Int? = nil) async throws(PowerBIError) -> [Refresh] {
        let rows = try await list(datasetPath(datasetId, scope) + "/refreshes", query: top.map { [("$top", String($0))] } ?? [])
            .map(Refresh.init(json:))
        return top.map { Array(rows.prefix($0)) } ?? rows
    }

    /// The execution details of an enhanced refresh (200 when finished, 202 while it runs; same body).
    public func refreshDetail(_ requestId: String, of datasetId: String, in scope: WorkspaceScope) async throws(PowerBIError) -> RefreshDetail {
        RefreshDetail(json: try await getJSON(datasetPath(datasetId, scope) + "/refreshes/" + FormEncodingPath.segment(requestId)))
    }

    /// Asks for a refresh. Sent once: a failure is reported, never retried, except after a 429, which
    /// proves the service did not accept it. The 400 answers (a refresh already running, the daily limit
    /// on shared capacity, a dataset that cannot be refreshed) come back with a plain explanation.
    public func triggerRefresh(of datasetId: String, in scope: WorkspaceScope,
                               _ request: RefreshRequest = RefreshRequest()) async throws(PowerBIError) -> RefreshTicket {
        let path = datasetPath(datasetId, scope) + "/refreshes"
        let response: HTTPResponse
        do {
            response = try await send("POST", path, body: Data(request.body.serialized().utf8))
        } catch {
            throw Self.explainRefreshRefusal(error)
        }
        let location = response.headers["Location"]
        let fromLocation = location.flatMap { URL(string: $0)?.lastPathComponent }.flatMap { $0.isEmpty || $0 == "refreshes" ? nil : $0 }
        let requestId = fromLocation ?? response.headers["x-ms-request-id"] ?? response.headers["RequestId"]
        return RefreshTicket(requestId: requestId, location: location, enhanced: request.isEnhanced, acceptedAt: Date(),
                             scope: scope, datasetId: datasetId)
    }

    /// Cancels an enhanced refresh (standard and scheduled refreshes cannot be cancelled by the API).
    public func cancelRefresh(_ requestId: String, of datasetId: String, in scope: WorkspaceScope) async throws(PowerBIError) {
        _ = try await send("DELETE", datasetPath(datasetId, scope) + "/refreshes/" + FormEncodingPath.segment(requestId))
    }

    /// Adds a plain-words explanation to the 400s the refresh endpoint answers with.
    static func explainRefreshRefusal(_ error: PowerBIError) -> PowerBIError {
        guard case let .service(service) = error else { return error }
        let detail = (service.detail ?? "").lowercased()
        let explanation: String? = if service.status == 400, detail.contains("already") {
            "a refresh of this dataset is already running; the service runs one at a time. Wait for it to finish (or cancel an enhanced one)"
        } else if service.status == 400, detail.contains("24 hours") || detail.contains("exceeded limit") {
            "the daily limit is reached: shared capacity allows 8 refreshes per dataset in 24 hours, scheduled ones included"
        } else if service.status == 400, detail.contains("enhanced refresh is not supported") {
            "enhanced refresh needs Premium, PPU or Embedded capacity; this workspace is on shared capacity"
        } else if service.status == 400, detail.contains("directquery") || detail.contains("not supported") && detail.contains("refresh") {
            "this dataset cannot be refreshed (DirectQuery or live connection: it reads its source at query time)"
        } else if service.status == 401 {
            "refusing a refresh with 401 usually means the token lacks Dataset.ReadWrite.All, or the service principal is not allowed by the tenant setting \"Service principals can use Fabric APIs\""
        } else {
            nil
        }
        guard let explanation else { return error }
        var explained = service
        explained.advice = explanation
        return .service(explained)
    }
}
