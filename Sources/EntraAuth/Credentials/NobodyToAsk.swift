/// The sign-in of a method that needs a person (device code, browser) where nobody can answer (`pbitui mcp`):
/// the token cache's refresh token serves when there is one (``DelegatedCredential`` asks it first); otherwise
/// this says how to sign in once, instead of waiting for a person who will not come.
struct NobodyToAsk: UserSignIn {
    let method: String

    func signIn(scope: String, clientId: String, endpoint: TokenEndpoint, client: ClientAuthentication?) async throws(AuthError) -> TokenEndpoint.Grant {
        throw .unsupported("a \(method) sign-in needs a person, and nobody can answer here: sign in once with `pbitui token` and the same "
                           + "options or profile (the token cache then makes this sign-in silent), or use a service principal")
    }
}
