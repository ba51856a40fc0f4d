import Foundation
import PowerBI

/// What the console's request brings back: one case of ``AppEvent`` (`.console`) carries them.
public enum ConsoleEvent: Sendable {
    case answered(ConsoleResponse)
    /// No answer came, or the request could not be made (the message says why).
    case failed(String)
}

/// The work the console asks for: one case of ``Effect`` (`.console`) carries them.
public enum ConsoleEffect: Sendable, Hashable {
    /// The request, sent once.
    case send(ConsoleRequest)
    /// The request as curl or a Power Automate action, onto the clipboard.
    case copy(ConsoleRequest, ConsoleExport.Format)
}

extension TerminalApp {
    /// The console's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: ConsoleEffect) {
        switch effect {
        case let .send(request):
            let cloud = session?.cloud
            background { client, _, emit in await BackgroundWork.callAPI(request, client: client, cloud: cloud, emit) }
        case let .copy(request, format):
            guard let client, let session else { return }
            do {
                screen.copy(try BackgroundWork.export(request, format, client: client, cloud: session.cloud))
                emit.yield(.status(StatusMessage("Copied the request as \(format == .curl ? "a curl command ($TOKEN for the token)" : "a Power Automate HTTP action (fill tenant, client id and secret)") (OSC 52)", level: .ok)))
            } catch {
                emit.yield(.console(.failed(error.description)))
            }
        }
    }
}
