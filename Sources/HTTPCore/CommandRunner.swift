import Foundation

/// Runs a program without a shell, with a time limit, and collects its output: for `az` and
/// `--client-secret-command`. Arguments are never joined into a command line a shell could misread.
public enum CommandRunner {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public enum Failure: Error { case notFound, timedOut, couldNotStart(String) }

    public static func find(_ program: String, environment: [String: String]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func run(_ program: String, _ arguments: [String], environment: [String: String],
                    timeout: Duration) async throws(Failure) -> Output {
        guard let path = find(program, environment: environment) else { throw .notFound }
        let child: ChildProcess
        do { child = try ChildProcess.spawn(path, arguments, environment: environment) } catch {
            throw .couldNotStart(String(describing: error))
        }
        // Blocking reads and the wait run on Dispatch threads, never on the cooperative pool.
        let stdout = Task { await readToEnd(child.stdout!) }
        let stderr = Task { await readToEnd(child.stderr!) }
        let status = Task { await child.exitStatus() }
        // The deadline is kept by a Dispatch timer, not by this task: a busy cooperative pool must not be
        // able to delay the kill.
        let timedOut = TimeoutFlag()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let finished = TimeoutFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if !finished.isSet {
                timedOut.set()
                child.send(SIGKILL)
            }
        }
        let code = await withTaskCancellationHandler { await status.value } onCancel: { child.send(SIGKILL) }
        finished.set()
        if timedOut.isSet || Task.isCancelled { throw .timedOut }
        let (outData, errData) = (await stdout.value, await stderr.value)
        return Output(status: code, stdout: String(decoding: outData, as: UTF8.self),
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
