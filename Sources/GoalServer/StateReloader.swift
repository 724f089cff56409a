import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging
import Synchronization

/// What a reload reads anew: the model and the factor sets.
package struct ReloadInput: Sendable {
    package var region: Region
    package var library: FactorLibrary

    package init(region: Region, library: FactorLibrary) {
        self.region = region
        self.library = library
    }

    /// The default committee's first plan: the one an older goald's store numbered its records by.
    package var plan: Plan { region.servedPlan }
}

/// Why a reload could not be applied. The message names the file and the problem; the old state keeps serving.
package struct ReloadError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// Re-reads the configuration, plan and factor files (on SIGHUP or `Admin/Reload`) and swaps them in, or keeps
/// the old state serving when anything is wrong. Open connections and streams are untouched either way.
package final class StateReloader: Sendable {
    private let writer: StateWriter
    private let load: @Sendable () throws(ReloadError) -> ReloadInput
    private let logger: Logger
    private let onBegin: @Sendable () -> Void
    private let onEnd: @Sendable (Result<String, ReloadError>) -> Void

    /// - Parameters:
    ///   - load: reads the files; throws `ReloadError` naming the bad file.
    ///   - onBegin: called before loading (goald sends RELOADING=1).
    ///   - onEnd: called after, with the new state's summary or the error (goald sends READY=1 and STATUS).
    package init(
        writer: StateWriter, logger: Logger, load: @escaping @Sendable () throws(ReloadError) -> ReloadInput,
        onBegin: @escaping @Sendable () -> Void = {},
        onEnd: @escaping @Sendable (Result<String, ReloadError>) -> Void = { _ in }
    ) {
        self.writer = writer
        self.load = load
        self.logger = logger
        self.onBegin = onBegin
        self.onEnd = onEnd
    }

    /// Reloads: reads the files, then rebuilds the state on the writer, after the writes before it.
    @discardableResult
    package func reload(trigger: String) async -> Result<String, ReloadError> {
        do {
            onBegin()
            let outcome: Result<String, ReloadError>
            do throws(ReloadError) {
                let input = try load()
                // A write sent before the reload may still be being prepared: it is made first.
                await writer.afterWritesHandedIn()
                outcome = await writer.rebuilt(region: input.region, library: input.library)
            } catch {
                outcome = .failure(error)
            }
            switch outcome {
            case .success(let summary):
                logger.notice(
                    "reloaded",
                    metadata: [
                        "trigger": "\(trigger)", "summary": "\(summary)", "message_id": "\(LogMessageID.reloaded)",
                    ])
            case .failure(let error):
                logger.error(
                    "reload failed; the previous plan and factor sets keep serving",
                    metadata: [
                        "trigger": "\(trigger)", "error": "\(error.message)",
                        "message_id": "\(LogMessageID.reloadFailed)",
                    ])
            }
            onEnd(outcome)
            return outcome
        }
    }
}

extension StateWriter {
    /// Rebuilds the state around a new model and factor library from the store.
    func rebuilt(region: Region, library: FactorLibrary) -> Result<String, ReloadError> {
        do throws(ReloadError) {
            return .success(try rebuild(region: region, library: library))
        } catch {
            return .failure(error)
        }
    }

    private func rebuild(region: Region, library: FactorLibrary) throws(ReloadError) -> String {
        let current = stateSnapshot
        let followUps: [FollowUp]
        let judgements: EffectGoalJudgements
        let planning: PlanningAnswers
        let regionFollowUp: FollowUp?
        do {
            followUps = try loadFollowUps(of: region)
            regionFollowUp = try loadRegionFollowUp(of: region)
            judgements = try loadEffectGoalJudgements(of: region)
            planning = try loadPlanningAnswers(of: region)
        } catch {
            throw ReloadError(error.message)
        }
        let next = GoalState(
            region: region, followUps: followUps, travel: current.travel.replacingLibrary(library),
            judgements: judgements, planning: planning, regionFollowUp: regionFollowUp)
        publish(next)
        let plan = next.followUp.plan
        return
            "plan \(plan.id): \(plan.indicatorCount) indicators; "
            + "factor sets \(library.sets.map(\.name).joined(separator: ", "))"
    }
}
