import Foundation

/// A child process started with posix_spawn, with every descriptor but its stdin, stdout and stderr
/// closed. Foundation's `Process` lets children inherit the descriptors it uses to notice other children
/// ending, so a long-lived child started alongside a short one can keep the short one from ever being
/// reaped; this type avoids that for `az`, secret commands, browsers, and the test harness.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Read ends of the child's stdout and stderr, and the write end of its stdin (nil where not piped).
    public let stdout: FileHandle?
    public let stderr: FileHandle?
    public let stdin: FileHandle?

    public enum SpawnError: Error { case failed(Int32) }

    private init(pid: pid_t, stdout: FileHandle?, stderr: FileHandle?, stdin: FileHandle?) {
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr
        self.stdin = stdin
    }

    /// Held while pipes are made and a child is started. `pipe2(O_CLOEXEC)` is not visible from Swift, so
    /// between `pipe` and `fcntl` a child started by another thread could inherit a pipe end and keep it
    /// open for its whole life (a reader then never sees the end). Every spawn in this process, the test
    /// harness's included, takes this lock.
    public static let spawnLock = NSLock()

    /// Writes a program this process will run (a script), holding ``spawnLock`` so that no child forked
    /// meanwhile inherits the file open for writing, which makes running it fail with ETXTBSY.
    public static func writeExecutable(_ text: String, to path: String) throws {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// Starts `path` (a full path) with `arguments`. Streams not piped go to /dev/null.
    /// Spawn attributes for a child that starts with no signal blocked and the usual signals at their
    /// defaults: a thread of this process (the runtime's, dispatch's) may block or ignore some, and a child
    /// that inherits that cannot be ended by SIGTERM or SIGHUP (a tmux server started so outlived its
    /// `kill-server`, and its pane's program the test that started it). The caller destroys them.
    public static func prepare(_ attributes: inout posix_spawnattr_t) {
        posix_spawnattr_init(&attributes)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD, SIGTTIN, SIGTTOU, SIGWINCH] {
            sigaddset(&defaults, signalNumber)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    }

    public static func spawn(_ path: String, _ arguments: [String], environment: [String: String],
                             pipeStdin: Bool = false, pipeStdout: Bool = true, pipeStderr: Bool = true) throws -> ChildProcess {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        func makePipe() -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            _ = pipe(&fds)
            // Close-on-exec, so that no other child started meanwhile inherits these ends.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        let input = pipeStdin ? makePipe() : nil
        let output = pipeStdout ? makePipe() : nil
        let errors = pipeStderr ? makePipe() : nil
        if let input { posix_spawn_file_actions_adddup2(&actions, input.read, 0) } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let output { posix_spawn_file_actions_adddup2(&actions, output.write, 1) } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let errors { posix_spawn_file_actions_adddup2(&actions, errors.write, 2) } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Close everything else the child would inherit (glibc's closefrom action is not visible from Swift).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in names.compactMap({ Int32($0) }).sorted() where fd > 2 && fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var attributes = posix_spawnattr_t()
        Self.prepare(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, path, &actions, &attributes, &argv, &envp)
        // ETXTBSY: the program was just written and a process forked elsewhere still holds it open for
        // writing until its exec; that passes within milliseconds.
        var tries = 1
        while result == ETXTBSY, tries < 20 {
            usleep(10_000)
            result = posix_spawn(&pid, path, &actions, &attributes, &argv, &envp)
            tries += 1
        }
        for end in [input?.read, output?.write, errors?.write].compactMap({ $0 }) { close(end) }
        guard result == 0 else {
            for end in [input?.write, output?.read, errors?.read].compactMap({ $0 }) { close(end) }
            throw SpawnError.failed(result)
        }
        return ChildProcess(pid: pid,
                            stdout: output.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) },
                            stderr: errors.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) },
                            stdin: input.map { FileHandle(fileDescriptor: $0.write, closeOnDealloc: true) })
    }

    /// Waits for the child to end (blocking) and returns its exit status, or 128 + signal.
    public func waitForExit() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Waits without blocking a cooperative thread.
    public func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.waitForExit()) }
        }
    }

    public func send(_ signalNumber: Int32) { kill(pid, signalNumber) }
}
