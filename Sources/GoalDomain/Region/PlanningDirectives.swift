import Foundation

/// The region's planning directive of one spring: the plan period it asks the committees to answer for, and per
/// committee the dates its answer is due, first preliminarily (where asked), then decided by the committee.
package struct PlanningDirective: Sendable, Hashable {
    /// The year the directive is issued and answered in (the spring before the plan period).
    package var year: Int
    package var title: String
    /// The plan period the answers are for, such as 2024–2026.
    package var planPeriod: YearSpan
    package var deadlines: [AnswerDeadline]
    /// The directive's own introduction, which every answer opens with (its deadlines are listed from
    /// `deadlines`).
    package var introduction: String?

    package init(
        year: Int, title: String, planPeriod: YearSpan, deadlines: [AnswerDeadline], introduction: String? = nil
    ) {
        self.year = year
        self.title = title
        self.planPeriod = planPeriod
        self.deadlines = deadlines
        self.introduction = introduction
    }
}

/// When one committee's answer to a directive is due.
package struct AnswerDeadline: Sendable, Hashable {
    package var committee: String
    /// The preliminary answer's last day; nil where none is asked.
    package var preliminary: CivilDate?
    /// The decided answer's last day.
    package var decided: CivilDate

    package init(committee: String, preliminary: CivilDate?, decided: CivilDate) {
        self.committee = committee
        self.preliminary = preliminary
        self.decided = decided
    }
}

