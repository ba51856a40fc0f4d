import Foundation
import HTTPCore
import Testing

/// The demo tenant writes its client certificate's private key to a folder of its own under $TMPDIR while it
/// serves (clients sign in with `--certificate` from it); the folder goes when it stops, by any way.
@Suite struct TemporaryFolderTests {
    static func leftovers(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("pbitui-simulator-") }
    }

    @Test func theDemoTenantLeavesNothingInTheTemporaryFolder() async throws {
        let temporary = Binary.scratch + "/tmp-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        // A command with --demo.
        let listed = try await Binary.run(["ls", "workspaces", "--demo"], environment: ["TMPDIR": temporary])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(try Self.leftovers(temporary) == [])

        // `pbitui simulator`: the key is there while it serves, gone after SIGTERM and after SIGINT.
        for signalNumber in [SIGTERM, SIGINT] {
            let (child, certificate) = try await OffPool.run { () -> (ChildProcess, String) in
                var environment = ProcessInfo.processInfo.environment
                environment["TMPDIR"] = temporary
                let child = try ChildProcess.spawn(Binary.path, ["simulator"], environment: environment, pipeStderr: false)
                var line = Data()
                while true {
                    let byte = child.stdout!.readData(ofLength: 1)
                    if byte.isEmpty || byte == Data([0x0A]) { break }
                    line.append(byte)
                }
                let info = try JSONSerialization.jsonObject(with: line) as? [String: Any]
                let path = (info?["confidentialClient"] as? [String: Any])?["certificatePath"] as? String ?? ""
                return (child, path)
            }
            #expect(certificate.hasPrefix(temporary) && FileManager.default.fileExists(atPath: certificate))
            child.send(signalNumber)
            _ = try await OffPool.run { child.waitForExit() }
            #expect(!FileManager.default.fileExists(atPath: certificate), "signal \(signalNumber)")
            #expect(try Self.leftovers(temporary) == [])
        }
    }
}
