import Foundation
import GoalDomain
import GoalNumbers
import GoalProtocol

// Mapping from the domain's values to the wire's messages. The domain never learns about the wire.

extension PlanMessage {
    package init(_ plan: Plan) {
        self.init(
            id: plan.id, title: plan.title, organisation: plan.organisation, committee: plan.committee,
            committeeAbbreviation: plan.committeeAbbreviation, firstYear: plan.firstYear, lastYear: plan.lastYear,
            followUp: plan.followUp,
            effectGoals: plan.effectGoals.map(EffectGoalMessage.init)
        )
    }
}

extension EffectGoalMessage {
    package init(_ goal: EffectGoal) {
        self.init(
            id: goal.id, number: goal.number, title: goal.title,
            strategyLinks: goal.strategyLinks.map {
                StrategyLinkMessage(priorityArea: $0.priorityArea, goals: $0.goals)
            },
            explanation: goal.explanation, note: goal.note, agenda2030: goal.agenda2030,
            resultGoals: goal.resultGoals.map(ResultGoalMessage.init)
        )
    }
}

extension ResultGoalMessage {
    package init(_ goal: ResultGoal) {
        self.init(
            id: goal.id, number: goal.number, title: goal.title, indicators: goal.indicators.map(IndicatorMessage.init))
    }
}

extension IndicatorMessage {
    package init(_ indicator: Indicator) {
        let range = indicator.effectiveRange
        self.init(
            id: indicator.id, number: indicator.number, title: indicator.title, target: TargetMessage(indicator.target),
            note: indicator.note, min: range.min, max: range.max, measured: indicator.measured?.rawValue,
            byGender: indicator.isSplitByGender ? true : nil)
        kolada = indicator.kolada
        if indicator.shared {
            shared = true
            definition = indicator.definition
            source = indicator.sourceSystem
            agenda2030 = indicator.agenda2030.isEmpty ? nil : indicator.agenda2030
        }
    }
}

extension KoladaReadingMessage {
    init(_ reading: KoladaFile.Reading) {
        self.init(
            municipality: reading.municipality,
            missing: reading.missing.map {
                KoladaMissingMessage(kpi: $0.kpi, year: $0.year, gender: $0.gender, status: $0.status)
            },
            unmatchedKPIs: reading.unmatchedKPIs, otherMunicipalities: reading.otherMunicipalities,
            outsidePlans: reading.outsidePlans, credit: KoladaFile.credit)
    }
}

extension TargetMessage {
    package init(_ target: Target) {
        let value: ScalarValue? =
            switch target.value {
            case .number(let number)?: .number(number)
            case .yesNo(let flag)?: .bool(flag)
            case nil: nil
            }
        self.init(
            kind: target.kind.rawValue, value: value, direction: target.direction?.rawValue,
            unit: target.unit, text: target.text, display: target.display, pending: target.isPending)
    }
}

// MARK: - Follow-up

extension JSONValue {
    package init(_ value: MeasurementValue) {
        switch value {
        case .number(let number): self = .number(number)
        case .yesNo(let flag): self = .bool(flag)
        case .text(let text): self = .string(text)
        }
    }
}

/// Timestamps on the wire: ISO 8601 in UTC, to the millisecond.
enum WireDate {
    static func string(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true)
                .timeSeparator(.colon).timeZone(separator: .omitted))
    }
}

extension MeasurementMessage {
    /// A stored measurement on the wire: its indicator named by its number in `plan`.
    init(
        _ measurement: RecordedMeasurement, in plan: Plan, kind: TargetKind, unit: String?, superseded: Bool,
        retracted: RetractionNote? = nil
    ) {
        self.init(
            sequence: measurement.sequence, indicator: plan.number(of: measurement.indicator),
            period: measurement.period.description, value: JSONValue(measurement.value),
            display: measurement.value.display(for: kind, unit: unit), note: measurement.note,
            source: measurement.source, recordedAt: WireDate.string(measurement.recordedAt),
            recordedBy: measurement.recordedBy.name, recordedUid: measurement.recordedBy.uid,
            superseded: superseded, retracted: retracted)
        women = measurement.women
        men = measurement.men
    }
}

