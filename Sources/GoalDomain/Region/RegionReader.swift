/// Reading a `goald.region/1` file: the same reader as a plan's, so that every problem is listed with its path.
extension PlanReader {
    mutating func region(_ root: Node) -> Region? {
        guard
            let fields = fields(
                root, "",
                known: [
                    "format", "organisation", "mandatePeriod", "effectGoals", "committees", "defaultCommittee", "board",
                    "plans", "directives", "regionIndicators",
                ])
        else {
            return nil
        }
        let format = string(fields, "format", "")
        let organisation = string(fields, "organisation", "")
        let mandate = yearSpan(fields["mandatePeriod"], "mandatePeriod")
        if fields["mandatePeriod"] == nil { problem("mandatePeriod", "is required") }
        let effects = (array(fields, "effectGoals", "") ?? []).enumerated().map { index, node in
            regionEffectGoal(node, "effectGoals[\(index)]")
        }
        let committees = (array(fields, "committees", "") ?? []).enumerated().map { index, node in
            committee(node, "committees[\(index)]")
        }
        // The region's indicators first: the plans name them.
        let shared = (array(fields, "regionIndicators", "", required: false) ?? []).enumerated().compactMap {
            index, node in regionIndicator(node, "regionIndicators[\(index)]")
        }
        library = Dictionary(shared.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let defaultCommittee = string(fields, "defaultCommittee", "", required: false)
        let board = string(fields, "board", "", required: false)
        let plans = (array(fields, "plans", "") ?? []).enumerated().map { index, node in
            committeePlan(node, "plans[\(index)]")
        }
        let directives = (array(fields, "directives", "", required: false) ?? []).enumerated().map { index, node in
            directive(node, "directives[\(index)]")
        }
        guard let format, let organisation, let mandate, problems.isEmpty else { return nil }
        return Region(
            format: format, organisation: organisation, mandate: mandate, effectGoals: effects.compactMap { $0 },
            committees: committees.compactMap { $0 }, defaultCommittee: defaultCommittee,
            board: board, plans: plans.compactMap { $0 }, directives: directives.compactMap { $0 },
            indicators: shared)
    }

    private mutating func directive(_ node: Node, _ path: String) -> PlanningDirective? {
        guard let fields = fields(node, path, known: ["year", "title", "planPeriod", "answers", "introduction"])
        else { return nil }
        let introduction = string(fields, "introduction", path, required: false)
        let year = integer(fields, "year", path)
        let title = string(fields, "title", path)
        let period = yearSpan(fields["planPeriod"], "\(path).planPeriod")
        if fields["planPeriod"] == nil { problem("\(path).planPeriod", "is required") }
        let deadlines = (array(fields, "answers", path) ?? []).enumerated().map { index, node in
            deadline(node, "\(path).answers[\(index)]")
        }
        guard let year, let title, let period else { return nil }
        return PlanningDirective(
            year: year, title: title, planPeriod: period, deadlines: deadlines.compactMap { $0 },
            introduction: introduction)
    }

    private mutating func deadline(_ node: Node, _ path: String) -> AnswerDeadline? {
        guard let fields = fields(node, path, known: ["committee", "preliminary", "decided"]) else { return nil }
        let committee = string(fields, "committee", path)
        func day(_ key: String, required: Bool) -> CivilDate? {
            guard let text = string(fields, key, path, required: required) else { return nil }
            guard let day = CivilDate(text) else {
                problem("\(path).\(key)", "expected a date, YYYY-MM-DD, found \"\(text)\"")
                return nil
            }
            return day
        }
        let preliminary = day("preliminary", required: false)
        let decided = day("decided", required: true)
        guard let committee, let decided else { return nil }
        if let preliminary, decided < preliminary {
            problem("\(path).decided", "\(decided) is before the preliminary answer's \(preliminary)")
        }
        return AnswerDeadline(committee: committee, preliminary: preliminary, decided: decided)
    }

    private mutating func yearSpan(_ node: Node?, _ path: String) -> YearSpan? {
        guard let fields = fields(node, path, known: ["firstYear", "lastYear"]) else { return nil }
        let first = integer(fields, "firstYear", path)
        let last = integer(fields, "lastYear", path)
        guard let first, let last else { return nil }
        return YearSpan(firstYear: first, lastYear: last)
    }

    private mutating func regionEffectGoal(_ node: Node, _ path: String) -> RegionEffectGoal? {
        guard
            let fields = fields(
                node, path, known: ["id", "title", "explanation", "note", "strategyLinks", "agenda2030"])
        else { return nil }
        let id = string(fields, "id", path)
        let title = string(fields, "title", path)
        let explanation = string(fields, "explanation", path, required: false)
        let note = string(fields, "note", path, required: false)
        let links = (array(fields, "strategyLinks", path, required: false) ?? []).enumerated().map { index, node in
            strategyLink(node, "\(path).strategyLinks[\(index)]")
        }
        let agenda = agenda2030(fields, path)
        guard let id, let title else { return nil }
        return RegionEffectGoal(
            id: id, title: title, explanation: explanation, note: note, strategyLinks: links.compactMap { $0 },
            agenda2030: agenda)
    }

    private mutating func committee(_ node: Node, _ path: String) -> Committee? {
        guard let fields = fields(node, path, known: ["abbreviation", "name", "units"]) else { return nil }
        let abbreviation = string(fields, "abbreviation", path)
        let name = string(fields, "name", path)
        var units: [String] = []
        for (index, unit) in (array(fields, "units", path, required: false) ?? []).enumerated() {
            if case .string(let text) = unit {
                units.append(text)
            } else {
                problem("\(path).units[\(index)]", "expected a string, found \(unit.kindName)")
            }
        }
        guard let abbreviation, let name else { return nil }
        return Committee(abbreviation: abbreviation, name: name, units: units)
    }

    private mutating func committeePlan(_ node: Node, _ path: String) -> CommitteePlan? {
        guard
            let fields = fields(
                node, path,
                known: ["id", "committee", "title", "firstYear", "lastYear", "followUp", "effectGoals", "answer"])
        else { return nil }
        let id = string(fields, "id", path)
        let committee = string(fields, "committee", path)
        let title = string(fields, "title", path)
        let first = integer(fields, "firstYear", path)
        let last = integer(fields, "lastYear", path)
        let followUp = string(fields, "followUp", path, required: false)
        let parts = (array(fields, "effectGoals", path) ?? []).enumerated().map { index, node in
            planEffectGoal(node, "\(path).effectGoals[\(index)]")
        }
        let answer = fields["answer"].flatMap { answerText($0, "\(path).answer") }
        guard let id, let committee, let title, let first, let last else { return nil }
        return CommitteePlan(
            id: id, committee: committee, title: title, period: YearSpan(firstYear: first, lastYear: last),
            followUp: followUp, effectGoals: parts.compactMap { $0 }, answer: answer)
    }

    private mutating func answerText(_ node: Node, _ path: String) -> AnswerText? {
        let keys = [
            "assignment", "steeringDocuments", "opportunitiesAndChallenges", "resultGoalsIntroduction",
            "resultGoalsContext", "budget", "investments", "premises",
        ]
        guard let fields = fields(node, path, known: keys) else { return nil }
        func text(_ key: String) -> String? { string(fields, key, path, required: false) }
        var context: [AnswerText.Section] = []
        for (index, item) in (array(fields, "resultGoalsContext", path, required: false) ?? []).enumerated() {
            let at = "\(path).resultGoalsContext[\(index)]"
            guard let section = self.fields(item, at, known: ["heading", "text"]) else { continue }
            if let heading = string(section, "heading", at), let body = string(section, "text", at) {
                context.append(AnswerText.Section(heading: heading, text: body))
            }
        }
        return AnswerText(
            assignment: text("assignment"), steeringDocuments: text("steeringDocuments"),
            opportunitiesAndChallenges: text("opportunitiesAndChallenges"),
            resultGoalsIntroduction: text("resultGoalsIntroduction"), resultGoalsContext: context,
            budget: text("budget"), investments: text("investments"), premises: text("premises"))
    }

    private mutating func planEffectGoal(_ node: Node, _ path: String) -> PlanEffectGoal? {
        guard let fields = fields(node, path, known: ["effectGoal", "number", "resultGoals"]) else { return nil }
        let effectGoal = string(fields, "effectGoal", path)
        let number = string(fields, "number", path)
        let results = (array(fields, "resultGoals", path) ?? []).enumerated().map { index, node in
            resultGoal(node, "\(path).resultGoals[\(index)]", requireIds: true)
        }
        guard let effectGoal, let number else { return nil }
        return PlanEffectGoal(effectGoal: effectGoal, number: number, resultGoals: results.compactMap { $0 })
    }
}
