import Foundation

/// The rule for a stable id: what can be typed on a command line and kept in a file name or URL unchanged.
package enum StableID {
    package static let maxLength = 64

    /// Why `id` cannot be a stable id, or nil when it can.
    package static func problem(_ id: String) -> String? {
        if id.isEmpty { return "must not be empty" }
        if id.utf8.count > maxLength { return "must be at most \(maxLength) characters" }
        let allowed = id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "-" || $0 == "." || $0 == "_"
        }
        guard allowed, let first = id.unicodeScalars.first, first != "-", first != ".", first != "_" else {
            return "\"\(id)\" is not an id: use letters a–z, digits, '-', '.' and '_', "
                + "starting with a letter or digit"
        }
        return nil
    }
}

extension Region {
    /// Decodes and validates a model file of either format: `goald.region/1`, or `goald.plan/1` (one committee's
    /// plan, read as a region of that committee alone).
    /// - Throws: `PlanError` listing the problems, each with its path.
    package static func decode(from data: Data) throws(PlanError) -> Region {
        let root = try PlanReader.Node.parse(data)
        guard case .object(let fields) = root else {
            throw PlanError(problems: [PlanProblem(path: "", message: "expected an object, found \(root.kindName)")])
        }
        if case .string(Plan.formatTag)? = fields["format"] {
            return Region(plan: try Plan.decode(root: root))
        }
        guard case .string(Region.formatTag)? = fields["format"] else {
            let found = fields["format"].map { node in
                if case .string(let text) = node { "\"\(text)\"" } else { node.kindName }
            }
            throw PlanError(problems: [
                PlanProblem(
                    path: "format",
                    message: "expected \"\(Region.formatTag)\" or \"\(Plan.formatTag)\""
                        + (found.map { ", found \($0)" } ?? ", found none"))
            ])
        }
        var reader = PlanReader()
        guard let region = reader.region(root), reader.problems.isEmpty else {
            throw PlanError(problems: reader.problems)
        }
        let problems = region.validate()
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        return region
    }

