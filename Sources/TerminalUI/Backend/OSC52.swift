import Foundation

/// The OSC 52 escape sequence that puts text on the clipboard of the terminal (and, through SSH, of the
/// person's own machine).
///
/// Inside tmux, two routes reach the outer terminal, each behind a tmux option that is off by default:
/// tmux takes a plain OSC 52 itself when `set -g set-clipboard on`, and hands a DCS-wrapped one on when
/// `set -g allow-passthrough on` (tmux 3.3 and later). pbitui sends both, so that either option is enough;
/// with both on, the clipboard is set twice to the same text.
public enum OSC52 {
    public static func sequence(_ text: String, insideTmux: Bool) -> String {
        let payload = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        guard insideTmux else { return payload }
        // In a passthrough every ESC of the inner sequence is doubled.
        return payload + "\u{1B}Ptmux;" + payload.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
