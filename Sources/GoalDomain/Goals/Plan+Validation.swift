import Foundation

/// One thing wrong with a model file, located by its path in the document,
/// such as `effectGoals[3].resultGoals[0].indicators[1].target.value`.
package struct PlanProblem: Sendable, Hashable, CustomStringConvertible {
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A model file that cannot be served, with every problem found in it.
package struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    package var problems: [PlanProblem]

    package init(problems: [PlanProblem]) {
        self.problems = problems
    }

    package var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

extension Plan {
    /// Decodes and validates a model file.
    /// - Throws: `PlanError` listing the problems, each with its path.
    package static func decode(from data: Data) throws(PlanError) -> Plan {
        try decode(root: try PlanReader.Node.parse(data))
    }

    /// Reads and validates a model file's parsed JSON.
    static func decode(root: PlanReader.Node) throws(PlanError) -> Plan {
        var reader = PlanReader()
        guard let plan = reader.plan(root), reader.problems.isEmpty else {
            throw PlanError(problems: reader.problems)
        }
        let problems = plan.validate()
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        return plan
    }

    /// Every rule a plan must keep beyond its JSON shape. An empty array means the plan is valid.
    /// - Parameters:
    ///   - effectGoalID: the field that names an effect goal's id (`effectGoal` in a region file).
    ///   - prefix: where the plan sits in its file (`plans[1].` in a region file), before every path.
    package func validate(effectGoalID: String = "id", prefix: String = "") -> [PlanProblem] {
        var problems: [PlanProblem] = []
        func problem(_ path: String, _ message: String) {
            problems.append(PlanProblem(path: prefix + path, message: message))
        }

        if format != Plan.formatTag {
            problem("format", "expected \"\(Plan.formatTag)\", found \"\(format)\"")
        }
        if id.isEmpty { problem("id", "must not be empty") }
        if title.isEmpty { problem("title", "must not be empty") }
        if !(1900...2200).contains(firstYear) { problem("firstYear", "expected a year between 1900 and 2200") }
        if !(1900...2200).contains(lastYear) { problem("lastYear", "expected a year between 1900 and 2200") }
        if firstYear > lastYear { problem("lastYear", "must not be before firstYear (\(firstYear))") }
        if effectGoals.isEmpty { problem("effectGoals", "a plan needs at least one effect goal") }

        var seen: [String: String] = [:]  // number -> path of its first use
        func claim(_ number: String, at path: String) {
            if number.isEmpty {
                problem(path, "must not be empty")
            } else if let first = seen[number] {
                problem(path, "\"\(number)\" is already used at \(prefix)\(first)")
            } else {
                seen[number] = path
            }
        }

        // Stable ids: each names one goal or indicator, and none is another's number, so that a key is never
        // read two ways.
        var numbers = idsByNumber  // number -> id of what carries it
        for effect in effectGoals { numbers[effect.number] = effect.id }
        var effectIDs: [String: String] = [:]
        var ids: [String: String] = [:]  // id of a result goal or indicator -> path of its first use
        func claimID(_ id: String, at path: String, in table: inout [String: String]) {
            if let reason = StableID.problem(id) {
                problem(path, reason)
            } else if let first = table[id] {
                problem(path, "\"\(id)\" is already used at \(prefix)\(first)")
            } else if let owner = numbers[id], owner != id {
                problem(
                    path,
                    "\"\(id)\" is the number of another goal or indicator (\(owner)): a key must not read two ways")
            } else {
                table[id] = path
            }
        }

        for (e, effect) in effectGoals.enumerated() {
            let effectPath = "effectGoals[\(e)]"
            claimID(effect.id, at: "\(effectPath).\(effectGoalID)", in: &effectIDs)
            claim(effect.number, at: effectPath + ".number")
            if effect.title.isEmpty { problem(effectPath + ".title", "must not be empty") }
            if effect.resultGoals.isEmpty {
                problem(effectPath + ".resultGoals", "an effect goal needs at least one result goal")
            }
            for (r, result) in effect.resultGoals.enumerated() {
                let resultPath = "\(effectPath).resultGoals[\(r)]"
                claimID(result.id, at: resultPath + ".id", in: &ids)
                claim(result.number, at: resultPath + ".number")
                if !result.number.hasPrefix(effect.number + ".") {
                    problem(
                        resultPath + ".number",
                        "\"\(result.number)\" must start with its effect goal's number \"\(effect.number).\"")
                }
                if result.title.isEmpty { problem(resultPath + ".title", "must not be empty") }
                if result.indicators.isEmpty {
                    problem(resultPath + ".indicators", "a result goal needs at least one indicator")
                }
                for (i, indicator) in result.indicators.enumerated() {
                    let indicatorPath = "\(resultPath).indicators[\(i)]"
                    claimID(indicator.id, at: indicatorPath + ".id", in: &ids)
                    claim(indicator.number, at: indicatorPath + ".number")
                    if !indicator.number.hasPrefix(result.number + ".") {
                        problem(
                            indicatorPath + ".number",
                            "\"\(indicator.number)\" must start with its result goal's number \"\(result.number).\"")
                    }
                    if indicator.title.isEmpty { problem(indicatorPath + ".title", "must not be empty") }
                    if let range = indicator.valueRange, let low = range.min, let high = range.max, low > high {
                        problem(
                            "\(indicatorPath).valueRange",
                            "min \(Target.format(low)) is above max \(Target.format(high))")
                    }
                    if indicator.derivedFrom != nil, indicator.target.kind != .percentage {
                        problem(
                            "\(indicatorPath).derivedFrom",
                            "a travel reduction is a percentage: the target's kind must be percentage")
                    }
                    if indicator.isSplitByGender,
                        indicator.derivedFrom != nil || ![.percentage, .index, .amount].contains(indicator.target.kind)
                    {
                        problem(
                            "\(indicatorPath).byGender",
                            "only a number people record (a percentage, an index or an amount) is split by "
                                + "women and men"
                        )
                    }
                    for (path, message) in indicator.target.problems(range: indicator.effectiveRange) {
                        problem("\(indicatorPath).target\(path)", message)
                    }
                }
            }
        }
        return problems
    }
}

extension Target {
    /// The rules a target keeps, as (path below the target, message) pairs.
    package func problems(range: ValueRange) -> [(String, String)] {
        var problems: [(String, String)] = []
        switch kind {
        case .percentage, .index, .amount:
            if direction == nil {
                problems.append(
                    (".direction", "a \(kind.rawValue) target needs a direction: \"atLeast\" or \"atMost\""))
            }
            switch value {
            case .yesNo?:
                problems.append((".value", "expected a number for a \(kind.rawValue) target, found true/false"))
            case .number(let number)?:
                if !number.isFinite {
                    problems.append((".value", "expected a finite number"))
                } else if number != 0, abs(number) < ValueRange.smallest {
                    problems.append((".value", "\(number) is too small to be a target: give 0, or at least 0.000001"))
                } else if !range.contains(number) {
                    let what =
                        kind == .percentage && range == ValueRange(min: 0, max: 100) ? "a percentage" : "the value"
                    problems.append((".value", "\(what) must be \(range.requirement), found \(Target.format(number))"))
                }
            case nil:
                break  // pending: the target is still to be set
            }
        case .yesNo:
            if case .number? = value {
                problems.append((".value", "expected true or false for a yesNo target, found a number"))
            }
            if direction != nil { problems.append((".direction", "a yesNo target has no direction")) }
        case .qualitative:
            if value != nil { problems.append((".value", "a qualitative target has no value")) }
            if direction != nil { problems.append((".direction", "a qualitative target has no direction")) }
        }
        return problems
    }
}
