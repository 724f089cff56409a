import Foundation

/// What an indicator showed: a number (percentage, index, amount), a yes/no answer, or a text for
/// a qualitative follow-up.
package enum MeasurementValue: Sendable, Hashable {
    case number(Double)
    case yesNo(Bool)
    case text(String)

    package var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The value as a person reads it, for the kind of its target.
    package func display(for kind: TargetKind, unit: String? = nil) -> String {
        switch self {
        case .number(let number):
            switch kind {
            case .percentage: return Target.format(number) + " %"
            case .amount: return Target.format(number) + (unit.map { " " + $0 } ?? "")
            default: return Target.format(number)
            }
        case .yesNo(let flag): return flag ? "Ja" : "Nej"
        case .text(let text): return text
        }
    }
}

/// Women's and men's values of an indicator split by gender, beside its total.
package struct GenderValues: Sendable, Hashable {
    package var women: Double?
    package var men: Double?

    package init(women: Double? = nil, men: Double? = nil) {
        self.women = women
        self.men = men
    }

    package var isEmpty: Bool { women == nil && men == nil }
}

/// Who made a change: the socket peer's user.
package struct Author: Sendable, Hashable {
    /// The peer's uid, when the socket told it.
    package var uid: UInt32?
    /// The user's name, or the uid as text when the name is unknown.
    package var name: String

    package init(uid: UInt32?, name: String) {
        self.uid = uid
        self.name = name
    }
}

/// One recorded value of an indicator for a period. A later one for the same indicator and period
/// supersedes it; both stay in the history.
package struct RecordedMeasurement: Sendable, Hashable {
    /// The store's sequence number: the order of recording.
    package var sequence: Int64
    /// The committee whose follow-up it belongs to (its abbreviation).
    package var committee: String
    /// The indicator's stable id.
    package var indicator: String
    package var period: Period
    package var value: MeasurementValue
    /// For an indicator split by gender: women's and men's values beside the total (`value`), each its own
    /// figure; either may be absent.
    package var women: Double?
    package var men: Double?
    package var note: String?
    /// Where the figure comes from, such as a report or a system.
    package var source: String?
    package var recordedAt: Date
    package var recordedBy: Author

    package init(
        sequence: Int64, committee: String, indicator: String, period: Period, value: MeasurementValue,
        women: Double? = nil, men: Double? = nil, note: String?, source: String?, recordedAt: Date,
        recordedBy: Author
    ) {
        self.women = women
        self.men = men
        self.sequence = sequence
        self.committee = committee
        self.indicator = indicator
        self.period = period
        self.value = value
        self.note = note
        self.source = source
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// The committee's judgement of a result goal for a period (section 5.7 of the source): a level and the
/// analysis behind it. It stands beside the indicator tally and is never computed from it. A qualitative
/// indicator is judged the same way: then `indicator` names it, and the judgement is its status.
package struct Assessment: Sendable, Hashable {
    package enum Level: String, Sendable, Hashable, CaseIterable {
        /// uppfyllt
        case met = "uppfyllt"
        /// delvis uppfyllt
        case partlyMet = "delvis uppfyllt"
        /// ej uppfyllt
        case notMet = "ej uppfyllt"

        /// Reads the Swedish level in any case, with or without diacritics: the CLI's "uppfyllt", Region Värmland's
        /// "uppnått" and "uppnåtts" forms (Uppnåtts, Delvis uppnåtts, Ej uppnåtts), the English and the hyphenated
        /// forms ("delvis-uppfyllt", "partly-met").
        package init?(text: String) {
            let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
                .split(separator: " ").joined(separator: " ")
            switch folded {
            case "uppfyllt", "uppnatt", "uppnatts", "met": self = .met
            case "delvis uppfyllt", "delvis uppnatt", "delvis uppnatts", "partly met", "partlymet", "partially met":
                self = .partlyMet
            case "ej uppfyllt", "inte uppfyllt", "ej uppnatt", "inte uppnatt", "ej uppnatts", "inte uppnatts",
                "not met",
                "notmet":
                self = .notMet
            default: return nil
            }
        }
    }

    package var sequence: Int64
    /// The committee whose follow-up it belongs to (its abbreviation).
    package var committee: String
    /// The result goal judged, or the one the judged indicator belongs to: its stable id.
    package var resultGoal: String
    /// The qualitative indicator judged (its stable id); nil for a judgement of the result goal.
    package var indicator: String?
    package var period: Period
    package var level: Level
    package var analysis: String
    package var recordedAt: Date
    package var recordedBy: Author

    package init(
        sequence: Int64, committee: String, resultGoal: String, indicator: String? = nil, period: Period,
        level: Level, analysis: String, recordedAt: Date, recordedBy: Author
    ) {
        self.sequence = sequence
        self.committee = committee
        self.resultGoal = resultGoal
        self.indicator = indicator
        self.period = period
        self.level = level
        self.analysis = analysis
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    /// What is judged: the stable id of the indicator or the result goal.
    package var subject: String { indicator ?? resultGoal }
}

/// A change of an indicator's target, in force from a period on, kept with the target it replaced there.
package struct TargetChange: Sendable, Hashable {
    package var sequence: Int64
    /// The committee whose follow-up it belongs to (its abbreviation).
    package var committee: String
    /// The indicator's stable id.
    package var indicator: String
    package var target: Target
    /// The first period the target is in force for; it stays in force until a change from a later period.
    package var from: Period
    /// The target that was in force for `from` before this change.
    package var previous: Target
    package var recordedAt: Date
    package var recordedBy: Author
    /// The day it was recorded, in goald's zone: a change recorded after a period's last day changed a closed
    /// report.
    package var recordedOn: CivilDate
    /// Why the target was changed, when it was given (it must be, for a change from a closed period).
    package var reason: String?

    package init(
        sequence: Int64, committee: String, indicator: String, target: Target, from: Period, previous: Target,
        recordedAt: Date, recordedBy: Author, recordedOn: CivilDate, reason: String? = nil
    ) {
        self.sequence = sequence
        self.committee = committee
        self.indicator = indicator
        self.target = target
        self.from = from
        self.previous = previous
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn
        self.reason = reason
    }

    /// Whether the change was made after `period` had closed: it then changed that period's report.
    package func changedAfterClose(of period: Period) -> Bool { recordedOn > period.lastDay }
}
