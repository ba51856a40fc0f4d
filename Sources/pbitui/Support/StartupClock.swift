import Foundation

/// How long ago this process started, from the kernel's own record (`/proc/self/stat` field 22, in clock
/// ticks since boot, against `/proc/uptime`), so that the figure includes loading the binary and the Swift
/// runtime, not only the time since `main`.
enum StartupClock {
    static func secondsSinceProcessStart() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let uptimeText = try? String(contentsOfFile: "/proc/uptime", encoding: .utf8),
              let uptime = Double(uptimeText.split(separator: " ").first ?? "") else { return nil }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ')' come field 3 (state) onwards; starttime is field 22, so index 22 - 3 = 19.
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return uptime - ticks / max(1, hertz)
    }

    /// Writes "first_frame_ms=123.4" (or why it could not be measured) to `path`, atomically: a reader
    /// sees the whole line or no file.
    static func writeReport(to path: String) {
        let line = secondsSinceProcessStart().map { String(format: "first_frame_ms=%.1f\n", $0 * 1000) } ?? "first_frame_ms=unknown\n"
        try? Data(line.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
