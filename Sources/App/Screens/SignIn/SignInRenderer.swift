import Foundation
import TerminalUI

/// Draws the sign-in screen: the methods with their trade-offs, the chosen method's form, and a running
/// sign-in (the device code drawn large, the browser URL, a spinner).
enum SignInRenderer {
    static func render(_ state: AppState, layout: AppLayout, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        let signIn = state.signIn
        var title = "Sign in"
        if let profile = signIn.profileName { title += " · profile \(profile)" }
        if !signIn.authority.isEmpty { title += " · \(signIn.authority)" }
        buffer.put(TextFit.truncate(title, to: state.size.columns - 2), row: layout.titleRow, column: 1, style: theme[.title])
        let body = Rect(row: layout.titleRow + 1, column: 0, height: max(0, layout.statusRow - layout.titleRow - 1), width: state.size.columns)
        switch signIn.phase {
        case .choosing: renderMethods(signIn, in: body, theme: theme, into: &buffer)
        case let .form(focus): renderForm(signIn, focus: focus, in: body, theme: theme, into: &buffer)
        case let .working(progress, since):
            renderProgress(progress, since: since, spinner: AppRenderer.spinner[state.spinnerFrame % AppRenderer.spinner.count],
                           option: signIn.selectedOption, in: body, theme: theme, now: now, into: &buffer)
        }
    }

    static func renderMethods(_ signIn: SignInState, in rect: Rect, theme: Theme, into buffer: inout CellBuffer) {
        let rows = signIn.options.map { [$0.title, $0.name, "+ " + $0.pro, "− " + $0.con] }
        let tableHeight = min(rect.height, rows.count + 1)
        TableView(columns: [
            TableColumn("METHOD", width: .fixed(31)),
            TableColumn("--auth", width: .fixed(16)),
            TableColumn("GOOD", width: .flexible(minimum: 12, weight: 1)),
            TableColumn("WATCH OUT", width: .flexible(minimum: 12, weight: 1)),
        ], rows: rows, state: signIn.list)
            .render(into: &buffer, in: Rect(row: rect.row, column: 0, height: tableHeight, width: rect.width), theme: theme)
        var row = rect.row + tableHeight + 1
        let option = signIn.selectedOption
        for line in TextFit.wrap("\(option.title): \(option.pro); \(option.con).", to: rect.width - 2) where row < rect.bottom {
            buffer.put(line, row: row, column: 1, style: theme[.muted])
            row += 1
        }
        if let note = signIn.presetsNote {
            row += 1
            for line in TextFit.wrap(note, to: rect.width - 2) where row < rect.bottom {
                buffer.put(line, row: row, column: 1, style: theme[.info])
                row += 1
            }
        }
        if let failure = signIn.failure {
            row += 1
            for line in TextFit.wrap(failure.message, to: rect.width - 2) where row < rect.bottom {
                buffer.put(line, row: row, column: 1, style: theme[.error])
                row += 1
            }
        }
    }

