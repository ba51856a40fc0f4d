import Automate
import APIDescriptions
import Foundation
import PowerBI
import Tokens

/// The probes: each sends requests that change nothing and turns the answer into a row.
struct Probes: Sendable {
    let client: PowerBIClient
    let identity: Identity

    /// The evidence of a refusal: `HTTP 401 PowerBINotAuthorizedException (RequestId …)`, or the error in one line.
    static func evidence(_ error: PowerBIError) -> String {
        switch error {
        case let .service(service):
            var text = "HTTP \(service.status)" + (service.code.map { " " + $0 } ?? "")
            if let detail = service.detail, !detail.isEmpty { text += ": " + oneLine(detail, limit: 160) }
            if let requestId = service.requestId { text += " (RequestId \(requestId))" }
            return text
        case let .malformedResponse(_, _, status, detail, requestId):
            return "HTTP \(status), not the JSON the API sends: " + oneLine(detail, limit: 120) + (requestId.map { " (RequestId \($0))" } ?? "")
        default:
            return oneLine(error.description)
        }
    }

    /// Text on one line, escaped, at most `limit` characters.
    static func oneLine(_ text: String, limit: Int = 300) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let escaped = JSONValue.string(flat).serialized(pretty: false).dropFirst().dropLast()
        return escaped.count > limit ? String(escaped.prefix(limit)) + "…" : String(escaped)
    }

    /// Whether a refusal is an answer the check can read (401/403: the identity may not) rather than a tenant
    /// that answered something else (404, HTML, a dropped connection): then the probe says `unknown`.
    static func isRefusal(_ error: PowerBIError) -> Bool {
        if case let .service(service) = error { return [400, 401, 403].contains(service.status) }
        return false
    }

    // MARK: power-bi-api, workspaces

    func powerBIAPI() async -> (DoctorRow, Bool) {
        let name = DoctorCheck.powerBIAPI.rawValue
        do throws(PowerBIError) {
            let page = try await client.getJSON("/groups", query: [("$top", "1")])
            return (DoctorRow(name, .works, "GET /groups answered 200 (\(page["value"]?.arrayValue?.count ?? 0) of $top=1)"), true)
        } catch {
            guard Self.isRefusal(error) else { return (DoctorRow(name, .unknown, Self.evidence(error)), false) }
            let advice = identity.isApp
                ? "turn on " + PortalSetting.servicePrincipalAPIs + " for a security group that holds this app"
                : "sign in with the Workspace.Read.All (or Workspace.ReadWrite.All) scope, consented for this app"
            return (DoctorRow(name, .fails, Self.evidence(error), advice: advice), false)
        }
    }

    func workspaces() async -> (DoctorRow, [Workspace]) {
        let name = DoctorCheck.workspaces.rawValue
        do throws(PowerBIError) {
            let all = try await client.workspaces()
            if identity.isApp, all.isEmpty {
                return (DoctorRow(name, .fails, "sees 0 workspaces",
                                  advice: "add the app (or a security group holding it) to a workspace as Member or Contributor (workspace › Manage access)"), [])
            }
            let mine = identity.isApp ? "" : "; My workspace: yes (every user has one)"
            return (DoctorRow(name, .works, "sees \(all.count) workspace\(all.count == 1 ? "" : "s")" + mine), all)
        } catch {
            return (DoctorRow(name, Self.isRefusal(error) ? .fails : .unknown, Self.evidence(error)), [])
        }
    }

    // MARK: admin-api, scanner, activity-log

    /// The admin advice for this identity.
    var adminAdvice: String {
        identity.isApp
            ? "turn on " + PortalSetting.servicePrincipalAdminAPIs + " for a security group holding this app, and remove the app's admin-consented Power BI permissions (Tenant.Read.All, …) in Entra ID › App registrations › API permissions"
            : "the admin APIs need the Fabric administrator role (or Power Platform or Global administrator)"
                + (identity.isTenantAdministrator ? " (the token has one in wids)" : " (the token's wids has none)")
                + " and a sign-in with the Tenant.Read.All or Tenant.ReadWrite.All scope"
    }

    /// `admin-api`, and one workspace id for the scanner when it works.
    func adminAPI() async -> (DoctorRow, String?) {
        let name = DoctorCheck.adminAPI.rawValue
        do throws(PowerBIError) {
            // The scanner is probed on a workspace that holds a dataset (what it returns tells the settings apart).
            let page = try await client.getJSON("/admin/groups", query: [("$top", "100"), ("$expand", "datasets")])
            let groups = page["value"]?.arrayValue ?? []
            let chosen = groups.first { $0["datasets"]?.arrayValue?.isEmpty == false } ?? groups.first
            let who = identity.isApp ? "" : (identity.isTenantAdministrator ? "; wids: an administrator role" : "")
            return (DoctorRow(name, .works, "GET /admin/groups answered 200" + who), chosen?["id"]?.stringValue)
        } catch {
            guard Self.isRefusal(error) else { return (DoctorRow(name, .unknown, Self.evidence(error)), nil) }
            return (DoctorRow(name, .fails, Self.evidence(error), advice: adminAdvice), nil)
        }
    }

    /// `scanner`: getInfo of one workspace asking for schema and expressions, then what came back says which
    /// of the two "Enhance admin APIs responses" settings is on.
    func scanner(workspace: String?, polls: Int, pause: Duration) async -> DoctorRow {
        let name = DoctorCheck.scanner.rawValue
        guard let workspace else { return DoctorRow(name, .skipped, "needs the read-only admin APIs (admin-api) and one workspace") }
        do throws(PowerBIError) {
            var scan = try await client.startScan(of: [workspace], options: ScanOptions(datasetSchema: true, datasetExpressions: true))
            var looks = 0
            while scan.status == .notStarted || scan.status == .running {
                looks += 1
                guard looks <= polls else { return DoctorRow(name, .unknown, "scan \(scan.id) still \(scan.status.rawValue) after \(polls) looks") }
                do { try await Task.sleep(for: pause) } catch { return DoctorRow(name, .unknown, "stopped") }
                scan = try await client.scanStatus(scan.id)
            }
            guard scan.status == .succeeded else { return DoctorRow(name, .unknown, "scan \(scan.id) failed: \(scan.error ?? "no reason given")") }
            let result = (try? JSONValue.parse(try await client.scanResult(scan.id))) ?? .null
            return Self.scanRow(result)
        } catch {
            guard Self.isRefusal(error) else { return DoctorRow(name, .unknown, Self.evidence(error)) }
            return DoctorRow(name, .fails, Self.evidence(error), advice: adminAdvice)
        }
    }

    /// Reads a scan result: datasets with `tables` mean detailed metadata; `expression`s mean expressions too.
    static func scanRow(_ result: JSONValue) -> DoctorRow {
        let name = DoctorCheck.scanner.rawValue
        let datasets = (result["workspaces"]?.arrayValue ?? []).flatMap { $0["datasets"]?.arrayValue ?? [] }
        guard !datasets.isEmpty else { return DoctorRow(name, .unknown, "getInfo worked; the workspace scanned holds no dataset to tell the settings by") }
        let tables = datasets.flatMap { $0["tables"]?.arrayValue ?? [] }
        let hasExpressions = datasets.contains { $0["expressions"]?.arrayValue?.isEmpty == false }
            || tables.contains { table in table["source"]?.arrayValue?.contains { $0["expression"] != nil } == true
                || table["measures"]?.arrayValue?.contains { $0["expression"] != nil } == true }
        if tables.isEmpty {
            return DoctorRow(name, .fails, "getInfo worked, but \(datasets.count) dataset\(datasets.count == 1 ? "" : "s") came back without tables or columns",
                             advice: "turn on " + PortalSetting.detailedMetadata + " (and " + PortalSetting.expressions + " for DAX and M)")
        }
        if !hasExpressions {
            return DoctorRow(name, .fails, "getInfo worked with schema (\(tables.count) tables), but no DAX or M expression came back",
                             advice: "turn on " + PortalSetting.expressions)
        }
        return DoctorRow(name, .works, "getInfo worked: \(tables.count) tables with their schema and expressions")
    }

    /// `activity-log`: the last hour of today's log (one page is enough).
    func activityLog() async -> DoctorRow {
        let name = DoctorCheck.activityLog.rawValue
        do throws(PowerBIError) {
            let page = try await client.activityEvents(day: Date())
            return DoctorRow(name, .works, "GET /admin/activityevents answered 200 (\(page.events.count) events on the first page)")
        } catch {
            guard Self.isRefusal(error) else { return DoctorRow(name, .unknown, Self.evidence(error)) }
            return DoctorRow(name, .fails, Self.evidence(error), advice: adminAdvice)
        }
    }
}
