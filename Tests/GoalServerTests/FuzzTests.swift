import Foundation
import GoalTestSupport
import Testing

/// The pipeline fuzzer on 100 000 cases in every test run; `goald-fuzz` runs a million, optimised, in `make test`.
@Suite struct FuzzTests {
    @Test func badInputsAreAnsweredOrClosedAndValidCallsStillServe() throws {
        let cases = Int(ProcessInfo.processInfo.environment["GOALD_FUZZ_CASES"] ?? "") ?? 100_000
        let seed = ProcessInfo.processInfo.environment["GOALD_TEST_SEED"].flatMap { UInt64($0) } ?? 0x60A1D
        let report = try PipelineFuzzer.run(cases: cases, seed: seed)
        #expect(report.problems.isEmpty, "\(report.problems.prefix(5)); replay with GOALD_TEST_SEED=\(seed)")
        #expect(report.cases == cases)
    }
}
