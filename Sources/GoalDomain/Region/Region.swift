import Foundation

/// How a region steers: its effect goals for a mandate period, its committees, and each committee's answers to
/// the planning directive (its plans), each for a plan period. The effect goals are the region's; a committee
/// answers with result goals under them and indicators under those. Every effect goal, result goal and indicator
/// has a stable id that stays when a later plan renumbers it; the document number (`5.6.3.1`) is its label in
/// one plan. The value is what a `goald.region/1` file holds (see `docs/model-format.md`).
package struct Region: Sendable, Hashable {
    package static let formatTag = "goald.region/1"

    package var format: String
    package var organisation: String
    /// The mandate period the effect goals are set for.
    package var mandate: YearSpan
    package var effectGoals: [RegionEffectGoal]
    package var committees: [Committee]
    /// The committee a call names when it names none (goald.conf `committee`).
    package var defaultCommittee: String
    /// The committee that judges the region's effect goals (Regionstyrelsen, `RS`), whose writers record those
    /// judgements; nil when the region has none (then only writers of every committee may).
    package var board: String?
    /// Every committee's answers, in file order.
    package var plans: [CommitteePlan]
    /// The planning directives, each with the dates the committees' answers are due.
    package var directives: [PlanningDirective]
    /// The region's indicators (`regionIndicators`): defined once with the region's target, used under their ids by
    /// every committee's plan that names them (the economy and HR indicators all committees share).
    package var indicators: [Indicator]

    package init(
        format: String = Region.formatTag, organisation: String, mandate: YearSpan,
        effectGoals: [RegionEffectGoal], committees: [Committee], defaultCommittee: String? = nil,
        board: String? = nil, plans: [CommitteePlan], directives: [PlanningDirective] = [],
        indicators: [Indicator] = []
    ) {
        self.indicators = indicators
        self.directives = directives
        self.format = format
        self.organisation = organisation
        self.mandate = mandate
        self.effectGoals = effectGoals
        self.committees = committees
        self.defaultCommittee =
            defaultCommittee ?? plans.first?.committee ?? committees.first?.abbreviation ?? ""
        self.plans = plans
        self.board = board ?? committees.first { $0.abbreviation == "RS" }?.abbreviation
    }
}

/// A span of calendar years, both included.
package struct YearSpan: Sendable, Hashable, Codable {
    package var firstYear: Int
    package var lastYear: Int

    package init(firstYear: Int, lastYear: Int) {
        self.firstYear = firstYear
        self.lastYear = lastYear
    }

    package func contains(_ year: Int) -> Bool { (firstYear...lastYear).contains(year) }

    /// "2024–2026".
    package var display: String { "\(firstYear)–\(lastYear)" }
}

/// An effect goal of the region, set by the regional council for the mandate period.
package struct RegionEffectGoal: Sendable, Hashable {
    package var id: String
    package var title: String
    package var explanation: String?
    package var note: String?
    package var strategyLinks: [StrategyLink]
    /// The Agenda 2030 goals (1–17) it serves, where the regional plan names them.
    package var agenda2030: [Int]

    package init(
        id: String, title: String, explanation: String? = nil, note: String? = nil,
        strategyLinks: [StrategyLink] = [], agenda2030: [Int] = []
    ) {
        self.id = id
        self.title = title
        self.explanation = explanation
        self.note = note
        self.strategyLinks = strategyLinks
        self.agenda2030 = agenda2030
    }
}

/// A committee (nämnd) the planning directive goes to.
package struct Committee: Sendable, Hashable {
    /// Such as `RUN`: how calls, commands and goald.conf name the committee.
    package var abbreviation: String
    /// Such as `Regionala utvecklingsnämnden`.
    package var name: String
    /// The organisational units (as travel files name them) whose trips are the committee's.
    package var units: [String]

    package init(abbreviation: String, name: String, units: [String] = []) {
        self.abbreviation = abbreviation
        self.name = name
        self.units = units
    }

    /// The abbreviation of a committee named in a `goald.plan/1` file that gives none: the built-in region's for
    /// the committees it has, else the initials of the name's words, in capitals ("Miljönämnden" → "M").
    package static func abbreviation(forName name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        let builtIn = Region.embeddedDefault().committees
        if let known = builtIn.first(where: { $0.name.lowercased() == trimmed.lowercased() }) {
            return known.abbreviation
        }
        let initials = trimmed.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).compactMap(\.first)
        return initials.isEmpty ? "N" : String(initials).uppercased()
    }
}

