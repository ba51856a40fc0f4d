import EntraAuth
import Foundation

/// Asks for a secret on the terminal with echo off, when one is needed and none was given. Nothing is
/// asked when stdin is not a terminal (scripts get the usual "not set" error instead).
enum SecretPrompt {
    static func ask(_ question: String) -> Secret? {
        guard isatty(STDIN_FILENO) != 0 else { return nil }
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        StandardError.write(question, newline: false)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            StandardError.write("")
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { return nil }
        return Secret(line)
    }
}
