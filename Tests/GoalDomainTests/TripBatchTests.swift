import GoalDomain
import GoalTestSupport
import Testing

/// A batch's numbered units and day keys stand for the strings they replace on the writer's hot path.
@Suite struct TripBatchTests {
    @Test func unitsAreNumberedInTheOrderOfTheirFirstTripAndDayKeysMatchExactlyTheSameDay() {
        var random = SeededRandom.forTest(seed: 15)
        for _ in 0..<50 {
            let units = (0..<Int.random(in: 1...6, using: &random)).map { "enhet \($0)" } + ["", "Å"]
            var trips: [Trip] = []
            for n in 0..<Int.random(in: 0...400, using: &random) {
                // Runs of one unit, then units in turn: both ways files list them.
                let unit =
                    Bool.random(using: &random) ? units[n / 50 % units.count] : units.randomElement(using: &random)!
                let month = Int.random(in: 1...12, using: &random)
                trips.append(
                    Trip(
                        id: "\(n)",
                        date: CivilDate(
                            year: Int.random(in: 1990...2100, using: &random), month: month,
                            day: Int.random(in: 1...28, using: &random))!,
                        mode: TravelMode.allCases.randomElement(using: &random)!, distanceKm: 10, unit: unit))
            }
            let batch = TripBatch(trips)
            var firstSeen: [String] = []
            for trip in trips where !firstSeen.contains(trip.unit) { firstSeen.append(trip.unit) }
            #expect(batch.units == firstSeen)
            #expect(batch.unitIndex.count == trips.count)
            for (position, trip) in trips.enumerated() {
                #expect(batch.units[Int(batch.unitIndex[position])] == trip.unit)
            }
            // One key per (unit, day, mode), and no two of them alike.
            let triples = Set(trips.map { "\($0.unit)|\($0.date)|\($0.mode)" })
            #expect(Set(trips.indices.map(batch.dayKey)).count == triples.count)
            for _ in 0..<200 where !trips.isEmpty {
                let a = Int.random(in: 0..<trips.count, using: &random)
                let b = Bool.random(using: &random) ? a : Int.random(in: 0..<trips.count, using: &random)
                let same =
                    trips[a].unit == trips[b].unit && trips[a].date == trips[b].date && trips[a].mode == trips[b].mode
                #expect((batch.dayKey(a) == batch.dayKey(b)) == same, "\(trips[a]) and \(trips[b])")
            }
        }
    }
}
