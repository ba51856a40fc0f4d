import Foundation
import PowerBI

extension TerminalApp {
    /// The screen's effects, where ``TerminalApp/carryOut(_:)`` hands them.
    func carryOut(_ effect: SignInEffect) {
        switch effect {
        case let .start(request):
            signInTask?.cancel()
            let service = environment.signIn
            let emit = self.emit
            signInTask = Task.detached { await BackgroundWork.signIn(request, service, emit) }
        case .cancel:
            signInTask?.cancel()
            signInTask = nil
        }
    }
}

extension BackgroundWork {
    static func signIn(_ request: SignInRequest, _ service: any SignInService, _ emit: Emit) async {
        do {
            let session = try await service.signIn(request) { emit.yield(.signIn(.progress($0))) }
            if Task.isCancelled { await session.close(); return }
            emit.yield(.signIn(.signedIn(session)))
        } catch let failure as SignInFailure {
            if !Task.isCancelled { emit.yield(.signIn(.failed(failure))) }
        } catch {
            if !Task.isCancelled { emit.yield(.signIn(.failed(SignInFailure(String(describing: error))))) }
        }
    }
}
