import EntraAuth
import Foundation
import HTTPCore
import Testing
import Tokens
@testable import PowerBI

/// The one refresh polling policy the screen and `refresh --wait` share.
@Suite struct RefreshPollingTests {
    static let completed = #"{"value":[{"requestId":"5a2f0f6e-1111-2222-3333-444455556666","refreshType":"ViaApi","status":"Completed","startTime":"2026-11-27T05:00:00Z","endTime":"2026-11-27T05:00:03Z"}]}"#
    static let ticket = RefreshTicket(requestId: "5a2f0f6e-1111-2222-3333-444455556666", location: nil, enhanced: false,
                                      acceptedAt: Date(), scope: .group("g"), datasetId: "d")

    /// Quick pauses, so that a test follows through failed looks in milliseconds.
    static var quick: RefreshPolling {
        var polling = RefreshPolling.command
        polling.interval = .milliseconds(1)
        polling.maximumInterval = .milliseconds(4)
        polling.retryPause = .milliseconds(1)
        polling.afterFailedLook = .milliseconds(1)
        return polling
    }

    @Test func theCommandBacksOffAndTheScreenLooksEveryTwoSeconds() {
        #expect((1...6).map { RefreshPolling.command.pause(afterLooks: $0) } == [.seconds(2), .seconds(4), .seconds(8), .seconds(15), .seconds(15), .seconds(15)])
        #expect((1...4).map { RefreshPolling.screen.pause(afterLooks: $0) } == Array(repeating: .seconds(2), count: 4))
        #expect(RefreshPolling.screen.afterFailedLook == RefreshPolling.command.afterFailedLook)
        #expect(RefreshPolling.screen.giveUpAfter == RefreshPolling.command.giveUpAfter)
    }

    @Test(arguments: [(401, false), (403, false), (404, false), (408, true), (429, true), (500, true), (503, true)])
    func onlyAnAnswerThatLookingAgainCanChangeIsRetried(status: Int, retried: Bool) {
        let error = PowerBIError.service(ServiceError(status: status, code: nil, detail: nil, requestId: nil, retryAfter: nil, method: "GET", path: "/refreshes"))
        #expect(RefreshPolling.worthLookingAgain(after: error) == retried)
        #expect(RefreshPolling.screen.givesUp(after: error, acceptedAt: Date(), now: Date()) == !retried)
    }

    @Test func failedLooksStopTwoHoursAfterTheRefreshWasAccepted() {
        let dropped = PowerBIError.transport(.cancelled)
        let accepted = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(!RefreshPolling.command.givesUp(after: dropped, acceptedAt: accepted, now: accepted.addingTimeInterval(7_000)))
        #expect(RefreshPolling.command.givesUp(after: dropped, acceptedAt: accepted, now: accepted.addingTimeInterval(7_300)))
    }

    @Test func followingGoesOnThroughFailedLooksToTheEnd() async throws {
        // Nine 503s: more than one look's tries (the client's GET retries are off), then the history.
        let transport = ScriptedTransport { _, index in
            index < 9 ? ScriptedTransport.json(503, #"{"error":{"code":"ServiceUnavailable"}}"#) : ScriptedTransport.json(200, Self.completed)
        }
        let client = ClientRetryTests.client(transport, policy: .none)
        let failures = Counter()
        let final = try await RefreshTracker(client: client, polling: Self.quick).follow(Self.ticket, timeout: .seconds(300), failedLook: { _ in failures.add() })
        #expect(final.state == .completed)
        #expect(failures.value == 2, "nine failed tries are two failed looks of four tries and a third look's first try")
        #expect(transport.requests.count == 10)
    }

    @Test func aRefusalEndsFollowingAtOnce() async throws {
        let transport = ScriptedTransport { _, _ in ScriptedTransport.json(403, #"{"error":{"code":"PowerBINotAuthorizedException"}}"#) }
        let client = ClientRetryTests.client(transport, policy: .none)
        await #expect {
            _ = try await RefreshTracker(client: client, polling: Self.quick).follow(Self.ticket, timeout: .seconds(300))
        } throws: { error in
            guard case let .service(service) = error as? PowerBIError else { return false }
            return service.status == 403
        }
        #expect(transport.requests.count == 1, "a 403 is not tried again")
    }
}

/// Counts calls from a `@Sendable` closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