    /// Every rule a region keeps beyond its JSON shape. An empty array means the region is valid.
    package func validate() -> [PlanProblem] {
        var problems: [PlanProblem] = []
        func problem(_ path: String, _ message: String) { problems.append(PlanProblem(path: path, message: message)) }
        func year(_ value: Int, _ path: String) {
            if !(1900...2200).contains(value) { problem(path, "expected a year between 1900 and 2200") }
        }

        if format != Region.formatTag { problem("format", "expected \"\(Region.formatTag)\", found \"\(format)\"") }
        if organisation.isEmpty { problem("organisation", "must not be empty") }
        year(mandate.firstYear, "mandatePeriod.firstYear")
        year(mandate.lastYear, "mandatePeriod.lastYear")
        if mandate.firstYear > mandate.lastYear {
            problem("mandatePeriod.lastYear", "must not be before firstYear (\(mandate.firstYear))")
        }

        if effectGoals.isEmpty { problem("effectGoals", "a region needs at least one effect goal") }
        var effectIDs: [String: String] = [:]
        for (e, goal) in effectGoals.enumerated() {
            let path = "effectGoals[\(e)]"
            if let reason = StableID.problem(goal.id) {
                problem(path + ".id", reason)
            } else if let first = effectIDs[goal.id] {
                problem(path + ".id", "\"\(goal.id)\" is already used at \(first)")
            } else {
                effectIDs[goal.id] = path + ".id"
            }
            if goal.title.isEmpty { problem(path + ".title", "must not be empty") }
        }

        if committees.isEmpty { problem("committees", "a region needs at least one committee") }
        var abbreviations: [String: String] = [:]
        var names: [String: String] = [:]
        var units: [String: String] = [:]
        for (c, committee) in committees.enumerated() {
            let path = "committees[\(c)]"
            // A unit's trips count for one committee: never for two, never twice.
            for (u, unit) in committee.units.enumerated() {
                let at = "\(path).units[\(u)]"
                if unit.trimmingCharacters(in: .whitespaces).isEmpty {
                    problem(at, "must not be empty")
                } else if let first = units[unit] {
                    problem(at, "\"\(unit)\" is already mapped at \(first): a unit's trips count for one committee")
                } else {
                    units[unit] = at
                }
            }
            let letters = committee.abbreviation.unicodeScalars.allSatisfy {
                CharacterSet.letters.contains($0) || ("0"..."9").contains($0)
            }
            if committee.abbreviation.isEmpty || committee.abbreviation.count > 12 || !letters {
                problem(path + ".abbreviation", "expected 1 to 12 letters or digits, such as RUN")
            } else if let first = abbreviations[committee.abbreviation.uppercased()] {
                problem(path + ".abbreviation", "\"\(committee.abbreviation)\" is already used at \(first)")
            } else {
                abbreviations[committee.abbreviation.uppercased()] = path + ".abbreviation"
            }
            if committee.name.isEmpty {
                problem(path + ".name", "must not be empty")
            } else if let first = names[committee.name] {
                problem(path + ".name", "\"\(committee.name)\" is already used at \(first)")
            } else {
                names[committee.name] = path + ".name"
            }
        }
        let known = committees.map(\.abbreviation).joined(separator: ", ")
        if self.committee(defaultCommittee) == nil {
            problem("defaultCommittee", "\"\(defaultCommittee)\" is not one of the committees (\(known))")
        } else if plans(of: defaultCommittee).isEmpty {
            problem("defaultCommittee", "\(defaultCommittee) has no plan: the default committee needs one")
        }

        if let board, self.committee(board) == nil {
            problem("board", "\"\(board)\" is not one of the committees (\(known))")
        }

        var directivePeriods: [YearSpan: String] = [:]
        for (d, directive) in directives.enumerated() {
            let path = "directives[\(d)]"
            year(directive.year, path + ".year")
            if directive.planPeriod.lastYear < directive.planPeriod.firstYear {
                problem(path + ".planPeriod.lastYear", "must not be before firstYear")
            }
            if let first = directivePeriods[directive.planPeriod] {
                problem(path + ".planPeriod", "\(directive.planPeriod.display) is already asked for at \(first)")
            }
            directivePeriods[directive.planPeriod] = directivePeriods[directive.planPeriod] ?? path
            var answered: Set<String> = []
            for (a, deadline) in directive.deadlines.enumerated() {
                if self.committee(deadline.committee) == nil {
                    problem(
                        "\(path).answers[\(a)].committee",
                        "\"\(deadline.committee)\" is not one of the committees (\(known))")
                }
                if !answered.insert(deadline.committee).inserted {
                    problem("\(path).answers[\(a)].committee", "\(deadline.committee) is given twice")
                }
            }
        }
        // The directive's errors on an answer (its warnings are for `answerProblems`).
        for found in answerProblems where found.severity == .error {
            problem(found.path, found.message)
        }

        // The region's indicators: each a valid indicator under a stable id of its own, which no plan uses for
        // an indicator of its own.
        var sharedIDs: [String: String] = [:]
        for (i, indicator) in indicators.enumerated() {
            let path = "regionIndicators[\(i)]"
            if let reason = StableID.problem(indicator.id) {
                problem(path + ".id", reason)
            } else if let first = sharedIDs[indicator.id] {
                problem(path + ".id", "\"\(indicator.id)\" is already used at \(first)")
            } else {
                sharedIDs[indicator.id] = path + ".id"
            }
            if indicator.title.isEmpty { problem(path + ".title", "must not be empty") }
            if let range = indicator.valueRange, let low = range.min, let high = range.max, low > high {
                problem(path + ".valueRange", "min \(Target.format(low)) is above max \(Target.format(high))")
            }
            if indicator.derivedFrom != nil {
                problem(path + ".derivedFrom", "a region indicator is measured by people, not derived")
            }
            if indicator.isSplitByGender, ![.percentage, .index, .amount].contains(indicator.target.kind) {
                problem(
                    path + ".byGender",
                    "only a number people record (a percentage, an index or an amount) is split by women and men")
            }
            for (at, message) in indicator.target.problems(range: indicator.effectiveRange) {
                problem("\(path).target\(at)", message)
            }
        }
        for (p, answer) in plans.enumerated() {
            for (e, part) in answer.effectGoals.enumerated() {
                for (r, result) in part.resultGoals.enumerated() {
                    for (i, indicator) in result.indicators.enumerated()
                    where indicator.shared && sharedIDs[indicator.id] == nil {
                        problem(
                            "plans[\(p)].effectGoals[\(e)].resultGoals[\(r)].indicators[\(i)].shared",
                            "only the region's indicators are shared: name one with {\"regionIndicator\": …}")
                    }
                    for (i, indicator) in result.indicators.enumerated()
                    where !indicator.shared && sharedIDs[indicator.id] != nil {
                        problem(
                            "plans[\(p)].effectGoals[\(e)].resultGoals[\(r)].indicators[\(i)].id",
                            "\"\(indicator.id)\" is one of the region's indicators: name it with "
                                + "{\"regionIndicator\": \"\(indicator.id)\", \"number\": …}")
                    }
                }
            }
        }

        if plans.isEmpty { problem("plans", "a region needs at least one committee's plan") }
        var planIDs: [String: String] = [:]
        var firstYears: [String: String] = [:]  // "RUN 2024" -> path
        for (p, answer) in plans.enumerated() {
            let path = "plans[\(p)]"
            if answer.id.isEmpty {
                problem(path + ".id", "must not be empty")
            } else if let first = planIDs[answer.id] {
                problem(path + ".id", "\"\(answer.id)\" is already used at \(first)")
            } else {
                planIDs[answer.id] = path + ".id"
            }
            if self.committee(answer.committee) == nil {
                problem(path + ".committee", "\"\(answer.committee)\" is not one of the committees (\(known))")
            }
            let slot = "\(answer.committee) \(answer.period.firstYear)"
            if let first = firstYears[slot] {
                problem(
                    path + ".firstYear",
                    "\(answer.committee) already has a plan from \(answer.period.firstYear) (\(first)): "
                        + "each year's directive gets one answer")
            } else {
                firstYears[slot] = path
            }
            for (e, part) in answer.effectGoals.enumerated() where effectGoal(part.effectGoal) == nil {
                problem(
                    "\(path).effectGoals[\(e)].effectGoal",
                    "\"\(part.effectGoal)\" is not one of the region's effect goals ("
                        + effectGoals.map(\.id).joined(separator: ", ") + ")")
            }
            problems += plan(answer).validate(effectGoalID: "effectGoal", prefix: "\(path).")
        }
        problems += acrossPlans()
        return problems
    }

