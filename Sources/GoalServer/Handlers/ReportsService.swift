import Foundation
import GoalDomain
import GoalProtocol
import GoalReport

/// `goald.v1.Reports`: the follow-up report, rendered by goald so that every client gets the same document.
package struct ReportsService: RPCService {
    private let state: LiveState
    private let now: @Sendable () -> Date
    /// The HTTP side door's secret and address; nil when goald serves no HTTP.
    private let sideDoor: SideDoorAccess?

    package init(state: LiveState, sideDoor: SideDoorAccess? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.state = state
        self.sideDoor = sideDoor
        self.now = now
    }

    /// The formats a report comes in.
    enum Format: String, CaseIterable {
        case html, csv, md

        var mediaType: String {
            switch self {
            case .html: "text/html; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .md: "text/markdown; charset=utf-8"
            }
        }
    }

    package func register(on router: inout RPCRouter) {
        let state = self.state
        let now = self.now
        // Rendering takes milliseconds: off the event loop, as slow calls are.
        router.registerSlow(GoalRPC.renderReport, permission: .read) { request, _ in
            try Self.render(request, snapshot: state.snapshot, now: now())
        }
        router.registerSlow(GoalRPC.renderAnswer, permission: .read) { request, _ in
            try Self.renderAnswer(request, snapshot: state.snapshot, now: now())
        }
        // Whoever may call goald may open the side door: the socket's permissions are the door's.
        let sideDoor = self.sideDoor
        router.register(GoalRPC.getHTTPLogin, permission: .read) { _, _ in
            guard let login = sideDoor?.login else {
                throw RPCError(
                    .failedPrecondition,
                    "goald serves no HTTP: start it with --http 127.0.0.1:9464 (goald.conf `http`) or enable "
                        + "goald-http.socket")
            }
            return login
        }
    }

    /// A committee's answer to the planning directive ("Svar på planeringsdirektiv"), from the model and the
    /// answers handed in; HTML, in Swedish.
    static func renderAnswer(_ request: RenderAnswerRequest, snapshot: Snapshot, now: Date) throws(RPCError)
        -> ReportMessage
    {
        let region = snapshot.region
        let committee =
            try request.committee.map { text throws(RPCError) in try snapshot.state.committee(named: text) }?
            .abbreviation ?? snapshot.state.defaultCommittee
        let plans = region.plans(of: committee)
        let plan: CommitteePlan
        if let text = request.plan {
            guard let span = YearSpan(parsing: text), let found = plans.first(where: { $0.period == span }) else {
                throw RPCError(
                    .notFound,
                    "plan: \(committee) has no answer for \"\(text)\" in the model; its answers: "
                        + (plans.isEmpty ? "none" : plans.map(\.period.display).joined(separator: ", ")),
                    details: ["field": "plan"])
            }
            plan = found
        } else {
            guard let latest = plans.last else {
                throw RPCError(
                    .notFound, "committee: \(committee) has no answer in the model", details: ["field": "committee"])
            }
            plan = latest
        }
        let timeZone = TimeZone.current
        let html = AnswerHTMLReport.render(
            AnswerDocument(
                region: region, plan: plan, planning: snapshot.state.planning, madeAt: now, timeZone: timeZone))
        return ReportMessage(
            period: plan.period.display, periodChosen: request.plan == nil ? "latest" : "requested", language: "sv",
            format: "html", mediaType: Format.html.mediaType,
            fileName:
                "svar-planeringsdirektiv-\(committee.lowercased())-"
                + "\(plan.period.firstYear)-\(plan.period.lastYear).html",
            content: html)
    }

    /// - Parameter live: for goald's live page, the address of its events (the page then refreshes itself).
    package static func render(_ request: RenderReportRequest, snapshot: Snapshot, now: Date, live: String? = nil)
        throws(RPCError) -> ReportMessage
    {
        let languageText = request.language?.lowercased() ?? "sv"
        guard let language = ReportLanguage(rawValue: languageText) else {
            throw RPCError.invalidArgument(
                "language: expected \"sv\" or \"en\", found \"\(request.language ?? "")\"",
                field: "language")
        }
        guard let format = Format(rawValue: request.format?.lowercased() ?? "html") else {
            throw RPCError.invalidArgument(
                "format: expected \"html\", \"csv\" or \"md\", found \"\(request.format ?? "")\"",
                field: "format")
        }
        if request.region == true {
            return try renderRegion(
                request, snapshot: snapshot, language: language, format: format, now: now, live: live)
        }
        let followUp = try snapshot.followUp(committee: request.committee)
        let (period, chosen) = try GoalsService.choosePeriod(followUp, request.period, now: now)
        let report = FollowUpReport(
            followUp: followUp, travel: snapshot.travel, period: period, madeAt: now,
            timeZone: .current)
        let content =
            switch format {
            case .html: HTMLReport.render(report, language: language, live: live)
            case .csv: CSVReport.render(report, language: language)
            case .md: MarkdownReport.render(report, language: language)
            }
        let stem = language == .sv ? "uppfoljning" : "follow-up"
        return ReportMessage(
            period: period.description, periodChosen: chosen, language: language.rawValue,
            format: format.rawValue, mediaType: format.mediaType,
            fileName: "\(stem)-\(period).\(format.rawValue)", content: content)
    }

    /// The region's coordinated report: every committee's follow-up of the period and the region's judgements.
    static func renderRegion(
        _ request: RenderReportRequest, snapshot: Snapshot, language: ReportLanguage, format: Format, now: Date,
        live: String? = nil
    ) throws(RPCError) -> ReportMessage {
        if let committee = request.committee, !committee.isEmpty {
            throw RPCError.invalidArgument(
                "committee: the region's report covers every committee; give committee or region, not both",
                field: "committee")
        }
        guard format == .html else {
            throw RPCError.invalidArgument(
                "format: the region's report comes as html; a committee's report comes as csv or md too",
                field: "format")
        }
        let (period, chosen) = try RegionService.choosePeriod(snapshot, request.period, now: now)
        let report = RegionReport(
            region: snapshot.region, followUps: snapshot.state.followUps, own: snapshot.state.regionFollowUp,
            judgements: snapshot.state.judgements,
            travel: snapshot.travel, period: period, madeAt: now, timeZone: .current)
        let stem = language == .sv ? "uppfoljning-region" : "follow-up-region"
        return ReportMessage(
            period: period.description, periodChosen: chosen, language: language.rawValue,
            format: format.rawValue, mediaType: format.mediaType,
            fileName: "\(stem)-\(period).html", content: RegionHTMLReport.render(report, language: language, live: live)
        )
    }
}
