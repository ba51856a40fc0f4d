import Config
import Foundation
import PowerBI
import TerminalUI

/// A screen that brings everything of its own: its state travels on the stack as
/// ``AppScreen/registered(_:)``, its events and work as ``AppEvent/registered(_:)`` and
/// ``Effect/registered(_:)``, its keys in its own table. A new screen of this kind is its folder plus one
/// line in ``Palette/units``: nothing else in App, Config or the command line changes.
///
/// ```swift
/// enum HelloScreen: RegisteredScreen {
///     static let name = "hello"
///     static let keys = KeyTable([...])
///     static func reduce(_ event: HelloEvent, _ state: inout AppState, now: Date) -> [Effect] { ... }
///     static func work(_ work: HelloWork, _ context: WorkContext, _ emit: @escaping @Sendable (HelloEvent) -> Void) async { ... }
///     ...
/// }
/// ```
protocol RegisteredScreen: ScreenUnit {
    /// The screen's state on the stack.
    associatedtype View: Sendable
    /// What its work brings back.
    associatedtype Event: Sendable
    /// The work it asks the runtime to do (compared in tests, so Hashable).
    associatedtype Work: Sendable & Hashable

    /// Its name: its route, and the heading of its keys in `docs/KEYS.md`.
    static var name: String { get }
    /// The heading and line `docs/KEYS.md` and `?` give its keys.
    static var keysTitle: String { get }
    static var keysAbout: String { get }
    /// Its key table (`[keys]` in `config.toml` remaps its actions as every other table's).
    static var keys: KeyTable { get }
    /// Whether printable keys are text here (a form), so that remapping does not reach them.
    static var remappable: Bool { get }

    static func reduce(_ event: Event, _ state: inout AppState, now: Date) -> [Effect]
    /// Runs off the main actor with the session's client, the shared request gate and the store's folder;
    /// `emit` sends an event back to ``reduce(_:_:now:)``.
    static func work(_ work: Work, _ context: WorkContext, _ emit: @escaping @Sendable (Event) -> Void) async
}

extension RegisteredScreen {
    static var keysAbout: String { "" }
    static var remappable: Bool { true }
    static func keyScreen(_ state: AppState) -> KeyScreen { .registered(name) }

    /// The front-most state of this screen on the stack.
    static func view(_ state: AppState) -> View? {
        state.stack.find { if case let .registered(view) = $0, view.name == name { view.state as? View } else { nil } }
    }

    /// Writes the state back where it is on the stack (nothing when the screen was closed).
    static func setView(_ view: View, _ state: inout AppState) {
        state.stack.update(.registered(RegisteredView(name: name, state: view)))
    }

    /// Puts the screen in front with `view`.
    static func push(_ view: View, _ state: inout AppState) {
        state.stack.push(.registered(RegisteredView(name: name, state: view)))
    }

    /// A new load of this screen: answers carrying an older number are dropped.
    static func nextGeneration(_ state: inout AppState) -> Int {
        state.generations[name, default: 0] += 1
        return state.generations[name]!
    }

    /// The effect that runs `work`.
    static func effect(_ work: Work) -> Effect { .registered(RegisteredWork(screen: name, work: work)) }

    /// An event of this screen (for tests and for work that reports back).
    static func event(_ event: Event) -> AppEvent { .registered(RegisteredEvent(screen: name, event: event)) }

    static func reduceAny(_ event: any Sendable, _ state: inout AppState, now: Date) -> [Effect] {
        guard let event = event as? Event else { return [] }
        return reduce(event, &state, now: now)
    }

    static func workAny(_ work: any Sendable, _ context: WorkContext, _ emit: AsyncStream<AppEvent>.Continuation) async {
        guard let work = work as? Work else { return }
        let screen = name
        await self.work(work, context) { emit.yield(.registered(RegisteredEvent(screen: screen, event: $0))) }
    }
}

/// What a registered screen's work runs with.
struct WorkContext: Sendable {
    let client: PowerBIClient
    /// The bound on requests in flight that every fan-out shares.
    let gate: RequestGate
    /// Where the tenant stores are (nil: no place for them).
    let storeFolder: String?
}

/// A registered screen's state on the stack. The state sits in a box, so that the stack's screens stay one
/// reference each to copy (the stack is read several times a frame); a change makes a new box.
public struct RegisteredView: Sendable {
    public let name: String
    private let box: Box

    public init(name: String, state: any Sendable) {
        self.name = name
        box = Box(state)
    }

    public var state: any Sendable { box.state }

    final class Box: Sendable {
        let state: any Sendable
        init(_ state: any Sendable) { self.state = state }
    }
}

/// A registered screen's event, carried by ``AppEvent/registered(_:)``.
public struct RegisteredEvent: Sendable {
    public let screen: String
    public let event: any Sendable
}

/// A registered screen's work, carried by ``Effect/registered(_:)``: equal when the screen and its work are.
public struct RegisteredWork: Sendable, Hashable {
    public let screen: String
    public let work: any Sendable & Hashable

    public static func == (lhs: RegisteredWork, rhs: RegisteredWork) -> Bool {
        lhs.screen == rhs.screen && AnyHashable(lhs.work) == AnyHashable(rhs.work)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(screen)
        hasher.combine(AnyHashable(work))
    }
}

extension Palette {
    /// The registered screens among the units.
    static var registered: [any RegisteredScreen.Type] { units.compactMap { $0 as? any RegisteredScreen.Type } }

    static func registered(_ name: String) -> (any RegisteredScreen.Type)? { registered.first { $0.name == name } }
}
