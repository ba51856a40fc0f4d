import EntraAuth
import Foundation
import HTTPCore

/// Runs a command with posix_spawn and waitpid. Foundation's `Process` cannot be used for tmux: the tmux
/// server that the first client forks inherits the descriptor `Process` watches for the child's exit, so
/// the client is never reaped and `waitUntilExit` never returns.
enum Spawn {
    /// Runs `arguments` (looked up on PATH) with stdin from /dev/null and every other descriptor closed;
    /// returns the exit status and, when asked, what it printed on stdout.
    static func run(_ arguments: [String], captureOutput: Bool) throws -> (status: Int32, output: String) {
        ChildProcess.spawnLock.lock()
        var locked = true
        defer { if locked { ChildProcess.spawnLock.unlock() } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipe: [Int32] = [-1, -1]
        if captureOutput {
            guard Glibc.pipe(&pipe) == 0 else { throw POSIXError(.EMFILE) }
            for fd in pipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Close every other inherited descriptor (glibc's addclosefrom_np is not visible from Swift).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in names.compactMap({ Int32($0) }).sorted() where fd > 2 && fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var attributes = posix_spawnattr_t()
        ChildProcess.prepare(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, &argv, environ)
        if captureOutput { close(pipe[1]) }
        ChildProcess.spawnLock.unlock()
        locked = false
        guard result == 0 else {
            if captureOutput { close(pipe[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .ENOENT)
        }
        var output = Data()
        if captureOutput {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(pipe[0], &buffer, buffer.count)
                if count <= 0 { break }
                output.append(contentsOf: buffer[0..<count])
            }
            close(pipe[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, String(decoding: output, as: UTF8.self))
    }
}
