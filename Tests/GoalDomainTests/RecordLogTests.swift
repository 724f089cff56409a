import Foundation
import GoalDomain
import GoalTestSupport
import HashTreeCollections
import Testing

/// The follow-up's histories: read as arrays are, and a write after a published copy copies one chunk, not the
/// history (with arrays, 100 000 retractions took minutes to write: each copied all earlier ones).
@Suite struct RecordLogTests {
    @Test func itReadsAsTheArrayOfWhatWasAppended() {
        var random = SeededRandom(seed: 26)
        for length in [0, 1, 31, 32, 33, 64, 65, 1000] {
            var log = RecordLog<Int>()
            var array: [Int] = []
            for _ in 0..<length {
                let value = Int.random(in: 0..<50, using: &random)
                log.append(value)
                array.append(value)
            }
            #expect(log.count == array.count)
            #expect(Array(log) == array, "iterated in order, length \(length)")
            #expect((0..<length).allSatisfy { log[$0] == array[$0] }, "by position, length \(length)")
            for wanted in [0, 7, 49, 50] {
                #expect(log.last { $0 == wanted } == array.last { $0 == wanted })
                #expect(log.first { $0 == wanted } == array.first { $0 == wanted })
            }
            #expect(log == RecordLog(array) && log.map { $0 * 2 } == array.map { $0 * 2 })
            #expect(log.filter { $0 < 10 } == array.filter { $0 < 10 })
        }
        // As a stack: taken off from the end, across chunks, a copy kept at every step unchanged.
        var random2 = SeededRandom(seed: 27)
        var stack = RecordLog<Int>()
        var model: [Int] = []
        var copies: [(RecordLog<Int>, [Int])] = []
        for step in 0..<3_000 {
            if !model.isEmpty, Int.random(in: 0..<3, using: &random2) == 0 {
                #expect(stack.removeLast() == model.removeLast())
            } else {
                stack.append(step)
                model.append(step)
            }
            if step % 50 == 0 { copies.append((stack, model)) }
            #expect(stack.count == model.count && stack.last == model.last)
        }
        #expect(Array(stack) == model)
        #expect(copies.allSatisfy { Array($0.0) == $0.1 }, "copies kept what they held")
        while !model.isEmpty { #expect(stack.removeLast() == model.removeLast()) }
        #expect(stack.isEmpty && Array(stack).isEmpty)
        stack.append(7)
        #expect(Array(stack) == [7])

        let empty: RecordLog<String> = []
        #expect(empty.isEmpty && empty.last { _ in true } == nil && Array(empty).isEmpty)
        #expect(RecordLog([1, 2]) != RecordLog([1, 3]) && RecordLog([1]) != RecordLog([1, 1]))
    }

    @Test func aCopyKeptAcrossWritesSharesEveryFullChunk() {
        // As goald does: the published snapshot keeps a copy, the writer appends to its own.
        var log = RecordLog<String>()
        var published: [RecordLog<String>] = []
        for n in 0..<2_000 {
            published.append(log)
            log.append("record \(n)")
        }
        // Value semantics: each copy still holds exactly what it held.
        for (count, copy) in published.enumerated() where count % 97 == 0 || count == 1_999 {
            #expect(copy.count == count && copy.last == (count == 0 ? nil : "record \(count - 1)"))
        }
        // Sharing: a copy's full chunks are the very storage the latest log reads, so an append copied at most the
        // chunk it went into (an array would have copied every record each time).
        let chunk = RecordLog<String>.chunkSize
        var shared = 0
        for copy in published {
            for number in 0..<(copy.count / chunk) {
                #expect(copy.chunkStorage(number) == log.chunkStorage(number), "chunk \(number) of \(copy.count)")
                shared += 1
            }
        }
        #expect(shared > 60_000)
    }
}

/// What stands is kept as records come and go (the latest period with data, the value, judgement and target change
/// in force): the same as a pass over every record finds, whether written or read back from the store.
@Suite struct LatestPeriodWithDataTests {
    let day = Date(timeIntervalSince1970: 1_735_000_000)
    let clerk = Author(uid: 1000, name: "clerk")

    /// The pass over every record the kept count replaced.
    func everyRecord(_ followUp: FollowUp) -> Period? {
        let measured = followUp.measurements.values.flatMap { $0 }.filter {
            followUp.retraction(of: $0.sequence) == nil
        }
        let assessed = followUp.assessments.values.flatMap { $0 }.filter { followUp.retraction(of: $0.sequence) == nil }
        return (measured.map(\.period) + assessed.map(\.period)).max()
    }

