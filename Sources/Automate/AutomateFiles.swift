import Foundation
import Tokens

/// What each way produces, as files (relative names and text): what `pbitui automate` writes and the
/// Automate screen previews, copies and saves.
public enum AutomateFiles {
    /// The flows `--flow` can add.
    public enum Flow: String, Sendable, CaseIterable { case refreshAndWait = "refresh-and-wait" }

    /// `way`'s files for `calls` (the first is the call; with `flow`, the second is the refresh history).
    public static func files(_ way: AutomateWay, calls: [AutomateCall], identity: AutomateIdentity, certificate: Bool = false,
                             flow: Flow? = nil) -> [(name: String, text: String)] {
        guard let main = calls.first else { return [] }
        // Not a `? :` with `nil`: JSONValue takes `nil` as its own `null`, which is not "no flow".
        var whole: JSONValue?
        if flow == .refreshAndWait, calls.count == 2 {
            whole = FlowWriter.refreshAndWait(way, refresh: calls[0], history: calls[1], identity: identity, certificate: certificate)
        }
        switch way {
        case .customConnector:
            let title = (main.isPowerBI ? "Power BI" : main.description?.title ?? "API") + " (pbitui)"
            var files = ConnectorPackage.files(calls, title: title).map { (name: way.fileName + "/" + $0.name, text: $0.text) }
            if let whole { files.append((way.fileName + "/flow-refresh-and-wait.json", whole.serialized(pretty: true) + "\n")) }
            return files
        case .servicePrincipal, .userPassword, .entraConnector:
            let definition: JSONValue = switch way {
            case .servicePrincipal: WorkflowWriter.servicePrincipal(main, identity: identity, certificate: certificate)
            case .userPassword: WorkflowWriter.userPassword(main, identity: identity)
            default: WorkflowWriter.entraConnector(main)
            }
            var files = [(name: way.fileName, text: definition.serialized(pretty: true) + "\n")]
            if let whole {
                files.append((way.fileName.replacingOccurrences(of: ".json", with: "-refresh-and-wait.json"), whole.serialized(pretty: true) + "\n"))
            }
            return files
        }
    }
}
