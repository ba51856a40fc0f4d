import MCP

/// The tools' names, arguments and descriptions: a contract (DESIGN.md, `pbitui mcp`). Every tool here only
/// reads (`readOnlyHint`); nothing here sends a write.
enum MCPTools {
    static let readOnly = Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true)

    static func schema(_ properties: [String: Value], required: [String] = []) -> Value {
        var object: [String: Value] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { object["required"] = .array(required.map(Value.string)) }
        return .object(object)
    }

    static func string(_ description: String) -> Value { ["type": "string", "description": .string(description)] }
    static func integer(_ description: String, minimum: Int = 1, maximum: Int) -> Value {
        ["type": "integer", "description": .string(description), "minimum": .int(minimum), "maximum": .int(maximum)]
    }

    /// A list answer: its rows and whether it stopped at its cap.
    static func listOutput(_ member: String) -> Value {
        schema([member: ["type": "array", "items": ["type": "object"]], "truncated": ["type": "boolean"]], required: [member, "truncated"])
    }

    static let datasetArguments: [String: Value] = ["workspace": string("Workspace id or name; `me` for My workspace"),
                                                     "dataset": string("Dataset id or name")]

    /// Only with `--allow-writes`; each asks the person first unless `--no-confirm`.
    static let writes: [Tool] = [
        Tool(name: "refresh_dataset", title: "Refresh a dataset",
             description: "Asks Power BI to refresh a dataset (after the person confirms). `type` (Full, ClearValues, Calculate, DataOnly, Automatic, Defragment) or `tables` make it an enhanced refresh; `wait_seconds` follows it up to that long. Declined: nothing is sent.",
             inputSchema: schema(datasetArguments.merging(["type": string("An enhanced refresh's type"),
                                                           "tables": ["type": "array", "items": ["type": "string"], "description": "Only these tables"],
                                                           "wait_seconds": integer("Follow it this long (0: do not wait)", minimum: 0, maximum: 3600)]) { $1 },
                                 required: ["workspace", "dataset"]),
             annotations: Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true)),
        Tool(name: "cancel_refresh", title: "Cancel an enhanced refresh",
             description: "Cancels a running enhanced refresh by its request id (after the person confirms). Declined: nothing is sent.",
             inputSchema: schema(datasetArguments.merging(["request_id": string("The refresh's request id")]) { $1 },
                                 required: ["workspace", "dataset", "request_id"]),
             annotations: Tool.Annotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true)),
    ]

    /// `call_operation`: reads only, unless the server allows writes (then annotated as one that may change something).
    static func callOperation(writes: Bool) -> Tool {
        Tool(name: "call_operation", title: "Call a Power BI REST API operation",
             description: "Any operation of the Power BI REST API by its id (search_operations finds them), its parameters and body checked against the description before anything is sent; a workspace, dataset, report, dashboard or dataflow may be given by name. "
                 + (writes ? "An operation that changes something (POST, PUT, PATCH, DELETE) is sent only after the person confirms; declined, nothing is sent."
                           : "Reads (GET) only: this server does not allow writes.")
                 + " The answer: status, RequestId, and the body as sent (a `value` list cut at 1,000 with `truncated`).",
             inputSchema: schema(["operation_id": string("The operation id, e.g. Datasets_GetRefreshHistoryInGroup"),
                                  "parameters": ["type": "object", "description": "The operation's parameters by name (groupId, datasetId, $top, …)",
                                                 "additionalProperties": ["type": ["string", "number", "integer", "boolean"]]],
                                  "body": ["type": ["object", "array", "string"], "description": "The request body: JSON, or JSON text"]],
                                 required: ["operation_id"]),
             annotations: writes ? Tool.Annotations(readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true) : readOnly)
    }

    static let all: [Tool] = [
        Tool(name: "whoami", title: "Who am I",
             description: "The signed-in identity: kind (app or user), tenant, app id, user, a user's scopes or an app's roles (from the token's claims), expiry and the pbitui context. Never the token.",
             inputSchema: schema([:]), annotations: readOnly,
             outputSchema: schema(["kind": ["type": "string"], "tenant": ["type": ["string", "null"]], "app": ["type": ["string", "null"]],
                                   "user": ["type": ["string", "null"]], "scopes": ["type": "array", "items": ["type": "string"]],
                                   "roles": ["type": "array", "items": ["type": "string"]],
                                   "expires": ["type": "string"], "context": ["type": ["string", "null"]]],
                                  required: ["kind", "expires"])),
        Tool(name: "list_workspaces", title: "List workspaces",
             description: "The workspaces the identity sees, as the service sends them (a user's My workspace is `me` for list_items). `filter`: part of a name, without case. `top`: at most this many (default 100, at most 1,000); `truncated` says when more matched.",
             inputSchema: schema(["filter": string("Part of a workspace name"), "top": integer("How many at most (default 100)", maximum: 1000)]),
             annotations: readOnly, outputSchema: listOutput("workspaces")),
        Tool(name: "list_items", title: "List a workspace's items",
             description: "A workspace's reports, datasets, dashboards, dataflows or users, as the service sends them. `workspace`: an id (used as given) or a name (looked up), `me` for My workspace.",
             inputSchema: schema(["workspace": string("Workspace id or name; `me` for My workspace"),
                                  "kind": ["type": "string", "enum": ["reports", "datasets", "dashboards", "dataflows", "users"]],
                                  "filter": string("Part of a name"), "top": integer("How many at most (default 100)", maximum: 1000)],
                                 required: ["workspace", "kind"]),
             annotations: readOnly, outputSchema: listOutput("items")),
        Tool(name: "find", title: "Find datasets and reports",
             description: "Every workspace's datasets and reports whose name holds `text` (without case or accents): kind, id, name, workspace. At most 100; `truncated` when more matched.",
             inputSchema: schema(["text": string("Part of a name")], required: ["text"]),
             annotations: readOnly, outputSchema: listOutput("found")),
        Tool(name: "get_model_schema", title: "A dataset's model",
             description: "A semantic model's tables with their columns (and data types) and measures (and expressions), and its relationships, from the INFO.VIEW functions.",
             inputSchema: schema(datasetArguments, required: ["workspace", "dataset"]), annotations: readOnly,
             outputSchema: schema(["tables": ["type": "array", "items": ["type": "object"]], "relationships": ["type": "array", "items": ["type": "object"]]],
                                  required: ["tables", "relationships"])),
        Tool(name: "run_dax", title: "Run a DAX query",
             description: "One DAX query (EVALUATE …) through Execute DAX Queries (Arrow) where the model is on a capacity, else executeQueries (`engine` says which): rows as objects keyed by column, a blank as null, numbers as the service sent them; at most `max_rows` (default 250, at most 10,000) and `truncated` when the cap or the service cut it. A DAX error comes back with its line and column.",
             inputSchema: schema(datasetArguments.merging(["query": string("The DAX query"),
                                                           "max_rows": integer("How many rows at most (default 250)", maximum: 10_000),
                                                           "impersonate": string("A user principal name the query runs as (row-level security)")]) { $1 },
                                 required: ["workspace", "dataset", "query"]),
             annotations: readOnly,
             outputSchema: schema(["columns": ["type": "array", "items": ["type": "string"]], "rows": ["type": "array", "items": ["type": "object"]],
                                   "truncated": ["type": "boolean"], "engine": ["type": "string"],
                                   "service_truncation": ["type": "string", "description": "Why the service cut the result, when it did"]],
                                  required: ["columns", "rows", "truncated", "engine"])),
        Tool(name: "refresh_history", title: "A dataset's refreshes",
             description: "The newest refreshes of a dataset (`top`, default 10, at most 60), as the service sends them; each failure with what its error code means and what to do.",
             inputSchema: schema(datasetArguments.merging(["top": integer("How many (default 10)", maximum: 60)]) { $1 }, required: ["workspace", "dataset"]),
             annotations: readOnly,
             outputSchema: schema(["refreshes": ["type": "array", "items": ["type": "object"]]], required: ["refreshes"])),
        Tool(name: "refresh_health", title: "Refresh health across the tenant",
             description: "Every refreshable in reach (the admin API's refreshables where it answers, else each workspace): last refresh, usual duration, failures in the window, next run, a failure explained; failing first. `since`: the window (30m, 24h, 7d; default 24h); `failed_only`; `top` (default 100, at most 1,000).",
             inputSchema: schema(["since": string("The window: 30m, 24h, 7d"), "failed_only": ["type": "boolean"],
                                  "top": integer("How many at most (default 100)", maximum: 1000)]),
             annotations: readOnly,
             outputSchema: schema(["pulses": ["type": "array", "items": ["type": "object"]], "truncated": ["type": "boolean"],
                                   "problems": ["type": "array", "items": ["type": "string"]]], required: ["pulses", "truncated", "problems"])),
        Tool(name: "lineage", title: "Lineage from the tenant store",
             description: "What an item reads from (upstream: dataflows, datasources, gateways) and what reads from it (downstream: reports, dashboards), from the tenant store `pbitui scan --lineage` fills. `item`: an id, a name, or kind:name (dataset:Sales).",
             inputSchema: schema(["item": string("An id, a name, or kind:name"), "depth": integer("Levels each way (default 4)", maximum: 12)], required: ["item"]),
             annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)),
        Tool(name: "query_store", title: "SQL over the tenant store",
             description: "One read-only SQL statement over the tenant store (tables: workspace, item, edge, access, activity_event; docs/STORE.md), on a connection that cannot write. At most `max_rows` (default 200, at most 1,000); `truncated` when more.",
             inputSchema: schema(["sql": string("One SELECT statement"), "max_rows": integer("How many rows at most (default 200)", maximum: 1000)], required: ["sql"]),
             annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
             outputSchema: schema(["columns": ["type": "array", "items": ["type": "string"]], "rows": ["type": "array", "items": ["type": "object"]],
                                   "truncated": ["type": "boolean"]], required: ["columns", "rows", "truncated"])),
        Tool(name: "explain_error", title: "Explain an error",
             description: "What a Power BI refresh error code, an Entra ID AADSTS code, or a refresh's serviceExceptionJson means and what to do about it.",
             inputSchema: schema(["code": string("An error code: DM_GWPipeline_Gateway_MashupDataAccessError, AADSTS7000215, …"),
                                  "service_exception_json": string("A refresh's serviceExceptionJson, as the history gives it")]),
             annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
             outputSchema: schema(["code": ["type": ["string", "null"]], "known": ["type": "boolean"], "meaning": ["type": ["string", "null"]],
                                   "what_to_do": ["type": ["string", "null"]]], required: ["known"])),
        Tool(name: "search_operations", title: "Search the Power BI REST API",
             description: "Operations of the Power BI REST API whose id, path, tag or summary hold every word of `text`, with the scopes they need and whether service principals may call them.",
             inputSchema: schema(["text": string("Words to look for: refresh dataset, gateways, …")], required: ["text"]),
             annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
             outputSchema: listOutput("operations")),
        Tool(name: "describe_operation", title: "Describe an operation",
             description: "One operation of the Power BI REST API: method, path, parameters, scopes, service principal support, an example body and its description.",
             inputSchema: schema(["operation_id": string("The operation id, e.g. Datasets_RefreshDatasetInGroup")], required: ["operation_id"]),
             annotations: Tool.Annotations(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)),
        callOperation(writes: false),
        Tool(name: "four_ways", title: "The four ways to make a call from Power Automate",
             description: "For an operation (id, or 'METHOD PATH' relative to /v1.0/myorg) and its parameters: the four ways to send it from Power Automate or Logic Apps (HTTP with a service principal, HTTP with a user's password, a custom connector, the Entra ID preauthorized connector), each with its verdict for this identity (works, conditional, fails), the reasons, and the files' contents, which hold no secret. Sends nothing.",
             inputSchema: schema(["operation": string("An operation id (Datasets_RefreshDatasetInGroup) or 'METHOD PATH'"),
                                  "parameters": ["type": "object", "description": "The operation's parameters by name",
                                                 "additionalProperties": ["type": ["string", "number", "integer", "boolean"]]],
                                  "body": ["type": ["object", "array", "string"], "description": "The request body"]],
                                 required: ["operation"]),
             annotations: readOnly,
             outputSchema: schema(["call": ["type": "string"], "method": ["type": "string"], "url": ["type": "string"],
                                   "ready_made": ["type": ["string", "null"]], "ways": ["type": "array", "items": ["type": "object"]]],
                                  required: ["call", "ways"])),
    ]
}
