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

/// Who made a change: the socket peer's user.
package struct Actor: Sendable, Hashable {
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
    package var indicator: String
    package var period: Period
    package var value: MeasurementValue
    package var note: String?
    /// Where the figure comes from, such as a report or a system.
    package var source: String?
    package var recordedAt: Date
    package var recordedBy: Actor

    package init(sequence: Int64, indicator: String, period: Period, value: MeasurementValue, note: String?,
                 source: String?, recordedAt: Date, recordedBy: Actor) {
        self.sequence = sequence
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
/// analysis behind it. It stands beside the indicator tally and is never computed from it.
package struct Assessment: Sendable, Hashable {
    package enum Level: String, Sendable, Hashable, CaseIterable {
        /// uppfyllt
        case met = "uppfyllt"
        /// delvis uppfyllt
        case partlyMet = "delvis uppfyllt"
        /// ej uppfyllt
        case notMet = "ej uppfyllt"

        /// Reads the Swedish level or its English or hyphenated forms ("delvis-uppfyllt", "partly-met").
        package init?(text: String) {
            let folded = text.lowercased().replacingOccurrences(of: "_", with: " ")
                .replacingOccurrences(of: "-", with: " ").trimmingCharacters(in: .whitespaces)
            switch folded {
            case "uppfyllt", "met": self = .met
            case "delvis uppfyllt", "partly met", "partlymet", "partially met": self = .partlyMet
            case "ej uppfyllt", "inte uppfyllt", "not met", "notmet": self = .notMet
            default: return nil
            }
        }
    }

    package var sequence: Int64
    package var resultGoal: String
    package var period: Period
    package var level: Level
    package var analysis: String
    package var recordedAt: Date
    package var recordedBy: Actor

    package init(sequence: Int64, resultGoal: String, period: Period, level: Level, analysis: String,
                 recordedAt: Date, recordedBy: Actor) {
        self.sequence = sequence
        self.resultGoal = resultGoal
        self.period = period
        self.level = level
        self.analysis = analysis
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// A change of an indicator's target, kept with the target it replaced.
package struct TargetChange: Sendable, Hashable {
    package var sequence: Int64
    package var indicator: String
    package var target: Target
    package var previous: Target
    package var recordedAt: Date
    package var recordedBy: Actor

    package init(sequence: Int64, indicator: String, target: Target, previous: Target, recordedAt: Date,
                 recordedBy: Actor) {
        self.sequence = sequence
        self.indicator = indicator
        self.target = target
        self.previous = previous
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}
