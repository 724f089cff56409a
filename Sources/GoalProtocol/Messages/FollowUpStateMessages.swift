/// Params of `goald.v1.Goals/MarkReady`: a committee's follow-up of a period is ready for its decision.
package struct MarkReadyRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    package var period: String

    package init(period: String, committee: String? = nil) {
        self.committee = committee
        self.period = period
    }
}

/// Params of `goald.v1.Goals/DecideFollowUp`: the committee decided its follow-up of a period at a meeting.
package struct DecideFollowUpRequest: Codable, Sendable, Hashable {
    package var committee: String?
    package var period: String
    /// The meeting's date, `YYYY-MM-DD`.
    package var date: String
    /// The paragraph (§) of the minutes: `87`.
    package var paragraph: String

    package init(period: String, date: String, paragraph: String, committee: String? = nil) {
        self.committee = committee
        self.period = period
        self.date = date
        self.paragraph = paragraph
    }
}

/// Params of `goald.v1.Goals/ReopenFollowUp`: a ready or decided follow-up of a period becomes a draft again.
package struct ReopenFollowUpRequest: Codable, Sendable, Hashable {
    package var committee: String?
    package var period: String
    package var reason: String

    package init(period: String, reason: String, committee: String? = nil) {
        self.committee = committee
        self.period = period
        self.reason = reason
    }
}

/// Params of `goald.v1.Goals/ListFollowUpStates`.
package struct ListFollowUpStatesRequest: Codable, Sendable, Hashable {
    package var committee: String?
    /// One period alone; absent: every period of the committee's plans.
    package var period: String?

    package init(committee: String? = nil, period: String? = nil) {
        self.committee = committee
        self.period = period
    }
}

/// One change of a follow-up's state, as recorded.
package struct FollowUpStateMessage: Codable, Sendable, Hashable {
    package var sequence: Int64
    package var committee: String
    package var period: String
    /// `draft` (reopened), `ready` or `decided`.
    package var state: String
    /// For a decision: the meeting's date and the paragraph of its minutes.
    package var decidedOn: String?
    package var paragraph: String?
    /// For a reopening: why.
    package var reason: String?
    package var recordedAt: String
    package var recordedBy: String

    package init(
        sequence: Int64, committee: String, period: String, state: String, decidedOn: String? = nil,
        paragraph: String? = nil, reason: String? = nil, recordedAt: String, recordedBy: String
    ) {
        self.sequence = sequence
        self.committee = committee
        self.period = period
        self.state = state
        self.decidedOn = decidedOn
        self.paragraph = paragraph
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Where a period's follow-up stands: its state, the decision in force, and how many records were withdrawn
/// after that decision.
package struct FollowUpStateNote: Codable, Sendable, Hashable {
    /// `draft`, `ready` or `decided`.
    package var state: String
    package var decidedOn: String?
    package var paragraph: String?
    /// Records withdrawn after the decision (the report lists them as changed after the decision).
    package var changedAfterDecision: Int?

    package init(state: String, decidedOn: String? = nil, paragraph: String? = nil, changedAfterDecision: Int? = nil) {
        self.state = state
        self.decidedOn = decidedOn
        self.paragraph = paragraph
        self.changedAfterDecision = changedAfterDecision
    }
}

/// One period of `goald.v1.Goals/ListFollowUpStates`: where it stands and every change of its state.
package struct PeriodStateMessage: Codable, Sendable, Hashable {
    package var period: String
    package var current: FollowUpStateNote
    package var changes: [FollowUpStateMessage]

    package init(period: String, current: FollowUpStateNote, changes: [FollowUpStateMessage]) {
        self.period = period
        self.current = current
        self.changes = changes
    }
}

/// The answer of `goald.v1.Goals/ListFollowUpStates`.
package struct FollowUpStatesMessage: Codable, Sendable, Hashable {
    package var committee: String
    package var periods: [PeriodStateMessage]

    package init(committee: String, periods: [PeriodStateMessage]) {
        self.committee = committee
        self.periods = periods
    }
}
