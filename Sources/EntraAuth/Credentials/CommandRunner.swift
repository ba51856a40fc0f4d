import Foundation

/// Runs a program without a shell, with a time limit, and collects its output: for `az` and
/// `--client-secret-command`. Arguments are never joined into a command line a shell could misread.
enum CommandRunner {
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    enum Failure: Error { case notFound, timedOut, couldNotStart(String) }

    static func find(_ program: String, environment: [String: String]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func run(_ program: String, _ arguments: [String], environment: [String: String],
                    timeout: Duration) async throws(Failure) -> Output {
        guard let path = find(program, environment: environment) else { throw .notFound }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw .couldNotStart(String(describing: error)) }
        // Readers are unstructured so that a program that hangs (or leaves a child holding the pipes) can be
        // abandoned at the deadline instead of waited for.
        // Blocking reads run on Dispatch threads, never on the cooperative pool (two cores means two threads).
        let stdout = Task { await readToEnd(out.fileHandleForReading) }
        let stderr = Task { await readToEnd(err.fileHandleForReading) }
        // The deadline is kept by a Dispatch timer, not by this task: a busy cooperative pool must not be
        // able to delay the kill.
        let timedOut = TimeoutFlag()
        let pid = process.processIdentifier
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if process.isRunning {
                timedOut.set()
                kill(pid, SIGKILL)
            }
        }
        while process.isRunning {
            if Task.isCancelled {
                kill(pid, SIGKILL)
                throw .timedOut
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        if timedOut.isSet { throw .timedOut }
        let (outData, errData) = (await stdout.value, await stderr.value)
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    final class TimeoutFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }
}
