import Foundation
import Testing

/// `:doctor` in tmux against a demo tenant with a setting off: the probes run, the failing check is selected
/// and red, and Enter shows what to do in the admin portal's words.
@Suite(.serialized, .enabled(if: TmuxSession.shouldRun, "tmux is not installed: end-to-end UI tests skipped (they fail under CI=true)"))
struct DoctorUITests {
    @Test func doctorNamesTheSettingThatIsOff() async throws {
        guard TmuxSession.require() else { return }
        let session = try TmuxSession(command: TmuxSession.commandLine(["--demo", "--setting-off", "execute-queries"]), width: 150, height: 30)
        defer { session.kill() }
        #expect(await session.waitFor("Workspaces (10)", timeout: 90), "\(session.screen())")
        try session.send(":doctor", "Enter")
        #expect(await session.waitFor("Doctor: what"), "\(session.screen())")
        #expect(await session.waitFor("2 fail: execute-queries, execute-dax-queries", timeout: 60), "\(session.screen())")
        let screen = session.screen()
        for check in ["sign-in", "power-bi-api", "admin-api", "scanner", "refresh", "four-ways"] { #expect(screen.contains(check), "\(check): \(screen)") }
        let red = session.styledScreen().split(separator: "\n").first { $0.contains("execute-queries") && $0.contains("fails") }
        #expect(red?.contains("\u{1B}[") == true, "the failing row is styled: \(red ?? "")")
        try session.send("Enter")
        #expect(await session.waitFor("Check execute-queries"), "\(session.screen())")
        #expect(session.screen().contains("Dataset Execute Queries REST API"), "\(session.screen())")
        try session.send("Escape", "q")
        #expect(await session.waitFor("EXIT=0"), "\(session.screen())")
    }
}
