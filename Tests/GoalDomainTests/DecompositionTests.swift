import Foundation
import GoalDomain
import GoalTestSupport
import Testing

/// The decomposition of a change in the footprint (LMDI-I, Ang 2005): exact, with the method's zero-value rule.
@Suite struct DecompositionTests {
    let library = try! FactorLibrary()

    func explain(
        _ trips: [Trip], year: Int = 2024, through: CivilDate? = nil, unit: String? = nil,
        factors: String? = nil
    ) throws -> ReductionExplanation {
        var accounts = TravelAccounts(library: library)
        for trip in trips { accounts.add(trip) }
        return try accounts.explainReduction(year: year, baseline: 2020, unit: unit, through: through, factors: factors)
    }

    func trip(
        _ id: String, _ date: String, _ mode: TravelMode, _ km: Double, travellers: Int = 1,
        unit: String = Trip.defaultUnit, kg: Double? = nil
    ) -> Trip {
        Trip(
            id: id, date: CivilDate(date)!, mode: mode, distanceKm: km, travellers: travellers, unit: unit,
            reportedKgCO2e: kg)
    }

    /// Two modes by hand. 2020: 1 000 pkm by domestic flight and 1 000 by rail; 2024: 500 and 2 000. With desnz-2024
    /// (flight 0.27257, rail 0.03546 kg/pkm): E⁰ = 272.57 + 35.46, Eᵀ = 136.285 + 70.92.
    /// L(136.285, 272.57) = 136.285 / ln 2 = 196.6175; L(70.92, 35.46) = 35.46 / ln 2 = 51.1581.
    /// activity = (196.6175 + 51.1581) · ln(2500 / 2000) = 55.290; mix = 196.6175 · ln(0.2 / 0.5)
    /// + 51.1581 · ln(0.8 / 0.5) = −180.159 + 24.044 = −156.115; intensity 0. As reported, 2020 counts with
    /// desnz-2020 (0.2443, 0.03694): 281.24, so the change is 207.205 − 281.24 = −74.035, and the factor revision
    /// −74.035 − (−100.825) = 26.790.
    @Test func twoModesByHand() throws {
        let explanation = try explain([
            trip("a", "2020-03-01", .flightDomestic, 1000), trip("b", "2020-03-02", .rail, 1000),
            trip("c", "2024-03-01", .flightDomestic, 500), trip("d", "2024-03-02", .rail, 2000),
        ])
        let effects = explanation.effects
        #expect(abs(effects[.activity]! - 55.290) < 0.001)
        #expect(abs(effects[.modeMix]! - (-156.115)) < 0.001)
        #expect(abs(effects[.intensity]!) < 1e-9)
        #expect(abs(effects[.supplierFigures]!) < 1e-9)
        #expect(abs(effects[.factorRevision]! - 26.790) < 0.001)
        #expect(abs(explanation.change - (-74.035)) < 1e-9)
        #expect(explanation.shiftedTo == .rail)
        #expect(
            explanation.ranked.map(\.effect) == [.modeMix, .activity, .factorRevision, .intensity, .supplierFigures]
                || explanation.ranked.map(\.effect) == [
                    .modeMix, .activity, .factorRevision, .supplierFigures, .intensity,
                ])
        #expect(abs(explanation.percentOfBaseline(explanation.change)! - (-74.035 / 281.24 * 100)) < 1e-9)
    }

    /// Two people in one car instead of one: the same vehicle-km and kg, twice the passenger-km. All of it is
    /// activity up and intensity down, by E · ln 2 each: nothing is left over.
    @Test func occupancyIsIntensity() throws {
        let explanation = try explain([
            trip("a", "2020-05-01", .carPetrol, 100), trip("b", "2024-05-01", .carPetrol, 100, travellers: 2),
        ])
        let e = 100 * library.set(named: "desnz-2024")!.factor(for: .carPetrol).kgCO2ePerUnit
        #expect(abs(explanation.effects[.activity]! - e * log(2)) < 1e-9)
        #expect(abs(explanation.effects[.intensity]! + e * log(2)) < 1e-9)
        #expect(abs(explanation.effects[.modeMix]!) < 1e-12)
    }

    /// A mode of one year only: its share goes from or to zero, and its whole change is mode mix (the method's
    /// rule for zero values); a supplier's figure without a distance is its own effect.
    @Test func modesOfOneYearAndSupplierFigures() throws {
        let explanation = try explain([
            trip("a", "2020-05-01", .flightLongHaul, 6000), trip("b", "2020-06-01", .rail, 300),
            trip("c", "2024-05-01", .bus, 200), trip("d", "2024-06-01", .rail, 300),
            trip("e", "2024-07-01", .taxi, 0, kg: 12.5),
        ])
        let set = library.set(named: "desnz-2024")!
        let flight = explanation.byMode.first { $0.mode == .flightLongHaul }!
        #expect(abs(flight.effects[.modeMix]! + 6000 * set.factor(for: .flightLongHaul).kgCO2ePerUnit) < 1e-9)
        #expect(flight.effects[.activity] == 0 && flight.effects[.intensity] == 0)
        let bus = explanation.byMode.first { $0.mode == .bus }!
        #expect(abs(bus.effects[.modeMix]! - 200 * set.factor(for: .bus).kgCO2ePerUnit) < 1e-9)
        #expect(explanation.effects[.supplierFigures] == 12.5)
        let taxi = explanation.byMode.first { $0.mode == .taxi }!
        #expect(taxi.effects[.supplierFigures] == 12.5 && taxi.currentPassengerKm == 0)
        #expect(abs(explanation.effects.values.reduce(0, +) - explanation.change) < 1e-9)
    }

    /// Random ledgers: the five effects add up to the as-reported change, for the whole and for every mode, with
    /// every kind of trip (per-vehicle modes, travellers, suppliers' figures with and without a distance, modes of
    /// one year only), whole years and year to date, one unit or all, the default set and a named one.
    @Test func theEffectsAddUpOnRandomLedgers() throws {
        var random = SeededRandom.forTest(seed: 20_261_204)
        let modes = TravelMode.allCases
        for round in 0..<200 {
            let used = (0..<(1 + random.below(6))).map { _ in random.pick(modes) }
            var trips: [Trip] = []
            for index in 0..<(2 + random.below(80)) {
                let year = random.chance(50) ? 2020 : 2024
                let reported = random.chance(15)
                trips.append(
                    Trip(
                        id: "T\(index)",
                        date: CivilDate(year: year, month: 1 + random.below(12), day: 1 + random.below(28))!,
                        mode: random.pick(used),
                        distanceKm: reported && random.chance(50) ? 0 : Double(1 + random.below(40_000)) / 8,
                        travellers: 1 + random.below(4), unit: random.pick(["A", "B"]),
                        reportedKgCO2e: reported ? Double(random.below(90_000)) / 9 : nil))
            }
            trips.append(trip("x", "2020-01-02", random.pick(used), 10, unit: "A"))
            trips.append(trip("y", "2024-01-02", random.pick(used), 10, unit: "A"))
            let through =
                random.chance(30) ? CivilDate(year: 2024, month: 1 + random.below(12), day: 1 + random.below(28)) : nil
            let unit = random.chance(30) ? "A" : nil
            let factors = random.chance(30) ? random.pick(["desnz-2020", "se-2022", "desnz-2024"]) : nil
            let explanation = try explain(trips, through: through, unit: unit, factors: factors)
            let change = explanation.change
            let sum = explanation.effects.values.reduce(0, +)
            #expect(
                abs(sum - change) <= 1e-9 * max(1, abs(explanation.reduction.baseline.kg)),
                "round \(round): \(sum) against \(change) \(random.replay)")
            for mode in explanation.byMode {
                let modeSum = mode.effects.values.reduce(0, +)
                #expect(
                    abs(modeSum - (mode.currentKg - mode.baselineKg)) <= 1e-9 * max(1, mode.baselineKg, mode.currentKg),
                    "round \(round) \(mode.mode) \(random.replay)")
                let finite = mode.effects.values.allSatisfy { $0.isFinite }
                #expect(finite)
            }
            let like = explanation.reduction.current.kgLikeForLike - explanation.reduction.baseline.kgLikeForLike
            let travelEffects: [ReductionExplanation.Effect] = [.activity, .modeMix, .intensity, .supplierFigures]
            let travel: Double = travelEffects.map { explanation.effects[$0] ?? 0 }.reduce(0, +)
            #expect(
                abs(travel - like) <= 1e-9 * max(1, abs(explanation.reduction.baseline.kgLikeForLike)),
                "the travel's effects are the like-for-like change, round \(round) \(random.replay)")
        }
    }

    @Test func theLogarithmicMean() {
        #expect(ReductionExplanation.logMean(5, 5) == 5)
        #expect(abs(ReductionExplanation.logMean(2, 1) - 1 / log(2)) < 1e-12)
        #expect(ReductionExplanation.logMean(0, 3) == 0)
    }
}