    @Test func itIsWhatAPassOverEveryRecordFinds() throws {
        var random = SeededRandom(seed: 4)
        let periods = ["2024-interim", "2024-annual", "2025-interim", "2025-annual", "2026-annual"]
        var recorded = 0
        var retracted = 0
        var targets = 0
        var targetsRetracted = 0
        let plan = Plan.embeddedDefault()
        let indicatorID = try #require(plan.locateIndicator("5.6.3.1")).indicator.id
        let targetID = try #require(plan.locateIndicator("5.3.1.4")).indicator.id
        let resultGoalID = try #require(plan.effectGoals.flatMap(\.resultGoals).first { $0.number == "5.6.3" }).id
        for _ in 0..<40 {
            var followUp = FollowUp(plan: Plan.embeddedDefault())
            #expect(followUp.latestPeriodWithData == nil)
            for _ in 0..<30 {
                let period = periods.randomElement(using: &random)!
                switch Int.random(in: 0..<6, using: &random) {
                case 4:
                    let made = try? followUp.setTarget(
                        indicator: "5.3.1.4", value: .number(Double(Int.random(in: 40...80, using: &random))),
                        direction: nil, from: period, today: CivilDate("2024-01-10")!, reason: "ändrat", at: day,
                        by: clerk)
                    targets += made == nil ? 0 : 1
                case 5:
                    let made = try? followUp.retractTarget(
                        indicator: "5.3.1.4", from: period, reason: "fel", at: day, by: clerk)
                    targetsRetracted += made == nil ? 0 : 1
                case 0:
                    // (an indicator measured once a year refuses the interim period: nothing is recorded then)
                    let made = try? followUp.recordMeasurement(
                        indicator: "5.6.3.1", period: period, value: .number(2.5), note: nil, source: nil, at: day,
                        by: clerk)
                    recorded += made == nil ? 0 : 1
                case 1:
                    _ = try followUp.recordAssessment(
                        subject: "5.6.3", period: period, level: .partlyMet, analysis: "Delvis.", at: day, by: clerk)
                    recorded += 1
                case 2:
                    let made = try? followUp.retractMeasurement(
                        indicator: "5.6.3.1", period: period, reason: "fel", at: day, by: clerk)
                    retracted += made == nil ? 0 : 1
                default:
                    let made = try? followUp.retractAssessment(
                        subject: "5.6.3", period: period, reason: "fel", at: day, by: clerk)
                    retracted += made == nil ? 0 : 1
                }
                #expect(followUp.latestPeriodWithData == everyRecord(followUp))
                for text in periods {
                    let period = Period(text)!
                    #expect(
                        followUp.targetChange(of: targetID, in: period)
                            == followUp.targetChanges[targetID]?.filter {
                                $0.from <= period && followUp.retraction(of: $0.sequence) == nil
                            }.max { ($0.from, $0.sequence) < ($1.from, $1.sequence) })
                    #expect(
                        followUp.currentMeasurement(indicatorID, in: period)
                            == followUp.measurements[indicatorID]?.last {
                                $0.period == period && followUp.retraction(of: $0.sequence) == nil
                            })
                    #expect(
                        followUp.currentAssessment(resultGoalID, in: period)
                            == followUp.assessments[resultGoalID]?.last {
                                $0.period == period && followUp.retraction(of: $0.sequence) == nil
                            })
                }
            }
            // Read back as the store gives the records: every value and judgement first, then the retractions.
            var loaded = FollowUp(plan: Plan.embeddedDefault())
            for change in (followUp.targetChanges.values.flatMap { $0 }).sorted(by: { $0.sequence < $1.sequence }) {
                loaded.restore(change)
            }
            for record in (followUp.measurements.values.flatMap { $0 }).sorted(by: { $0.sequence < $1.sequence }) {
                loaded.restore(record)
            }
            for record in (followUp.assessments.values.flatMap { $0 }).sorted(by: { $0.sequence < $1.sequence }) {
                loaded.restore(record)
            }
            for retraction in followUp.retractions.values.sorted(by: { $0.sequence < $1.sequence }) {
                loaded.restore(retraction)
            }
            #expect(loaded.latestPeriodWithData == followUp.latestPeriodWithData)
            #expect(loaded.plan == followUp.plan, "the latest plan's targets as they stand")
            for text in periods {
                let period = Period(text)!
                #expect(
                    loaded.targetChange(of: targetID, in: period) == followUp.targetChange(of: targetID, in: period))
                #expect(
                    loaded.currentMeasurement(indicatorID, in: period)
                        == followUp.currentMeasurement(indicatorID, in: period))
                #expect(
                    loaded.currentAssessment(resultGoalID, in: period)
                        == followUp.currentAssessment(resultGoalID, in: period))
            }
        }
        #expect(recorded > 300 && retracted > 100, "values and judgements recorded and retracted")
        #expect(targets > 100 && targetsRetracted > 30, "target changes made and retracted")
    }
}
