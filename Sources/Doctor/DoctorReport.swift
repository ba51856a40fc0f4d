import Foundation
public import Tokens

/// What one probe found: `works`, `fails`, `unknown` (the probe could not decide) or `skipped` (with the reason).
public enum DoctorStatus: String, Sendable, Hashable, CaseIterable {
    case works, fails, unknown, skipped
}

/// One row of `pbitui doctor`: the check's name (a contract, DESIGN.md), its status, the evidence (an HTTP
/// status, error code and RequestId, or the claim read from the token) and, where it fails, what to do in the
/// admin portal's words.
public struct DoctorRow: Sendable, Hashable {
    public let check: String
    public let status: DoctorStatus
    public let evidence: String
    public let advice: String?

    public init(_ check: String, _ status: DoctorStatus, _ evidence: String, advice: String? = nil) {
        self.check = check
        self.status = status
        self.evidence = evidence
        self.advice = advice
    }

    /// `{check, status, evidence, advice}` (advice null when there is none).
    public var json: JSONValue {
        .object(JSONObject([("check", .string(check)), ("status", .string(status.rawValue)), ("evidence", .string(evidence)),
                            ("advice", advice.map(JSONValue.string) ?? .null)]))
    }
}

/// The checks, in the order they are shown: a contract (DESIGN.md, `doctor --output json`).
public enum DoctorCheck: String, Sendable, CaseIterable {
    case signIn = "sign-in", powerBIAPI = "power-bi-api", workspaces, adminAPI = "admin-api", scanner, activityLog = "activity-log"
    case executeQueries = "execute-queries", executeDaxQueries = "execute-dax-queries", refresh, fabricAPI = "fabric-api"
    case fourWays = "four-ways"
}

/// The tenant settings the doctor can name, in the admin portal's words.
public enum PortalSetting {
    public static let servicePrincipalAPIs = "\"Service principals can use Fabric APIs\" (Admin portal › Tenant settings › Developer settings)"
    public static let servicePrincipalAdminAPIs = "\"Service principals can access read-only admin APIs\" (Admin portal › Tenant settings › Admin API settings)"
    public static let executeQueries = "\"Dataset Execute Queries REST API\" (Admin portal › Tenant settings › Integration settings)"
    public static let xmlaEndpoints = "\"Allow XMLA endpoints and Analyze in Excel with on-premises semantic models\" (Admin portal › Tenant settings › Integration settings)"
    public static let detailedMetadata = "\"Enhance admin APIs responses with detailed metadata\" (Admin portal › Tenant settings › Admin API settings)"
    public static let expressions = "\"Enhance admin APIs responses with DAX and mashup expressions\" (Admin portal › Tenant settings › Admin API settings)"
}

extension Array where Element == DoctorRow {
    /// 1 when any probe that ran fails, else 0 (`unknown` and `skipped` do not fail the run).
    public var exitStatus: Int32 { contains { $0.status == .fails } ? 1 : 0 }
}
