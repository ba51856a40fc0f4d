import Foundation

/// The HTML pages a person sees: the device login form, the sign-in form of `/authorize`, and messages.
/// Everything reflected from the request is HTML-escaped.
enum SignInPages {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func page(_ title: String, _ body: String, status: Int = 200) -> SimResponse {
        .html(status, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(escape(title))</title></head>
            <body style="font-family: sans-serif; max-width: 28em; margin: 3em auto">
            <h1>\(escape(title))</h1>\(body)<p><small>pbitui demo tenant: simulated Microsoft Entra ID</small></p></body></html>
            """, headers: [("Cache-Control", "no-store")])
    }

    static func deviceLogin(error: String?, userCode: String, status: Int = 200) -> SimResponse {
        page("Enter code", """
            \(error.map { "<p role=\"alert\" style=\"color:#a00\">\(escape($0))</p>" } ?? "")
            <p>Enter the code displayed on your app or device, then sign in.</p>
            <form method="post" action="/devicelogin">
            <p><label>Code <input name="user_code" value="\(escape(userCode))" autocomplete="off"></label></p>
            <p><label>Email <input name="username" type="email"></label></p>
            <p><label>Password <input name="password" type="password"></label></p>
            <p><button name="action" value="approve">Sign in</button> <button name="action" value="decline">Decline</button></p>
            </form>
            """, status: status)
    }

    static func authorize(fields: [String: String], error: String?, status: Int = 200) -> SimResponse {
        let hidden = fields.filter { !["username", "password", "action"].contains($0.key) }.sorted { $0.key < $1.key }
            .map { "<input type=\"hidden\" name=\"\(escape($0.key))\" value=\"\(escape($0.value))\">" }.joined()
        return page("Sign in", """
            \(error.map { "<p role=\"alert\" style=\"color:#a00\">\(escape($0))</p>" } ?? "")
            <form method="post">\(hidden)
            <p><label>Email <input name="username" type="email" value="\(escape(fields["login_hint"] ?? fields["username"] ?? ""))"></label></p>
            <p><label>Password <input name="password" type="password"></label></p>
            <p><button name="action" value="signin">Sign in</button> <button name="action" value="cancel">Cancel</button></p>
            </form>
            """, status: status)
    }

    static func message(title: String, text: String) -> SimResponse {
        page(title, "<p>\(escape(text))</p>")
    }

    static func error(_ status: Int, code: Int, message: String) -> SimResponse {
        page("Sorry, but we're having trouble signing you in.", "<p>AADSTS\(code): \(escape(message))</p>", status: status)
    }
}
