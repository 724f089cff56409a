import GoalDomain
import Testing

/// A supplier's kg CO2e: taken as reported in the as-reported figure; in the like-for-like figure a trip that also
/// has a distance is computed with the comparison set, and only the figures of trips without a distance stay.
@Suite struct SupplierFigureTests {
    let library = try! FactorLibrary()

    @Test func likeForLikeComputesTripsWithADistance() throws {
        var accounts = TravelAccounts(library: library)
        // 2020: a flight the agency reported at 150 kg, 500 km; a rail trip computed.
        accounts.add(
            Trip(
                id: "a", date: CivilDate("2020-03-01")!, mode: .flightDomestic, distanceKm: 500,
                reportedKgCO2e: 150))
        accounts.add(Trip(id: "b", date: CivilDate("2020-04-01")!, mode: .rail, distanceKm: 300))
        // 2024: the same flight reported at 120 kg, and a supplier's 40 kg for a taxi without a distance.
        accounts.add(
            Trip(
                id: "c", date: CivilDate("2024-03-01")!, mode: .flightDomestic, distanceKm: 500,
                reportedKgCO2e: 120))
        accounts.add(Trip(id: "d", date: CivilDate("2024-05-01")!, mode: .taxi, distanceKm: 0, reportedKgCO2e: 40))
        let reduction = try accounts.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        let set = library.set(named: "desnz-2024")!
        let flight = set.factor(for: .flightDomestic).kgCO2ePerUnit
        let rail = set.factor(for: .rail).kgCO2ePerUnit
        let own2020 = library.set(named: "desnz-2020")!.factor(for: .rail).kgCO2ePerUnit
        // By hand: as reported, the suppliers' figures stand; like for like, the flights are 500 km × the factor.
        #expect(abs(reduction.baseline.kg - (150 + 300 * own2020)) < 1e-9)
        #expect(abs(reduction.current.kg - (120 + 40)) < 1e-9)
        #expect(abs(reduction.baseline.kgLikeForLike - (500 * flight + 300 * rail)) < 1e-9)
        #expect(abs(reduction.current.kgLikeForLike - (500 * flight + 40)) < 1e-9)
        #expect(reduction.baseline.kgLikeForLikeAsReported == 0)
        #expect(reduction.current.kgLikeForLikeAsReported == 40)
        // The footprint stays as reported.
        let footprint = try accounts.footprint(
            from: CivilDate("2024-01-01")!, through: CivilDate("2024-12-31")!,
            unit: nil, groupBy: nil, factors: nil)
        #expect(abs(footprint.total.kg - 160) < 1e-9 && footprint.total.reportedTrips == 2)
    }

    @Test func removingAReportedTripTakesItsActivityOut() throws {
        var accounts = TravelAccounts(library: library)
        let trip = Trip(
            id: "a", date: CivilDate("2024-03-01")!, mode: .flightDomestic, distanceKm: 500, reportedKgCO2e: 150)
        accounts.add(trip)
        accounts.add(Trip(id: "b", date: CivilDate("2024-03-01")!, mode: .flightDomestic, distanceKm: 200))
        accounts.remove([trip])
        let sums = accounts.ledger.modeTotals(from: .firstOf(year: 2024), through: .lastOf(year: 2024))
        let cell = sums[TravelMode.flightDomestic.ordinal]
        #expect(
            cell.trips == 1 && cell.reportedActivity == 0 && cell.reportedKgWithActivity == 0 && cell.reportedKg == 0)
        #expect(cell.activity == 200)
    }
}
