import Foundation

/// A failure the command line reports in one line on stderr, with the exit code of DESIGN.md §3:
/// 1 when the service or sign-in said no, 2 for bad usage or bad input.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32

    static func refused(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 2) }

    var description: String { message }
}

enum StandardError {
    static func write(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") || !newline ? text : text + "\n").utf8))
    }
}

enum StandardOutput {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Writes UTF-8 bytes and a newline, without making a String of them first (large JSON output).
    static func write(bytes: [UInt8]) {
        var data = Data(bytes)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}
