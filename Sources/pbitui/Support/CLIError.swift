import EntraAuth
import Foundation
import PowerBI

/// A failure the command line reports in one line on stderr, with the exit code of DESIGN.md §3:
/// 1 when the service or sign-in said no, 2 for bad usage or bad input.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    static func refused(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }

    /// A failed call: a setting that is missing or unusable (found only when a sign-in needed it, such as a
    /// password the token cache could not stand in for) is bad usage; anything the service said is a refusal.
    static func failure(_ error: any Error) -> CLIError {
        if let error = error as? CLIError { return error }
        switch error {
        case PowerBIError.auth(.invalidSetting), PowerBIError.auth(.unsupported): return .usage(String(describing: error))
        case let error as AuthError: return Session.cliError(for: error)
        case let error as SessionError: return Session.cliError(for: error)
        default: return .refused(String(describing: error))
        }
    }

    var description: String { message }
}

/// Writes to a standard stream with `write(2)`, never through `FileHandle.write`, which traps on a closed
/// pipe. The networking libraries ignore SIGPIPE, so a reader that exits early (`pbitui ls … | head -3`)
/// shows up here as EPIPE: the command then ends quietly with 141, the status a shell reports for a process
/// killed by SIGPIPE, as `decode` (which starts no networking) does by the signal itself.
enum StandardStream {
    /// The exit status for a closed standard output (128 + SIGPIPE).
    static let closedPipeStatus: Int32 = 141

    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard var pointer = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, pointer, left)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                // EPIPE (the reader left) or any other failure: nothing more can be written; end quietly.
                exit(closedPipeStatus)
            }
            left -= written
            pointer += written
        }
    }

    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { write($0, to: descriptor) }
    }
}

enum StandardError {
    static func write(_ text: String, newline: Bool = true) {
        StandardStream.write(Array((text.hasSuffix("\n") || !newline ? text : text + "\n").utf8), to: STDERR_FILENO)
    }
}

enum StandardOutput {
    static func write(_ text: String) {
        StandardStream.write(Array((text.hasSuffix("\n") ? text : text + "\n").utf8), to: STDOUT_FILENO)
    }

    /// Writes UTF-8 bytes and a newline, without making a String of them first (large JSON output).
    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { StandardStream.write($0, to: STDOUT_FILENO) }
        StandardStream.write([0x0A], to: STDOUT_FILENO)
    }
}