/// A committee's answer handed in: preliminarily (officials' draft) or as decided by the committee at a meeting.
package struct AnswerSubmission: Sendable, Hashable {
    package enum State: String, Sendable, Hashable {
        case preliminary, decided
    }

    package var sequence: Int64
    package var committee: String
    /// The plan period of the directive answered.
    package var planPeriod: YearSpan
    package var state: State
    /// The day it was handed in, or the meeting that decided it.
    package var on: CivilDate
    /// The paragraph of the minutes, for a decided answer.
    package var paragraph: String?
    package var recordedAt: Date
    package var recordedBy: Author

    package init(
        sequence: Int64, committee: String, planPeriod: YearSpan, state: State, on: CivilDate, paragraph: String?,
        recordedAt: Date, recordedBy: Author
    ) {
        self.sequence = sequence
        self.committee = committee
        self.planPeriod = planPeriod
        self.state = state
        self.on = on
        self.paragraph = paragraph
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Where a committee's answer to a directive stands on a day.
package struct AnswerStanding: Sendable, Hashable {
    package enum State: String, Sendable, Hashable {
        /// Nothing handed in, and no deadline has passed.
        case notSubmitted
        /// A deadline has passed with nothing handed in for it: the preliminary answer, or the decided one.
        case overdue
        /// Handed in preliminarily; the decided answer is still to come.
        case preliminary
        case decided
    }

    package var committee: String
    package var deadline: AnswerDeadline?
    package var state: State
    /// The preliminary answer, when handed in.
    package var preliminary: AnswerSubmission?
    package var decision: AnswerSubmission?
    /// The deadline passed with nothing handed in for it, when overdue.
    package var missed: CivilDate?
}

/// Every committee's answers to the region's planning directives, as handed in. Pure: goald stores what it
/// returns.
package struct PlanningAnswers: Sendable {
    package let directives: [PlanningDirective]
    package let committees: [Committee]
    package private(set) var submissions: [AnswerSubmission] = []
    package private(set) var lastSequence: Int64 = 0

    package init(region: Region) {
        directives = region.directives
        committees = region.committees
    }

    /// The directive for a plan period written `2024-2026` (or `2024–2026`); without one, the latest directive.
    package func directive(_ text: String?) throws(DomainError) -> PlanningDirective {
        let known = directives.map(\.planPeriod.display).joined(separator: ", ")
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            guard let latest = directives.max(by: { $0.year < $1.year }) else {
                throw DomainError(
                    .failedPrecondition, field: "plan", "plan: the model holds no planning directive (directives)")
            }
            return latest
        }
        guard let span = YearSpan(parsing: text) else {
            throw .invalid("plan", "\"\(text)\" is not a plan period; write FIRST-LAST, such as 2024-2026")
        }
        guard let directive = directives.first(where: { $0.planPeriod == span }) else {
            throw DomainError(
                .notFound, field: "plan",
                "plan: no planning directive asks for \(span.display); the model's directives ask for: "
                    + (known.isEmpty ? "none" : known))
        }
        return directive
    }

    /// Where every committee's answer to `directive` stands on `day`, in the model's order of committees.
    package func standings(of directive: PlanningDirective, on day: CivilDate) -> [AnswerStanding] {
        committees.map { committee in standing(of: committee.abbreviation, to: directive, on: day) }
    }

    package func standing(of committee: String, to directive: PlanningDirective, on day: CivilDate) -> AnswerStanding {
        let deadline = directive.deadlines.first { $0.committee == committee }
        let mine = submissions.filter {
            $0.committee == committee && $0.planPeriod == directive.planPeriod && $0.on <= day
        }
        let preliminary = mine.last { $0.state == .preliminary }
        let decision = mine.last { $0.state == .decided }
        var standing = AnswerStanding(
            committee: committee, deadline: deadline, state: .notSubmitted, preliminary: preliminary,
            decision: decision)
        if decision != nil {
            standing.state = .decided
        } else if let deadline, deadline.decided < day {
            standing.state = .overdue
            standing.missed = deadline.decided
        } else if preliminary != nil {
            standing.state = .preliminary
        } else if let due = deadline?.preliminary, due < day {
            standing.state = .overdue
            standing.missed = due
        }
        return standing
    }

    /// Hands in a committee's preliminary answer to the directive for `plan` on `day` (not after `today`).
    package mutating func submit(
        committee: String, plan: String?, on dayText: String?, today: CivilDate, at date: Date, by author: Author
    ) throws(DomainError) -> AnswerSubmission {
        try handIn(
            .preliminary, committee: committee, plan: plan, on: dayText, paragraph: nil, today: today, at: date,
            by: author)
    }

    /// Records the committee's decision of its answer at a meeting on `day`, under a paragraph of its minutes.
    package mutating func decide(
        committee: String, plan: String?, on dayText: String?, paragraph text: String, today: CivilDate, at date: Date,
        by author: Author
    ) throws(DomainError) -> AnswerSubmission {
        try handIn(
            .decided, committee: committee, plan: plan, on: dayText, paragraph: try FollowUp.paragraph(text),
            today: today, at: date, by: author)
    }

    /// An answer handed in: the directive asks the committee for it (a preliminary one only where it asks one),
    /// it is not decided yet, and a decision is not dated before the preliminary answer.
    private mutating func handIn(
        _ state: AnswerSubmission.State, committee: String, plan: String?, on dayText: String?, paragraph: String?,
        today: CivilDate, at date: Date, by author: Author
    ) throws(DomainError) -> AnswerSubmission {
        let directive = try directive(plan)
        let period = directive.planPeriod.display
        guard let deadline = directive.deadlines.first(where: { $0.committee == committee }) else {
            throw DomainError(
                .failedPrecondition, field: "committee",
                "committee: the directive for \(period) asks no answer of \(committee) (the model's directives)")
        }
        let day = try Self.day(dayText, today: today)
        let standing = standing(of: committee, to: directive, on: today)
        guard standing.decision == nil else {
            throw DomainError(
                .failedPrecondition, field: "committee",
                "committee: \(committee)'s answer for \(period) is decided already")
        }
        if state == .preliminary, deadline.preliminary == nil {
            throw DomainError(
                .failedPrecondition, field: "committee",
                "committee: the directive asks \(committee) for its decided answer alone (by \(deadline.decided)): "
                    + "goalctl answer decide")
        }
        if state == .decided, let preliminary = standing.preliminary, day < preliminary.on {
            throw .invalid("date", "\(day) is before the preliminary answer was handed in (\(preliminary.on))")
        }
        return record(
            AnswerSubmission(
                sequence: lastSequence + 1, committee: committee, planPeriod: directive.planPeriod, state: state,
                on: day, paragraph: paragraph, recordedAt: date, recordedBy: author))
    }

    private static func day(_ text: String?, today: CivilDate) throws(DomainError) -> CivilDate {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return today }
        guard let day = CivilDate(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid("date", "\"\(text)\" is not a date; write YYYY-MM-DD")
        }
        guard day <= today else { throw .invalid("date", "\(day) is after today (\(today))") }
        return day
    }

    private mutating func record(_ submission: AnswerSubmission) -> AnswerSubmission {
        restore(submission)
        return submission
    }

    /// The next record's sequence follows `sequence` (the store's sequences are shared by every record).
    package mutating func sequencesUsed(through sequence: Int64) {
        lastSequence = max(lastSequence, sequence)
    }

    package mutating func restore(_ submission: AnswerSubmission) {
        lastSequence = max(lastSequence, submission.sequence)
        submissions.append(submission)
    }
}

extension YearSpan {
    /// A plan period as people write it, `2024-2026` or `2024–2026`; nil for anything else.
    package init?(parsing text: String) {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "–" })
        guard parts.count == 2, let first = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let last = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else { return nil }
        self.init(firstYear: first, lastYear: last)
    }
}
