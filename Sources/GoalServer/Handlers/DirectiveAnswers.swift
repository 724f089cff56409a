import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// The committees' answers to the region's planning directive as one application type: handed in preliminarily
/// by a writer of the committee, decided at a meeting (recorded by an administrator or the committee's
/// secretaries), and where every committee's answer stands on a day. The rules live in the domain
/// (`PlanningAnswers`, `Region.answerProblems`); `RegionService` registers them.
struct DirectiveAnswers: Sendable {
    let state: LiveState
    let now: @Sendable () -> Date

    func planning(_ request: GetPlanningRequest) throws(RPCError) -> PlanningMessage {
        let snapshot = state.snapshot
        let day: CivilDate
        if let text = request.on {
            guard let parsed = CivilDate(text.trimmingCharacters(in: .whitespaces)) else {
                throw RPCError.invalidArgument("on: \"\(text)\" is not a date; write YYYY-MM-DD", field: "on")
            }
            day = parsed
        } else {
            day = CivilDate.local(now())
        }
        let planning = snapshot.state.planning
        let directive = try domain { () throws(DomainError) in try planning.directive(request.plan) }
        return PlanningMessage(
            title: directive.title, year: directive.year, planFirstYear: directive.planPeriod.firstYear,
            planLastYear: directive.planPeriod.lastYear, on: day.description,
            committees: planning.standings(of: directive, on: day).map { standing in
                AnswerStandingMessage(
                    committee: standing.committee,
                    name: snapshot.region.committee(standing.committee)?.name ?? standing.committee,
                    state: standing.state.rawValue, preliminaryDue: standing.deadline?.preliminary?.description,
                    decidedDue: standing.deadline?.decided.description, missed: standing.missed?.description,
                    submittedOn: standing.preliminary?.on.description, decidedOn: standing.decision?.on.description,
                    paragraph: standing.decision?.paragraph)
            })
    }

    func submit(_ request: SubmitAnswerRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> AnswerMessage
    {
        let committee = try committee(request.committee, writer.stateSnapshot)
        let submission = try commit(context: context, writer: writer) { planning, date throws(DomainError) in
            try planning.submit(
                committee: committee, plan: request.plan, on: request.date, today: CivilDate.local(date), at: date,
                by: context.peer)
        }
        return message(submission, writer.stateSnapshot.region)
    }

    func decide(_ request: DecideAnswerRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> AnswerMessage
    {
        let committee = try committee(request.committee, writer.stateSnapshot)
        let submission = try commit(context: context, writer: writer) { planning, date throws(DomainError) in
            try planning.decide(
                committee: committee, plan: request.plan, on: request.date, paragraph: request.paragraph,
                today: CivilDate.local(date), at: date, by: context.peer)
        }
        return message(submission, writer.stateSnapshot.region)
    }

    private func committee(_ text: String?, _ state: GoalState) throws(RPCError) -> String {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return state.defaultCommittee }
        return try state.committee(named: text).abbreviation
    }

    private func commit(
        context: CallContext, writer: isolated StateWriter,
        _ change: (inout PlanningAnswers, Date) throws(DomainError) -> AnswerSubmission
    ) throws(RPCError) -> AnswerSubmission {
        let submission = try writer.commit(\.planning, logger: context.logger, change) {
            store, submission throws(StoreError) in
            try store.append(submission)
        }
        var metadata: Logger.Metadata = [
            "committee": "\(submission.committee)", "plan": "\(submission.planPeriod.display)",
            "state": "\(submission.state.rawValue)", "on": "\(submission.on)", "sequence": "\(submission.sequence)",
        ]
        if let paragraph = submission.paragraph { metadata["paragraph"] = "\(paragraph)" }
        context.logger.notice("planning answer handed in", metadata: metadata)
        return submission
    }

    /// The record on the wire, with what the directive's rules find in the committee's answer in the model.
    private func message(_ submission: AnswerSubmission, _ region: Region) -> AnswerMessage {
        var problems: [AnswerProblem] = []
        if let index = region.plans.firstIndex(where: {
            $0.committee == submission.committee && $0.period == submission.planPeriod
        }) {
            problems = region.answerProblems(plan: index)
        } else {
            problems = [
                AnswerProblem(
                    .warning, "plans",
                    "the model holds no answer of \(submission.committee) for \(submission.planPeriod.display): its "
                        + "result goals cannot be checked")
            ]
        }
        return AnswerMessage(
            sequence: submission.sequence, committee: submission.committee, plan: submission.planPeriod.display,
            state: submission.state.rawValue, on: submission.on.description, paragraph: submission.paragraph,
            recordedAt: WireDate.string(submission.recordedAt), recordedBy: submission.recordedBy.name,
            problems: problems.map {
                AnswerProblemMessage(severity: $0.severity.rawValue, path: $0.path, message: $0.message)
            })
    }
}
