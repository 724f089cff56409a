import Foundation
import GoalDomain
import Testing

/// A committee's follow-up of a period: a draft, marked ready, decided at a meeting, reopened with a reason; once
/// decided, nothing new is recorded for it, and what is withdrawn after the decision is said.
@Suite struct FollowUpStateTests {
    let day = Date(timeIntervalSince1970: 1_760_000_000)
    let clerk = Author(uid: 1000, name: "clerk")
    let secretary = Author(uid: 1001, name: "sekreterare")
    let today = CivilDate("2025-10-20")!

    func decided(_ period: String = "2025-interim") throws -> FollowUp {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.1", period: period, value: .number(2.8), note: nil, source: nil, at: day, by: clerk)
        _ = try followUp.markReady(period: period, at: day, by: clerk)
        _ = try followUp.decide(
            period: period, on: "2025-10-14", paragraph: "§ 87", today: today, at: day, by: secretary)
        return followUp
    }

    @Test func aFollowUpGoesFromDraftToReadyToDecided() throws {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        let period = Period("2025-interim")!
        #expect(followUp.state(of: period) == .draft)
        let ready = try followUp.markReady(period: "2025-interim", at: day, by: clerk)
        #expect(ready.state == .ready && followUp.state(of: period) == .ready)
        #expect(followUp.decision(of: period) == nil)
        let decision = try followUp.decide(
            period: "2025-interim", on: "2025-10-14", paragraph: "§ 87", today: today, at: day, by: secretary)
        #expect(decision.paragraph == "87", "the § sign is the form's, not the paragraph's")
        #expect(decision.decidedOn == CivilDate("2025-10-14"))
        #expect(followUp.decision(of: period)?.sequence == decision.sequence)
        #expect(decision.sequence == ready.sequence + 1)
        #expect(followUp.state(of: Period("2025-annual")!) == .draft, "another period is its own")
    }

    @Test func aDecidedPeriodTakesNoNewValueJudgementOrTarget() throws {
        var followUp = try decided()
        #expect {
            try followUp.recordMeasurement(
                indicator: "5.6.3.1", period: "2025-interim", value: .number(3), note: nil, source: nil, at: day,
                by: clerk)
        } throws: { error in
            let error = error as! DomainError
            return error.code == .failedPrecondition && error.field == "period"
                && error.message.contains("decided by Regionala utvecklingsnämnden on 2025-10-14, § 87")
        }
        #expect(throws: DomainError.self) {
            try followUp.recordAssessment(
                subject: "5.6.3", period: "2025-interim", level: .met, analysis: "Bra", at: day, by: clerk)
        }
        // A target from an earlier period would reach the decided one; from a later one it may be set.
        #expect {
            try followUp.setTarget(
                indicator: "5.3.1.4", value: .number(3.5), direction: nil, from: "2025-interim", today: today,
                reason: "ny budget", at: day, by: clerk)
        } throws: { error in
            let error = error as! DomainError
            return error.code == .failedPrecondition && error.field == "from"
        }
        #expect {
            try followUp.setTarget(
                indicator: "5.3.1.4", value: .number(3.5), direction: nil, from: "2024-annual", today: today,
                reason: "ny budget", at: day, by: clerk)
        } throws: { error in (error as! DomainError).message.contains("2025-interim was decided") }
        let later = try followUp.setTarget(
            indicator: "5.3.1.4", value: .number(3.5), direction: nil, from: "2025-annual", today: today,
            at: day, by: clerk)
        #expect(later.from == Period("2025-annual"))
        // The next period is open.
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.1", period: "2025-annual", value: .number(3), note: nil, source: nil, at: day, by: clerk)
    }

    @Test func aRetractionAfterTheDecisionIsPossibleAndSaidSo() throws {
        var followUp = try decided()
        let period = Period("2025-interim")!
        #expect(followUp.changesAfterDecision(of: period).isEmpty)
        let retraction = try followUp.retractMeasurement(
            indicator: "5.6.3.1", period: "2025-interim", reason: "fel underlag från HR", at: day, by: clerk)
        #expect(followUp.changesAfterDecision(of: period).map(\.sequence) == [retraction.sequence])
        #expect(followUp.currentMeasurement("5.6.3.1", in: period) == nil)
        // Reopened and decided again: the change is part of the new decision.
        _ = try followUp.reopen(period: "2025-interim", reason: "rättat underlag", at: day, by: secretary)
        #expect(followUp.state(of: period) == .draft)
        _ = try followUp.recordMeasurement(
            indicator: "5.6.3.1", period: "2025-interim", value: .number(2.7), note: nil, source: nil, at: day,
            by: clerk)
        _ = try followUp.markReady(period: "2025-interim", at: day, by: clerk)
        _ = try followUp.decide(
            period: "2025-interim", on: "2025-10-20", paragraph: "101", today: today, at: day, by: secretary)
        #expect(followUp.changesAfterDecision(of: period).isEmpty)
        #expect(followUp.stateHistory(of: period).map(\.state) == [.ready, .decided, .draft, .ready, .decided])
    }

    @Test func eachStepIsRefusedOutOfTurn() throws {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        func refusal(_ body: () throws -> Void) -> DomainError? {
            do {
                try body()
                return nil
            } catch {
                return error as? DomainError
            }
        }
        let early = refusal {
            _ = try followUp.decide(
                period: "2025-interim", on: "2025-10-14", paragraph: "87", today: today, at: day, by: secretary)
        }
        #expect(early?.code == .failedPrecondition && early?.message.contains("goalctl ready") == true)
        #expect(
            refusal { _ = try followUp.reopen(period: "2025-interim", reason: "x", at: day, by: clerk) }?.code
                == .failedPrecondition)
        _ = try followUp.markReady(period: "2025-interim", at: day, by: clerk)
        #expect(refusal { _ = try followUp.markReady(period: "2025-interim", at: day, by: clerk) } != nil)
        let cases: [(String, String, String)] = [
            ("14 oktober", "87", "date"),
            ("2025-08-30", "87", "date"),  // before the period ended
            ("2025-10-21", "87", "date"),  // after today
            ("2025-10-14", "", "paragraph"),
            ("2025-10-14", "§", "paragraph"),
            ("2025-10-14", "<b>87</b>", "paragraph"),
        ]
        for (date, paragraph, field) in cases {
            let error = refusal {
                _ = try followUp.decide(
                    period: "2025-interim", on: date, paragraph: paragraph, today: today, at: day, by: secretary)
            }
            #expect(
                error?.code == .invalidArgument && error?.field == field,
                "\(date) \(paragraph): \(String(describing: error))")
        }
        #expect(
            refusal { _ = try followUp.reopen(period: "2025-interim", reason: "  ", at: day, by: clerk) }?.field
                == "reason")
        #expect(refusal { _ = try followUp.markReady(period: "2031-annual", at: day, by: clerk) }?.field == "period")
        #expect(followUp.state(of: Period("2025-interim")!) == .ready, "nothing refused changed the state")
    }
}

