import Foundation
import PowerBI
import TerminalUI
import Testing
import Tokens
@testable import App

/// Every screen drawn at sizes down to 10x4: no crash, and the frame has the size asked for.
@Suite struct TinyTerminalTests {
    static func states() throws -> [(String, AppState)] {
        var list: [(String, AppState)] = []
        var signIn = AppState(size: (40, 120), identity: nil)
        list.append(("sign-in list", signIn))
        _ = AppReducer.reduce(&signIn, .terminal(.key(.down)))
        _ = AppReducer.reduce(&signIn, .terminal(.key(.enter)))
        list.append(("sign-in form", signIn))
        var device = AppState(size: (40, 120), identity: nil)
        for _ in 0..<4 { _ = AppReducer.reduce(&device, .terminal(.key(.down))) }
        _ = AppReducer.reduce(&device, .terminal(.key(.enter)))
        device.signIn.values[.clientId] = "c"
        _ = AppReducer.reduce(&device, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&device, .signIn(.progress(.deviceCode(userCode: "ABCD-1234", verificationURI: "https://microsoft.com/devicelogin", expiresOn: Date().addingTimeInterval(600)))))
        list.append(("device code", device))
        var browse = AppState(size: (40, 120), identity: "app")
        _ = AppReducer.reduce(&browse, .workspaces(.loaded([BrowseScreenTests.workspace("Sales 販売 🚀", id: "W1", dedicated: true)])))
        list.append(("workspaces", browse))
        _ = AppReducer.reduce(&browse, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&browse, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&browse, .workspace(.itemsLoaded(.group("W1"), .datasets, [BrowseScreenTests.dataset("Model", id: "D1")])))
        list.append(("workspace", browse))
        var dialog = browse
        _ = AppReducer.reduce(&dialog, .terminal(.key(.character("r"))))
        list.append(("dialog", dialog))
        var form = browse
        _ = AppReducer.reduce(&form, .terminal(.key(.character("R"))))
        list.append(("enhanced form", form))
        var details = browse
        _ = AppReducer.reduce(&details, .terminal(.key(.enter)))
        _ = AppReducer.reduce(&details, .terminal(.key(.tab)))
        _ = AppReducer.reduce(&details, .details(.loaded(.group("W1"), datasetId: "D1", .history([Refresh(json: ["refreshType": "Scheduled", "startTime": "2026-11-27T01:00:00Z", "endTime": "2026-11-27T01:05:00Z", "status": "Completed"])]))))
        list.append(("details", details))
        var operations = browse
        _ = AppReducer.reduce(&operations, .terminal(.key(.character("o"))))
        list.append(("operations", operations))
        _ = AppReducer.reduce(&operations, .terminal(.key(.enter)))
        list.append(("operation form", operations))
        var inspector = browse
        _ = AppReducer.reduce(&inspector, .callFailed(FailedCall(method: "GET", path: "/groups", status: 401, code: nil, requestId: nil)))
        _ = AppReducer.reduce(&inspector, .terminal(.key(.character("d"))))
        _ = AppReducer.reduce(&inspector, .inspector(.inspected(try InspectorScreenTests.jwt(#"{"aud":"x","exp":1,"scp":"a"}"#))))
        list.append(("inspector", inspector))
        return list
    }

    @Test(arguments: [(4, 10), (5, 20), (10, 40), (24, 80), (3, 200)])
    func everyScreenSurvives(rows: Int, columns: Int) throws {
        for (name, state) in try Self.states() {
            var sized = state
            _ = AppReducer.reduce(&sized, .terminal(.resize(rows: rows, columns: columns)))
            let frame = AppRenderer.render(sized, theme: .defaultDark)
            #expect(frame.rows == rows && frame.columns == columns, "\(name)")
        }
    }
}
