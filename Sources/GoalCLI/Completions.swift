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
        plan(words).map { plan in
            (plan.firstYear...max(plan.firstYear, plan.lastYear)).flatMap { ["\($0)-interim", "\($0)-annual"] }
        }.map { matching($0, prefix) } ?? []
    }

    /// What `status --compare` takes: a period, or last-year.
    static let comparePeriods = CompletionKind.custom { words, _, prefix in
        let periods =
            plan(words).map { plan in
                (plan.firstYear...max(plan.firstYear, plan.lastYear)).flatMap { ["\($0)-interim", "\($0)-annual"] }
            } ?? []
        return matching(["last-year"] + periods, prefix)
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

    /// The plan goald serves on the socket the words name (`--socket PATH`), else $GOALD_SOCKET, else the default.
    static func plan(_ words: [String]) -> PlanMessage? {
        var socket =
            ProcessInfo.processInfo.environment["GOALD_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
            ?? WireDefaults.socketPath
        if let index = words.firstIndex(of: "--socket"), index + 1 < words.count { socket = words[index + 1] }
        if let word = words.first(where: { $0.hasPrefix("--socket=") }) { socket = String(word.dropFirst(9)) }
        guard let connection = try? GoalConnection(socketPath: socket) else { return nil }
        return try? connection.call(GoalRPC.getPlan, GetPlanRequest(), timeout: .milliseconds(500))
    }
}
