import Foundation
import HTTPCore
import Testing

/// A child starts with no signal blocked and SIGTERM, SIGHUP and SIGPIPE at their defaults, whatever the
/// spawning thread blocks or ignores: a child that inherits a blocked SIGTERM cannot be ended (a tmux
/// server started so outlived its `kill-server`, and kept its pane's program running after the test).
@Suite struct ChildSignalsTests {
    @Test func aChildDoesNotInheritBlockedOrIgnoredSignals() throws {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGTERM)
        sigaddset(&blocked, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let child: ChildProcess
        do {
            defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
            child = try ChildProcess.spawn("/bin/sh", ["-c", "grep -E '^(SigBlk|SigIgn)' /proc/self/status"], environment: [:])
        }
        let output = String(decoding: child.stdout?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        #expect(child.waitForExit() == 0)
        let fields = Dictionary(uniqueKeysWithValues: output.split(separator: "\n").compactMap { line -> (String, UInt64)? in
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = UInt64(parts[1], radix: 16) else { return nil }
            return (parts[0], value)
        })
        let blockedInChild = try #require(fields["SigBlk"], "\(output)")
        #expect(blockedInChild == 0, "the child blocks \(String(blockedInChild, radix: 16))")
        let ignored = try #require(fields["SigIgn"])
        for signalNumber in [SIGTERM, SIGHUP, SIGPIPE] {
            #expect(ignored & (1 << UInt64(signalNumber - 1)) == 0, "signal \(signalNumber) ignored in the child")
        }
    }
}