/// A committee's answer to the planning directive for a plan period: its result goals under the region's
/// effect goals, in the document's order and with the document's numbers.
package struct CommitteePlan: Sendable, Hashable {
    /// Such as `run-2024-2026`.
    package var id: String
    /// The committee's abbreviation.
    package var committee: String
    package var title: String
    package var period: YearSpan
    /// How attainment is judged.
    package var followUp: String?
    package var effectGoals: [PlanEffectGoal]
    /// The answer's other sections, as the committee wrote them (`goalctl answer render`).
    package var answer: AnswerText?

    package init(
        id: String, committee: String, title: String, period: YearSpan, followUp: String? = nil,
        effectGoals: [PlanEffectGoal], answer: AnswerText? = nil
    ) {
        self.id = id
        self.committee = committee
        self.title = title
        self.period = period
        self.followUp = followUp
        self.effectGoals = effectGoals
        self.answer = answer
    }
}

/// The sections of a committee's answer to the planning directive beside its result goals, in the directive's
/// order. Each text is paragraphs apart by a blank line; a paragraph whose lines all begin "- " is a list, one of
/// one line beginning "### " a subheading (`docs/model-format.md`).
package struct AnswerText: Sendable, Hashable {
    /// The committee's assignment (Nämndens uppdrag).
    package var assignment: String?
    /// The steering documents relevant to the committee.
    package var steeringDocuments: String?
    /// Opportunities and challenges in the world around it (omvärldsfaktorer).
    package var opportunitiesAndChallenges: String?
    /// Before the result goals: how they are chosen.
    package var resultGoalsIntroduction: String?
    /// Subsections before the effect goals (how the result goals link to the committee's strategy areas and the
    /// region's steering documents), each with its heading.
    package var resultGoalsContext: [Section]
    /// Budget and reprioritisations.
    package var budget: String?
    /// New investments.
    package var investments: String?
    /// Changed needs for premises.
    package var premises: String?

    package struct Section: Sendable, Hashable {
        package var heading: String
        package var text: String

        package init(heading: String, text: String) {
            self.heading = heading
            self.text = text
        }
    }

    package init(
        assignment: String? = nil, steeringDocuments: String? = nil, opportunitiesAndChallenges: String? = nil,
        resultGoalsIntroduction: String? = nil, resultGoalsContext: [Section] = [], budget: String? = nil,
        investments: String? = nil, premises: String? = nil
    ) {
        self.assignment = assignment
        self.steeringDocuments = steeringDocuments
        self.opportunitiesAndChallenges = opportunitiesAndChallenges
        self.resultGoalsIntroduction = resultGoalsIntroduction
        self.resultGoalsContext = resultGoalsContext
        self.budget = budget
        self.investments = investments
        self.premises = premises
    }
}

/// The part of a committee's answer under one of the region's effect goals.
package struct PlanEffectGoal: Sendable, Hashable {
    /// The region's effect goal's id.
    package var effectGoal: String
    /// The effect goal's number in this answer, such as `5.3`.
    package var number: String
    package var resultGoals: [ResultGoal]

    package init(effectGoal: String, number: String, resultGoals: [ResultGoal]) {
        self.effectGoal = effectGoal
        self.number = number
        self.resultGoals = resultGoals
    }
}

// MARK: - Lookup

extension Region {
    package func committee(_ abbreviation: String) -> Committee? {
        committees.first { $0.abbreviation == abbreviation }
    }

    /// The committee named by its abbreviation, in any case (`run`, `RUN`).
    package func committee(named text: String) -> Committee? {
        let wanted = text.trimmingCharacters(in: .whitespaces).uppercased()
        return committees.first { $0.abbreviation.uppercased() == wanted }
    }

    package func effectGoal(_ id: String) -> RegionEffectGoal? {
        effectGoals.first { $0.id == id }
    }

    /// A committee's plans, by their first year.
    package func plans(of committee: String) -> [CommitteePlan] {
        plans.filter { $0.committee == committee }.sorted { $0.period.firstYear < $1.period.firstYear }
    }

    /// The plan in force for a committee in a year: the latest one (by first year) whose period covers it.
    package func planInForce(committee: String, year: Int) -> CommitteePlan? {
        plans(of: committee).last { $0.period.contains(year) }
    }

    /// A committee's plans as goal models, by first year (the plan in force for a year is the latest covering it).
    package func goalModels(of committee: String) -> [Plan] { plans(of: committee).map(plan) }

    /// Every committee with a plan, the default committee first: what goald follows up.
    package var committeePlans: [(committee: String, plans: [Plan])] {
        let order = [defaultCommittee] + committees.map(\.abbreviation).filter { $0 != defaultCommittee }
        return order.compactMap { abbreviation in
            let models = goalModels(of: abbreviation)
            return models.isEmpty ? nil : (abbreviation, models)
        }
    }

    /// The default committee's first plan: the one an older goald followed up, whose numbers its store used.
    package var servedPlan: Plan {
        guard let first = plans(of: defaultCommittee).first else {
            preconditionFailure("a valid region has a plan for its default committee")
        }
        return plan(first)
    }

