import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The generated pages of `docs/` and the README's picture are what this build writes: a change to a key,
/// an option or a frame that leaves them stale fails here (`scripts/generate-docs.sh` writes them again).
@Suite struct GeneratedDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func committed(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test(arguments: [("keys", "docs/KEYS.md"), ("commands", "docs/COMMANDS.md")])
    func theGeneratedPageIsCurrent(page: String, path: String) async throws {
        let generated = try await Binary.run(["generate-docs", page])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout == (try Self.committed(path)), "\(path) is stale: run scripts/generate-docs.sh")
    }

    @Test func keysListEveryScreenAndCommandsEverySubcommand() throws {
        let keys = try Self.committed("docs/KEYS.md")
        for heading in ["## Workspaces", "## A workspace", "## DAX workbench: the editor", "## Power Automate (`A`)", "## The token inspector"] {
            #expect(keys.contains(heading + "\n") || keys.contains(heading + " "), "\(heading)")
        }
        for key in ["`e`", "`o`", "`p`", "`L`", "`d`", "`A`"] { #expect(keys.contains("| " + key), "\(key) in KEYS.md") }
        let commands = try Self.committed("docs/COMMANDS.md")
        for command in ["ls", "refresh", "api", "ops", "ops show", "call", "automate", "dax", "pulses", "scan", "lineage", "activity", "token", "decode", "verify", "simulator"] {
            #expect(commands.contains("## pbitui \(command)\n"), "\(command) in COMMANDS.md")
        }
        #expect(commands.contains("--generate-completion-script"))
        #expect(!commands.contains("generate-docs keys"), "the hidden command stays out of the documentation")
    }

    /// The README's picture is the frame this build draws for the demo tenant: `pbitui --demo --screenshot`.
    @Test func theReadmesPictureIsWhatTheBuildDraws() async throws {
        let path = Binary.scratch + "/workspaces-\(UUID().uuidString.prefix(6)).svg"
        // Nothing of the person's or of other tests: no config file, no pins.
        let alone = Binary.scratch + "/picture-\(UUID().uuidString.prefix(6))"
        let drawn = try await Binary.run(["--demo", "--screenshot", path, "--size", "100x24"],
                                         environment: ["XDG_CONFIG_HOME": alone + "/config", "XDG_STATE_HOME": alone + "/state"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg == (try Self.committed("docs/images/workspaces.svg")), "docs/images/workspaces.svg is stale: run scripts/generate-docs.sh")
        // Well-formed XML, an SVG at 100×24 cells, with the demo tenant's first workspace on it.
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"840\" height=\"408\""))
        #expect(svg.contains(">Sales Analytics "))
        #expect(try Self.committed("README.md").contains("docs/images/workspaces.svg"))
    }

    /// The first page stays one a newcomer reads in two minutes, and every link in it and in docs/ leads somewhere.
    @Test func theReadmeIsShortAndEveryLinkResolves() throws {
        let readme = try Self.committed("README.md")
        let lines = readme.components(separatedBy: "\n")
        #expect(lines.count <= 200, "\(lines.count) lines")
        var inCode = false
        for line in lines {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            #expect(inCode || line.count <= 400, "a line of \(line.count) characters: \(line.prefix(60))…")
        }
        let docs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        for page in ["README.md"] + docs {
            let text = try Self.committed(page)
            let folder = (page as NSString).deletingLastPathComponent
            let regex = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)]*)?\)"#)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let target = String(text[range])
                if target.hasPrefix("http") { continue }
                let resolved = folder.isEmpty ? target : folder + "/" + target
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(resolved).path), "\(page) links to \(target)")
            }
        }
    }

    /// A scripted frame: keys pressed once the first screen has loaded, the picture once what they load is in.
    @Test func keysScriptTheFrame() async throws {
        let path = Binary.scratch + "/datasets-\(UUID().uuidString.prefix(6)).svg"
        let drawn = try await Binary.run(["--demo", "--screenshot", path, "--keys", "Enter Tab", "--size", "120x30"])
        #expect(drawn.status == 0, "\(drawn.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains(">Datasets (") && svg.contains(">Sales Model "), "the Datasets tab of Sales Analytics, loaded")
        #expect(svg.contains("aria-label=\"pbitui · Workspaces ▸ Sales Analytics ▸ Datasets\""))
    }

    @Test func aScreenshotNeedsAPlaceAndASize() async throws {
        let small = try await Binary.run(["--demo", "--screenshot", Binary.scratch + "/x.svg", "--size", "20x5"])
        #expect(small.status == 2 && small.stderr.contains("--size"), "\(small.stderr)")
        let badKey = try await Binary.run(["--demo", "--screenshot", Binary.scratch + "/x.svg", "--keys", "Enter Frob"])
        #expect(badKey.status == 2 && badKey.stderr.contains("'Frob' is not a key name"), "\(badKey.stderr)")
        let keysAlone = try await Binary.run(["--demo", "--keys", "Enter"])
        #expect(keysAlone.status == 2 && keysAlone.stderr.contains("--keys goes with --screenshot"), "\(keysAlone.stderr)")
        let nowhere = try await Binary.run(["--demo", "--screenshot", "/proc/pbitui/no/x.svg"])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("could not write"), "\(nowhere.stderr)")
    }
}
