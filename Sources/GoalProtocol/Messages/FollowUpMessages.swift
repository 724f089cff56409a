/// Params of `goald.v1.Goals/RecordMeasurement`.
package struct RecordMeasurementRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// True: the region's own value of one of its indicators (never averaged from the committees').
    package var region: Bool?
    /// The indicator's key, such as `5.6.3.1`.
    package var indicator: String
    /// `YEAR-interim` or `YEAR-annual`, such as `2024-annual`.
    package var period: String
    /// A number (percentage, index, amount), true/false (yes/no), or a text (qualitative).
    package var value: JSONValue
    /// For an indicator split by gender: women's and men's values beside the total `value`; each optional.
    package var women: Double?
    package var men: Double?
    package var note: String?
    /// Where the figure comes from.
    package var source: String?

    package init(
        indicator: String, period: String, value: JSONValue, note: String? = nil, source: String? = nil,
        committee: String? = nil
    ) {
        self.committee = committee
        self.indicator = indicator
        self.period = period
        self.value = value
        self.note = note
        self.source = source
    }
}

/// A recorded measurement.
package struct MeasurementMessage: Codable, Sendable, Hashable {
    /// The order of recording across goald's store.
    package var sequence: Int64
    package var indicator: String
    package var period: String
    package var value: JSONValue
    /// The value as a person reads it, such as "4,2 %" or "Ja".
    package var display: String
    /// Women's and men's values beside the total, for an indicator split by gender.
    package var women: Double?
    package var men: Double?
    package var note: String?
    package var source: String?
    /// ISO 8601, UTC.
    package var recordedAt: String
    package var recordedBy: String
    package var recordedUid: UInt32?
    /// True when a later measurement for the same indicator and period replaced this one.
    package var superseded: Bool
    /// Set when the measurement was withdrawn: it no longer counts anywhere.
    package var retracted: RetractionNote?
    /// True for a value goald derives (5.6.4.1 from the business-travel data), computed when asked: it has
    /// sequence 0 and is recorded by `goald`.
    package var derived: Bool?
    /// For a derived value whose travel data is not complete (`YYYY-MM-DD`): both years are compared through this
    /// day, and the value is provisional.
    package var provisionalThrough: String?

    package init(
        sequence: Int64, indicator: String, period: String, value: JSONValue, display: String,
        note: String?, source: String?, recordedAt: String, recordedBy: String, recordedUid: UInt32?,
        superseded: Bool, retracted: RetractionNote? = nil, derived: Bool? = nil
    ) {
        self.retracted = retracted
        self.derived = derived
        self.sequence = sequence
        self.indicator = indicator
        self.period = period
        self.value = value
        self.display = display
        self.note = note
        self.source = source
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.recordedUid = recordedUid
        self.superseded = superseded
    }
}

/// Params of `goald.v1.Goals/ListMeasurements`.
package struct ListMeasurementsRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// True: the region's own values of one of its indicators.
    package var region: Bool?
    package var indicator: String
    /// Only this period; absent: every period.
    package var period: String?

    package init(indicator: String, period: String? = nil, committee: String? = nil) {
        self.committee = committee
        self.indicator = indicator
        self.period = period
    }
}

/// Result of `goald.v1.Goals/ListMeasurements`: an indicator's history, oldest first.
package struct MeasurementHistory: Codable, Sendable, Hashable {
    package var indicator: IndicatorMessage
    package var measurements: [MeasurementMessage]

    package init(indicator: IndicatorMessage, measurements: [MeasurementMessage]) {
        self.indicator = indicator
        self.measurements = measurements
    }
}

/// Params of `goald.v1.Goals/SetTarget`.
package struct SetTargetRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// True: the region sets the target of one of its indicators, for every committee that uses it, from an open
    /// period on (writers of every committee alone).
    package var region: Bool?
    package var indicator: String
    /// A number for numeric targets, true/false for yes/no questions.
    package var value: JSONValue
    /// `atLeast` or `atMost`; absent keeps the current direction.
    package var direction: String?
    /// The first period the target is in force for; absent: the first period not yet closed.
    package var from: String?
    /// Why; required when `from` has closed (the change rewrites that period's report, which then says so).
    package var reason: String?

    package init(
        indicator: String, value: JSONValue, direction: String? = nil, from: String? = nil,
        reason: String? = nil, committee: String? = nil
    ) {
        self.committee = committee
        self.indicator = indicator
        self.value = value
        self.direction = direction
        self.from = from
        self.reason = reason
    }
}

