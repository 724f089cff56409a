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
        case events(period: String?)
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
    static let paths = ["/", "/report", "/events", "/metrics", "/healthz", HTMLReport.liveScriptPath]

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
            let events = "/events" + (query["period"].map { "?period=" + Self.escapeQuery($0) } ?? "")
            return report(query, live: events)
        case "/report":
            return report(query, live: nil)
        case HTMLReport.liveScriptPath:
            return .document(
                status: 200, contentType: "text/javascript; charset=utf-8",
                body: Array(HTMLReport.liveScriptSource.utf8))
        case "/events":
            if let period = query["period"], (try? state.snapshot.followUp.period(period)) == nil {
                return Self.problem(400, "period: \(period) is not a period of the plan")
            }
            return .events(period: query["period"])
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
        let request = RenderReportRequest(period: query["period"], language: query["lang"], format: "html")
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

    /// The message an event carries: how many changes goald has seen and where the follow-up stands, so that every
    /// change makes a new event. `final` once goald stops serving.
    package func eventSource(period: String?) -> StreamSource {
        let state = self.state
        let now = self.now
        return StreamSource { snapshot, serving throws(RPCError) in
            let followUp = snapshot.followUp
            let (chosen, _) = try GoalsService.choosePeriod(followUp, period, now: now())
            let status = followUp.status(for: chosen, travel: snapshot.travel, today: CivilDate.local(now()))
            let tally = status.tally
            let event = StatusEvent(
                generation: state.generation, period: chosen.description, serving: serving,
                met: tally.met, partlyMet: tally.partlyMet, notMet: tally.notMet,
                noData: tally.noData, trips: snapshot.travel.ledger.tripCount)
            do {
                return (try WireJSON.encode(event), !serving)
            } catch {
                throw RPCError(.internal, "cannot write the status event: \(error)")
            }
        }
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
}
