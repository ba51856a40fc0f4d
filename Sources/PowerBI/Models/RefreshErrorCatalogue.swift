/// What a failed refresh's `errorCode` and `errorDescription` (from `serviceExceptionJson`) mean and what to
/// do, in plain words (reference/workbench.md §4.3). The description is read too: the service puts memory,
/// time-out and limit failures behind generic codes. Codes not listed get their family's explanation
/// (`DM_GWPipeline_*` is the gateway) or none.
public enum RefreshErrorCatalogue {
    public struct Entry: Sendable, Hashable {
        /// What went wrong.
        public let meaning: String
        /// What an administrator does about it.
        public let fix: String

        /// Both, as one sentence for a table cell or a JSON field.
        public var text: String { meaning + ": " + fix }
    }

    /// The entry for a failure: a specific code's; else the description's words (more precise than a generic
    /// code such as `ModelRefresh_ShortMessage_ProcessingError`); else the generic code's or its family's.
    public static func entry(code: String?, description: String? = nil) -> Entry? {
        let lowered = code?.lowercased() ?? ""
        let known = codes[lowered]
        if let known, !generic.contains(lowered) { return known }
        if let description {
            let text = description.lowercased()
            if let match = phrases.first(where: { phrase in phrase.words.contains { text.contains($0) } }) { return match.entry }
        }
        if let known { return known }
        if lowered.hasPrefix("dm_gwpipeline_") {
            return Entry(meaning: "the on-premises data gateway could not reach or read the data source",
                         fix: "check the gateway is online, its data source settings and credentials (Manage connections and gateways), and its logs")
        }
        if lowered.hasPrefix("modelrefreshfailed_") || lowered.hasPrefix("modelrefresh_") {
            return Entry(meaning: "the model could not be refreshed", fix: "act on the service's message; open the model in Power BI Desktop to reproduce it")
        }
        return nil
    }

    /// The explanation of a code alone, as one sentence.
    public static func explain(_ code: String) -> String? { entry(code: code)?.text }

    /// Codes that say little: the description is read first.
    static let generic: Set<String> = ["modelrefresh_shortmessage_processingerror", "dm_gwpipeline_unknownerror"]

    static let codes: [String: Entry] = [
        "modelrefreshfailed_credentialsnotspecified": Entry(
            meaning: "the dataset has no valid credentials for a data source",
            fix: "set them in the dataset's settings (Data source credentials), take the dataset over if its owner left, or bind it to a gateway connection; then refresh again"),
        "dmts_oauthtokenrefreshfailederror": Entry(
            meaning: "the stored OAuth sign-in for a data source was revoked or expired (a password change, a Conditional Access or MFA policy)",
            fix: "sign in to the data source again in the dataset's settings (Edit credentials)"),
        "modelrefresh_shortmessage_processingerror": Entry(
            meaning: "a table or column failed while processing (often a renamed column or a type mismatch in the source)",
            fix: "read the service's message for the table and column; fix the query in Power BI Desktop and republish"),
        "dm_gwpipeline_gateway_datasourceaccesserror": Entry(
            meaning: "the gateway reached the machine but the data source refused it",
            fix: "check the server and database names and the credentials of the gateway connection; for Analysis Services, the account's admin rights"),
        "dm_gwpipeline_unknownerror": Entry(
            meaning: "the gateway reported an error without details",
            fix: "test the connection from the gateway machine and read the gateway's event log"),
        "dm_gwpipeline_gateway_mashupdataaccesserror": Entry(
            meaning: "a Power Query step failed on the gateway",
            fix: "open the query in Power BI Desktop to see which step fails"),
        "dm_gwpipeline_client_gatewayunreachable": Entry(
            meaning: "the on-premises data gateway is offline or unreachable",
            fix: "restart or update the gateway service and check that it can reach Azure (Manage connections and gateways shows its status)"),
        "gatewaynotreachable": Entry(
            meaning: "the gateway is out of date or offline", fix: "install the current gateway and restart it"),
        "dm_gwpipeline_gateway_spooledoperationmissing": Entry(
            meaning: "the gateway restarted during the refresh, or its machine was cloned",
            fix: "refresh again; never clone a gateway machine"),
        "dm_gwpipeline_gateway_timeouterror": Entry(
            meaning: "the data source did not answer in time",
            fix: "make the queries lighter (filters, fewer columns, folding) or raise the source's timeout; check the source's load at that hour"),
        "dmts_monikerwithunbounddatasources": Entry(
            meaning: "a data source of the dataset is not bound to a gateway connection",
            fix: "add the source to a gateway and bind the dataset to it (dataset settings, Gateway and cloud connections)"),
        "refreshcancelled": Entry(
            meaning: "the refresh was cancelled (by a person, the API, or because the capacity was under pressure)", fix: "refresh again"),
        "exceededrefreshlimit": Entry(
            meaning: "the daily limit is reached: shared capacity allows 8 refreshes per dataset in 24 hours, scheduled ones included",
            fix: "refresh less often, or move the workspace to Premium, PPU or Fabric capacity"),
        "timeout": Entry(
            meaning: "the refresh ran past its time limit (2 hours on shared capacity, 5 on Premium)",
            fix: "make it lighter, split the model or use incremental refresh"),
    ]

    /// Words of the service's message that say more than its code.
    static let phrases: [(words: [String], entry: Entry)] = [
        (["wasn't enough memory", "not enough memory", "out of memory", "memory error", "resource governing"], Entry(
            meaning: "the capacity ran out of memory (a refresh needs about twice the model's size)",
            fix: "refresh fewer tables at a time (enhanced refresh, partitions), reduce the model, or use a larger capacity")),
        (["exceeded the capacity limit", "capacity level limit exceeded", "node level limit exceeded"], Entry(
            meaning: "too many refreshes ran at once on the capacity",
            fix: "spread the schedules over the hour and retry")),
        (["number of refresh requests in last 24 hours exceeded limit"], Entry(
            meaning: "the daily limit is reached: shared capacity allows 8 refreshes per dataset in 24 hours, scheduled ones included",
            fix: "refresh less often, or move the workspace to Premium, PPU or Fabric capacity")),
        (["uncompressed data", "exceeded the limit"], Entry(
            meaning: "a table sent more than 10 GB of uncompressed data through the gateway",
            fix: "remove columns, shorten long text keys, or filter the rows")),
        (["0x0000dead", "container exited unexpectedly"], Entry(
            meaning: "the engine stopped during the refresh", fix: "turn the schedule off, republish the model, then refresh again")),
        (["timeout expired", "timed out", "time limit"], Entry(
            meaning: "the data source or the refresh ran out of time (2 hours on shared capacity, 5 on Premium)",
            fix: "make the queries lighter, use incremental refresh, or raise the source's timeout")),
        (["access to the resource is forbidden", "password", "credentials"], Entry(
            meaning: "the stored credentials of a data source are stale or wrong",
            fix: "enter the credentials again in the dataset's settings (Data source credentials)")),
    ]
}
