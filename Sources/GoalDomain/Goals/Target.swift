import GoalNumbers

/// An indicator's target: what kind of value it takes, the value to reach, and which side of it is good.
package struct Target: Sendable, Hashable, Codable {
    package var kind: TargetKind
    /// The value to reach. Absent for a qualitative target, and for a numeric target still to be set
    /// (the source's "Uppdateras").
    package var value: TargetValue?
    /// Which side of the value is good. Required for numeric kinds, absent otherwise.
    package var direction: Direction?
    /// The unit of an amount, such as `kr`.
    package var unit: String?
    /// The target as the source writes it ("100 %", "Ja", "Nollresultat", "Uppdateras").
    package var text: String?

    package init(
        kind: TargetKind, value: TargetValue? = nil, direction: Direction? = nil, unit: String? = nil,
        text: String? = nil
    ) {
        self.kind = kind
        self.value = value
        self.direction = direction
        self.unit = unit
        self.text = text
    }

    /// A numeric target whose value has not been set yet.
    package var isPending: Bool { kind.isNumeric && value == nil }
}

/// The kind of value an indicator takes.
package enum TargetKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A share in per cent, 0–100.
    case percentage
    /// A yes/no question ("Ja"/"Nej").
    case yesNo
    /// An index value, such as an engagement index.
    case index
    /// An amount of money or another quantity with a unit, such as the result against budget.
    case amount
    /// A qualitative follow-up: text, no numeric value.
    case qualitative

    package var isNumeric: Bool {
        switch self {
        case .percentage, .index, .amount: true
        case .yesNo, .qualitative: false
        }
    }
}

extension TargetKind {
    /// The kind with its article, for a message: "a percentage", "an index", "an amount".
    package var withArticle: String {
        ("aeiou".contains(rawValue.first ?? "x") ? "an " : "a ") + rawValue
    }
}

/// Which side of a numeric target is good.
package enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    /// At least the target is good (≥).
    case atLeast
    /// At most the target is good (≤).
    case atMost

    package var symbol: String {
        switch self {
        case .atLeast: "≥"
        case .atMost: "≤"
        }
    }
}

/// A target value: a number for numeric kinds, a yes/no answer for yes/no questions.
package enum TargetValue: Sendable, Hashable, Codable {
    case number(Double)
    case yesNo(Bool)

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .yesNo(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            throw DecodingError.typeMismatch(
                TargetValue.self,
                .init(codingPath: decoder.codingPath, debugDescription: "expected a number or true/false")
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .yesNo(let flag): try container.encode(flag)
        }
    }

    package var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }
}

// MARK: - Display

extension Target {
    /// The target as a person reads it: "≥ 100 %", "Ja", "≥ 0 kr", "not set yet (Uppdateras)", "qualitative".
    package var display: String {
        switch (kind, value) {
        case (.qualitative, _):
            return "qualitative"
        case (_, nil):
            return "not set yet" + (text.map { " (\($0))" } ?? "")
        case (.yesNo, .yesNo(let flag)?):
            return flag ? "Ja" : "Nej"
        case (_, .number(let number)?):
            let symbol = direction.map { $0.symbol + " " } ?? ""
            let formatted = Self.format(number)
            switch kind {
            case .percentage: return "\(symbol)\(formatted) %"
            case .amount: return "\(symbol)\(formatted)" + (unit.map { " \($0)" } ?? "")
            default: return "\(symbol)\(formatted)"
            }
        case (_, .yesNo(let flag)?):
            return flag ? "Ja" : "Nej"
        }
    }

    /// A number as Swedish writes it: no needless ",0", a decimal comma, a space between thousands
    /// (-250 000; 3,4; 1 250,5).
    package static func format(_ number: Double) -> String {
        NumberStyle.swedish.shortest(number)
    }
}