    static func renderForm(_ signIn: SignInState, focus: Int, in rect: Rect, theme: Theme, into buffer: inout CellBuffer) {
        let option = signIn.selectedOption
        var row = rect.row
        buffer.put(TextFit.truncate("\(option.title) (--auth \(option.name))", to: rect.width - 2), row: row, column: 1, style: theme[.accent])
        row += 1
        buffer.put(TextFit.truncate("+ \(option.pro)   − \(option.con)", to: rect.width - 2), row: row, column: 1, style: theme[.muted])
        row += 1
        if let warning = option.warning {
            for line in TextFit.wrap("⚠ " + warning, to: rect.width - 2) where row < rect.bottom {
                buffer.put(line, row: row, column: 1, style: theme[.warn])
                row += 1
            }
        }
        row += 1
        let labelWidth = 17
        let fieldWidth = max(8, min(60, rect.width - labelWidth - 4))
        for (index, field) in option.fields.enumerated() where row < rect.bottom {
            let focused = index == focus
            let value = signIn.values[field] ?? ""
            let shown = field.isMasked ? String(repeating: "•", count: value.count) : value
            let optional = option.optional.contains(field) ? " (optional)" : ""
            buffer.put((focused ? "▸ " : "  ") + field.label, row: row, column: 1, style: focused ? theme[.accent] : theme[.text], limit: labelWidth)
            // Keep the end in view while typing past the field's width (one column stays for the cursor).
            let visible = TextFit.tail(shown, to: fieldWidth - 1)
            let style = focused ? theme[.selection] : theme[.selectionInactive]
            buffer.fill(Rect(row: row, column: labelWidth + 2, height: 1, width: fieldWidth), style: style)
            let written = buffer.put(visible, row: row, column: labelWidth + 2, style: style, limit: fieldWidth)
            if focused { buffer.put("▏", row: row, column: labelWidth + 2 + written, style: style, limit: 1) }
            if value.isEmpty, !optional.isEmpty {
                buffer.put(optional, row: row, column: labelWidth + 3 + fieldWidth, style: theme[.muted])
            }
            row += 1
        }
        if let hint = fieldHint(option), row + 1 < rect.bottom {
            row += 1
            for line in TextFit.wrap(hint, to: rect.width - 2) where row < rect.bottom {
                buffer.put(line, row: row, column: 1, style: theme[.muted])
                row += 1
            }
        }
        if let failure = signIn.failure, row + 1 < rect.bottom {
            row += 1
            for line in TextFit.wrap(failure.message, to: rect.width - 2) where row < rect.bottom {
                buffer.put(line, row: row, column: 1, style: theme[.error])
                row += 1
            }
        }
    }

    static func fieldHint(_ option: SignInOption) -> String? {
        switch option.id {
        case .method(.clientSecret): "Type the secret (it is not shown) or name a file holding it; with both empty pbitui reads AZURE_CLIENT_SECRET."
        case .method(.certificate): "A PEM file holding the certificate and its private key (AZURE_CLIENT_CERTIFICATE_PATH)."
        case .method(.password): "An empty password signs in with the cached sign-in of this user, if there is one."
        case .method(.deviceCode), .method(.browser): "Tenant empty means \"organizations\" (any work or school account)."
        case .method(.managedIdentity): "Client id only for a user-assigned identity; empty uses the system-assigned one."
        case .method(.token): "Paste the token (it is not shown) or name a file holding it."
        default: nil
        }
    }

    static func renderProgress(_ progress: SignInProgress, since: Date, spinner: String, option: SignInOption,
                               in rect: Rect, theme: Theme, now: Date, into buffer: inout CellBuffer) {
        var row = rect.row + 1
        switch progress {
        case let .working(message):
            buffer.put(TextFit.truncate(spinner + " " + message, to: rect.width - 2), row: row, column: 1, style: theme[.info])
            row += 2
            buffer.put("Waiting \(Int(now.timeIntervalSince(since)))s", row: row, column: 1, style: theme[.muted])
        case let .deviceCode(code, uri, expiresOn):
            buffer.put(TextFit.truncate("To sign in, open this page on any device:", to: rect.width - 2), row: row, column: 1, style: theme[.text])
            row += 1
            buffer.put(TextFit.truncate(uri, to: rect.width - 4), row: row, column: 3, style: theme[.accent])
            row += 2
            buffer.put("and enter the code:", row: row, column: 1, style: theme[.text])
            row += 1
            let big = BigText(code)
            if big.width <= rect.width - 4, row + BigText.height < rect.bottom - 2 {
                row += 1
                for line in big.rows {
                    buffer.put(line, row: row, column: 3, style: theme[.accent])
                    row += 1
                }
                row += 1
            }
            buffer.put(code, row: row, column: 3, style: theme[.accent].bolded())
            row += 2
            let left = max(0, Int(expiresOn.timeIntervalSince(now)))
            buffer.put(TextFit.truncate("\(spinner) waiting for approval · the code expires in \(left / 60):\(String(format: "%02d", left % 60))",
                                        to: rect.width - 2), row: row, column: 1, style: theme[.muted])
        case let .browser(url):
            buffer.put(TextFit.truncate(spinner + " A browser was opened to sign in. If none opened, visit:", to: rect.width - 2),
                       row: row, column: 1, style: theme[.info])
            row += 2
            for line in TextFit.wrap(url, to: rect.width - 4) where row < rect.bottom - 1 {
                buffer.put(line, row: row, column: 3, style: theme[.accent])
                row += 1
            }
        }
    }
}
