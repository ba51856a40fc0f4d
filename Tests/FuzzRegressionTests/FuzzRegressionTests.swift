import Foundation
import Testing

/// Every input of the fuzzing corpus and every crash reproducer, replayed through the fuzz targets
/// (Fuzz/FuzzTargets.swift, the same code the libFuzzer build runs): none may crash, hang or break an
/// invariant. A crash found by scripts/fuzz.sh is committed to Fuzz/crashes/TARGET and stays here for good.
@Suite struct FuzzRegressionTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ target: String) -> [URL] {
        let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().map { directory.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTargets.names)
    func theCorpusAndEveryCrashReplayCleanly(_ target: String) throws {
        let corpus = Self.inputs("corpus", target)
        #expect(corpus.contains { $0.lastPathComponent.hasPrefix("seed-") }, "Fuzz/corpus/\(target) has its seeds (Fuzz/make-seeds.py)")
        let all = corpus + Self.inputs("crashes", target)
        for file in all {
            FuzzTargets.run(target, try Data(contentsOf: file))
        }
    }

    @Test func theCrashesFoundSoFarAreKept() {
        #expect(!Self.inputs("crashes", "jwt").isEmpty, "the exp = 1e400 token that trapped TokenSummary.lifetime")
    }
}
