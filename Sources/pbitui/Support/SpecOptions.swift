import APIDescriptionFiles
import APIDescriptions
import ArgumentParser
import Config
import Foundation
import TerminalSafety

/// `--spec FILE` (repeatable) and a profile's `specs = [...]`: other Entra-protected APIs described in
/// Swagger 2.0 or OpenAPI 3 (JSON or YAML), read besides Power BI's own description.
struct SpecOptions: ParsableArguments {
    @Option(name: .customLong("spec"), help: ArgumentHelp("A Swagger 2.0 or OpenAPI 3 description (JSON or YAML) of another Entra-protected API; repeatable.", valueName: "file"))
    var files: [String] = []

    /// Power BI's description first, then every `--spec` file and the profile's `specs`, each read once.
    func descriptions(profile: Profile?) throws -> [APIDescription] {
        var paths = files
        for path in profile?.specs ?? [] where !paths.contains(path) { paths.append(path) }
        var found = [OperationCatalogue.powerBI]
        for path in paths {
            do { found.append(try DescriptionFile.read(path: path)) } catch {
                throw CLIError.usage("--spec: " + TerminalSafety.escape(error.description))
            }
        }
        return found
    }
}

extension Array where Element == APIDescription {
    /// The operation with this id in the first description that has it, with its description.
    func operation(id: String) -> (APIOperation, APIDescription)? {
        for description in self {
            if let operation = description.operation(id: id) { return (operation, description) }
        }
        return nil
    }
}
