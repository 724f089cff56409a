import Foundation
import HashTreeCollections

/// A change in the state of a committee's follow-up of one period. Officials prepare it (a draft), mark it ready
/// for the committee, and the committee decides it at a meeting (its date and paragraph); reopened with a reason,
/// it is a draft again. The state in force is the last change recorded.
package struct FollowUpStateChange: Sendable, Hashable {
    package enum State: String, Sendable, Hashable, CaseIterable {
        /// Being prepared by officials; every follow-up starts here.
        case draft
        /// Marked ready by a writer of the committee: waiting for the committee's decision.
        case ready
        /// Decided by the committee at a meeting: its records of the period are no longer changed, only withdrawn
        /// with a reason.
        case decided
    }

    package var sequence: Int64
    /// The committee's abbreviation.
    package var committee: String
    package var period: Period
    package var state: State
    /// The meeting that decided it, for a decision.
    package var decidedOn: CivilDate?
    /// The paragraph (§) of the meeting's minutes, for a decision: `87`.
    package var paragraph: String?
    /// Why it was reopened, for a reopening.
    package var reason: String?
    /// For a decision: the values goald derived (from the travel data) when it was decided, by indicator id; a
    /// later import that changes one is said as changed after the decision.
    package var decidedValues: [String: Double]
    package var recordedAt: Date
    package var recordedBy: Author

    package init(
        sequence: Int64, committee: String, period: Period, state: State, decidedOn: CivilDate? = nil,
        paragraph: String? = nil, reason: String? = nil, decidedValues: [String: Double] = [:], recordedAt: Date,
        recordedBy: Author
    ) {
        self.decidedValues = decidedValues
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

extension FollowUp {
    /// The state of a period's follow-up: the last change recorded, or a draft.
    package func state(of period: Period) -> FollowUpStateChange.State {
        stateChanges[period]?.last?.state ?? .draft
    }

    /// The decision in force for a period: the last change, when it is a decision.
    package func decision(of period: Period) -> FollowUpStateChange? {
        guard let last = stateChanges[period]?.last, last.state == .decided else { return nil }
        return last
    }

    /// Every change of state of a period, in the order recorded.
    package func stateHistory(of period: Period) -> [FollowUpStateChange] { Array(stateChanges[period] ?? []) }

    /// The retractions made after the decision in force for `period` that change what it decided: of a value or
    /// judgement of the period, or of a target in force for it.
    package func changesAfterDecision(of period: Period) -> [Retraction] {
        guard let decision = decision(of: period) else { return [] }
        return retractions.values.filter { retraction in
            retraction.sequence > decision.sequence
                && (retraction.kind == .target ? retraction.period <= period : retraction.period == period)
        }
        .sorted { $0.sequence < $1.sequence }
    }

    /// The values goald derives for a decided period (from the travel data) that differ from those it derived when
    /// the period was decided: trips imported, removed or refigured since. `now` is `derivedValues(in:)` today.
    package func derivedChangesAfterDecision(of period: Period, now: [String: DerivedValue]) -> [DerivedChange] {
        guard let decision = decision(of: period) else { return [] }
        let ids = Set(decision.decidedValues.keys).union(now.keys.filter { now[$0]?.value.number != nil })
        return ids.sorted().compactMap { id in
            let then = decision.decidedValues[id]
            let current = now[id]?.value.number
            // Told apart as the report shows them: to two decimals.
            func shown(_ value: Double?) -> Double? { value.map { ($0 * 100).rounded() / 100 } }
            return shown(then) == shown(current) ? nil : DerivedChange(indicator: id, then: then, now: current)
        }
    }

    /// Refuses a new record for a decided period: FAILED_PRECONDITION naming the decision.
    package func checkNotDecided(_ period: Period, field: String = "period") throws(DomainError) {
        guard let decision = decision(of: period) else { return }
        throw DomainError(
            .failedPrecondition, field: field,
            "\(field): the follow-up of \(period) was decided by \(plan(for: period).committee) on "
                + "\(decision.decidedOn?.description ?? "?"), § \(decision.paragraph ?? "?"), and is not changed "
                + "after its decision; withdraw a record with a reason (the report marks it changed after the "
                + "decision), or reopen the period with a reason (goalctl reopen)")
    }

    /// Marks a period's follow-up ready for the committee's decision.
    package mutating func markReady(period text: String, at date: Date, by author: Author) throws(DomainError)
        -> FollowUpStateChange
    {
        let period = try period(text)
        switch state(of: period) {
        case .draft: break
        case .ready:
            throw DomainError(
                .failedPrecondition, field: "period", "period: the follow-up of \(period) is already marked ready")
        case .decided:
            throw DomainError(
                .failedPrecondition, field: "period",
                "period: the follow-up of \(period) is decided already; reopen it with a reason first (goalctl reopen)")
        }
        return record(
            FollowUpStateChange(
                sequence: lastSequence + 1, committee: plan.committeeAbbreviation, period: period, state: .ready,
                recordedAt: date, recordedBy: author))
    }

    /// Records the committee's decision of a period's follow-up, marked ready, at a meeting on `day` (not after
    /// `today`, not before the period's last day) under a paragraph of its minutes.
    package mutating func decide(
        period text: String, on dayText: String, paragraph paragraphText: String, today: CivilDate,
        derived: [String: DerivedValue] = [:], at date: Date, by author: Author
    ) throws(DomainError) -> FollowUpStateChange {
        let period = try period(text)
        guard let day = CivilDate(dayText.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid("date", "\"\(dayText)\" is not a date; write the meeting's date as YYYY-MM-DD")
        }
        guard day <= today else {
            throw .invalid("date", "\(day) is after today (\(today)); a decision is recorded after its meeting")
        }
        guard day >= period.lastDay else {
            throw .invalid(
                "date",
                "\(day) is before \(period) ended (\(period.lastDay)); the committee decides a follow-up of a period "
                    + "that has ended")
        }
        let paragraph = try Self.paragraph(paragraphText)
        switch state(of: period) {
        case .ready: break
        case .draft:
            throw DomainError(
                .failedPrecondition, field: "period",
                "period: the follow-up of \(period) is a draft; a writer of \(plan.committeeAbbreviation) marks it "
                    + "ready first (goalctl ready --period \(period))")
        case .decided:
            try checkNotDecided(period)
        }
        return record(
            FollowUpStateChange(
                sequence: lastSequence + 1, committee: plan.committeeAbbreviation, period: period, state: .decided,
                decidedOn: day, paragraph: paragraph, decidedValues: derived.compactMapValues { $0.value.number },
                recordedAt: date, recordedBy: author))
    }

    /// Takes a period's follow-up, ready or decided, back to a draft, with the reason.
    package mutating func reopen(period text: String, reason reasonText: String, at date: Date, by author: Author)
        throws(DomainError) -> FollowUpStateChange
    {
        let period = try period(text)
        guard state(of: period) != .draft else {
            throw DomainError(
                .failedPrecondition, field: "period", "period: the follow-up of \(period) is a draft already")
        }
        let reason = reasonText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw .invalid("reason", "must not be empty: say why the follow-up is reopened")
        }
        guard reason.count <= 2000 else { throw .invalid("reason", "is longer than 2000 characters") }
        return record(
            FollowUpStateChange(
                sequence: lastSequence + 1, committee: plan.committeeAbbreviation, period: period, state: .draft,
                reason: reason, recordedAt: date, recordedBy: author))
    }

    /// A paragraph of a meeting's minutes as people write it, "§ 87" or "87 a": without the § sign.
    package static func paragraph(_ text: String) throws(DomainError) -> String {
        var paragraph = text.trimmingCharacters(in: .whitespaces)
        if paragraph.hasPrefix("§") { paragraph = paragraph.dropFirst().trimmingCharacters(in: .whitespaces) }
        guard !paragraph.isEmpty else {
            throw .invalid("paragraph", "must not be empty: give the paragraph of the minutes, such as 87")
        }
        guard paragraph.count <= 20, paragraph.allSatisfy({ $0.isLetter || $0.isNumber || " ./:-".contains($0) })
        else {
            throw .invalid(
                "paragraph",
                "\"\(paragraph)\" is not a paragraph of the minutes: up to 20 letters and digits, "
                    + "such as 87 or 87 a")
        }
        return paragraph
    }

    private mutating func record(_ change: FollowUpStateChange) -> FollowUpStateChange {
        restore(change)
        return change
    }
}

extension PlanStatus {
    /// The values goald derived for the period, by indicator id, as this roll-up counts them.
    package var derivedValues: [String: DerivedValue] {
        Dictionary(
            effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).filter(\.derived).compactMap { evaluation in
                evaluation.value.map { (evaluation.indicator.id, DerivedValue($0)) }
            }, uniquingKeysWith: { first, _ in first })
    }
}

/// A value goald derives for a decided period that is no longer the one it derived when the period was decided.
package struct DerivedChange: Sendable, Hashable {
    /// The indicator's stable id.
    package var indicator: String
    /// When decided, and now; nil where there was none.
    package var then: Double?
    package var now: Double?
}
