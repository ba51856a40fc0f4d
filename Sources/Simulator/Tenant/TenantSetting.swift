/// The tenant settings the demo tenant can turn off (`pbitui simulator --setting-off NAME`), by the names the
/// command line takes; each answers, when off, as the service does (reference/powerbi.md §4,
/// reference/workbench.md §1.1, §2.2, reference/execute-dax-queries.md).
public enum TenantSetting: String, CaseIterable, Sendable, Hashable {
    /// "Service principals can use Fabric APIs" (Developer settings): off, every app token is refused (401).
    case servicePrincipalAPIs = "service-principal-apis"
    /// "Service principals can access read-only admin APIs" (Admin API settings): off, apps get 401 from admin APIs.
    case servicePrincipalAdminAPIs = "service-principal-admin-apis"
    /// "Dataset Execute Queries REST API" (Integration settings): off, executeQueries answers 401.
    case executeQueries = "execute-queries"
    /// "Allow XMLA endpoints and Analyze in Excel with on-premises semantic models" (Integration settings): the
    /// Arrow query API (executeDaxQueries) needs it.
    case xmlaEndpoints = "xmla-endpoints"
    /// "Enhance admin APIs responses with detailed metadata": off, scan results leave schemas (and expressions) out.
    case scannerDetailedMetadata = "scanner-detailed-metadata"
    /// "Enhance admin APIs responses with DAX and mashup expressions": off, scan results leave expressions out.
    case scannerExpressions = "scanner-expressions"

    /// The setting's name in the admin portal.
    public var portalName: String {
        switch self {
        case .servicePrincipalAPIs: "Service principals can use Fabric APIs"
        case .servicePrincipalAdminAPIs: "Service principals can access read-only admin APIs"
        case .executeQueries: "Dataset Execute Queries REST API"
        case .xmlaEndpoints: "Allow XMLA endpoints and Analyze in Excel with on-premises semantic models"
        case .scannerDetailedMetadata: "Enhance admin APIs responses with detailed metadata"
        case .scannerExpressions: "Enhance admin APIs responses with DAX and mashup expressions"
        }
    }
}
