import Automate
import Foundation
import PowerBI
import Tokens
import EntraAuth

extension TerminalApp {
    /// The one place an effect is carried out. What touches the terminal or the disk happens here and now;
    /// network work runs in a task the runtime owns (it leaves ``tasks`` when it ends and is cancelled on
    /// exit) and its result comes back as an event. A refresh POST is sent exactly once: nothing retries it.
    func carryOut(_ effect: Effect) {
        switch effect {
        case .wake, .bell, .savePins, .copy, .export, .switchTheme, .stall:
            carryOutHere(effect)
        case let .registered(work):
            let folder = environment.storeFolder
            background { client, gate, emit in
                await Palette.registered(work.screen)?.workAny(work.work, WorkContext(client: client, gate: gate, storeFolder: folder), emit)
            }
        case let .allDatasets(effect):
            carryOut(effect)
        case let .automate(effect):
            carryOut(effect)
        case let .details(effect):
            carryOut(effect)
        case let .inventory(effect):
            carryOut(effect)
        case let .lineage(effect):
            carryOut(effect)
        case let .picker(effect):
            carryOut(effect)
        case let .refresh(effect):
            carryOut(effect)
        case let .signIn(effect):
            carryOut(effect)
        case let .tenantList(effect):
            carryOut(effect)
        case let .workspace(effect):
            carryOut(effect)
        case let .workspaces(effect):
            carryOut(effect)
        case let .pulses(effect):
            carryOut(effect)
        case let .resumeContext(key, keeping):
            resume(key, keeping: keeping)
        case let .console(effect):
            carryOut(effect)
        case let .dax(effect):
            carryOut(effect)
        case let .inspector(effect):
            carryOut(effect)
        }
    }

    /// What happens here and now, without the network: the terminal (bell, clipboard, theme), the disk
    /// (pins, exports), a timer.
    func carryOutHere(_ effect: Effect) {
        switch effect {
        case let .wake(reason, delay):
            let emit = self.emit
            tasks.add(Task {
                try? await Task.sleep(for: delay)
                guard !Task.isCancelled else { return }
                emit.yield(.woke(reason))
            })
        case .bell:
            screen.bell()
        case let .savePins(path, contents):
            do { try AtomicFile.write(contents, to: path) } catch {
                emit.yield(.status(StatusMessage("Could not write the pins to \(path): \(error)", level: .error)))
            }
        case let .copy(text):
            screen.copy(text)
        case let .export(path, contents, summary, makeFolders):
            do {
                try AtomicFile.write(contents, to: path, createFolders: makeFolders)
                emit.yield(.status(StatusMessage(summary, level: .ok)))
            } catch {
                emit.yield(.status(StatusMessage("Could not write \(path): \(error)", level: .error)))
            }
        case let .switchTheme(name):
            switchTheme(name)
        case let .stall(milliseconds):
            usleep(useconds_t(milliseconds) * 1000)
        default:
            break
        }
    }

    /// Runs `work` with the session's client in a task the runtime owns; without a session there is
    /// nothing to call (the sign-in screen's effects never need one).
    func background(_ work: @escaping @Sendable (PowerBIClient, RequestGate, AsyncStream<AppEvent>.Continuation) async -> Void) {
        guard let client else { return }
        let gate = self.gate
        let emit = self.emit
        tasks.add(Task.detached { await work(client, gate, emit) })
    }

    /// `:theme NAME`: loads the theme (built in or the person's) and draws with it from the next frame.
    private func switchTheme(_ name: String) {
        guard let library = environment.themes else {
            emit.yield(.status(StatusMessage("No themes to switch to", level: .warn)))
            return
        }
        if environment.colorsOff, name != "monochrome" {
            emit.yield(.status(StatusMessage("NO_COLOR is set: pbitui stays monochrome (unset NO_COLOR for colour themes)", level: .warn)))
            return
        }
        do {
            emit.yield(.themeSwitched(try library.load(name)))
        } catch {
            emit.yield(.status(StatusMessage(error.description, level: .error)))
        }
    }
}

/// The network work behind the effects, each function one effect: it calls the service and reports what
/// came back as events. Nothing here touches state or the terminal.
enum BackgroundWork {
    typealias Emit = AsyncStream<AppEvent>.Continuation














    /// Every failed call is kept for `d`; a 429 whose wait was too long to sit out becomes a countdown on screen.
    /// `method` and `path` say what was asked, for failures that carry no answer.
    static func report(_ error: PowerBIError, _ method: String, _ path: String, emit: Emit) {
        emit.yield(.callFailed(FailedCall(error, method: method, path: path)))
        guard case let .service(service) = error, service.status == 429, let seconds = service.retryAfter else { return }
        emit.yield(.mustWait(ThrottleCountdown(until: Date().addingTimeInterval(TimeInterval(seconds)), what: "\(service.method) \(service.path)", automatic: false)))
    }
}
