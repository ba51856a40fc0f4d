import Foundation
import PowerBI
import Tokens
import EntraAuth

/// The console's network work: the client for a resource, the call itself, the request as curl or a flow action.
extension BackgroundWork {
    /// The client a console request goes through: Power BI's own, or one for Fabric, Graph or ARM with its
    /// own token audience. The demo tenant serves Power BI only, so other resources are refused there.
    static func consoleClient(_ resource: APIResource, client: PowerBIClient, cloud: Cloud?) throws(PowerBIError) -> PowerBIClient {
        if resource == .powerbi { return client }
        guard let cloud else { throw .invalidArgument("The demo tenant serves the Power BI API only; \(resource.rawValue) needs a real tenant") }
        return try client.client(for: resource, cloud: cloud)
    }

    /// The client, path and query of a console request: a described API's (`--spec`; the demo tenant
    /// reaches loopback hosts only), or a known resource's.
    static func consoleTarget(_ request: ConsoleRequest, client: PowerBIClient, cloud: Cloud?) throws(PowerBIError)
        -> (client: PowerBIClient, path: String, query: [(String, String)]) {
        if let api = request.api {
            if cloud == nil, !api.isLoopback {
                throw .invalidArgument("The demo tenant serves the Power BI API only; \(api.title) at \(api.host) needs a real tenant")
            }
            let (path, query) = try api.relativePath(request.path)
            return (client.client(for: api), path, query)
        }
        let target = try consoleClient(request.resource, client: client, cloud: cloud)
        let (path, query) = try request.resource.relativePath(request.path, root: target.apiRoot)
        return (target, path, query)
    }

    /// Sends a console request once (no retry for anything but GET, as the client does) and reports the
    /// answer, error statuses included, as it came.
    static func callAPI(_ request: ConsoleRequest, client: PowerBIClient, cloud: Cloud?, _ emit: Emit) async {
        do throws(PowerBIError) {
            let (target, path, query) = try consoleTarget(request, client: client, cloud: cloud)
            let started = ContinuousClock.now
            let response = try await target.send(request.method, path, query: query,
                                                  body: request.sendsBody ? Data(request.body.utf8) : nil, returningErrors: true)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            emit.yield(.console(.answered(ConsoleResponse(
                request: request, url: target.url(path, query: query).absoluteString, status: response.status, milliseconds: milliseconds,
                headers: response.headers.map { ($0.name, $0.value) }, bodyText: response.bodyText,
                json: response.body.isEmpty ? nil : try? JSONValue.parse(response.body)))))
        } catch {
            emit.yield(.console(.failed(error.description)))
        }
    }

    /// The console request as curl or a Power Automate action, for the clipboard.
    static func export(_ request: ConsoleRequest, _ format: ConsoleExport.Format, client: PowerBIClient, cloud: Cloud?) throws(PowerBIError) -> String {
        let (target, path, query) = try consoleTarget(request, client: client, cloud: cloud)
        let url = target.url(path, query: query).absoluteString
        let audience = DefaultScope.resource(of: target.scope)
        switch format {
        case .curl: return ConsoleExport.curl(request, url: url, audience: audience)
        case .powerAutomate: return ConsoleExport.powerAutomate(request, url: url, audience: audience, authority: (cloud ?? .public).authorityHost.absoluteString)
        }
    }

    /// After a refresh POST without a clear answer (no answer at all, a 5xx, an unreadable answer) nobody
    /// knows whether Power BI started the refresh; pbitui never sends it again, and says where to look.
    static func ambiguity(of error: PowerBIError) -> String {
        switch error {
        case let .service(service) where service.status < 500: return ""
        case .service, .transport, .malformedResponse:
            return " — Power BI may have started it anyway: the dataset's refresh history (Enter, then Tab) shows it; pbitui did not send it again"
        default: return ""
        }
    }
}