extension MeasurementMessage {
    /// A value goald derives, as the history lists it.
    init(derived derivedValue: DerivedValue, of indicator: Indicator, in period: Period, at date: Date) {
        let value = derivedValue.value
        let source = indicator.derivedFrom?.travelReduction
        let basis = source?.method == .likeForLike ? "like for like" : "as reported"
        let span =
            derivedValue.provisionalThrough.map { through in
                ", provisional, through "
                    + (DayText.short(year: through.year, month: through.month, day: through.day, swedish: false)
                        ?? through.description) + " (from 1 January, and "
                    + "the same days of \(source?.baseline ?? 2020): the year's trips are known only that far)"
            } ?? (period.kind == .interim ? ", January to August" : "")
        let note = source.map {
            "derived from the business-travel data of \($0.unit ?? "every unit"): the reduction "
                + "against \($0.baseline), \(basis)" + span
        }
        self.init(
            sequence: 0, indicator: indicator.number, period: period.description, value: JSONValue(value),
            display: value.display(for: indicator.target.kind, unit: indicator.target.unit), note: note,
            source: "goald", recordedAt: WireDate.string(date), recordedBy: "goald", recordedUid: nil,
            superseded: false, derived: true)
        provisionalThrough = derivedValue.provisionalThrough?.description
    }
}

extension RetractionNote {
    init(_ retraction: Retraction) {
        self.init(
            sequence: retraction.sequence, reason: retraction.reason,
            recordedAt: WireDate.string(retraction.recordedAt), recordedBy: retraction.recordedBy.name)
    }
}

extension RetractionMessage {
    /// A retraction on the wire: what it withdrew named by its number in `plan`.
    init(_ retraction: Retraction, in plan: Plan, nowInForce: String?) {
        self.init(retraction, subject: plan.number(of: retraction.subject), nowInForce: nowInForce)
    }

    /// A retraction on the wire, what it withdrew named by `subject`.
    init(_ retraction: Retraction, subject: String, nowInForce: String?) {
        self.init(
            sequence: retraction.sequence, kind: retraction.kind.rawValue, retracted: retraction.retracted,
            subject: subject, period: retraction.period.description, reason: retraction.reason,
            recordedAt: WireDate.string(retraction.recordedAt), recordedBy: retraction.recordedBy.name,
            nowInForce: nowInForce)
    }
}

extension AssessmentMessage {
    /// An assessment on the wire: what it judged named by its number in `plan`.
    init(_ assessment: Assessment, in plan: Plan, superseded: Bool? = nil, retracted: RetractionNote? = nil) {
        self.init(
            assessment, resultGoal: plan.number(of: assessment.resultGoal),
            indicator: assessment.indicator.map(plan.number(of:)), superseded: superseded, retracted: retracted)
    }

    /// An assessment on the wire, with the numbers of what it judged.
    init(
        _ assessment: Assessment, resultGoal: String, indicator: String?, superseded: Bool? = nil,
        retracted: RetractionNote? = nil
    ) {
        self.init(
            sequence: assessment.sequence, resultGoal: resultGoal, indicator: indicator,
            period: assessment.period.description, level: assessment.level.rawValue,
            analysis: assessment.analysis, recordedAt: WireDate.string(assessment.recordedAt),
            recordedBy: assessment.recordedBy.name, superseded: superseded, retracted: retracted)
    }
}

