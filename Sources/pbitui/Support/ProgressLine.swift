import Foundation

/// One line of progress on stderr: redrawn in place on a terminal (at most ten times a second); elsewhere
/// (a log, a pipe) only the last state, once, at the end.
final class ProgressLine: @unchecked Sendable {
    private let isTerminal: Bool
    private let lock = NSLock()
    private var last = Date.distantPast
    private var lastText = ""

    private var ticker: Task<Void, Never>?

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    /// At a terminal, redraws `render()` every second, so that a wait counts down while nothing else changes.
    func tick(_ render: @escaping @Sendable () -> String?) {
        guard isTerminal else { return }
        ticker?.cancel()
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                if let text = render() { self?.show(text) }
            }
        }
    }

    /// A line of its own (a long wait announced), above the progress line.
    func say(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        StandardStream.write(Array(((isTerminal ? "\r\u{1B}[2K" : "") + line + "\n").utf8), to: STDERR_FILENO)
        last = .distantPast
    }

    func show(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        lastText = text
        guard isTerminal else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 else { return }
        last = now
        StandardStream.write(Array(("\r\u{1B}[2K" + text).utf8), to: STDERR_FILENO)
    }

    /// Takes the line off the terminal before something else is printed there.
    func clear() {
        guard isTerminal else { return }
        lock.lock()
        defer { lock.unlock() }
        StandardStream.write(Array("\r\u{1B}[2K".utf8), to: STDERR_FILENO)
        last = .distantPast
    }

    func finish() {
        ticker?.cancel()
        lock.lock()
        defer { lock.unlock() }
        guard !lastText.isEmpty else { return }
        StandardStream.write(Array(((isTerminal ? "\r\u{1B}[2K" : "") + lastText + "\n").utf8), to: STDERR_FILENO)
        lastText = ""
    }
}
