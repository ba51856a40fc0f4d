import Foundation
import TerminalUI
import Testing

extension RecordingScreen {
    /// Waits (10 s at most) until the last frame shows `text`; records the last frame otherwise.
    func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<400 {
            if lastFrame?.text.contains(text) == true { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("never showed \"\(text)\"; last frame:\n\(lastFrame?.text ?? "")", sourceLocation: sourceLocation)
        throw CancellationError()
    }
}
