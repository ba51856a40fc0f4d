import Foundation
import Subprocess

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
        // swift-subprocess spawns with posix_spawn and closes every other descriptor in the child; its
        // output is collected up to a limit, on its own I/O thread.
        let variables = Environment.custom(Dictionary(environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) }) { first, _ in first })
        // The run has an executor of its own, so that its result is not kept waiting by a busy cooperative
        // pool (two threads on a small machine): the deadline below is the child's, not the pool's.
        let done = TimeoutFlag()
        let started = TimeoutFlag()
        let work = Task(executorPreference: runExecutor) { () async throws -> Output in
            defer { done.set() }
            started.set()
            var tries = 0
            let result: ExecutionResult<Void, StringOutput<UTF8>, StringOutput<UTF8>>
            while true {
                do {
                    result = try await Subprocess.run(.path(.init(path)), arguments: Arguments(arguments), environment: variables,
                                                      output: .string(limit: outputLimit), error: .string(limit: outputLimit))
                    break
                } catch let error as SubprocessError where error.underlyingError?.rawValue == ETXTBSY && tries < 20 {
                    // The program was just written and a child forked elsewhere still holds it open for
                    // writing until its exec; that passes within milliseconds.
                    tries += 1
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            let status: Int32 = switch result.terminationStatus {
            case let .exited(code): code
            case let .signaled(signal): 128 + signal
            }
            return Output(status: status, stdout: result.standardOutput, stderr: result.standardError)
        }
        // The deadline is kept by a Dispatch timer, not by a task: a busy cooperative pool must not be able
        // to delay it. Cancelling the run ends the child (swift-subprocess's teardown ends with SIGKILL).
        let timedOut = TimeoutFlag()
        let finished = TimeoutFlag()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        // The deadline is the child's: a run still waiting for a thread to start on (a machine busy with
        // other work) is given its time again once it starts, rather than blamed for the wait.
        @Sendable func watch() {
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                guard !finished.isSet, !done.isSet else { return }
                guard started.isSet else { return watch() }
                timedOut.set()
                work.cancel()
            }
        }
        watch()
        let outcome = await withTaskCancellationHandler { await work.result } onCancel: { work.cancel() }
        finished.set()
        if timedOut.isSet || (Task.isCancelled && !done.isSet) { throw .timedOut }
        switch outcome {
        case let .success(output): return output
        case let .failure(error): throw .couldNotStart(String(describing: error))
        }
    }

    /// Where runs execute: Dispatch's threads, not the cooperative pool.
    static let runExecutor = DispatchTaskExecutor()

    final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
        private let queue = DispatchQueue(label: "pbitui.command-runner", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedTaskExecutor()
            queue.async { job.runSynchronously(on: executor) }
        }
    }

    /// The most a program may print on each stream (a token, a secret, `az`'s JSON are far smaller).
    static let outputLimit = 4 << 20

    final class TimeoutFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

}
