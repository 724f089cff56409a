import Foundation
import GoalDomain
import GoalProtocol
import GoalReport
import GoalServer

/// What each address of the side door answers, from goald's live state. Everything here reads; nothing writes.
package struct HTTPRoutes: Sendable {
    /// An answer: a whole document, or an event stream kept open.
    package enum Answer: Sendable {
        case document(status: Int, contentType: String, body: [UInt8], extraHeaders: [(String, String)] = [])
        case events(EventScope)
    }

    /// Whose follow-up a page or its events show: a committee's (nil: the default committee's), or the region's.
    package struct EventScope: Sendable, Hashable {
        package var period: String?
        package var committee: String?
        package var region: Bool

        /// The scope a query names: `period`, `committee=HSN`, `region=1`.
        init(_ query: [String: String]) {
            period = query["period"]
            committee = query["committee"].flatMap { $0.isEmpty ? nil : $0 }
            region = query["region"].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
        }

        /// The query that names this scope again, `?period=…&committee=…` (empty for none).
        var query: String {
            let parts =
                (period.map { ["period=" + HTTPRoutes.escapeQuery($0)] } ?? [])
                + (committee.map { ["committee=" + HTTPRoutes.escapeQuery($0)] } ?? []) + (region ? ["region=1"] : [])
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

    package let state: LiveState
    package let metrics: MetricsExposition?
    package let now: @Sendable () -> Date

    package init(state: LiveState, metrics: MetricsExposition?, now: @escaping @Sendable () -> Date = Date.init) {
        self.state = state
        self.metrics = metrics
        self.now = now
    }

    static let html = "text/html; charset=utf-8"
    static let text = "text/plain; charset=utf-8"

    /// The paths served, for the words of a 404.
    static let paths = ["/", "/region", "/report", "/events", "/metrics", "/healthz", HTMLReport.liveScriptPath]

    /// The content policy of a page, as a header (its `<meta>` says the same): the live page's or the report's; no
    /// page may be framed.
    static func policy(live: Bool) -> (String, String) {
        (
            "Content-Security-Policy",
            (live ? HTMLReport.livePolicy : HTMLReport.policy) + "; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'none'"
        )
    }

    /// The policy of every answer that does not give its own: nothing at all, not framed.
    static let defaultPolicy = "default-src 'none'; frame-ancestors 'none'"

    /// The answer to a GET (or HEAD) of `path` with its query.
    package func answer(path: String, query: [String: String]) -> Answer {
        switch path {
        case "/", "/index.html":
            return report(query, live: "/events" + EventScope(query).query)
        case "/region":
            var regional = query
            regional["region"] = "1"
            return report(regional, live: "/events" + EventScope(regional).query)
        case "/report":
            return report(query, live: nil)
        case HTMLReport.liveScriptPath:
            return .document(
                status: 200, contentType: "text/javascript; charset=utf-8",
                body: Array(HTMLReport.liveScriptSource.utf8))
        case "/events":
            let scope = EventScope(query)
            // The first event is made now: a period or committee it cannot show is refused before the stream opens.
            do {
                _ = try Self.event(scope, snapshot: state.snapshot, generation: 0, serving: true, now: now())
            } catch {
                return Self.problem(error.code == .notFound ? 404 : 400, error.message)
            }
            return .events(scope)
        case "/metrics":
            guard let metrics else { return Self.problem(404, "metrics are not collected by this goald") }
            return .document(status: 200, contentType: MetricsExposition.contentType, body: metrics.scrape())
        case "/healthz":
            let serving = state.isServing
            return .document(
                status: serving ? 200 : 503, contentType: Self.text,
                body: Array((serving ? "SERVING\n" : "NOT_SERVING\n").utf8))
        default:
            return Self.problem(404, "no page at \(path); goald serves " + Self.paths.joined(separator: ", "))
        }
    }

    private func report(_ query: [String: String], live: String?) -> Answer {
        let scope = EventScope(query)
        let request = RenderReportRequest(
            period: scope.period, language: query["lang"], format: "html", committee: scope.committee,
            region: scope.region ? true : nil)
        do {
            let message = try ReportsService.render(request, snapshot: state.snapshot, now: now(), live: live)
            return .document(
                status: 200, contentType: Self.html, body: Array(message.content.utf8),
                extraHeaders: [("Cache-Control", "no-store"), Self.policy(live: live != nil)])
        } catch {
            // The message starts with the field it names; on this page the language is the query's `lang`.
            let message =
                error.message.hasPrefix("language:")
                ? "lang:" + error.message.dropFirst("language:".count) : error.message
            return Self.problem(400, message)
        }
    }

    static func problem(_ status: Int, _ message: String) -> Answer {
        .document(status: status, contentType: text, body: Array((message + "\n").utf8))
    }

    static func escapeQuery(_ value: String) -> String {
        value.addingPercentEncoding(
            withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? ""
    }

    /// The message an event carries: how many changes goald has seen and where the follow-up stands (a
    /// committee's, or the region's: every committee's tally together and how many effect goals the region has
    /// judged), so that every change makes a new event. `final` once goald stops serving.
    package func eventSource(_ scope: EventScope) -> StreamSource {
        let state = self.state
        let now = self.now
        return StreamSource { snapshot, serving throws(RPCError) in
            let event = try Self.event(
                scope, snapshot: snapshot, generation: state.generation, serving: serving, now: now())
            do {
                return (try WireJSON.encode(event), !serving)
            } catch {
                throw RPCError(.internal, "cannot write the status event: \(error)")
            }
        }
    }

    static func event(_ scope: EventScope, snapshot: Snapshot, generation: UInt64, serving: Bool, now: Date)
        throws(RPCError) -> StatusEvent
    {
        let trips = snapshot.travel.ledger.tripCount
        if scope.region {
            let status = try RegionService.status(snapshot, period: scope.period, now: now)
            let tallies = status.effectGoals.flatMap(\.committees).flatMap(\.resultGoals).map(\.tally)
            return StatusEvent(
                generation: generation, period: status.period, serving: serving,
                met: tallies.map(\.met).reduce(0, +), partlyMet: tallies.map(\.partlyMet).reduce(0, +),
                notMet: tallies.map(\.notMet).reduce(0, +), noData: tallies.map(\.noData).reduce(0, +),
                trips: trips, committee: nil,
                effectGoalsJudged: status.effectGoals.filter { $0.assessment != nil }.count)
        }
        let followUp = try snapshot.followUp(committee: scope.committee)
        let (chosen, _) = try GoalsService.choosePeriod(followUp, scope.period, now: now)
        let tally = followUp.status(for: chosen, travel: snapshot.travel, today: CivilDate.local(now)).tally
        return StatusEvent(
            generation: generation, period: chosen.description, serving: serving,
            met: tally.met, partlyMet: tally.partlyMet, notMet: tally.notMet, noData: tally.noData, trips: trips,
            committee: scope.committee.map { _ in followUp.plan.committeeAbbreviation }, effectGoalsJudged: nil)
    }
}

/// One event of `/events`: where the status stands after a change.
struct StatusEvent: Encodable {
    var generation: UInt64
    var period: String
    var serving: Bool
    var met: Int
    var partlyMet: Int
    var notMet: Int
    var noData: Int
    var trips: Int
    /// The committee whose follow-up it is, when the query named one.
    var committee: String?
    /// For the region: how many of its effect goals it has judged for the period.
    var effectGoalsJudged: Int?
}
