public import Foundation

/// What is known about a refresh being followed.
public struct RefreshObservation: Sendable, Hashable {
    public let state: RefreshState
    /// The request id, once known (a standard refresh's may only be found in the history).
    public let requestId: String?
    public let startTime: Date?
    public let endTime: Date?
    /// `errorCode` of a failed refresh's `serviceExceptionJson`, or the first error message's code.
    public let errorCode: String?
    public let errorMessage: String?
    /// The status word as the service wrote it (`Unknown` while a standard refresh runs).
    public let serviceStatus: String?

    public init(state: RefreshState, requestId: String?, startTime: Date?, endTime: Date?, errorCode: String?, errorMessage: String?,
                serviceStatus: String? = nil) {
        self.serviceStatus = serviceStatus
        self.state = state
        self.requestId = requestId
        self.startTime = startTime
        self.endTime = endTime
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }
}

/// Follows a refresh to its end: an enhanced refresh through its details, a standard one through the
/// history (its row matched by request id, else the newest API refresh that started after the POST).
public struct RefreshTracker: Sendable {
    public let client: PowerBIClient
    /// When to look and how long to go on (``RefreshPolling/command`` or ``RefreshPolling/screen``).
    public let polling: RefreshPolling

    public init(client: PowerBIClient, polling: RefreshPolling = .command) {
        self.client = client
        self.polling = polling
    }

    /// The command's policy with other intervals (tests follow the simulator's quick refreshes).
    public init(client: PowerBIClient, interval: Duration, maximumInterval: Duration) {
        var polling = RefreshPolling.command
        polling.interval = interval
        polling.maximumInterval = maximumInterval
        self.init(client: client, polling: polling)
    }

    /// Looks once.
    public func observe(_ ticket: RefreshTicket) async throws(PowerBIError) -> RefreshObservation {
        if ticket.enhanced, let requestId = ticket.requestId {
            do {
                let detail = try await client.refreshDetail(requestId, of: ticket.datasetId, in: ticket.scope)
                let error = detail.messages.first { $0.type?.lowercased() == "error" }
                return RefreshObservation(state: detail.state, requestId: requestId, startTime: detail.startTime, endTime: detail.endTime,
                                          errorCode: error?.code, errorMessage: error?.message, serviceStatus: detail.extendedStatus ?? detail.status)
            } catch {
                guard case let .service(service) = error, service.status == 404 else { throw error }
                // Not (yet) known to the details endpoint: the history may know it.
            }
        }
        let history = try await client.refreshHistory(of: ticket.datasetId, in: ticket.scope, top: 20)
        let row = Self.match(ticket, in: history)
        guard let row else {
            return RefreshObservation(state: .notStarted, requestId: ticket.requestId, startTime: nil, endTime: nil, errorCode: nil, errorMessage: nil)
        }
        return RefreshObservation(state: row.state, requestId: row.requestId ?? ticket.requestId, startTime: row.startTime, endTime: row.endTime,
                                  errorCode: row.errorCode, errorMessage: row.errorDescription, serviceStatus: row.extendedStatus ?? row.status)
    }

    /// The history row of the ticket's refresh.
    public static func match(_ ticket: RefreshTicket, in history: [Refresh]) -> Refresh? {
        if let requestId = ticket.requestId, let row = history.first(where: { $0.requestId.map { ItemID.same($0, requestId) } == true }) {
            return row
        }
        // Clocks differ; a minute of slack before the POST's answer.
        let earliest = ticket.acceptedAt.addingTimeInterval(-60)
        return history
            .filter { ($0.refreshType?.is("ViaApi") == true || $0.refreshType?.is("ViaEnhancedApi") == true) && ($0.startTime ?? .distantPast) >= earliest }
            .max { ($0.startTime ?? .distantPast) < ($1.startTime ?? .distantPast) }
    }

    /// One look, tried up to ``RefreshPolling/triesPerLook`` times before its error is thrown (a refresh
    /// is not reported as lost because one GET failed).
    public func look(_ ticket: RefreshTicket) async throws(PowerBIError) -> RefreshObservation {
        var attempt = 0
        while true {
            do {
                return try await observe(ticket)
            } catch {
                attempt += 1
                if attempt >= polling.triesPerLook || !RefreshPolling.worthLookingAgain(after: error) { throw error }
                do { try await Task.sleep(for: polling.retryPause * attempt) } catch { throw .transport(.cancelled) }
            }
        }
    }

    /// Looks until the refresh ends (or `timeout` passes), telling `update` about every change, paced by
    /// ``polling``: the pause between looks grows from its interval to its maximum; after a failed look
    /// the next comes later, until the policy gives up (``RefreshPolling/givesUp(after:acceptedAt:now:)``),
    /// when the last error is thrown.
    public func follow(_ ticket: RefreshTicket, timeout: Duration? = nil,
                       update: @Sendable (RefreshObservation) -> Void = { _ in },
                       failedLook: @Sendable (PowerBIError) -> Void = { _ in }) async throws(PowerBIError) -> RefreshObservation {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var looks = 0
        var last: RefreshObservation?
        while true {
            var pause: Duration
            do {
                let observation = try await look(ticket)
                looks += 1
                if observation != last { update(observation) }
                last = observation
                if observation.state.isFinal { return observation }
                pause = polling.pause(afterLooks: looks)
            } catch {
                if polling.givesUp(after: error, acceptedAt: ticket.acceptedAt, now: Date()) { throw error }
                failedLook(error)
                pause = polling.afterFailedLook
            }
            if let deadline, clock.now + pause > deadline {
                return last ?? RefreshObservation(state: .notStarted, requestId: ticket.requestId, startTime: nil, endTime: nil, errorCode: nil, errorMessage: nil)
            }
            do { try await Task.sleep(for: pause) } catch { throw .transport(.cancelled) }
        }
    }
}
