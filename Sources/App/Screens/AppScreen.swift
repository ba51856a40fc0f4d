import PowerBI

/// Which screen: a ``AppScreen`` without its state, for comparisons ("is the console in front?").
public enum Route: Sendable, Hashable {
    case signIn
    case workspaces
    case workspace
    case details
    case allDatasets
    case inspector
    case console
    case tenantList(TenantKind)
    case operations
    case operation
    case automate
    case dax
    case pulses
    case picker
    case lineage
    case inventory
    /// A screen that registers itself (``RegisteredScreen``), by name.
    case registered(String)
}

/// A screen on the navigation stack, carrying its own state. The sign-in screen and the workspace list
/// are the two homes; their state lives in ``AppState`` for the whole session (the form's values, the
/// loaded workspaces) and is not carried here.
public enum AppScreen: Sendable {
    case signIn
    case workspaces
    case workspace(WorkspaceView)
    case details(DetailsView)
    case allDatasets(AllDatasetsView)
    case inspector(InspectorView)
    case console(ConsoleView)
    case tenantList(TenantListView)
    case operations(OperationsView)
    case operation(OperationView)
    case automate(AutomateView)
    case dax(DAXView)
    case pulses(PulsesView)
    case picker(PickerView)
    case lineage(LineageView)
    case inventory(InventoryView)
    /// A screen that registers itself (``RegisteredScreen``): its state, named.
    case registered(RegisteredView)

    public var route: Route {
        switch self {
        case .signIn: .signIn
        case .workspaces: .workspaces
        case .workspace: .workspace
        case .details: .details
        case .allDatasets: .allDatasets
        case .inspector: .inspector
        case .console: .console
        case let .tenantList(view): .tenantList(view.kind)
        case .operations: .operations
        case .operation: .operation
        case .automate: .automate
        case .dax: .dax
        case .pulses: .pulses
        case .picker: .picker
        case .lineage: .lineage
        case .inventory: .inventory
        case let .registered(view): .registered(view.name)
        }
    }
}

/// The navigation stack: the last screen is in front, `back` pops it. Never empty.
public struct ScreenStack: Sendable {
    public private(set) var screens: [AppScreen]

    public init(_ screens: [AppScreen]) { self.screens = screens.isEmpty ? [.workspaces] : screens }

    public var top: AppScreen { screens[screens.count - 1] }
    public var routes: [Route] { screens.map(\.route) }

    /// Puts `screen` in front; a screen of the same route already in front is replaced.
    public mutating func push(_ screen: AppScreen) {
        if top.route == screen.route { screens[screens.count - 1] = screen } else { screens.append(screen) }
    }

    /// Goes back one screen; the last one left stays (the home screens have nothing below them).
    @discardableResult
    public mutating func pop() -> AppScreen? {
        guard screens.count > 1 else { return nil }
        return screens.removeLast()
    }

    /// Replaces the whole stack.
    public mutating func reset(_ screens: [AppScreen]) { self = ScreenStack(screens) }

    /// The state of the front-most screen `extract` recognises.
    func find<Value>(_ extract: (AppScreen) -> Value?) -> Value? {
        for screen in screens.reversed() {
            if let value = extract(screen) { return value }
        }
        return nil
    }

    /// Changes the state of the front-most screen `extract` recognises in place: the screen is taken off
    /// the stack while `body` runs, so that its arrays are not shared and grow without being copied (a list
    /// of 100,000 rows that gains a few each tenth of a second). False when no such screen is stacked.
    @discardableResult
    mutating func modify<View>(_ extract: (AppScreen) -> View?, wrap: (View) -> AppScreen, _ body: (inout View) -> Void) -> Bool {
        guard let index = screens.lastIndex(where: { extract($0) != nil }), var view = extract(screens[index]) else { return false }
        screens[index] = .workspaces
        body(&view)
        screens[index] = wrap(view)
        return true
    }

    /// Writes the state of the front-most screen of `route` back; nothing when no such screen is stacked
    /// (a result arriving for a screen that was closed is dropped).
    /// - Returns: whether a screen took it.
    @discardableResult
    mutating func update(_ screen: AppScreen) -> Bool {
        guard let index = screens.lastIndex(where: { $0.route == screen.route }) else { return false }
        screens[index] = screen
        return true
    }
}

extension AppState {
    /// The contents of the workspace opened, while it is on the stack.
    public var workspace: WorkspaceView? {
        get { stack.find { if case let .workspace(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.workspace(newValue)) } }
    }

    /// The item opened (its details), while it is on the stack.
    public var details: DetailsView? {
        get { stack.find { if case let .details(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.details(newValue)) } }
    }

    /// `:datasets`, while it is on the stack.
    public var allDatasets: AllDatasetsView? {
        get { stack.find { if case let .allDatasets(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.allDatasets(newValue)) } }
    }

    /// `:pulses`, while it is on the stack.
    public var pulses: PulsesView? {
        get { stack.find { if case let .pulses(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.pulses(newValue)) } }
    }

    /// A lineage view (`L`, `:lineage`), the front-most while any is on the stack.
    public var lineage: LineageView? {
        get { stack.find { if case let .lineage(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.lineage(newValue)) } }
    }

    /// `:inventory`, while it is on the stack.
    public var inventory: InventoryView? {
        get { stack.find { if case let .inventory(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.inventory(newValue)) } }
    }

    /// `:pins` or `:go`, while it is on the stack.
    public var picker: PickerView? {
        get { stack.find { if case let .picker(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.picker(newValue)) } }
    }

    /// The operation explorer's list.
    public var operations: OperationsView? {
        get { stack.find { if case let .operations(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.operations(newValue)) } }
    }

    /// One operation and its form.
    public var operation: OperationView? {
        get { stack.find { if case let .operation(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.operation(newValue)) } }
    }

    /// The Automate screen (`A`).
    public var automate: AutomateView? {
        get { stack.find { if case let .automate(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.automate(newValue)) } }
    }

    public var inspector: InspectorView? {
        get { stack.find { if case let .inspector(view) = $0 { view } else { nil } } }
        set { if let newValue { stack.update(.inspector(newValue)) } }
    }

    /// The API console: on the stack, or kept from its last visit (its request, answer and history come
    /// back with it, and an answer arriving after `Esc` is not lost).
    public var console: ConsoleView? {
        get { stack.find { if case let .console(view) = $0 { view } else { nil } } ?? keptConsole }
        set {
            guard let newValue else { return }
            stack.update(.console(newValue))
            keptConsole = newValue
        }
    }

    /// The DAX workbench: on the stack, or kept from its last visit (its query, result and history come back).
    public var dax: DAXView? {
        get { stack.find { if case let .dax(view) = $0 { view } else { nil } } ?? keptDAX }
        set {
            guard let newValue else { return }
            stack.update(.dax(newValue))
            keptDAX = newValue
        }
    }

    /// A tenant list: on the stack, or kept from earlier in the session (lists are loaded once a session).
    public func tenantList(_ kind: TenantKind) -> TenantListView? {
        stack.find { if case let .tenantList(view) = $0, view.kind == kind { view } else { nil } } ?? keptTenantLists[kind]
    }

    /// Writes a tenant list back, on the stack when it is there, and keeps it for the session.
    public mutating func setTenantList(_ view: TenantListView) {
        stack.update(.tenantList(view))
        keptTenantLists[view.kind] = view
    }
}
