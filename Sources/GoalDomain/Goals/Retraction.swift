import Foundation
import HashTreeCollections

/// The withdrawal of a value or an assessment recorded by mistake (for the wrong period, say). Nothing is
/// deleted: the record stays in the history, marked retracted, by whom, when and why; everything else (status,
/// derived indicators, the latest period with data) behaves as if it had not been recorded, so the value recorded
/// before it, if any, is in force again.
package struct Retraction: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        case measurement, assessment, target
        /// The withdrawal of the region's judgement of an effect goal.
        case effectGoalAssessment
    }

    package var sequence: Int64
    /// The committee whose follow-up it belongs to (its abbreviation).
    package var committee: String
    package var kind: Kind
    /// The sequence of the record withdrawn.
    package var retracted: Int64
    /// The stable id of the indicator or result goal (of an assessment: what it judged; of a target change: its
    /// indicator, and `period` the period it was in force from).
    package var subject: String
    package var period: Period
    package var reason: String
    package var recordedAt: Date
    package var recordedBy: Author

    package init(
        sequence: Int64, committee: String, kind: Kind, retracted: Int64, subject: String, period: Period,
        reason: String, recordedAt: Date, recordedBy: Author
    ) {
        self.sequence = sequence
        self.committee = committee
        self.kind = kind
        self.retracted = retracted
        self.subject = subject
        self.period = period
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

extension FollowUp {
    /// Withdraws the value in force for an indicator and period.
    /// - Throws: NOT_FOUND when nothing is in force there; FAILED_PRECONDITION for an indicator goald derives.
    package mutating func retractMeasurement(
        indicator key: String, period periodText: String, reason: String, at date: Date, by author: Author
    ) throws(DomainError) -> Retraction {
        var indicator = try indicator(key)
        if indicator.derivedFrom?.travelReduction != nil {
            throw DomainError(
                .failedPrecondition, field: "indicator",
                "indicator: \(indicator.number) takes its "
                    + "value from the business-travel data; nothing recorded by hand can be retracted")
        }
        let period = try period(periodText)
        indicator = try self.indicator(key, in: period)
        guard let current = currentMeasurement(indicator.id, in: period) else {
            throw DomainError(
                .notFound, field: "period",
                "period: no value of \(indicator.number) is in force "
                    + "for \(period); `goalctl history \(indicator.number)` lists what was recorded")
        }
        return try retract(
            .measurement, current.sequence, of: indicator.id, in: period, reason: reason, at: date,
            by: author)
    }

    /// Withdraws the assessment in force for a result goal (or qualitative indicator) and period.
    package mutating func retractAssessment(
        subject number: String, period periodText: String, reason: String, at date: Date, by author: Author
    ) throws(DomainError) -> Retraction {
        _ = try assessmentSubject(number)  // an unknown subject is said first
        let period = try period(periodText)
        let (resultGoal, indicator) = try assessmentSubject(number, in: period)
        let subject = indicator?.id ?? resultGoal.id
        guard let current = currentAssessment(subject, in: period) else {
            throw DomainError(
                .notFound, field: "period",
                "period: no assessment of \(indicator?.number ?? resultGoal.number) is in force "
                    + "for \(period)")
        }
        return try retract(
            .assessment, current.sequence, of: subject, in: period, reason: reason, at: date,
            by: author)
    }

    /// Withdraws the target change in force from a period (the latest made from it): the target before it is in
    /// force again for that period on, and the history keeps the change, marked retracted, with the reason.
    package mutating func retractTarget(
        indicator key: String, from fromText: String, reason: String, at date: Date, by author: Author
    ) throws(DomainError) -> Retraction {
        _ = try indicator(key)  // an unknown key is said first
        let from = try period(fromText, field: "from")
        let indicator = try indicator(key, in: from)
        guard let change = standingTargetChange(of: indicator.id, from: from) else {
            throw DomainError(
                .notFound, field: "from",
                "from: no target change of \(indicator.number) is in force "
                    + "from \(from); `goalctl indicator \(indicator.number)` lists its target history")
        }
        // What the region set, every committee reads; none of them withdraws it for itself.
        if change.committee == Region.ownKey, plan.committeeAbbreviation != Region.ownKey {
            throw Self.regionsTarget(indicator)
        }
        return try retract(
            .target, change.sequence, of: indicator.id, in: from, reason: reason, at: date, by: author)
    }

    /// Records the withdrawal of the record `sequence`, once its reason is checked.
    private mutating func retract(
        _ kind: Retraction.Kind, _ sequence: Int64, of subject: String, in period: Period, reason: String,
        at date: Date, by author: Author
    ) throws(DomainError) -> Retraction {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw .invalid("reason", "must not be empty: say why the record is withdrawn")
        }
        guard reason.count <= 2000 else { throw .invalid("reason", "is longer than 2000 characters") }
        let retraction = Retraction(
            sequence: lastSequence + 1, committee: plan.committeeAbbreviation, kind: kind, retracted: sequence,
            subject: subject,
            period: period, reason: reason, recordedAt: date, recordedBy: author)
        restore(retraction)
        return retraction
    }
}