extension TargetChangeMessage {
    /// A target change on the wire: its indicator named by its number in `plan`.
    init(_ change: TargetChange, in plan: Plan, fromChosen: String? = nil, retracted: Retraction? = nil) {
        self.init(
            sequence: change.sequence, indicator: plan.number(of: change.indicator),
            target: TargetMessage(change.target),
            from: change.from.description, fromChosen: fromChosen,
            previous: TargetMessage(change.previous), recordedAt: WireDate.string(change.recordedAt),
            recordedBy: change.recordedBy.name)
        reason = change.reason
        self.retracted = retracted.map(RetractionNote.init)
    }
}

extension TallyMessage {
    init(_ tally: StatusTally) {
        self.init(
            met: tally.met, partlyMet: tally.partlyMet, notMet: tally.notMet, noData: tally.noData,
            targetPending: tally.targetPending,
            needsAssessment: tally.needsAssessment,
            measuredAnnually: tally.measuredAnnually == 0 ? nil : tally.measuredAnnually, total: tally.total)
    }
}

extension StatusMessage {
    /// The roll-up on the wire; with `compared`, each indicator beside its standing in that period.
    init(_ status: PlanStatus, periodChosen: String, compared: PlanStatus? = nil) {
        var notMet: [String] = []
        var earlier: [String: IndicatorEvaluation] = [:]
        for evaluation in compared?.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators) ?? [] {
            earlier[evaluation.indicator.id] = evaluation
        }
        let effects = status.effectGoals.map { effect in
            EffectGoalStatusMessage(
                number: effect.effectGoal.number, title: effect.effectGoal.title, tally: TallyMessage(effect.tally),
                resultGoals: effect.resultGoals.map { result in
                    ResultGoalStatusMessage(
                        number: result.resultGoal.number, title: result.resultGoal.title,
                        tally: TallyMessage(result.tally),
                        assessment: result.assessment.map {
                            AssessmentMessage($0, resultGoal: result.resultGoal.number, indicator: nil)
                        },
                        indicators: result.indicators.map { evaluation in
                            if evaluation.status == .notMet { notMet.append(evaluation.indicator.number) }
                            let then = earlier[evaluation.indicator.id]
                            return IndicatorStatusMessage(
                                evaluation, resultGoal: result.resultGoal.number, compared: then,
                                period: compared?.period)
                        })
                })
        }
        let assessed = Dictionary(uniqueKeysWithValues: status.assessed.map { ($0.key.rawValue, $0.value) })
        self.init(
            period: status.period.description, periodChosen: periodChosen,
            compare: compared?.period.description, tally: TallyMessage(status.tally), assessed: assessed,
            effectGoals: effects, notMet: notMet)
    }
}

extension IndicatorStatusMessage {
    /// - Parameter resultGoal: the number of the result goal the indicator is under.
    init(_ evaluation: IndicatorEvaluation, resultGoal: String, compared then: IndicatorEvaluation?, period: Period?) {
        let target = evaluation.target
        let measurement = evaluation.measurement
        self.init(
            number: evaluation.indicator.number, title: evaluation.indicator.title,
            status: evaluation.status.rawValue, target: target.display, value: evaluation.value.map(JSONValue.init),
            display: evaluation.value?.display(for: target.kind, unit: target.unit),
            difference: evaluation.difference, derived: evaluation.derived,
            recordedBy: measurement?.recordedBy.name, recordedAt: measurement.map { WireDate.string($0.recordedAt) },
            assessment: evaluation.assessment.map {
                AssessmentMessage($0, resultGoal: resultGoal, indicator: evaluation.indicator.number)
            },
            compared: then.flatMap { then in
                period.map { period in
                    ComparedIndicatorMessage(
                        period: period.description, status: then.status.rawValue,
                        target: then.target.display, value: then.value.map(JSONValue.init),
                        display: then.value?.display(for: then.target.kind, unit: then.target.unit))
                }
            },
            trend: then.flatMap { evaluation.trend(since: $0)?.rawValue })
        provisionalThrough = evaluation.provisionalThrough?.description
        women = measurement?.women
        men = measurement?.men
    }
}
