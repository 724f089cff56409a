import GoalDomain
import Testing

/// The Swedish factor family: Swedish figures where they exist, DESNZ's for the rest, each factor naming its source.
@Suite struct SwedishFactorTests {
    @Test func theSwedishSetOverridesRailCarsAndFlightsAndKeepsTheRest() throws {
        let library = try FactorLibrary(family: .se)
        let (set, exact) = library.set(forYear: 2024)
        #expect(set.name == "se-2024" && exact)
        let desnz = try #require(library.set(named: "desnz-2024"))
        #expect(set.factor(for: .rail).kgCO2ePerUnit == 0.007)
        #expect(set.factor(for: .rail).source?.contains("klimatresa") == true)
        #expect(
            set.factor(for: .carElectric).kgCO2ePerUnit == 0.014 && set.factor(for: .carElectric).unit == .vehicleKm)
        #expect(set.factor(for: .flightLongHaul).kgCO2ePerUnit == 0.133)
        #expect(set.factor(for: .flightLongHaul).source?.contains("Chalmers") == true)
        #expect(set.factor(for: .bus).kgCO2ePerUnit == desnz.factor(for: .bus).kgCO2ePerUnit)
        #expect(set.factor(for: .bus).source?.isEmpty == false, "a kept DESNZ factor names its source too")
        for mode in TravelMode.allCases { _ = set.factor(for: mode) }  // every mode has a factor
        #expect(try FactorLibrary().set(forYear: 2024).set.name == "desnz-2024", "DESNZ stays the default family")
        #expect(library.set(forYear: 2030).set.name == "se-2024" && !library.set(forYear: 2030).exact)
    }

    @Test func aShiftToRailShowsAsItIsInSweden() throws {
        // 2020: 1 000 passenger-km by domestic flight; 2024: the same by train.
        var travel = TravelAccounts(library: try FactorLibrary(family: .se))
        travel.add(Trip(id: "A", date: CivilDate("2020-05-04")!, mode: .flightDomestic, distanceKm: 1000))
        travel.add(Trip(id: "B", date: CivilDate("2024-05-04")!, mode: .rail, distanceKm: 1000))
        let reduction = try travel.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        // By hand, like for like with se-2024: 1000 × 0.133 = 133 kg against 1000 × 0.007 = 7 kg: 94.7 % lower.
        #expect(abs(reduction.baseline.kgLikeForLike - 133) < 1e-9 && abs(reduction.current.kgLikeForLike - 7) < 1e-9)
        #expect(abs((reduction.reductionPercentLikeForLike ?? 0) - (126.0 / 133 * 100)) < 1e-9)
        #expect(reduction.likeForLikeSet == "se-2024" && reduction.current.set.set == "se-2024")
    }
}
