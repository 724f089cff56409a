import ArgumentParser
import GoalProtocol

struct Committees: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "committees",
        abstract: "List the region's committees and the plans (answers to the planning directive) goald holds.",
        discussion:
            "One line per committee: its abbreviation (what --committee takes), its name, and each plan loaded with "
            + "its years and size; a committee whose answer is not loaded says so. goald follows up every plan loaded "
            + "(a committee's plan in force for a year is the latest that covers it). "
            + "Then the region's effect goals with their ids.\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @OptionGroup var language: LanguageOption

    func run() throws {
        let words = try language.words()
        try connection.perform(GoalRPC.listCommittees, Empty()) { region in
            Format.committees(region, words: words)
        }
    }
}

extension Format {
    static func committees(_ region: CommitteesMessage, words: Words) -> String {
        let rows = region.committees.map { committee -> [String] in
            let plans =
                committee.plans.isEmpty
                ? words.pick("inget svar inläst", "no answer loaded")
                : committee.plans.map { plan in
                    "\(plan.firstYear)–\(plan.lastYear) \(plan.id)" + (plan.followedUp ? "" : " *") + " ("
                        + words.pick(
                            "\(plan.resultGoals) resultatmål, \(plan.indicators) indikator"
                                + (plan.indicators == 1 ? "" : "er"),
                            "\(plan.resultGoals) result goal" + (plan.resultGoals == 1 ? "" : "s")
                                + ", \(plan.indicators) indicator" + (plan.indicators == 1 ? "" : "s")) + ")"
                }.joined(separator: "; ")
            return [committee.abbreviation, committee.name, plans]
        }
        var lines = [
            "\(region.organisation), "
                + words.pick("mandatperiod", "mandate period")
                + " \(region.mandatePeriod.firstYear)–\(region.mandatePeriod.lastYear)"
        ]
        lines += table(
            header: ["", words.pick("Nämnd", "Committee"), words.pick("Planer", "Plans")],
            rows: rows)
        // Every loaded plan is followed up; the mark is for a plan that would not be.
        if region.committees.contains(where: { $0.plans.contains(where: { !$0.followedUp }) }) {
            lines.append(words.pick("* följs inte upp av goald", "* not followed up by goald"))
        }
        lines.append("")
        lines += table(
            header: [words.pick("Effektmål", "Effect goal"), "", "Agenda 2030"],
            rows: region.effectGoals.map { goal in
                [goal.id, goal.title, goal.agenda2030.map(String.init).joined(separator: ", ")]
            })
        return lines.joined(separator: "\n")
    }
}
