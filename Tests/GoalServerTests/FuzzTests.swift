import Foundation
import GoalTestSupport
import Testing

/// The pipeline fuzzer on 100 000 cases in every test run; `goald-fuzz` runs a million, optimised, in `make test`.
@Suite struct FuzzTests {
    @Test func badInputsAreAnsweredOrClosedAndValidCallsStillServe() throws {
        let cases = Int(ProcessInfo.processInfo.environment["GOALD_FUZZ_CASES"] ?? "") ?? 100_000
        let report = try PipelineFuzzer.run(cases: cases)
        #expect(report.problems.isEmpty, "\(report.problems.prefix(5))")
        #expect(report.cases == cases)
    }
}