    /// A committee's answer as one committee's goal model: the region's effect goals it answers under, with
    /// their titles and texts, and its own result goals and indicators.
    package func plan(_ answer: CommitteePlan) -> Plan {
        let committee = self.committee(answer.committee)
        var plan = Plan(
            id: answer.id, title: answer.title, organisation: organisation,
            committee: committee?.name ?? answer.committee, committeeAbbreviation: answer.committee,
            firstYear: answer.period.firstYear, lastYear: answer.period.lastYear, followUp: answer.followUp,
            effectGoals: answer.effectGoals.map { part in
                let goal = effectGoal(part.effectGoal)
                return EffectGoal(
                    id: part.effectGoal, number: part.number, title: goal?.title ?? part.effectGoal,
                    strategyLinks: goal?.strategyLinks ?? [], explanation: goal?.explanation, note: goal?.note,
                    agenda2030: goal?.agenda2030 ?? [], resultGoals: part.resultGoals)
            })
        plan.units = committee?.units ?? []
        return plan
    }

    /// The committee whose trips a unit's are; nil for a unit mapped to none.
    package func committee(ofUnit unit: String) -> Committee? {
        committees.first { $0.units.contains(unit) }
    }

    /// The key the region's own records are kept under (its own values and the targets it sets for its
    /// indicators): no committee's abbreviation can be it.
    package static let ownKey = "@region"

    /// The region's own follow-up of its indicators, as a plan of its own: its own values (`--region`) and the
    /// targets it sets, which reach every committee that uses the indicator. Its periods span every committee's
    /// plans and the mandate period. Nil when the region has no indicators of its own.
    package var ownPlan: Plan? {
        guard !indicators.isEmpty else { return nil }
        let first = ([mandate.firstYear] + plans.map(\.period.firstYear)).min() ?? mandate.firstYear
        let last = ([mandate.lastYear] + plans.map(\.period.lastYear)).max() ?? mandate.lastYear
        let result = ResultGoal(
            id: "region-indicators", number: "R.1", title: "Regiongemensamma indikatorer",
            indicators: indicators.map { indicator in
                var own = indicator
                own.number = indicator.id
                return own
            })
        return Plan(
            id: "region", title: "\(organisation): regiongemensamma indikatorer", organisation: organisation,
            committee: organisation, committeeAbbreviation: Region.ownKey, firstYear: first, lastYear: last,
            effectGoals: [EffectGoal(id: "region", number: "R", title: organisation, resultGoals: [result])])
    }

    /// One of the region's indicators by its id.
    package func regionIndicator(_ id: String) -> Indicator? { indicators.first { $0.id == id } }

    /// Whether the model maps any unit to a committee.
    package var mapsUnits: Bool { committees.contains { !$0.units.isEmpty } }
}

extension Region {
    /// A `goald.plan/1` file as a region of one committee with one plan: its effect goals become the region's
    /// (under their ids, which default to their numbers), its committee the only one.
    package init(plan: Plan) {
        self.init(
            organisation: plan.organisation,
            mandate: YearSpan(firstYear: plan.firstYear, lastYear: plan.lastYear),
            effectGoals: plan.effectGoals.map {
                RegionEffectGoal(
                    id: $0.id, title: $0.title, explanation: $0.explanation, note: $0.note,
                    strategyLinks: $0.strategyLinks, agenda2030: $0.agenda2030)
            },
            committees: [Committee(abbreviation: plan.committeeAbbreviation, name: plan.committee)],
            defaultCommittee: plan.committeeAbbreviation,
            plans: [
                CommitteePlan(
                    id: plan.id, committee: plan.committeeAbbreviation, title: plan.title,
                    period: YearSpan(firstYear: plan.firstYear, lastYear: plan.lastYear), followUp: plan.followUp,
                    effectGoals: plan.effectGoals.map {
                        PlanEffectGoal(effectGoal: $0.id, number: $0.number, resultGoals: $0.resultGoals)
                    })
            ])
    }
}

extension Region {
    /// What `goald --check-model` says of a valid model: its size, its plans, and the committees without one.
    package var summary: String {
        let answered = Set(plans.map(\.committee))
        let planned = plans.map { answer in
            let plan = self.plan(answer)
            return "\(answer.committee) \(answer.period.display) (\(answer.id)): \(plan.resultGoalCount) result goals, "
                + "\(plan.indicatorCount) indicators"
        }
        let missing = committees.map(\.abbreviation).filter { !answered.contains($0) }
        let shared =
            indicators.isEmpty ? "" : "\(indicators.count) region indicator\(indicators.count == 1 ? "" : "s"), "
        return "\(organisation): \(effectGoals.count) effect goal\(effectGoals.count == 1 ? "" : "s"), " + shared
            + "\(committees.count) committee\(committees.count == 1 ? "" : "s"), "
            + "\(plans.count) plan\(plans.count == 1 ? "" : "s") (" + planned.joined(separator: "; ") + ")"
            + (missing.isEmpty ? "" : "; no answer loaded for " + missing.joined(separator: ", "))
    }
}