/// An indicator measured once a year (HME) is "mäts årsvis" at the interim period: not missing, not counted as
/// missing, and a value for the interim period is refused.
@Suite struct AnnualIndicatorTests {
    let day = Date(timeIntervalSince1970: 1_760_000_000)
    let clerk = Author(uid: 1000, name: "clerk")

    @Test func hmeIsMeasuredAnnually() throws {
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        let hme = try #require(followUp.plan.locateIndicator("5.6.2.1")?.indicator)
        #expect(hme.measured == .annual)
        let interim = followUp.evaluate(hme, in: Period("2025-interim")!)
        #expect(interim.status == .measuredAnnually)
        #expect(followUp.evaluate(hme, in: Period("2025-annual")!).status == .noData, "missing at the year's end")
        let status = followUp.status(
            for: Period("2025-interim")!, travel: TravelAccounts(library: try FactorLibrary()),
            today: CivilDate("2025-09-01")!)
        #expect(status.tally.measuredAnnually == 1)
        #expect(status.tally.noData == status.tally.total - 1 - status.tally.targetPending, "HME is not missing")
        #expect {
            try followUp.recordMeasurement(
                indicator: "5.6.2.1", period: "2025-interim", value: .number(79), note: nil, source: nil, at: day,
                by: clerk)
        } throws: { error in
            let error = error as! DomainError
            return error.code == .failedPrecondition && error.field == "period"
                && error.message.contains("record it for 2025-annual")
        }
        _ = try followUp.recordMeasurement(
            indicator: "5.6.2.1", period: "2025-annual", value: .number(79), note: nil, source: nil, at: day, by: clerk)
        #expect(followUp.evaluate(hme, in: Period("2025-annual")!).status == .notMet)
        // Another indicator is measured at both periods.
        #expect(followUp.plan.locateIndicator("5.6.2.2")?.indicator.measured == nil)
    }

    @Test func aModelNamesOnlyTheKnownPeriodsOfMeasurement() throws {
        let json = Region.embeddedDefaultJSON.replacingOccurrences(
            of: #""measured": "annual""#, with: #""measured": "monthly""#)
        #expect(json != Region.embeddedDefaultJSON)
        #expect {
            try Region.decode(from: Data(json.utf8))
        } throws: { error in "\(error)".contains("measured: expected \"annual\" or \"interimAndAnnual\"") }
    }
}
