import Foundation
import GoalDomain
import GoalNumbers

/// The language a report is written in.
package enum ReportLanguage: String, Sendable, Hashable, CaseIterable {
    case sv, en
}

/// Numbers, amounts and dates the way a report in each language prints them: in Swedish a decimal comma, a
/// space between thousands (no-break, so a figure is never split), tonnes from 1 000 kg; in English a point and a
/// comma.
package struct ReportFormat: Sendable {
    package var language: ReportLanguage
    /// What goes between groups of thousands: a no-break space in a report, a plain one in a terminal.
    package var groupSeparator: String

    package init(language: ReportLanguage, groupSeparator: String = "\u{00A0}") {
        self.language = language
        self.groupSeparator = language == .sv ? groupSeparator : ","
    }

    private var style: NumberStyle {
        var style = language == .sv ? NumberStyle.swedishTypeset : .englishTypeset
        style.groupSeparator = groupSeparator
        return style
    }

    /// A number with a fixed count of decimals, grouped by thousands.
    package func number(_ value: Double, decimals: Int = 0) -> String {
        style.fixed(value, decimals: decimals)
    }

    /// A number with as many decimals as it needs, up to `maxDecimals` (3,4 but 80).
    package func compact(_ value: Double, maxDecimals: Int = 2) -> String {
        for decimals in 0...maxDecimals {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            if abs((value * scale).rounded() - value * scale) < 1e-9 { return number(value, decimals: decimals) }
        }
        return number(value, decimals: maxDecimals)
    }

    /// A difference with its sign, as many decimals as it needs: +3,4 · −0,25 · 0.
    package func signed(_ value: Double, maxDecimals: Int = 2) -> String {
        (value > 0 ? "+" : "") + compact(value, maxDecimals: maxDecimals)
    }

    /// A value's difference from its target, with its sign and its unit: +22,69 p.e. · −4 kr · +3.
    package func difference(_ value: Double, of target: Target, percentagePoints: String) -> String {
        signed(value)
            + (target.kind == .percentage ? "\u{00A0}" + percentagePoints : target.unit.map { "\u{00A0}" + $0 } ?? "")
    }

    /// A mass of CO2e: kilograms below a tonne, tonnes with one decimal from 1 000 kg.
    package func mass(_ kg: Double) -> String {
        abs(kg) >= 1000 ? number(kg / 1000, decimals: 1) + "\u{00A0}t" : number(kg, decimals: 0) + "\u{00A0}kg"
    }

    package func percent(_ value: Double, decimals: Int = 1) -> String {
        number(value, decimals: decimals) + "\u{00A0}%"
    }

    /// A value as the report prints it, for its target's kind.
    package func value(_ value: MeasurementValue, kind: TargetKind, unit: String?) -> String {
        switch value {
        case .number(let number):
            let text = compact(number)
            switch kind {
            case .percentage: return text + "\u{00A0}%"
            case .amount: return text + (unit.map { "\u{00A0}" + $0 } ?? "")
            default: return text
            }
        case .yesNo(let flag): return language == .sv ? (flag ? "Ja" : "Nej") : (flag ? "Yes" : "No")
        case .text(let text): return text
        }
    }

    /// Women's and men's values beside the total, for an indicator split by gender: "kvinnor 7,06 %, män 4,9 %"
    /// ("–" for the one not given); nil when the measurement gives neither.
    package func gender(_ measurement: RecordedMeasurement?, of target: Target) -> String? {
        genderParts(measurement, of: target)?.joined(separator: ", ")
    }

    /// Women's and men's values apart: ["kvinnor 7,06 %", "män 4,9 %"]; nil when the measurement gives neither.
    package func genderParts(_ measurement: RecordedMeasurement?, of target: Target) -> [String]? {
        guard let measurement, measurement.women != nil || measurement.men != nil else { return nil }
        func one(_ figure: Double?) -> String {
            figure.map { value(.number($0), kind: target.kind, unit: target.unit) } ?? "–"
        }
        return language == .sv
            ? ["kvinnor \(one(measurement.women))", "män \(one(measurement.men))"]
            : ["women \(one(measurement.women))", "men \(one(measurement.men))"]
    }

    /// A target as the report prints it.
    package func target(_ target: Target) -> String {
        switch (target.kind, target.value) {
        case (.qualitative, _):
            return language == .sv ? "Kvalitativ bedömning" : "Qualitative judgement"
        case (_, nil):
            return (language == .sv ? "Ej fastställt" : "Not set") + (target.text.map { " (\($0))" } ?? "")
        case (_, .yesNo(let flag)?):
            return value(.yesNo(flag), kind: .yesNo, unit: nil)
        case (_, .number(let number)?):
            let symbol = target.direction.map { $0.symbol + "\u{00A0}" } ?? ""
            return symbol + value(.number(number), kind: target.kind, unit: target.unit)
        }
    }

    /// An instant in local time, to the minute: `2026-12-01 12:20`.
    package func time(_ date: Date, in zone: TimeZone) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: zone, from: date)
        func two(_ value: Int?) -> String {
            let v = value ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }
}
