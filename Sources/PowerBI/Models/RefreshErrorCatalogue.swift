/// What a refresh's `errorCode` (from `serviceExceptionJson`) means and what to do, in plain words. Codes
/// not listed get an explanation from their family (`DM_GWPipeline_*` is the gateway) or none.
public enum RefreshErrorCatalogue {
    public static func explain(_ code: String) -> String? {
        if let known = known[code.lowercased()] { return known }
        let lowered = code.lowercased()
        if lowered.hasPrefix("dm_gwpipeline_") {
            return "the on-premises data gateway could not reach or read the data source: check the gateway is online, "
                + "its data source settings and credentials (Manage connections and gateways)"
        }
        if lowered.hasPrefix("modelrefreshfailed_") { return "the model could not be refreshed (see the service's message)" }
        return nil
    }

    static let known: [String: String] = [
        "modelrefreshfailed_credentialsnotspecified":
            "the dataset has no valid credentials for a data source: set them in the dataset's settings (Data source credentials) "
            + "or bind it to a gateway connection, then refresh again",
        "modelrefresh_shortmessage_processingerror":
            "a table or column failed while processing: the service's message names it (often a changed column or a type mismatch in the source)",
        "dm_gwpipeline_gateway_datasourceaccesserror":
            "the gateway reached the data source but was refused: check the credentials of the gateway connection",
        "dm_gwpipeline_unknownerror": "the gateway reported an error without details: look at the gateway's logs",
        "dm_gwpipeline_gateway_mashupdataaccesserror": "the Power Query step failed on the gateway: open the query in Power BI Desktop to see which step",
        "dm_gwpipeline_client_gatewayunreachable": "the gateway is offline or unreachable: check that the gateway service runs and can reach Azure",
        "refreshcancelled": "the refresh was cancelled (by a person, the API, or because the capacity was under pressure)",
        "exceededrefreshlimit": "the daily limit is reached: shared capacity allows 8 refreshes per dataset in 24 hours, scheduled ones included",
        "timeout": "the refresh ran past its time limit (2 hours on shared capacity, 5 on Premium): make it lighter or use incremental refresh",
    ]
}