/// Params of `goald.v1.Goals/RetractTarget`: withdraw the target change in force from a period.
package struct RetractTargetRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// True: the region withdraws a target it set for one of its indicators, for every committee that uses it
    /// (writers of every committee alone; `from` an open period).
    package var region: Bool?
    package var indicator: String
    /// The period the change was in force from.
    package var from: String
    /// Why; kept in the history.
    package var reason: String

    package init(indicator: String, from: String, reason: String, committee: String? = nil, region: Bool? = nil) {
        self.committee = committee
        self.region = region
        self.indicator = indicator
        self.from = from
        self.reason = reason
    }
}

/// A change of target, as `SetTarget` returns it and `GetIndicator` lists it.
package struct TargetChangeMessage: Codable, Sendable, Hashable {
    package var sequence: Int64
    package var indicator: String
    package var target: TargetMessage
    /// The first period the target is in force for.
    package var from: String
    /// Why that period: `requested`, or `firstOpen` (the first period not yet closed). Absent in a history.
    package var fromChosen: String?
    /// The target in force for `from` before the change.
    package var previous: TargetMessage
    package var recordedAt: String
    package var recordedBy: String
    /// Why the target was changed, when a reason was given.
    package var reason: String?
    /// Set when the change was withdrawn (`RetractTarget`): it is in force nowhere.
    package var retracted: RetractionNote?

    package init(
        sequence: Int64, indicator: String, target: TargetMessage, from: String, fromChosen: String? = nil,
        previous: TargetMessage, recordedAt: String, recordedBy: String
    ) {
        self.sequence = sequence
        self.indicator = indicator
        self.target = target
        self.from = from
        self.fromChosen = fromChosen
        self.previous = previous
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Params of `goald.v1.Goals/RecordAssessment`: the judgement of a result goal or of a qualitative indicator.
package struct RecordAssessmentRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// The result goal's number, such as `5.6.4`; or give `indicator`.
    package var resultGoal: String?
    /// The key of a qualitative indicator, such as `5.4.2.1`; or give `resultGoal`.
    package var indicator: String?
    package var period: String
    /// `uppfyllt`, `delvis uppfyllt` or `ej uppfyllt` (also `uppnått`, `delvis uppnått`, `ej uppnått`).
    package var level: String
    /// The analysis behind the level.
    package var analysis: String

    package init(
        resultGoal: String? = nil, indicator: String? = nil, period: String, level: String,
        analysis: String, committee: String? = nil
    ) {
        self.committee = committee
        self.resultGoal = resultGoal
        self.indicator = indicator
        self.period = period
        self.level = level
        self.analysis = analysis
    }
}

package struct AssessmentMessage: Codable, Sendable, Hashable {
    package var sequence: Int64
    /// The result goal judged, or the one the judged indicator belongs to.
    package var resultGoal: String
    /// The qualitative indicator judged; absent for a judgement of the result goal.
    package var indicator: String?
    package var period: String
    package var level: String
    package var analysis: String
    package var recordedAt: String
    package var recordedBy: String
    /// In a history: true when a later assessment for the same period replaced this one.
    package var superseded: Bool?
    /// Set when the assessment was withdrawn.
    package var retracted: RetractionNote?
    /// True at an interim period: the judgement is a forecast for the whole year ("Prognos helår").
    package var forecast: Bool?

    package init(
        sequence: Int64, resultGoal: String, indicator: String? = nil, period: String, level: String,
        analysis: String, recordedAt: String, recordedBy: String, superseded: Bool? = nil,
        retracted: RetractionNote? = nil
    ) {
        self.superseded = superseded
        self.retracted = retracted
        self.forecast = period.hasSuffix("-interim") ? true : nil
        self.sequence = sequence
        self.resultGoal = resultGoal
        self.indicator = indicator
        self.period = period
        self.level = level
        self.analysis = analysis
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Params of `goald.v1.Goals/GetStatus`.
package struct GetStatusRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// The period; absent: the latest period with data (else the current one).
    package var period: String?
    /// A period to compare with, or `yearEarlier` for the same period a year earlier: each indicator gets its
    /// value there and a trend.
    package var compare: String?

    package init(period: String? = nil, compare: String? = nil, committee: String? = nil) {
        self.committee = committee
        self.period = period
        self.compare = compare
    }
}

/// Indicator counts by status.
package struct TallyMessage: Codable, Sendable, Hashable {
    package var met: Int
    /// Qualitative indicators the committee judged delvis uppfyllt.
    package var partlyMet: Int
    package var notMet: Int
    package var noData: Int
    package var targetPending: Int
    package var needsAssessment: Int
    /// At the interim period, indicators measured once a year ("mäts årsvis"); absent when none.
    package var measuredAnnually: Int?
    package var total: Int

    package init(
        met: Int, partlyMet: Int = 0, notMet: Int, noData: Int, targetPending: Int, needsAssessment: Int,
        measuredAnnually: Int? = nil, total: Int
    ) {
        self.measuredAnnually = measuredAnnually
        self.met = met
        self.partlyMet = partlyMet
        self.notMet = notMet
        self.noData = noData
        self.targetPending = targetPending
        self.needsAssessment = needsAssessment
        self.total = total
    }
}

/// Result of `goald.v1.Goals/GetStatus`: the roll-up for a period.
package struct StatusMessage: Codable, Sendable, Hashable {
    package var period: String
    /// Why this period: `requested`, `latestWithData` or `current`.
    package var periodChosen: String
    /// The period compared with, when asked for.
    package var compare: String?
    package var tally: TallyMessage
    /// Result goals assessed for the period, by level.
    package var assessed: [String: Int]
    package var effectGoals: [EffectGoalStatusMessage]
    /// Keys of the indicators that miss their target.
    package var notMet: [String]
    /// Where the committee's follow-up of the period stands: a draft, ready, or decided at a meeting.
    package var followUp: FollowUpStateNote?

    package init(
        period: String, periodChosen: String, compare: String? = nil, tally: TallyMessage,
        assessed: [String: Int], effectGoals: [EffectGoalStatusMessage], notMet: [String]
    ) {
        self.period = period
        self.periodChosen = periodChosen
        self.compare = compare
        self.tally = tally
        self.assessed = assessed
        self.effectGoals = effectGoals
        self.notMet = notMet
    }
}

package struct EffectGoalStatusMessage: Codable, Sendable, Hashable {
    package var number: String
    package var title: String
    package var tally: TallyMessage
    package var resultGoals: [ResultGoalStatusMessage]

    package init(number: String, title: String, tally: TallyMessage, resultGoals: [ResultGoalStatusMessage]) {
        self.number = number
        self.title = title
        self.tally = tally
        self.resultGoals = resultGoals
    }
}

package struct ResultGoalStatusMessage: Codable, Sendable, Hashable {
    package var number: String
    package var title: String
    package var tally: TallyMessage
    /// The committee's judgement for the period, if recorded.
    package var assessment: AssessmentMessage?
    package var indicators: [IndicatorStatusMessage]

    package init(
        number: String, title: String, tally: TallyMessage, assessment: AssessmentMessage?,
        indicators: [IndicatorStatusMessage]
    ) {
        self.number = number
        self.title = title
        self.tally = tally
        self.assessment = assessment
        self.indicators = indicators
    }
}

package struct IndicatorStatusMessage: Codable, Sendable, Hashable {
    package var number: String
    package var title: String
    /// `met`, `partlyMet`, `notMet`, `noData`, `targetPending` or `needsAssessment`.
    package var status: String
    /// The target in force for the period.
    package var target: String
    package var value: JSONValue?
    package var display: String?
    /// Value minus target, for numeric targets.
    package var difference: Double?
    /// True when goald computed the value (5.6.4.1 from the business-travel data).
    package var derived: Bool
    /// Who recorded the value in force, and when (ISO 8601, UTC); absent for derived values.
    package var recordedBy: String?
    package var recordedAt: String?
    /// The committee's judgement of a qualitative indicator.
    package var assessment: AssessmentMessage?
    /// With `compare`: the indicator in the compared period.
    package var compared: ComparedIndicatorMessage?
    /// With `compare`: `better`, `unchanged` or `worse` by the target's direction; absent when either period
    /// lacks a value to compare.
    package var trend: String?
    /// For a derived value whose travel data is not complete (`YYYY-MM-DD`): both years are compared through this
    /// day, and the value and its status are provisional.
    package var provisionalThrough: String?
    /// Women's and men's values beside the total, for an indicator split by gender (its status is judged on the
    /// total).
    package var women: Double?
    package var men: Double?

    package init(
        number: String, title: String, status: String, target: String, value: JSONValue?,
        display: String?, difference: Double?, derived: Bool, recordedBy: String? = nil,
        recordedAt: String? = nil, assessment: AssessmentMessage? = nil,
        compared: ComparedIndicatorMessage? = nil, trend: String? = nil
    ) {
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.assessment = assessment
        self.compared = compared
        self.trend = trend
        self.number = number
        self.title = title
        self.status = status
        self.target = target
        self.value = value
        self.display = display
        self.difference = difference
        self.derived = derived
    }
}

/// An indicator in the period compared with.
package struct ComparedIndicatorMessage: Codable, Sendable, Hashable {
    package var period: String
    package var status: String
    package var target: String
    package var value: JSONValue?
    package var display: String?

    package init(period: String, status: String, target: String, value: JSONValue?, display: String?) {
        self.period = period
        self.status = status
        self.target = target
        self.value = value
        self.display = display
    }
}

/// Why, when and by whom a record was withdrawn.
package struct RetractionNote: Codable, Sendable, Hashable {
    package var sequence: Int64
    package var reason: String
    /// ISO 8601, UTC.
    package var recordedAt: String
    package var recordedBy: String

    package init(sequence: Int64, reason: String, recordedAt: String, recordedBy: String) {
        self.sequence = sequence
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Params of `goald.v1.Goals/RetractMeasurement`: withdraw the value in force for an indicator and period.
package struct RetractMeasurementRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    package var indicator: String
    package var period: String
    /// Why; kept in the history.
    package var reason: String

    package init(indicator: String, period: String, reason: String, committee: String? = nil) {
        self.committee = committee
        self.indicator = indicator
        self.period = period
        self.reason = reason
    }
}

/// Params of `goald.v1.Goals/RetractAssessment`: withdraw the assessment in force for a result goal and period.
package struct RetractAssessmentRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    /// The result goal whose assessment is withdrawn; or give `indicator`.
    package var resultGoal: String?
    /// The qualitative indicator whose judgement is withdrawn; or give `resultGoal`.
    package var indicator: String?
    package var period: String
    package var reason: String

    package init(
        resultGoal: String? = nil, indicator: String? = nil, period: String, reason: String, committee: String? = nil
    ) {
        self.committee = committee
        self.resultGoal = resultGoal
        self.indicator = indicator
        self.period = period
        self.reason = reason
    }
}

/// Result of the retract methods.
package struct RetractionMessage: Codable, Sendable, Hashable {
    package var sequence: Int64
    /// `measurement`, `assessment` or `target`.
    package var kind: String
    /// The sequence of the record withdrawn.
    package var retracted: Int64
    /// The indicator key or the result goal number.
    package var subject: String
    package var period: String
    package var reason: String
    package var recordedAt: String
    package var recordedBy: String
    /// What is in force now for that indicator or result goal and period, as a person reads it; nil for nothing.
    package var nowInForce: String?

    package init(
        sequence: Int64, kind: String, retracted: Int64, subject: String, period: String, reason: String,
        recordedAt: String, recordedBy: String, nowInForce: String?
    ) {
        self.sequence = sequence
        self.kind = kind
        self.retracted = retracted
        self.subject = subject
        self.period = period
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.nowInForce = nowInForce
    }
}

/// Params of `goald.v1.Goals/ListAssessments`.
package struct ListAssessmentsRequest: Codable, Sendable, Hashable {
    /// The committee (its abbreviation) whose follow-up is meant; absent: the default committee.
    package var committee: String?
    package var resultGoal: String
    /// Only this period; absent: every period.
    package var period: String?

    package init(resultGoal: String, period: String? = nil, committee: String? = nil) {
        self.committee = committee
        self.resultGoal = resultGoal
        self.period = period
    }
}

/// Result of `goald.v1.Goals/ListAssessments`: every assessment of a result goal, oldest first, superseded and
/// retracted ones marked.
package struct AssessmentHistory: Codable, Sendable, Hashable {
    package var resultGoal: GoalRef
    package var assessments: [AssessmentMessage]

    package init(resultGoal: GoalRef, assessments: [AssessmentMessage]) {
        self.resultGoal = resultGoal
        self.assessments = assessments
    }
}

/// Params of `goald.v1.Goals/ImportMeasurements`: a follow-up file's text, one value of one indicator for one
/// committee and period per row (`period;nämnd;indikator;totalt;kvinnor;män;källa;kommentar`).
package struct ImportMeasurementsRequest: Codable, Sendable, Hashable {
    /// The file as text (CSV with `;`, `,` or tabs; a title or notes above the header are passed over); or, instead,
    /// `kolada`.
    package var csv: String?
    /// A saved Kolada answer, as its JSON text (`{"values": [...]}`): each value is recorded in the annual period of
    /// every indicator that names its KPI (the region's own value of a region indicator); `null` values are left
    /// missing, said in `koladaMissing`.
    package var kolada: String?
    /// The Kolada id of the municipality or region whose values are read (`0017`); absent: the file's one.
    package var municipality: String?
    /// The file line `csv` starts on, so that problems name the lines of the whole file. Default 1.
    package var firstLine: Int?
    /// The file's name: each value is recorded with it as its source, after the row's own `källa`.
    package var source: String?
    /// The committee a row means when the file has no committee column, or its cell is empty; absent: the
    /// default committee.
    package var committee: String?
    /// Check only: say what would be recorded, and store nothing.
    package var dryRun: Bool?

    package init(
        csv: String? = nil, kolada: String? = nil, municipality: String? = nil, firstLine: Int? = nil,
        source: String? = nil, committee: String? = nil, dryRun: Bool? = nil
    ) {
        self.csv = csv
        self.kolada = kolada
        self.municipality = municipality
        self.firstLine = firstLine
        self.source = source
        self.committee = committee
        self.dryRun = dryRun
    }
}

/// Result of `goald.v1.Goals/ImportMeasurements`.
package struct ImportMeasurementsResponse: Codable, Sendable, Hashable {
    /// Values recorded by this call (or that would be, in a dry run).
    package var recorded: Int
    /// Rows whose value was already the one in force: left as they were.
    package var unchanged: Int
    /// Rows read (blank rows are not counted).
    package var rows: Int
    /// The committees the file has rows for, by abbreviation.
    package var committees: [String]
    /// Every bad row, with its line and the column as the file heads it; when any, nothing was recorded.
    package var rejected: [RowProblemMessage]
    /// Bad rows beyond those listed (the list stops at `listedAtMost`).
    package var rejectedNotListed: Int?
    /// True when the values were stored (durably, before this answer).
    package var committed: Bool
    /// The file line of the header.
    package var headerLine: Int?
    /// Headings goald does not read.
    package var ignoredColumns: [String]
    /// Of a Kolada file: what was read and what was passed over.
    package var kolada: KoladaReadingMessage?

    /// The most bad rows an answer lists.
    package static let listedAtMost = 200

    package init(
        recorded: Int, unchanged: Int, rows: Int, committees: [String], rejected: [RowProblemMessage],
        rejectedNotListed: Int? = nil, committed: Bool, headerLine: Int?, ignoredColumns: [String]
    ) {
        self.recorded = recorded
        self.unchanged = unchanged
        self.rows = rows
        self.committees = committees
        self.rejected = rejected
        self.rejectedNotListed = rejectedNotListed
        self.committed = committed
        self.headerLine = headerLine
        self.ignoredColumns = ignoredColumns
    }
}

/// What a Kolada file gave: the municipality read, its `null` values (left missing, with Kolada's status), and the
/// entries passed over.
package struct KoladaReadingMessage: Codable, Sendable, Hashable {
    package var municipality: String
    /// Every `null` value of a KPI some indicator names: nothing recorded for it.
    package var missing: [KoladaMissingMessage]
    /// KPIs no indicator of the model names (`kolada` on an indicator).
    package var unmatchedKPIs: [String]
    /// Entries of other municipalities.
    package var otherMunicipalities: Int
    /// Values of a year no plan of the indicator covers.
    package var outsidePlans: Int
    /// What the report credits: "Källa: Kolada (RKA), CC BY 4.0".
    package var credit: String

    package init(
        municipality: String, missing: [KoladaMissingMessage], unmatchedKPIs: [String], otherMunicipalities: Int,
        outsidePlans: Int, credit: String
    ) {
        self.municipality = municipality
        self.missing = missing
        self.unmatchedKPIs = unmatchedKPIs
        self.otherMunicipalities = otherMunicipalities
        self.outsidePlans = outsidePlans
        self.credit = credit
    }
}

/// A Kolada value given as `null`.
package struct KoladaMissingMessage: Codable, Sendable, Hashable {
    package var kpi: String
    package var year: Int
    /// `T` (total), `K` (women) or `M` (men).
    package var gender: String
    /// Kolada's status of the value, when it gives one.
    package var status: String?

    package init(kpi: String, year: Int, gender: String, status: String?) {
        self.kpi = kpi
        self.year = year
        self.gender = gender
        self.status = status
    }
}
