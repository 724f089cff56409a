/// Params of `goald.v1.Region/GetPlanning`: where every committee's answer to a planning directive stands.
package struct GetPlanningRequest: Codable, Sendable, Hashable {
    /// The directive by the plan period it asks for, `2024-2026`; absent: the latest directive.
    package var plan: String?
    /// The day to judge the deadlines on, `YYYY-MM-DD`; absent: goald's today. Answers handed in after it do not
    /// count.
    package var on: String?

    package init(plan: String? = nil, on: String? = nil) {
        self.plan = plan
        self.on = on
    }
}

/// Params of `goald.v1.Region/SubmitAnswer`: a committee hands in its preliminary answer.
package struct SubmitAnswerRequest: Codable, Sendable, Hashable {
    package var committee: String?
    package var plan: String?
    /// The day it was handed in; absent: today.
    package var date: String?

    package init(committee: String? = nil, plan: String? = nil, date: String? = nil) {
        self.committee = committee
        self.plan = plan
        self.date = date
    }
}

/// Params of `goald.v1.Region/DecideAnswer`: the committee decided its answer at a meeting.
package struct DecideAnswerRequest: Codable, Sendable, Hashable {
    package var committee: String?
    package var plan: String?
    /// The meeting's date; absent: today.
    package var date: String?
    package var paragraph: String

    package init(committee: String? = nil, plan: String? = nil, date: String? = nil, paragraph: String) {
        self.committee = committee
        self.plan = plan
        self.date = date
        self.paragraph = paragraph
    }
}

/// A finding of the directive's rules on an answer.
package struct AnswerProblemMessage: Codable, Sendable, Hashable {
    /// `error` or `warning`.
    package var severity: String
    package var path: String
    package var message: String

    package init(severity: String, path: String, message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }
}

/// An answer handed in, as recorded, with what the directive's rules found in the committee's answer.
package struct AnswerMessage: Codable, Sendable, Hashable {
    package var sequence: Int64
    package var committee: String
    /// The plan period answered for: `2024–2026`.
    package var plan: String
    /// `preliminary` or `decided`.
    package var state: String
    /// The day handed in, or the meeting's.
    package var on: String
    package var paragraph: String?
    package var recordedAt: String
    package var recordedBy: String
    package var problems: [AnswerProblemMessage]

    package init(
        sequence: Int64, committee: String, plan: String, state: String, on: String, paragraph: String?,
        recordedAt: String, recordedBy: String, problems: [AnswerProblemMessage]
    ) {
        self.sequence = sequence
        self.committee = committee
        self.plan = plan
        self.state = state
        self.on = on
        self.paragraph = paragraph
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.problems = problems
    }
}

/// One committee's answer to a directive on a day.
package struct AnswerStandingMessage: Codable, Sendable, Hashable {
    package var committee: String
    package var name: String
    /// `notSubmitted`, `overdue`, `preliminary` or `decided`.
    package var state: String
    /// The last day of the preliminary answer, where one is asked, and of the decided one; absent when the
    /// directive sets the committee no date.
    package var preliminaryDue: String?
    package var decidedDue: String?
    /// For an overdue answer: the deadline passed.
    package var missed: String?
    package var submittedOn: String?
    package var decidedOn: String?
    package var paragraph: String?

    package init(
        committee: String, name: String, state: String, preliminaryDue: String?, decidedDue: String?,
        missed: String?, submittedOn: String?, decidedOn: String?, paragraph: String?
    ) {
        self.committee = committee
        self.name = name
        self.state = state
        self.preliminaryDue = preliminaryDue
        self.decidedDue = decidedDue
        self.missed = missed
        self.submittedOn = submittedOn
        self.decidedOn = decidedOn
        self.paragraph = paragraph
    }
}

/// The answer of `goald.v1.Region/GetPlanning`.
package struct PlanningMessage: Codable, Sendable, Hashable {
    package var title: String
    /// The year the directive is answered in.
    package var year: Int
    package var planFirstYear: Int
    package var planLastYear: Int
    /// The day the deadlines were judged on.
    package var on: String
    package var committees: [AnswerStandingMessage]

    package init(
        title: String, year: Int, planFirstYear: Int, planLastYear: Int, on: String,
        committees: [AnswerStandingMessage]
    ) {
        self.title = title
        self.year = year
        self.planFirstYear = planFirstYear
        self.planLastYear = planLastYear
        self.on = on
        self.committees = committees
    }
}
