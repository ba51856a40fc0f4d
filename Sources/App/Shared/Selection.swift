import Automate
import Foundation
import PowerBI
import Tokens

/// What is selected on the screen in front: the one question every screen answers
/// (``ScreenUnit/selection(_:)``). The keys that act on "this" derive what they need from it, in one place:
/// `o` the operation explorer's context, `A` the call to automate, `e` the dataset to query, `p` the pin,
/// `L` the lineage, `d` what to diagnose. A new screen answers `selection` and gets all six.
public enum Selection: Sendable {
    /// A workspace of the list (or My workspace, or an app).
    case workspace(WorkspaceEntry)
    /// Nothing selected in the workspace that is open (an empty tab): its ids still fill a call.
    case inside(WorkspaceEntry)
    /// An item of a workspace, with its kind and ids.
    case item(ItemRow, in: WorkspaceEntry)
    /// A refresh pulse: its dataset or dataflow, and its last refresh (`d` explains it when it failed).
    case pulse(Pulse, item: ItemRow, in: WorkspaceEntry)
    /// An app or a capacity of a tenant list.
    case tenantItem(TenantKind, id: String, name: String)
    /// An item of the tenant store (`:inventory`, a lineage node), its kind as the store names it.
    case storeItem(kind: ArtifactKind, id: String, name: String)
    /// A pin (`:pins`) or a find (`:go`).
    case pin(Pin)
    /// A profile of `config.toml` (`:ctx`): nothing to call, pin or query.
    case context(name: String)
    /// An operation, with what its form or the explorer's context fills.
    case operation(OperationView)
    /// The API console's request.
    case request(ConsoleRequest)
    /// The dataset a DAX workbench queries.
    case dataset(DAXTarget)
}

extension Selection {
    /// `o`: the ids the operation explorer fills in, and where they came from; nil opens it without.
    func operationContext(_ state: AppState) -> OperationContext? {
        switch self {
        case let .workspace(entry):
            .from(state, values: OperationContext.values(entry, item: nil), origin: "workspace \(entry.name)")
        case let .inside(entry):
            .from(state, values: OperationContext.values(entry, item: nil), origin: entry.name)
        case let .item(row, entry), let .pulse(_, row, entry):
            .from(state, values: OperationContext.values(entry, item: row), origin: "\(row.kind.singular) \(row.name) in \(entry.name)")
        case let .tenantItem(kind, id, name):
            .from(state, values: [kind == .apps ? "appId" : "capacityId": id], origin: "\(kind.singular) \(name)")
        case let .pin(pin):
            pin.selection.flatMap { $0.operationContext(state) }
        case .storeItem, .context, .operation, .request, .dataset:
            nil
        }
    }

    /// `A`: the call to take to Power Automate: an operation's or the console's request (or why it cannot
    /// be), else the primary call of what ``operationContext(_:)`` fills.
    func automateCall(_ state: AppState) -> Result<AutomateCall, AutomateProblem>? {
        switch self {
        case let .operation(view): OperationScreen.automateCall(view, cloud: state.cloud)
        case let .request(request): AutomateCalls.from(request, cloud: state.cloud)
        default: operationContext(state).flatMap { AutomateCalls.primary($0, cloud: state.cloud) }.map { .success($0) }
        }
    }

    /// `e`: the dataset the DAX workbench opens on; nil where no dataset is selected.
    var daxTarget: DAXTarget? {
        switch self {
        case let .item(row, entry), let .pulse(_, row, entry): DAXTarget.dataset(row, in: entry)
        case let .dataset(target): target
        case let .pin(pin): pin.selection?.daxTarget
        default: nil
        }
    }

    /// `p`: what pinning pins (on `:pins`, the pin itself, which `p` then unpins).
    func pin(now: Date) -> Pin? {
        switch self {
        case let .workspace(entry):
            entry.workspace.map { Pin(kind: .workspace, id: $0.id, name: $0.name, workspaceId: $0.id, workspaceName: $0.name, pinnedAt: now) }
        case let .item(row, entry), let .pulse(_, row, entry): Pin.item(row, in: entry, now: now)
        case let .pin(pin): pin
        default: nil
        }
    }

    /// `L`: the item whose lineage the tenant store tells; nil for a workspace and what is not in the store.
    var lineageTarget: LineageTarget? {
        switch self {
        case let .storeItem(kind, id, name): return .item(kind: kind, id: id, name: name)
        case .item, .pulse, .pin:
            guard let pin = pin(now: Date(timeIntervalSince1970: 0)), pin.kind != .workspace, pin.kind != .context else { return nil }
            return .item(kind: pin.kind, id: pin.id, name: pin.name)
        default: return nil
        }
    }

    /// `d`: a failure of the selection itself, diagnosed before the last failed call (a pulse whose last
    /// refresh failed opens that refresh, its error explained).
    var failedPulse: Pulse? {
        if case let .pulse(pulse, _, _) = self, pulse.lastFailed { return pulse }
        return nil
    }
}

extension Pin {
    /// A pinned workspace or item as the selection it was pinned from.
    var selection: Selection? {
        let entry = workspaceId.flatMap { id in
            Workspace(json: .object(JSONObject([("id", .string(id)), ("name", .string(workspaceName ?? id))])))
        }.map(WorkspaceEntry.init)
        switch kind {
        case .context: return nil
        case .workspace: return entry.map(Selection.workspace)
        default:
            guard let entry, let itemKind, let row = ItemRow(itemKind, json: .object(JSONObject([(itemKind.spec.idMembers[0], .string(id)), ("name", .string(name))])))
            else { return nil }
            return .item(row, in: entry)
        }
    }
}
