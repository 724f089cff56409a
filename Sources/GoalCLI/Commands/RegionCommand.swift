import ArgumentParser
import GoalProtocol

struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region",
        abstract: "The region's view of the follow-up: every committee's result goals under the region's effect goals.",
        subcommands: [RegionStatus.self]
    )

    @ParentCommand var goalctl: GoalCtl
}

struct RegionStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Per effect goal of the region, each committee's result goals with its judgement and indicator tally.",
        discussion:
            "Committees with a plan in force but no result goal under an effect goal are named under it; committees "
            + "with no plan in force for the period are named at the end. The effect goals themselves are not "
            + "judged from the committees' results.\n\n" + GoalCtl.sharedOptions
    )

    @ParentCommand var region: RegionCommand
    var connection: ConnectionOptions { region.goalctl.connection }

    @Option(
        help: ArgumentHelp(
            "The period, such as 2024-annual or 2025-interim (default: the one today falls in).", valueName: "period"),
        completion: Completions.periods)
    var period: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        let words = try language.words()
        try connection.perform(GoalRPC.regionStatus, RegionStatusRequest(period: period)) { status in
            Format.regionStatus(status, words: words)
        }
    }
}

extension Format {
    static func regionStatus(_ status: RegionStatusMessage, words: Words) -> String {
        var lines = ["\(status.organisation) — " + words.pick("uppföljning", "follow-up") + " \(status.period)", ""]
        for effect in status.effectGoals {
            lines.append(effect.title)
            lines.append(
                "  " + words.pick("Regionens bedömning: ", "The region's judgement: ")
                    + (effect.assessment.map { words.level($0.level) } ?? words.pick("ej bedömd", "not judged")))
            var rows: [[String]] = []
            for contribution in effect.committees {
                for result in contribution.resultGoals {
                    rows.append([
                        contribution.committee, result.number, result.title,
                        result.assessment.map(words.level) ?? words.pick("ej bedömt", "not judged"),
                        tally(result.tally, words: words),
                    ])
                }
            }
            lines += table(header: ["", "", "", "", ""], rows: rows).dropFirst().map { "  " + $0 }
            if !effect.committeesWithout.isEmpty {
                lines.append(
                    "  " + words.pick("Inget resultatmål här: ", "No result goal here: ")
                        + effect.committeesWithout.joined(separator: ", "))
            }
            lines.append("")
        }
        if !status.committeesWithoutPlan.isEmpty {
            lines.append(
                words.pick(
                    "Ingen plan för perioden (inget svar inläst): ", "No plan for the period (no answer loaded): ")
                    + status.committeesWithoutPlan.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
