// goald-fuzz [CASES] [SEED]: a million (or CASES) random and mutated inputs through goald's real pipeline.
// Exits 1 with the problems found. `make test` runs it on its release build, so that a million cases take seconds.
import Foundation
import GoalTestSupport

let arguments = CommandLine.arguments.dropFirst()
let cases = arguments.first.flatMap { Int($0) } ?? 1_000_000
let seed = arguments.dropFirst().first.flatMap { UInt64($0) } ?? 0x60A1D
let started = Date()
let report = try PipelineFuzzer.run(cases: cases, seed: seed)
print("fuzz: \(report) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
for problem in report.problems.prefix(20) { print("  \(problem)") }
print("fuzz: \(report.problems.isEmpty ? 1 : 0) passed, \(report.problems.isEmpty ? 0 : 1) failed")
exit(report.problems.isEmpty ? 0 : 1)
