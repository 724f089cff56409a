import Foundation
import GRDB
import GoalDomain

// Follow-up records: measurements, assessments, target changes.

extension GoalStore {
    package func append(_ measurement: RecordedMeasurement) throws(StoreError) {
        try append([measurement])
    }

    /// Measurements stored in one transaction: all of them, or (on any failure) none.
    package func append(_ measurements: [RecordedMeasurement]) throws(StoreError) {
        try write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO measurement (seq, committee, indicator, period, value_kind, number, flag, text, note,
                                             source, recorded_at, recorded_by, recorded_uid, women, men)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for measurement in measurements {
                let (kind, number, flag, text): (String, Double?, Bool?, String?) =
                    switch measurement.value {
                    case .number(let value): ("number", value, nil, nil)
                    case .yesNo(let value): ("yesNo", nil, value, nil)
                    case .text(let value): ("text", nil, nil, value)
                    }
                try statement.execute(arguments: [
                    measurement.sequence, measurement.committee, measurement.indicator,
                    measurement.period.description, kind, number, flag, text, measurement.note, measurement.source,
                    measurement.recordedAt.timeIntervalSince1970, measurement.recordedBy.name,
                    measurement.recordedBy.uid.map { Int64($0) }, measurement.women, measurement.men,
                ])
            }
        }
    }

    package func append(_ assessment: Assessment) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO assessment (seq, committee, result_goal, indicator, period, level, analysis, \
                    recorded_at,
                                            recorded_by, recorded_uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    assessment.sequence, assessment.committee, assessment.resultGoal, assessment.indicator,
                    assessment.period.description,
                    assessment.level.rawValue, assessment.analysis,
                    assessment.recordedAt.timeIntervalSince1970, assessment.recordedBy.name,
                    assessment.recordedBy.uid.map { Int64($0) },
                ])
        }
    }

    package func append(_ change: TargetChange) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let target: String
        let previous: String
        do {
            target = String(decoding: try encoder.encode(change.target), as: UTF8.self)
            previous = String(decoding: try encoder.encode(change.previous), as: UTF8.self)
        } catch {
            throw StoreError(.writeFailed, "cannot encode the target of \(change.indicator): \(error)")
        }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO target_change (seq, committee, indicator, target, from_period, previous, recorded_at,
                                               recorded_by, recorded_uid, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    change.sequence, change.committee, change.indicator, target, change.from.description, previous,
                    change.recordedAt.timeIntervalSince1970, change.recordedBy.name,
                    change.recordedBy.uid.map { Int64($0) }, change.reason,
                ])
        }
    }

    package func append(_ retraction: Retraction) throws(StoreError) {
        if retraction.kind == .effectGoalAssessment {
            try write { db in
                try db.execute(
                    sql: """
                        INSERT INTO effect_goal_retraction (seq, retracted, effect_goal, period, reason, board,
                                                            recorded_at, recorded_by, recorded_uid)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        retraction.sequence, retraction.retracted, retraction.subject, retraction.period.description,
                        retraction.reason, retraction.committee, retraction.recordedAt.timeIntervalSince1970,
                        retraction.recordedBy.name, retraction.recordedBy.uid.map { Int64($0) },
                    ])
            }
            return
        }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO retraction (seq, committee, kind, retracted, subject, period, reason, recorded_at,
                                            recorded_by, recorded_uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    retraction.sequence, retraction.committee, retraction.kind.rawValue, retraction.retracted,
                    retraction.subject, retraction.period.description, retraction.reason,
                    retraction.recordedAt.timeIntervalSince1970, retraction.recordedBy.name,
                    retraction.recordedBy.uid.map { Int64($0) },
                ])
        }
    }

    /// Gives the follow-up records written before the region model (no committee; the item named by its number
    /// in the plan followed up then) the committee of `plan` and the stable ids its numbers stand for, in one
    /// transaction. A number the plan lacks is kept as it is (the record stays an orphan, as before).
    /// - Returns: how many records were adopted.
    @discardableResult
    package func adoptStableIDs(of plan: Plan) throws(StoreError) -> Int {
        var adopted = 0
        try write { db in
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS key_map (number TEXT PRIMARY KEY, id TEXT NOT NULL)")
            try db.execute(sql: "DELETE FROM temp.key_map")
            for (number, id) in plan.idsByNumber {
                try db.execute(sql: "INSERT INTO temp.key_map (number, id) VALUES (?, ?)", arguments: [number, id])
            }
            let mapped = { (column: String) in
                "\(column) = COALESCE((SELECT id FROM temp.key_map WHERE number = \(column)), \(column))"
            }
            for (table, columns) in [
                ("measurement", ["indicator"]), ("assessment", ["result_goal", "indicator"]),
                ("target_change", ["indicator"]), ("retraction", ["subject"]),
            ] {
                try db.execute(
                    sql: "UPDATE \(table) SET " + columns.map(mapped).joined(separator: ", ")
                        + ", committee = ? WHERE committee IS NULL",
                    arguments: [plan.committeeAbbreviation])
                adopted += db.changesCount
            }
            try db.execute(sql: "DROP TABLE temp.key_map")
        }
        return adopted
    }

    /// Replays every stored record of `plan`'s committee, in the order it was written, into a follow-up of `plan`.
    package func loadFollowUp(plan: Plan) throws(StoreError) -> FollowUp {
        try loadFollowUp(plans: [plan])
    }

    /// Every committee's follow-up that the region holds plans for, the default committee's first. Records not yet
    /// adopted (`adoptStableIDs(of:)`, which a read-only store cannot do) are the default committee's.
    /// The region's own follow-up of its indicators (`Region.ownPlan`): its own values and the targets it set; nil
    /// when the region has no indicators of its own.
    package func loadRegionFollowUp(of region: Region) throws(StoreError) -> FollowUp? {
        guard let plan = region.ownPlan else { return nil }
        return try loadFollowUp(plans: [plan], withUnadopted: false)
    }

    package func loadFollowUps(of region: Region) throws(StoreError) -> [FollowUp] {
        try region.committeePlans.map { entry throws(StoreError) in
            try loadFollowUp(plans: entry.plans, withUnadopted: entry.committee == region.defaultCommittee)
        }
    }

    /// Replays every stored record of the plans' committee, in the order it was written, into a follow-up of its
    /// plans (rolling, by first year). With `withUnadopted`, records not yet adopted are read too, as
    /// `adoptStableIDs(of:)` would adopt them with the first plan.
    package func loadFollowUp(plans: [Plan], withUnadopted: Bool = true) throws(StoreError) -> FollowUp {
        let path = self.path
        let ordered = plans.sorted { $0.firstYear < $1.firstYear }
        guard let plan = ordered.first else { throw StoreError(.unusable, "\(path): a follow-up needs a plan") }
        let legacy = plan.idsByNumber
        let committee = plan.committeeAbbreviation
        // The key a row names: a stable id, or in a row not yet adopted (no committee) the number of one.
        func key(_ stored: String, adopted: Bool) -> String {
            adopted ? stored : legacy[stored] ?? stored
        }
        func key(_ row: Row, _ column: String) -> String {
            key(row[column], adopted: (row["committee"] as String?) != nil)
        }
        func optionalKey(_ row: Row, _ column: String) -> String? {
            (row[column] as String?) == nil ? nil : key(row, column)
        }
        let ours = "WHERE committee = ?" + (withUnadopted ? " OR committee IS NULL" : "") + " ORDER BY seq"
        return try read { db in
            var followUp = FollowUp(plans: ordered)
            let decoder = JSONDecoder()
            // A committee's own target changes, and those the region set for its indicators (in force for every
            // committee that uses them).
            let changesOfOurs = ours.replacingOccurrences(
                of: "WHERE ", with: "WHERE committee = '\(Region.ownKey)' OR ")
            let changes = try Row.fetchCursor(
                db, sql: "SELECT * FROM target_change \(changesOfOurs)", arguments: [committee])
            while let row = try changes.next() {
                let key = key(row, "indicator")
                let regionSet = (row["committee"] as String?) == Region.ownKey
                if regionSet, committee != Region.ownKey, followUp.locate(key) == nil { continue }
                let target = try decoder.decode(Target.self, from: Data((row["target"] as String).utf8))
                let previous = try decoder.decode(Target.self, from: Data((row["previous"] as String).utf8))
                // A change stored before targets had a first period is in force from the plan's first period.
                let fromText: String? = row["from_period"]
                let from: Period? = if let fromText { Period(fromText) } else { plan.periods.first }
                guard let from else {
                    throw StoreError(
                        .unusable,
                        "\(path): target change \(row["seq"] as Int64) has an unreadable "
                            + "first period \"\(fromText ?? "")\"")
                }
                let recordedAt = Self.date(row)
                followUp.restore(
                    TargetChange(
                        sequence: row["seq"], committee: regionSet ? Region.ownKey : committee, indicator: key,
                        target: target, from: from,
                        previous: previous, recordedAt: recordedAt,
                        recordedBy: Self.author(row),
                        recordedOn: CivilDate.local(recordedAt), reason: row["reason"]))
            }
            // The longest table: its columns are found once, not by name on every row (GRDB compares names on
            // each lookup, a third of reading a long history at start).
            let statement = try db.makeStatement(sql: "SELECT * FROM measurement \(ours)")
            let column = ColumnPositions(statement, path: path)
            let (seq, rowCommittee, indicator, periodColumn, kind) = (
                try column("seq"), try column("committee"), try column("indicator"), try column("period"),
                try column("value_kind")
            )
            let (number, flag, text, women, men, note, source) = (
                try column("number"), try column("flag"), try column("text"), try column("women"), try column("men"),
                try column("note"), try column("source")
            )
            let (recordedAt, recordedBy, recordedUID) = (
                try column("recorded_at"), try column("recorded_by"), try column("recorded_uid")
            )
            let measurements = try Row.fetchCursor(statement, arguments: [committee])
            while let row = try measurements.next() {
                let periodText: String = row[periodColumn]
                guard let period = Period(periodText) else {
                    throw StoreError(
                        .unusable,
                        "\(path): measurement \(row[seq] as Int64) has an unreadable period \"\(periodText)\"")
                }
                let value: MeasurementValue
                switch row[kind] as String {
                case "number": value = .number(row[number])
                case "yesNo": value = .yesNo(row[flag])
                default: value = .text(row[text])
                }
                followUp.restore(
                    RecordedMeasurement(
                        sequence: row[seq], committee: committee,
                        indicator: key(row[indicator], adopted: (row[rowCommittee] as String?) != nil), period: period,
                        value: value, women: row[women], men: row[men],
                        note: row[note], source: row[source],
                        recordedAt: Date(timeIntervalSince1970: row[recordedAt]),
                        recordedBy: Author(
                            uid: (row[recordedUID] as Int64?).map { UInt32(truncatingIfNeeded: $0) },
                            name: row[recordedBy])))
            }
            let assessments = try Row.fetchCursor(db, sql: "SELECT * FROM assessment \(ours)", arguments: [committee])
            while let row = try assessments.next() {
                let periodText: String = row["period"]
                let levelText: String = row["level"]
                guard let period = Period(periodText), let level = Assessment.Level(rawValue: levelText) else {
                    throw StoreError(.unusable, "\(path): assessment \(row["seq"] as Int64) is unreadable")
                }
                followUp.restore(
                    Assessment(
                        sequence: row["seq"], committee: committee, resultGoal: key(row, "result_goal"),
                        indicator: optionalKey(row, "indicator"),
                        period: period,
                        level: level,
                        analysis: row["analysis"], recordedAt: Self.date(row), recordedBy: Self.author(row)))
            }
            // A committee's own retractions, and the region's withdrawals of targets it set (in force for every
            // committee that uses the indicator).
            let retractionsOfOurs = ours.replacingOccurrences(
                of: "WHERE ", with: "WHERE (committee = '\(Region.ownKey)' AND kind = 'target') OR ")
            let retractions = try Row.fetchCursor(
                db, sql: "SELECT * FROM retraction \(retractionsOfOurs)", arguments: [committee])
            while let row = try retractions.next() {
                let regionSet = (row["committee"] as String?) == Region.ownKey
                if regionSet, committee != Region.ownKey, followUp.locate(key(row, "subject")) == nil { continue }
                let periodText: String = row["period"]
                let kindText: String = row["kind"]
                guard let period = Period(periodText), let kind = Retraction.Kind(rawValue: kindText) else {
                    throw StoreError(.unusable, "\(path): retraction \(row["seq"] as Int64) is unreadable")
                }
                followUp.restore(
                    Retraction(
                        sequence: row["seq"], committee: regionSet ? Region.ownKey : committee, kind: kind,
                        retracted: row["retracted"],
                        subject: key(row, "subject"),
                        period: period, reason: row["reason"], recordedAt: Self.date(row), recordedBy: Self.author(row))
                )
            }
            let states = try Row.fetchCursor(
                db, sql: "SELECT * FROM follow_up_state WHERE committee = ? ORDER BY seq", arguments: [committee])
            while let row = try states.next() {
                let periodText: String = row["period"]
                let stateText: String = row["state"]
                let decidedText: String? = row["decided_on"]
                guard let period = Period(periodText), let state = FollowUpStateChange.State(rawValue: stateText),
                    decidedText == nil || CivilDate(decidedText ?? "") != nil
                else {
                    throw StoreError(.unusable, "\(path): follow-up state \(row["seq"] as Int64) is unreadable")
                }
                // Values a later goald cannot read count as none (a decision without them is still a decision).
                let valuesText: String? = row["decided_values"]
                let values =
                    valuesText.flatMap { text in
                        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Double]
                    } ?? [:]
                followUp.restore(
                    FollowUpStateChange(
                        sequence: row["seq"], committee: committee, period: period, state: state,
                        decidedOn: decidedText.flatMap { CivilDate($0) }, paragraph: row["paragraph"],
                        reason: row["reason"], decidedValues: values, recordedAt: Self.date(row),
                        recordedBy: Self.author(row)))
            }
            let highest = try Int64.fetchOne(
                db,
                sql: """
                    SELECT MAX(m) FROM (SELECT MAX(seq) AS m FROM measurement UNION ALL SELECT MAX(seq) FROM assessment
                    UNION ALL SELECT MAX(seq) FROM target_change UNION ALL SELECT MAX(seq) FROM retraction
                    UNION ALL SELECT MAX(seq) FROM effect_goal_assessment
                    UNION ALL SELECT MAX(seq) FROM effect_goal_retraction
                    UNION ALL SELECT MAX(seq) FROM follow_up_state
                    UNION ALL SELECT MAX(seq) FROM directive_answer)
                    """)
            followUp.sequencesUsed(through: highest ?? 0)
            return followUp
        }
    }

    package func append(_ change: FollowUpStateChange) throws(StoreError) {
        // Finite numbers by id, as JSON: {"run-klimatavtryck…": 12.5}.
        let values: String? =
            change.decidedValues.isEmpty
            ? nil
            : (try? JSONSerialization.data(withJSONObject: change.decidedValues, options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO follow_up_state (seq, committee, period, state, decided_on, paragraph, reason,
                                                 decided_values, recorded_at, recorded_by, recorded_uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    change.sequence, change.committee, change.period.description, change.state.rawValue,
                    change.decidedOn?.description, change.paragraph, change.reason, values,
                    change.recordedAt.timeIntervalSince1970, change.recordedBy.name,
                    change.recordedBy.uid.map { Int64($0) },
                ])
        }
    }

    package func append(_ assessment: EffectGoalAssessment) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO effect_goal_assessment (seq, effect_goal, period, level, analysis, recorded_at,
                                                        recorded_by, recorded_uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    assessment.sequence, assessment.effectGoal, assessment.period.description,
                    assessment.level.rawValue, assessment.analysis, assessment.recordedAt.timeIntervalSince1970,
                    assessment.recordedBy.name, assessment.recordedBy.uid.map { Int64($0) },
                ])
        }
    }

    /// The region's judgements of its effect goals and their retractions, in the order written.
    package func loadEffectGoalJudgements(of region: Region) throws(StoreError) -> EffectGoalJudgements {
        let path = self.path
        return try read { db in
            var judgements = EffectGoalJudgements(region: region)
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM effect_goal_assessment ORDER BY seq")
            while let row = try rows.next() {
                let periodText: String = row["period"]
                let levelText: String = row["level"]
                guard let period = Period(periodText), let level = Assessment.Level(rawValue: levelText) else {
                    throw StoreError(.unusable, "\(path): effect goal assessment \(row["seq"] as Int64) is unreadable")
                }
                judgements.restore(
                    EffectGoalAssessment(
                        sequence: row["seq"], effectGoal: row["effect_goal"], period: period, level: level,
                        analysis: row["analysis"], recordedAt: Self.date(row), recordedBy: Self.author(row)))
            }
            let retractions = try Row.fetchCursor(db, sql: "SELECT * FROM effect_goal_retraction ORDER BY seq")
            while let row = try retractions.next() {
                let periodText: String = row["period"]
                guard let period = Period(periodText) else {
                    throw StoreError(.unusable, "\(path): retraction \(row["seq"] as Int64) is unreadable")
                }
                judgements.restore(
                    Retraction(
                        sequence: row["seq"], committee: row["board"],
                        kind: .effectGoalAssessment, retracted: row["retracted"], subject: row["effect_goal"],
                        period: period, reason: row["reason"], recordedAt: Self.date(row),
                        recordedBy: Self.author(row)))
            }
            return judgements
        }
    }

    package func append(_ submission: AnswerSubmission) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO directive_answer (seq, committee, plan_first, plan_last, state, on_day, paragraph,
                                                  recorded_at, recorded_by, recorded_uid)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    submission.sequence, submission.committee, submission.planPeriod.firstYear,
                    submission.planPeriod.lastYear, submission.state.rawValue, submission.on.description,
                    submission.paragraph, submission.recordedAt.timeIntervalSince1970, submission.recordedBy.name,
                    submission.recordedBy.uid.map { Int64($0) },
                ])
        }
    }

    /// The committees' answers to the planning directives, in the order handed in.
    package func loadPlanningAnswers(of region: Region) throws(StoreError) -> PlanningAnswers {
        let path = self.path
        return try read { db in
            var answers = PlanningAnswers(region: region)
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM directive_answer ORDER BY seq")
            while let row = try rows.next() {
                let stateText: String = row["state"]
                let dayText: String = row["on_day"]
                guard let state = AnswerSubmission.State(rawValue: stateText), let day = CivilDate(dayText) else {
                    throw StoreError(.unusable, "\(path): directive answer \(row["seq"] as Int64) is unreadable")
                }
                answers.restore(
                    AnswerSubmission(
                        sequence: row["seq"], committee: row["committee"],
                        planPeriod: YearSpan(firstYear: row["plan_first"], lastYear: row["plan_last"]), state: state,
                        on: day, paragraph: row["paragraph"], recordedAt: Self.date(row), recordedBy: Self.author(row)))
            }
            return answers
        }
    }

    private static func date(_ row: Row) -> Date {
        Date(timeIntervalSince1970: row["recorded_at"])
    }

    private static func author(_ row: Row) -> Author {
        Author(uid: (row["recorded_uid"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, name: row["recorded_by"])
    }
}

/// The positions of a query's columns by name, found once per query.
struct ColumnPositions {
    private let statement: Statement
    private let path: String

    init(_ statement: Statement, path: String) {
        self.statement = statement
        self.path = path
    }

    func callAsFunction(_ name: String) throws(StoreError) -> Int {
        guard let index = statement.index(ofColumn: name) else {
            throw StoreError(.unusable, "\(path): the store has no column \(name)")
        }
        return index
    }
}
