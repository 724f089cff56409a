import Foundation
import GoalDomain
import Testing

/// Women's and men's values beside the total, for an indicator split by gender: the total is its own figure,
/// the status is judged on it, and women's and men's values keep the indicator's range.
@Suite struct GenderValuesTests {
    let day = Date(timeIntervalSince1970: 1_735_000_000)
    let clerk = Author(uid: 1000, name: "clerk")

    func record(
        _ followUp: inout FollowUp, _ key: String, _ total: Double, women: Double?, men: Double?
    ) throws(DomainError) -> RecordedMeasurement {
        try followUp.recordMeasurement(
            indicator: key, period: "2025-annual", value: .number(total),
            gender: GenderValues(women: women, men: men), note: nil, source: nil, at: day, by: clerk)
    }

    @Test func theBuiltInModelSplitsTheHRIndicatorsByGender() {
        let plan = Plan.embeddedDefault()
        let split = plan.allIndicators.filter { $0.indicator.isSplitByGender }.map(\.indicator.number)
        #expect(split == ["5.6.2.1", "5.6.2.2", "5.6.3.1", "5.6.3.2"])
    }

    @Test func theTotalIsJudgedAndWomenAndMenAreKeptBesideIt() throws {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        // Sick leave weighted by hours: the total is not the mean of women's and men's.
        let measurement = try record(&followUp, "5.6.3.1", 6.41, women: 7.06, men: 4.9)
        #expect(measurement.women == 7.06 && measurement.men == 4.9)
        let indicator = followUp.plan.locateIndicator("5.6.3.1")!.indicator
        let evaluation = followUp.evaluate(indicator, in: Period("2025-annual")!)
        #expect(evaluation.value == .number(6.41))
        #expect(evaluation.status == .notMet, "judged on the total 6,41 % against ≤ 3 %, whatever men's 4,9 %")
        #expect(evaluation.measurement?.women == 7.06 && evaluation.measurement?.men == 4.9)
        // One of the two alone is fine.
        let menOnly = try record(&followUp, "5.6.2.2", 8, women: nil, men: 7.5)
        #expect(menOnly.women == nil && menOnly.men == 7.5)
    }

    @Test func anIndicatorNotSplitByGenderRefusesWomenAndMenNamingTheField() {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        #expect {
            try record(&followUp, "5.6.3.3", 90, women: 95, men: nil)
        } throws: { error in
            (error as? DomainError)?.field == "women"
                && (error as? DomainError)?.message.contains("not split by women and men") == true
        }
        #expect {
            try record(&followUp, "5.6.3.3", 90, women: nil, men: 80)
        } throws: { ($0 as? DomainError)?.field == "men" }
        #expect(followUp.measurements.isEmpty, "nothing was recorded")
    }

    @Test(arguments: [
        (101.0, 4.0, "women", "above the most allowed"),
        (7.0, -1.0, "men", "below the least allowed"),
        (Double.nan, 4.0, "women", "finite"),
        (7.0, 1e-300, "men", "too small to be a figure"),
    ])
    func womenAndMenKeepTheIndicatorsRange(women: Double, men: Double, field: String, words: String) {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        #expect {
            try record(&followUp, "5.6.3.2", 2.5, women: women, men: men)
        } throws: { error in
            (error as? DomainError)?.field == field && (error as? DomainError)?.message.contains(words) == true
        }
        #expect(followUp.measurements.isEmpty)
    }

    @Test func onlyANumberPeopleRecordMayBeSplitByGender() throws {
        var plan = Plan.embeddedDefault()
        // A yes/no indicator (5.3.1.5) and the travel-derived one (5.6.4.1) marked byGender: each refused, by path.
        for e in plan.effectGoals.indices {
            for r in plan.effectGoals[e].resultGoals.indices {
                for i in plan.effectGoals[e].resultGoals[r].indicators.indices
                where ["5.3.1.5", "5.6.4.1"].contains(plan.effectGoals[e].resultGoals[r].indicators[i].number) {
                    plan.effectGoals[e].resultGoals[r].indicators[i].byGender = true
                }
            }
        }
        let problems = plan.validate()
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.path == "effectGoals[0].resultGoals[0].indicators[4].byGender" }, "\(problems)")
        #expect(problems.allSatisfy { $0.message.contains("split by women and men") }, "\(problems)")
    }

    @Test func aPlanFileSaysByGenderAsTrueOrFalse() throws {
        let plan = Plan.embeddedDefault()
        let text = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        #expect(text.contains("\"byGender\":true"), "the plan's file form keeps the mark")
        let read = try Plan.decode(from: Data(text.utf8))
        #expect(read.allIndicators.map(\.indicator.byGender) == plan.allIndicators.map(\.indicator.byGender))
        let wrong = text.replacingOccurrences(of: "\"byGender\":true", with: "\"byGender\":\"ja\"")
        #expect {
            try Plan.decode(from: Data(wrong.utf8))
        } throws: { error in
            (error as? PlanError)?.problems.contains {
                $0.path.hasSuffix(".byGender") && $0.message.contains("expected true or false")
            } == true
        }
    }
}
