/// The tables of the tenant store (docs/STORE.md explains each column). Dates are ISO 8601 text in UTC,
/// ids as the service wrote them and compared without case, and every service object is kept whole in a
/// `json` column beside the columns pbitui filters and joins on.
enum StoreSchema {
    static let version1 = """
    -- Workspaces as the last scan saw them (the object without its item arrays).
    CREATE TABLE workspace (
        id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL,
        type TEXT,
        state TEXT,
        capacity_id TEXT COLLATE NOCASE,
        on_dedicated_capacity INTEGER NOT NULL DEFAULT 0,
        scanned_at TEXT NOT NULL,
        json TEXT NOT NULL
    );

    -- Items of every kind: report, dashboard, dataset, dataflow, datamart (in a workspace) and datasource,
    -- gateway (of the tenant, workspace_id NULL).
    CREATE TABLE item (
        kind TEXT NOT NULL,
        id TEXT NOT NULL COLLATE NOCASE,
        workspace_id TEXT COLLATE NOCASE,
        name TEXT NOT NULL,
        subtype TEXT,
        configured_by TEXT,
        endorsement TEXT,
        certified_by TEXT,
        sensitivity_label TEXT,
        created_at TEXT,
        modified_at TEXT,
        modified_by TEXT,
        json TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX item_by_workspace ON item (workspace_id);
    CREATE INDEX item_by_name ON item (name COLLATE NOCASE);
    CREATE INDEX item_by_id ON item (id);

    -- Lineage: `from` reads from `to` (a report from its dataset, a dataset from a dataflow or a datasource,
    -- a datasource through a gateway). workspace_id is the workspace of `from`, NULL for tenant items.
    CREATE TABLE edge (
        from_kind TEXT NOT NULL,
        from_id TEXT NOT NULL COLLATE NOCASE,
        to_kind TEXT NOT NULL,
        to_id TEXT NOT NULL COLLATE NOCASE,
        to_workspace_id TEXT COLLATE NOCASE,
        workspace_id TEXT COLLATE NOCASE,
        PRIMARY KEY (from_kind, from_id, to_kind, to_id)
    );
    CREATE INDEX edge_by_target ON edge (to_kind, to_id);
    CREATE INDEX edge_by_workspace ON edge (workspace_id);

    -- Who has access to what (scans with --users).
    CREATE TABLE access (
        kind TEXT NOT NULL,
        item_id TEXT NOT NULL COLLATE NOCASE,
        workspace_id TEXT NOT NULL COLLATE NOCASE,
        principal TEXT NOT NULL,
        display_name TEXT,
        principal_type TEXT,
        access_right TEXT,
        PRIMARY KEY (kind, item_id, principal)
    );
    CREATE INDEX access_by_workspace ON access (workspace_id);
    CREATE INDEX access_by_principal ON access (principal COLLATE NOCASE);

    -- Scans: one row a run, one row a batch of at most 100 workspaces. A batch goes pending → submitted
    -- (scan_id known) → stored, each step in the transaction that does its work.
    CREATE TABLE scan_run (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        mode TEXT NOT NULL,
        modified_since TEXT,
        options TEXT NOT NULL,
        workspaces INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed'))
    );
    CREATE TABLE scan_batch (
        run_id INTEGER NOT NULL REFERENCES scan_run (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        workspaces TEXT NOT NULL,
        size INTEGER NOT NULL,
        scan_id TEXT,
        submitted_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('pending', 'submitted', 'stored', 'failed')),
        error TEXT,
        PRIMARY KEY (run_id, number)
    );

    -- Calls that count against an hourly budget (getInfo: 500 an hour), written before each is sent, so
    -- that a run started after a crash knows what the hour has left.
    CREATE TABLE budget_call (
        api TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX budget_call_by_api ON budget_call (api, at);

    -- The activity log: one row an event (its Id), and one row a UTC day and filter saying how far the
    -- download got (the continuation to follow next, or done).
    CREATE TABLE activity_event (
        id TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
        day TEXT NOT NULL,
        creation_time TEXT NOT NULL,
        activity TEXT NOT NULL,
        user_id TEXT NOT NULL,
        workspace_id TEXT,
        workspace_name TEXT,
        item_name TEXT,
        is_success INTEGER,
        json TEXT NOT NULL
    );
    CREATE INDEX activity_by_day ON activity_event (day, creation_time);
    CREATE INDEX activity_by_activity ON activity_event (activity COLLATE NOCASE);
    CREATE INDEX activity_by_user ON activity_event (user_id COLLATE NOCASE);
    CREATE TABLE activity_day (
        day TEXT NOT NULL,
        filter TEXT NOT NULL,
        next_uri TEXT,
        pages INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT,
        PRIMARY KEY (day, filter)
    );
    """
}
