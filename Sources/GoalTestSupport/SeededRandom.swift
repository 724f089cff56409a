import Foundation

/// A small, fast, seeded generator (SplitMix64), so that a randomized test can be replayed from its seed.
package struct SeededRandom: RandomNumberGenerator {
    package var state: UInt64

    /// The seed it started from: a failing test names it, and `GOALD_TEST_SEED=<seed>` replays the run.
    package let seed: UInt64

    package init(seed: UInt64) {
        state = seed
        self.seed = seed
    }

    /// A generator for a randomized test: from `GOALD_TEST_SEED` when set (to replay a failure), else from `seed`.
    package static func forTest(seed: UInt64) -> SeededRandom {
        if let text = ProcessInfo.processInfo.environment["GOALD_TEST_SEED"], let replay = UInt64(text) {
            return SeededRandom(seed: replay)
        }
        return SeededRandom(seed: seed)
    }

    /// What a failure message says, so that the run can be replayed.
    package var replay: String { "replay with GOALD_TEST_SEED=\(seed)" }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number from 0 up to, not including, `bound`.
    package mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    package mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// True `percent` times in a hundred.
    package mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}
