import Foundation
import GoalDomain
import GoalReport
import Testing

/// Every mark of an indicator's small chart is drawn whole inside the chart: a yes/no square at the edge was cut
/// by the chart's frame on the printed page (its right side missing).
@Suite struct SparklineTests {
    /// The numbers of an attribute in the SVG, in order (`x="…"`).
    static func numbers(_ name: String, in svg: String) -> [Double] {
        svg.components(separatedBy: " \(name)=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
    }

    @Test func everyMarkIsInsideTheChartForAnyNumberOfPeriods() {
        let statuses: [IndicatorStatus] = [.met, .notMet, .noData]
        for count in 1...12 {
            let points = (0..<count).map { index in
                FollowUpReport.SeriesPoint(
                    period: Period(year: 2020 + index / 2, kind: index % 2 == 0 ? .interim : .annual),
                    value: index % 3 == 2 ? nil : Double(index % 2), status: statuses[index % 3])
            }
            let squares = Charts.sparkline(points, target: 1, kind: .yesNo, title: "t")
            #expect(squares.contains("viewBox=\"0 0 150 36\""))
            let width = 150.0
            let xs = Self.numbers("x", in: squares)
            let sides = Self.numbers("width", in: squares).dropFirst()  // the first is the svg's own
            #expect(xs.count == count)
            for (x, side) in zip(xs, sides) {
                // The stroke is drawn half outside the square; printed at about half size, a unit of room more
                // keeps it off the pixel at the chart's edge.
                let (left, right) = (x - 0.5, x + side + 0.5)
                #expect(left >= 1 && right <= width - 1, "\(count) points: a square from \(left) to \(right)")
            }
            let line = Charts.sparkline(
                points.map { FollowUpReport.SeriesPoint(period: $0.period, value: 40, status: .met) }, target: 50,
                kind: .percentage, title: "t")
            let centres = Self.numbers("cx", in: line)
            #expect(centres.count == count)
            for cx in centres {
                let (left, right) = (cx - 3.75, cx + 3.75)
                #expect(left >= 0 && right <= width, "\(count) points: a dot from \(left) to \(right)")
            }
        }
    }
}
