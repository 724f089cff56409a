import ArgumentParser
import GoalClient
import GoalProtocol

struct TravelExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Why business-travel emissions changed: fewer kilometres, another mode, other factors.",
        discussion: """
            Splits the as-reported change between the baseline year and the compared year exactly into five \
            effects: activity (the change in passenger-km of all modes), mode mix (the change in each mode's \
            share), intensity (the change in kg per passenger-km within each mode: distance bands, fuels, \
            occupancy; computed with one factor set for both years), supplier figures (suppliers' kg of trips \
            without a distance) and factor revision (the as-reported change minus the like-for-like one: what the \
            new factor sets did, and for trips with both a distance and a supplier's figure the difference \
            between the two). The first three are the additive log-mean Divisia index, LMDI-I (Ang \
            2005), over modes; the five add up to the change with no residual. The same years, unit and \
            --through rules as travel reduction.

            Examples:
              goalctl travel explain
              goalctl travel explain --year 2024 --through 2024-08-31
              goalctl travel explain --json | jq '.effects[] | select(.effect == "modeMix")'

            """ + GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    @OptionGroup var years: ReductionYears

    func run() throws {
        try connection.perform(GoalRPC.explainReduction, years.request) { Format.explanation($0) }
    }
}

extension Format {
    static func effectName(_ effect: String, shiftedTo: String?) -> String {
        switch effect {
        case "activity": "activity (passenger-km)"
        case "modeMix": "mode mix" + (shiftedTo.map { " (toward \($0))" } ?? "")
        case "intensity": "intensity (kg per passenger-km within modes)"
        case "supplierFigures": "supplier figures (trips without a distance)"
        case "factorRevision": "factor revision (new factor sets)"
        default: effect
        }
    }

    /// What an effect did, in a few words, by its sign.
    static func effectReading(_ effect: EffectMessage, shiftedTo: String?) -> String {
        let lowered = effect.kgCO2e < 0
        switch effect.effect {
        case "activity": return lowered ? "fewer kilometres" : "more kilometres"
        case "modeMix": return shiftedTo.map { "the shift to \($0)" } ?? "the mode mix"
        case "intensity": return lowered ? "less CO2e per km within modes" : "more CO2e per km within modes"
        case "supplierFigures": return "supplier figures"
        case "factorRevision": return "new factors"
        default: return effect.effect
        }
    }

    /// "of the 46,7 % fall, 31,0 points came from fewer kilometres, …; 2,1 points went the other way (…)".
    static func explanationReading(_ explanation: ExplanationMessage) -> String? {
        guard let change = explanation.changePercent else { return nil }
        let fell = change < 0
        let points = explanation.effects.compactMap { effect -> (EffectMessage, Double)? in
            guard let percent = effect.percentOfBaseline, abs(percent) >= 0.05 else { return nil }
            return (effect, percent)
        }
        let along = points.filter { ($0.1 < 0) == fell }
        let against = points.filter { ($0.1 < 0) != fell }
        var text = "of the \(number(abs(change), decimals: 1)) % \(fell ? "fall" : "rise")"
        if along.isEmpty { return text + ": no single effect moved it as much as 0,05 points" }
        text +=
            ", "
            + along.enumerated().map { index, part in
                number(abs(part.1), decimals: 1) + (index == 0 ? " points came from " : " from ")
                    + effectReading(part.0, shiftedTo: explanation.shiftedTo)
            }.joined(separator: ", ")
        if !against.isEmpty {
            let total = against.reduce(0) { $0 + abs($1.1) }
            text +=
                "; \(number(total, decimals: 1)) points went the other way ("
                + against.map { effectReading($0.0, shiftedTo: explanation.shiftedTo) }.joined(separator: ", ") + ")"
        }
        return text
    }

    static func explanation(_ explanation: ExplanationMessage) -> String {
        let base = explanation.baseline
        let current = explanation.current
        let span = base.through.hasSuffix("12-31") ? "" : " (1 January to \(Format.dayAndMonth(current.through)))"
        var lines = [
            "Why the business-travel footprint changed, \(explanation.unit ?? "all units"): "
                + "\(current.year) against \(base.year)\(span)",
            "  \(base.year): \(kg(base.kgCO2e)) (\(base.factorSet)), \(number(base.passengerKm, decimals: 0)) "
                + "passenger-km; \(current.year): \(kg(current.kgCO2e)) (\(current.factorSet)), "
                + "\(number(current.passengerKm, decimals: 0)) passenger-km",
        ]
        if let through = explanation.provisionalThrough {
            lines.insert(
                "  PROVISIONAL: \(current.year)'s trips are known only through \(through); both years are "
                    + "compared from 1 January to \(dayAndMonth(through)).", at: 1)
        }
        let rows =
            explanation.effects.map { effect in
                [
                    effectName(effect.effect, shiftedTo: explanation.shiftedTo), signedKg(effect.kgCO2e),
                    effect.percentOfBaseline.map { signed($0) + " %" } ?? "",
                ]
            } + [
                [
                    "change, as reported", signedKg(explanation.changeKgCO2e),
                    explanation.changePercent.map { signed($0) + " %" } ?? "",
                ]
            ]
        lines += table(header: ["effect", "kg CO2e", "of \(base.year)"], rows: rows).map { "  " + $0 }
        if let reading = explanationReading(explanation) { lines.append("  " + reading) }
        lines.append(
            "  activity, mode mix and intensity with \(explanation.likeForLikeFactorSet) for both years "
                + "(LMDI-I, Ang 2005); the effects add up to the change")
        if !explanation.byMode.isEmpty {
            lines.append("By mode, kg CO2e:")
            let modeRows = explanation.byMode.map { mode in
                [
                    mode.mode, signedKg(mode.activity), signedKg(mode.modeMix), signedKg(mode.intensity),
                    signedKg(mode.supplierFigures), signedKg(mode.factorRevision),
                    number(mode.baselineShare * 100, decimals: 1) + " → "
                        + number(mode.currentShare * 100, decimals: 1) + " %",
                ]
            }
            lines += table(
                header: ["mode", "activity", "mix", "intensity", "supplier", "factors", "share of km"],
                rows: modeRows
            ).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func signed(_ value: Double) -> String {
        let text = number(abs(value), decimals: 1)
        return (value < 0 && text != "0,0" ? "−" : value > 0 && text != "0,0" ? "+" : "") + text
    }

    static func signedKg(_ value: Double) -> String {
        let text = kg(abs(value))
        return (value < -0.05 ? "−" : value > 0.05 ? "+" : "") + text
    }
}
