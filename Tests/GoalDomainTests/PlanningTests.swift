import Foundation
import GoalDomain
import Testing

/// The planning directive's calendar and rules, on the built-in region (the 2024–2026 directive's dates, from the
/// seed's §1).
@Suite struct PlanningTests {
    let day = Date(timeIntervalSince1970: 1_682_000_000)
    let clerk = Author(uid: 1000, name: "clerk")
    let region = Region.embeddedDefault()

    func standings(_ answers: PlanningAnswers, on text: String) throws -> [String: AnswerStanding] {
        let directive = try answers.directive("2024-2026")
        return Dictionary(
            uniqueKeysWithValues: answers.standings(of: directive, on: CivilDate(text)!).map { ($0.committee, $0) })
    }

    @Test func onTheFirstOfMayRSIsOverdueAndTheLateCommitteesAreStillDue() throws {
        var answers = PlanningAnswers(region: region)
        let today = CivilDate("2023-06-01")!
        _ = try answers.submit(committee: "RUN", plan: "2024-2026", on: "2023-04-17", today: today, at: day, by: clerk)
        let may = try standings(answers, on: "2023-05-01")
        #expect(may["RS"]?.state == .overdue && may["RS"]?.missed == CivilDate("2023-04-25"))
        for committee in ["PN", "KSN", "HMN"] {
            #expect(may[committee]?.state == .notSubmitted, "\(committee)")
        }
        #expect(may["PN"]?.deadline?.decided == CivilDate("2023-05-11"))
        #expect(may["HMN"]?.deadline?.decided == CivilDate("2023-05-12"))
        #expect(may["HSN"]?.state == .overdue && may["HSN"]?.missed == CivilDate("2023-04-18"), "no preliminary")
        #expect(may["RUN"]?.state == .preliminary)
        // RS decided on time: decided, not overdue; on a day before it, its answer does not count yet.
        _ = try answers.decide(
            committee: "RS", plan: nil, on: "2023-04-24", paragraph: "§ 12", today: today, at: day, by: clerk)
        #expect(try standings(answers, on: "2023-05-01")["RS"]?.state == .decided)
        #expect(try standings(answers, on: "2023-04-20")["RS"]?.state == .notSubmitted)
        // Decided twice is refused; a later day than today too; a directive the model lacks is NOT_FOUND.
        #expect(throws: DomainError.self) {
            try answers.decide(
                committee: "RS", plan: nil, on: "2023-04-25", paragraph: "13", today: today, at: day, by: clerk)
        }
        #expect {
            try answers.submit(committee: "PN", plan: nil, on: "2023-07-01", today: today, at: day, by: clerk)
        } throws: { ($0 as! DomainError).field == "date" }
        #expect {
            try answers.submit(committee: "PN", plan: "2027-2029", on: nil, today: today, at: day, by: clerk)
        } throws: { ($0 as! DomainError).code == .notFound }
        // PN hands in its decided answer alone; RUN's decision is not dated before its preliminary answer.
        #expect {
            try answers.submit(committee: "PN", plan: nil, on: "2023-05-02", today: today, at: day, by: clerk)
        } throws: { ($0 as! DomainError).message.contains("decided answer alone (by 2023-05-11)") }
        #expect {
            try answers.decide(
                committee: "RUN", plan: nil, on: "2023-04-16", paragraph: "45", today: today, at: day, by: clerk)
        } throws: { ($0 as! DomainError).field == "date" }
        #expect {
            try answers.submit(committee: "XYZ", plan: nil, on: nil, today: today, at: day, by: clerk)
        } throws: { ($0 as! DomainError).field == "committee" }
    }

    @Test func theBuiltInAnswerKeepsTheDirectivesRules() {
        // RUN's 5.6 has four result goals, three of them common to every committee: no warning.
        #expect(region.answerProblems.isEmpty, "\(region.answerProblems)")
    }

    @Test func fourOwnResultGoalsUnderAnEffectGoalAreAWarningAndAGoalOutsideThePlanAnError() throws {
        var edited = region
        let index = try #require(edited.plans.firstIndex { $0.committee == "RUN" })
        let part = try #require(edited.plans[index].effectGoals.firstIndex { $0.number == "5.6" })
        for r in edited.plans[index].effectGoals[part].resultGoals.indices {
            edited.plans[index].effectGoals[part].resultGoals[r].regionCommon = nil
        }
        let warnings = edited.answerProblems(plan: index)
        #expect(warnings.count == 1 && warnings[0].severity == .warning, "\(warnings)")
        #expect(warnings[0].path == "plans[\(index)].effectGoals[\(part)]")
        #expect(warnings[0].message.contains("has 4 of RUN's own result goals (5.6.1, 5.6.2, 5.6.3, 5.6.4)"))
        #expect(edited.validate().isEmpty, "a warning does not refuse the model")

        edited.plans[index].effectGoals[part].resultGoals[0].years = YearSpan(firstYear: 2025, lastYear: 2027)
        let errors = edited.answerProblems(plan: index).filter { $0.severity == .error }
        #expect(errors.count == 1 && errors[0].message.contains("outside the plan period 2024–2026"), "\(errors)")
        #expect(edited.validate().contains { $0.message.contains("outside the plan period") })
    }
}
