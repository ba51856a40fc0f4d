import Foundation

/// The OSC 52 escape sequence that puts text on the clipboard of the terminal (and, through SSH, of the
/// person's own machine). Inside tmux the sequence is wrapped in a DCS passthrough so that tmux hands it
/// on (tmux also needs `set -g set-clipboard on` or `allow-passthrough on`).
public enum OSC52 {
    public static func sequence(_ text: String, insideTmux: Bool) -> String {
        let payload = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        guard insideTmux else { return payload }
        // In a passthrough every ESC of the inner sequence is doubled.
        return "\u{1B}Ptmux;" + payload.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
