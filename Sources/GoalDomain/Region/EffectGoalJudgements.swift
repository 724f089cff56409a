import Foundation
import HashTreeCollections

/// The region's own judgement of one of its effect goals for a period, with its analysis: recorded by the
/// region's board (Regionstyrelsen), never computed from the committees' judgements of their result goals.
package struct EffectGoalAssessment: Sendable, Hashable {
    package var sequence: Int64
    /// The effect goal's stable id.
    package var effectGoal: String
    package var period: Period
    package var level: Assessment.Level
    package var analysis: String
    package var recordedAt: Date
    package var recordedBy: Author

    package init(
        sequence: Int64, effectGoal: String, period: Period, level: Assessment.Level, analysis: String,
        recordedAt: Date, recordedBy: Author
    ) {
        self.sequence = sequence
        self.effectGoal = effectGoal
        self.period = period
        self.level = level
        self.analysis = analysis
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Every judgement of the region's effect goals, as recorded and withdrawn: the judgement in force for an effect
/// goal and period is the last one recorded and not retracted. Periods are those of the mandate period the
/// effect goals are set for.
package struct EffectGoalJudgements: Sendable {
    package let effectGoals: [RegionEffectGoal]
    package let mandate: YearSpan
    /// The board's abbreviation, which its records and retractions carry.
    package let board: String
    /// By effect goal, in the order recorded; shared with the published snapshot as `FollowUp`'s histories are.
    package private(set) var assessments: [String: RecordLog<EffectGoalAssessment>] = [:]
    package private(set) var retractions: TreeDictionary<Int64, Retraction> = [:]
    package private(set) var lastSequence: Int64 = 0

    package init(region: Region) {
        effectGoals = region.effectGoals
        mandate = region.mandate
        board = region.board ?? "region"
    }

    /// Every period of the mandate, in order.
    package var periods: [Period] {
        (mandate.firstYear...mandate.lastYear).flatMap { year in
            Period.Kind.allCases.map { Period(year: year, kind: $0) }
        }
    }

    /// The judgement in force for an effect goal and period.
    package func current(_ effectGoal: String, in period: Period) -> EffectGoalAssessment? {
        assessments[effectGoal]?.last { $0.period == period && retractions[$0.sequence] == nil }
    }

    /// Every judgement of an effect goal, in the order recorded (retracted ones too: `retraction(of:)` says so).
    package func history(_ effectGoal: String) -> [EffectGoalAssessment] { Array(assessments[effectGoal] ?? []) }

    package func retraction(of sequence: Int64) -> Retraction? { retractions[sequence] }

    /// The effect goal a key names: its stable id, in any case.
    /// - Throws: NOT_FOUND naming the ids there are.
    package func effectGoal(_ key: String) throws(DomainError) -> RegionEffectGoal {
        let wanted = key.trimmingCharacters(in: .whitespaces).lowercased()
        guard let goal = effectGoals.first(where: { $0.id.lowercased() == wanted }) else {
            throw DomainError(
                .notFound, field: "effectGoal",
                "effectGoal: no effect goal \"\(key)\"; the region's effect goals: "
                    + effectGoals.map(\.id).joined(separator: ", "))
        }
        return goal
    }

    /// A period of the mandate.
    package func period(_ text: String) throws(DomainError) -> Period {
        guard let period = Period(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid("period", "\"\(text)\" is not a period; write YEAR-interim or YEAR-annual")
        }
        guard mandate.contains(period.year) else {
            throw .invalid(
                "period",
                "\(period) is outside the mandate period the effect goals are set for (\(mandate.display))")
        }
        return period
    }

    /// Records the region's judgement of an effect goal for a period.
    package mutating func record(
        effectGoal key: String, period text: String, level: Assessment.Level, analysis: String, at date: Date,
        by author: Author
    ) throws(DomainError) -> EffectGoalAssessment {
        let goal = try effectGoal(key)
        let period = try period(text)
        let analysis = analysis.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !analysis.isEmpty else {
            throw .invalid("analysis", "must not be empty: the judgement states the analysis behind its level")
        }
        guard analysis.count <= 20_000 else { throw .invalid("analysis", "is longer than 20000 characters") }
        let assessment = EffectGoalAssessment(
            sequence: lastSequence + 1, effectGoal: goal.id, period: period, level: level, analysis: analysis,
            recordedAt: date, recordedBy: author)
        restore(assessment)
        return assessment
    }

    /// Withdraws the judgement in force for an effect goal and period; the one before it, if any, is in force
    /// again.
    package mutating func retract(
        effectGoal key: String, period text: String, reason: String, at date: Date, by author: Author
    ) throws(DomainError) -> Retraction {
        let goal = try effectGoal(key)
        let period = try period(text)
        guard let current = current(goal.id, in: period) else {
            throw DomainError(
                .notFound, field: "period", "period: no judgement of \(goal.id) is in force for \(period)")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .invalid("reason", "must not be empty: say why the record is withdrawn") }
        guard reason.count <= 2000 else { throw .invalid("reason", "is longer than 2000 characters") }
        let retraction = Retraction(
            sequence: lastSequence + 1, committee: board, kind: .effectGoalAssessment, retracted: current.sequence,
            subject: goal.id, period: period, reason: reason, recordedAt: date, recordedBy: author)
        restore(retraction)
        return retraction
    }

    /// The next record's sequence follows `sequence` (the store's sequences are shared by every record).
    package mutating func sequencesUsed(through sequence: Int64) {
        lastSequence = max(lastSequence, sequence)
    }

    /// Replays a stored judgement (an effect goal the model no longer has is kept, and shown nowhere).
    package mutating func restore(_ assessment: EffectGoalAssessment) {
        lastSequence = max(lastSequence, assessment.sequence)
        assessments[assessment.effectGoal, default: []].append(assessment)
    }

    package mutating func restore(_ retraction: Retraction) {
        lastSequence = max(lastSequence, retraction.sequence)
        retractions[retraction.retracted] = retraction
    }
}
