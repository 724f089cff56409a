import GoalDomain
import GoalTestSupport
import Testing

/// Taking trips out of the ledger leaves it as if they had never been added.
@Suite struct LedgerRemovalTests {
    @Test func removingTripsIsAddingTheRest() throws {
        var random = SeededRandom.forTest(seed: 20_261_202)
        let modes = TravelMode.allCases
        for round in 0..<30 {
            var trips: [Trip] = []
            for index in 0..<(1 + random.below(120)) {
                trips.append(
                    Trip(
                        id: "T\(index)",
                        date: CivilDate(
                            year: 2019 + random.below(7), month: 1 + random.below(12),
                            day: 1 + random.below(28))!,
                        mode: random.pick(modes), distanceKm: Double(random.below(3000)) / 4,
                        travellers: 1 + random.below(3), unit: random.pick(["A", "B", "C"]),
                        reportedKgCO2e: random.chance(20) ? Double(random.below(500)) : nil,
                        costSEK: random.chance(50) ? Double(random.below(9000)) : nil))
            }
            let removed = trips.filter { _ in random.chance(40) }
            let kept = trips.filter { trip in !removed.contains(trip) }
            var ledger = FootprintLedger()
            for trip in trips { ledger.add(trip) }
            ledger.remove(DayTotals.of(removed))
            var fresh = FootprintLedger()
            for trip in kept { fresh.add(trip) }
            #expect(
                ledger.tripCount == fresh.tripCount && ledger.years == fresh.years, "round \(round) \(random.replay)")
            for unit in ["A", "B", "C", nil] {
                if let unit { #expect(ledger.tripCount(unit: unit) == fresh.tripCount(unit: unit)) }
                for year in 2019...2025 {
                    #expect(
                        ledger.lastTripDay(unit: unit, year: year) == fresh.lastTripDay(unit: unit, year: year),
                        "round \(round) \(unit) \(year) \(random.replay)")
                    let a = ledger.modeTotals(from: .firstOf(year: year), through: .lastOf(year: year), unit: unit)
                    let b = fresh.modeTotals(from: .firstOf(year: year), through: .lastOf(year: year), unit: unit)
                    let c = ledger.modeTotals(
                        from: CivilDate(year: year, month: 3, day: 15)!,
                        through: CivilDate(year: year, month: 8, day: 31)!, unit: unit)
                    let d = fresh.modeTotals(
                        from: CivilDate(year: year, month: 3, day: 15)!,
                        through: CivilDate(year: year, month: 8, day: 31)!, unit: unit)
                    for (x, y) in zip(a + c, b + d) {
                        #expect(
                            x.trips == y.trips && abs(x.activity - y.activity) < 1e-6
                                && abs(x.passengerKm - y.passengerKm) < 1e-6 && abs(x.reportedKg - y.reportedKg) < 1e-6
                                && abs(x.costSEK - y.costSEK) < 1e-6
                                && abs(x.reportedActivity - y.reportedActivity) < 1e-6
                                && abs(x.reportedKgWithActivity - y.reportedKgWithActivity) < 1e-6,
                            "round \(round) \(random.replay)")
                    }
                }
            }
        }
    }

    /// The sparse ledger answers every range as summing the trips themselves does: all units or one, whole
    /// years, partial months, ranges across years, per month and per unit.
    @Test func everyRangeSumsTheTrips() throws {
        var random = SeededRandom.forTest(seed: 20_261_203)
        let modes = TravelMode.allCases
        for round in 0..<20 {
            var trips: [Trip] = []
            for index in 0..<(1 + random.below(300)) {
                trips.append(
                    Trip(
                        id: "T\(index)",
                        date: CivilDate(
                            year: 2019 + random.below(4), month: 1 + random.below(12),
                            day: 1 + random.below(28))!,
                        mode: random.pick(modes), distanceKm: Double(random.below(3000)) / 4,
                        travellers: 1 + random.below(3), unit: random.pick(["A", "B", "C", "D"]),
                        reportedKgCO2e: random.chance(20) ? Double(random.below(500)) : nil))
            }
            var ledger = FootprintLedger()
            for day in DayTotals.of(trips) { ledger.add(day) }
            for _ in 0..<20 {
                let from = CivilDate(
                    year: 2019 + random.below(4), month: 1 + random.below(12), day: 1 + random.below(28))!
                let through =
                    random.chance(30)
                    ? CivilDate.lastOf(year: from.year)
                    : CivilDate(
                        year: from.year + random.below(2), month: 1 + random.below(12), day: 1 + random.below(31))
                        ?? .lastOf(year: from.year)
                let unit: String? = random.chance(50) ? nil : random.pick(["A", "B", "C", "D"])
                let chosen = trips.filter { $0.date >= from && $0.date <= through && (unit == nil || $0.unit == unit) }
                var expected: [String: (trips: Int, pkm: Double)] = [:]
                for trip in chosen {
                    let key = "\(trip.unit)|\(trip.date.year)-\(trip.date.month)|\(trip.mode.rawValue)"
                    expected[key, default: (0, 0)].trips += 1
                    expected[key, default: (0, 0)].pkm += trip.passengerKm
                }
                var found: [String: (trips: Int, pkm: Double)] = [:]
                ledger.totals(from: from, through: through, unit: unit, perUnit: true, perMonth: true) {
                    name, year, month, mode, cell in
                    found["\(name ?? "?")|\(year)-\(month)|\(mode.rawValue)"] = (cell.trips, cell.passengerKm)
                }
                #expect(found.count == expected.count, "round \(round) \(from)…\(through) \(random.replay)")
                for (key, value) in expected {
                    #expect(
                        found[key]?.trips == value.trips && abs((found[key]?.pkm ?? -1) - value.pkm) < 1e-6,
                        "\(key) round \(round) \(random.replay)")
                }
                let sums = ledger.modeTotals(from: from, through: through, unit: unit)
                for mode in modes {
                    let these = chosen.filter { $0.mode == mode }
                    #expect(sums[mode.ordinal].trips == these.count)
                    #expect(abs(sums[mode.ordinal].passengerKm - these.reduce(0) { $0 + $1.passengerKm }) < 1e-6)
                }
            }
        }
    }
}