    /// The rules between plans: an id names one thing everywhere (a result goal stays a result goal, an
    /// indicator keeps its target's kind, so its history reads the same), and within a committee no id is
    /// another item's number in any of its plans.
    private func acrossPlans() -> [PlanProblem] {
        var problems: [PlanProblem] = []
        enum Item: Equatable {
            case resultGoal
            case indicator(TargetKind)

            var name: String {
                switch self {
                case .resultGoal: "a result goal"
                case .indicator(let kind): "an indicator of kind \(kind.rawValue)"
                }
            }
        }
        var items: [String: (item: Item, path: String)] = [:]
        var numbers: [String: [String: [(id: String, plan: Int)]]] = [:]  // committee -> number -> what carries it
        func place(_ id: String, _ item: Item, _ path: String) {
            if let first = items[id], first.item != item {
                problems.append(
                    PlanProblem(
                        path: path,
                        message: "\"\(id)\" is \(first.item.name) at \(first.path); an id names the same thing "
                            + "in every plan"))
            } else if items[id] == nil {
                items[id] = (item, path)
            }
        }
        for (p, answer) in plans.enumerated() {
            for (e, part) in answer.effectGoals.enumerated() {
                for (r, result) in part.resultGoals.enumerated() {
                    let resultPath = "plans[\(p)].effectGoals[\(e)].resultGoals[\(r)]"
                    place(result.id, .resultGoal, resultPath + ".id")
                    numbers[answer.committee, default: [:]][result.number, default: []].append((result.id, p))
                    for (i, indicator) in result.indicators.enumerated() {
                        place(indicator.id, .indicator(indicator.target.kind), "\(resultPath).indicators[\(i)].id")
                        numbers[answer.committee, default: [:]][indicator.number, default: []].append((indicator.id, p))
                    }
                }
            }
        }
        for (p, answer) in plans.enumerated() {
            let own = numbers[answer.committee] ?? [:]
            for (e, part) in answer.effectGoals.enumerated() {
                for (r, result) in part.resultGoals.enumerated() {
                    let resultPath = "plans[\(p)].effectGoals[\(e)].resultGoals[\(r)]"
                    var checks = [(result.id, resultPath + ".id")]
                    checks += result.indicators.enumerated().map { ($1.id, "\(resultPath).indicators[\($0)].id") }
                    for (id, path) in checks {
                        // Within one plan, the plan's own rules have said it.
                        if let owner = own[id]?.first(where: { $0.id != id && $0.plan != p })?.id {
                            problems.append(
                                PlanProblem(
                                    path: path,
                                    message: "\"\(id)\" is the number of \(owner) in another of \(answer.committee)'s "
                                        + "plans: a key must not read two ways"))
                        }
                    }
                }
            }
        }
        return problems
    }
}
