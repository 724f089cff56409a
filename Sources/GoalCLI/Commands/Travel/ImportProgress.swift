import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

/// Progress of an import on a terminal: rows, rate and time left, on one line of standard error.
final class Progress {
    private let total: Int
    private let shown: Bool
    private var done = 0
    private var started = ContinuousClock.now
    private var last = ContinuousClock.now
    private var label = ""

    init(total: Int, shown: Bool) {
        self.total = total
        self.shown = shown
    }

    func begin(_ label: String) {
        self.label = label
        done = 0
        started = .now
        last = .now
    }

    func advance(bytes: Int, rows: Int) {
        done += bytes
        guard shown, ContinuousClock.now - last > .milliseconds(250) else { return }
        last = .now
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let rate = seconds > 0 ? Double(rows) / seconds : 0
        let left = done > 0 && total > done ? seconds * Double(total - done) / Double(done) : 0
        Output.progress(
            "\r\(label): \(Format.number(Double(rows), decimals: 0)) rows, "
                + "\(Format.number(rate, decimals: 0)) rows/s, \(Int(left.rounded())) s left   ")
    }

    func end() {
        if shown { Output.progress("\r\u{1B}[K") }
    }
}
