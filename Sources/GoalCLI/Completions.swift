import ArgumentParser
import FoundationEssentials
import GoalClient
import GoalProtocol

/// What the shell completions offer. Periods, indicator keys and result goals come from the plan the goald on the
/// command line's socket serves (nothing when it does not answer within half a second); levels, `--by` values,
/// formats and languages are fixed.
enum Completions {
    static let levels = CompletionKind.list([
        "uppfyllt", "delvis-uppfyllt", "ej-uppfyllt", "uppnatt", "delvis-uppnatt",
        "ej-uppnatt",
    ])
    static let groupings = CompletionKind.list(["mode", "unit", "month"])
    static let formats = CompletionKind.list(["html", "csv", "xlsx", "md"])
    static let languages = CompletionKind.list(["sv", "en"])
    static let directions = CompletionKind.list(["at-least", "at-most"])

    static let periods = CompletionKind.custom { words, _, prefix in
        matching(periodNames(words), prefix)
    }

    /// What `status --compare` takes: a period, or last-year.
    static let comparePeriods = CompletionKind.custom { words, _, prefix in
        matching(["last-year"] + periodNames(words), prefix)
    }

    /// The committees whose plans goald follows up, by abbreviation.
    static let committees = CompletionKind.custom { words, _, prefix in
        guard let region = region(words) else { return [] }
        return matching(region.committees.filter { !$0.plans.isEmpty }.map(\.abbreviation), prefix)
    }

    /// Every period of the committee's plans (all of them: a plan rolls, and an earlier one's years stay open).
    static func periodNames(_ words: [String]) -> [String] {
        guard let region = region(words) else { return [] }
        let wanted = (committeeName(words) ?? region.defaultCommittee).uppercased()
        let plans = region.committees.first { $0.abbreviation.uppercased() == wanted }?.plans ?? []
        guard let first = plans.map(\.firstYear).min(), let last = plans.map(\.lastYear).max(), first <= last else {
            return []
        }
        return (first...last).flatMap { ["\($0)-interim", "\($0)-annual"] }
    }

    static let indicators = CompletionKind.custom { words, _, prefix in
        plan(words).map { matching(indicatorKeys($0), prefix) } ?? []
    }

    static let resultGoals = CompletionKind.custom { words, _, prefix in
        plan(words).map { matching($0.effectGoals.flatMap(\.resultGoals).map(\.number), prefix) } ?? []
    }

    /// What an assessment judges: result goals and qualitative indicators.
    static let subjects = CompletionKind.custom { words, _, prefix in
        plan(words).map { plan in
            let qualitative = plan.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators)
                .filter { $0.target.kind == "qualitative" }.map(\.number)
            return matching(plan.effectGoals.flatMap(\.resultGoals).map(\.number) + qualitative, prefix)
        } ?? []
    }

    /// The region's effect goals, by their stable ids.
    static let effectGoals = CompletionKind.custom { words, _, prefix in
        plan(words).map { plan in matching(plan.effectGoals.compactMap(\.id), prefix) } ?? []
    }

    static func indicatorKeys(_ plan: PlanMessage) -> [String] {
        plan.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).map(\.number)
    }

    static func matching(_ candidates: [String], _ prefix: String) -> [String] {
        candidates.filter { $0.hasPrefix(prefix) }
    }

    /// The latest plan of the committee the words name, as goald serves it on the socket they name (`--socket
    /// PATH`), else $GOALD_SOCKET, else the default.
    static func plan(_ words: [String]) -> PlanMessage? {
        guard let connection = try? GoalConnection(socketPath: socketPath(words)) else { return nil }
        return try? connection.call(
            GoalRPC.getPlan, GetPlanRequest(committee: committeeName(words)), timeout: .milliseconds(500))
    }

    /// The region's committees and their plans, from the goald the words name.
    static func region(_ words: [String]) -> CommitteesMessage? {
        guard let connection = try? GoalConnection(socketPath: socketPath(words)) else { return nil }
        return try? connection.call(GoalRPC.listCommittees, Empty(), timeout: .milliseconds(500))
    }

    /// The value of `--name VALUE` or `--name=VALUE` on the command line, else the environment's `variable`.
    static func option(_ name: String, in words: [String], else variable: String) -> String? {
        var value = ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        if let index = words.firstIndex(of: name), index + 1 < words.count { value = words[index + 1] }
        if let word = words.first(where: { $0.hasPrefix(name + "=") }) {
            value = String(word.dropFirst(name.count + 1))
        }
        return value
    }

    static func socketPath(_ words: [String]) -> String {
        option("--socket", in: words, else: "GOALD_SOCKET") ?? WireDefaults.socketPath
    }

    /// The committee the command line names (--committee, else $GOALD_COMMITTEE); nil: goald's default.
    static func committeeName(_ words: [String]) -> String? {
        option("--committee", in: words, else: "GOALD_COMMITTEE")
    }
}
