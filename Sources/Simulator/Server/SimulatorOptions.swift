/// How to build and serve a demo tenant; the flags of `pbitui simulator` (DESIGN.md §3).
public struct SimulatorOptions: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var seed: UInt64
    public var workspaces: Int
    public var items: Int
    /// How long a refresh runs before it completes or fails.
    public var refreshSeconds: Double
    /// The compressed refresh schedule: every refreshable dataset runs a scheduled refresh once in each such
    /// period, the first a period after the start (0: none).
    public var scheduleSeconds: Double = 120
    /// Access-token lifetime in seconds.
    public var tokenLifetime: Int
    /// Where to write the confidential client's certificate and, with TLS, the CA; a temporary folder when nil.
    public var stateDirectory: String?
    /// Serve HTTPS with a certificate made at start.
    public var tls: Bool
    /// The device-code polling interval the simulator asks for, in seconds.
    public var deviceCodeInterval: Int
    /// How long a device code lives, in seconds.
    public var deviceCodeLifetime: Int
    /// Faults to inject into API answers.
    public var faults: FaultPlan?
    /// Names and error messages with terminal control sequences (`--hostile-names`), for injection tests.
    public var hostileNames = false
    /// The tenant settings turned off (`--setting-off NAME`, repeatable).
    public var settingsOff: Set<TenantSetting> = []
    /// "Dataset Execute Queries REST API" turned off (`--execute-queries-off`, the same as `--setting-off execute-queries`).
    public var executeQueriesOff: Bool {
        get { settingsOff.contains(.executeQueries) }
        set { if newValue { settingsOff.insert(.executeQueries) } else { settingsOff.remove(.executeQueries) } }
    }
    /// Detailed metadata and expressions in scan results turned off (`--metadata-scanning-off`, the same as
    /// `--setting-off scanner-detailed-metadata`).
    public var metadataScanningOff: Bool {
        get { settingsOff.contains(.scannerDetailedMetadata) }
        set { if newValue { settingsOff.insert(.scannerDetailedMetadata) } else { settingsOff.remove(.scannerDetailedMetadata) } }
    }
    /// The scanner's and the activity log's limits (`--scan-budget`, `--scan-window-seconds`).
    public var scannerLimits = ScannerLimits()

    public init(host: String = "127.0.0.1", port: Int = 0, seed: UInt64 = DemoTenant.defaultSeed,
                workspaces: Int = DemoTenant.defaultWorkspaceCount, items: Int = DemoTenant.defaultItemCount,
                refreshSeconds: Double = 8, tokenLifetime: Int = 3599, stateDirectory: String? = nil, tls: Bool = false,
                deviceCodeInterval: Int = 5, deviceCodeLifetime: Int = 900, faults: FaultPlan? = nil) {
        self.host = host
        self.port = port
        self.seed = seed
        self.workspaces = workspaces
        self.items = items
        self.refreshSeconds = refreshSeconds
        self.tokenLifetime = tokenLifetime
        self.stateDirectory = stateDirectory
        self.tls = tls
        self.deviceCodeInterval = deviceCodeInterval
        self.deviceCodeLifetime = deviceCodeLifetime
        self.faults = faults
    }
}
