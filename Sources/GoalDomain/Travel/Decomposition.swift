import Foundation

/// Why business travel's footprint changed between two years: the as-reported change in kg split exactly into
/// what the travel did (activity, mode mix, intensity: an additive log-mean Divisia index, LMDI-I, over modes, on
/// the like-for-like figures), what suppliers' figures did, and what the change of factor sets did.
///
/// With Eᵢ = A · Sᵢ · Iᵢ for each mode i (A: passenger-km of all modes, Sᵢ = Aᵢ / A: the mode's share,
/// Iᵢ = Eᵢ / Aᵢ: kg per passenger-km with one factor set for both years), and
/// L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a (Ang 2005, "The LMDI approach to decomposition analysis: a
/// practical guide", Energy Policy 33):
///
///     activity   = Σᵢ L(Eᵢᵀ, Eᵢ⁰) · ln(Aᵀ / A⁰)
///     mode mix   = Σᵢ L(Eᵢᵀ, Eᵢ⁰) · ln(Sᵢᵀ / Sᵢ⁰)
///     intensity  = Σᵢ L(Eᵢᵀ, Eᵢ⁰) · ln(Iᵢᵀ / Iᵢ⁰)
///
/// which add up to Σᵢ (Eᵢᵀ − Eᵢ⁰) with no residual. A mode found in one year only has a zero share in the
/// other: by the zero-value rule of the method (Ang and Liu 2007, the limit of the formulas as the zero tends to 0) its
/// whole change goes to the mode mix; a mode whose kg are zero with passenger-km in one year (a factor of 0) has its
/// change in intensity. Then
///
///     supplier figures = the change in suppliers' kg taken as reported (trips without a distance)
///     factor revision  = the as-reported change − the like-for-like change
///
/// so that activity + mode mix + intensity + supplier figures + factor revision = the as-reported change.
package struct ReductionExplanation: Sendable, Hashable {
    package enum Effect: String, Sendable, Hashable, CaseIterable {
        case activity, modeMix, intensity, supplierFigures, factorRevision
    }

    /// One mode's part in each effect, in kg CO2e.
    package struct ModeShare: Sendable, Hashable {
        package var mode: TravelMode
        package var baselinePassengerKm: Double
        package var currentPassengerKm: Double
        /// The mode's share of all passenger-km, 0…1.
        package var baselineShare: Double
        package var currentShare: Double
        /// As reported.
        package var baselineKg: Double
        package var currentKg: Double
        package var effects: [Effect: Double]
    }

    package var reduction: Reduction
    /// Passenger-km of all modes (trips with a distance).
    package var baselinePassengerKm: Double
    package var currentPassengerKm: Double
    /// kg CO2e of each effect; they sum to `change`.
    package var effects: [Effect: Double]
    package var byMode: [ModeShare]

    /// The as-reported change in kg (current − baseline): negative is a fall.
    package var change: Double { reduction.current.kg - reduction.baseline.kg }

    /// An effect as per cent of the baseline's as-reported kg (negative: it lowered the footprint); nil without
    /// baseline emissions.
    package func percentOfBaseline(_ kg: Double) -> Double? {
        reduction.baseline.kg > 0 ? kg / reduction.baseline.kg * 100 : nil
    }

    /// The effects, largest first.
    package var ranked: [(effect: Effect, kg: Double)] {
        Effect.allCases.map { ($0, effects[$0] ?? 0) }.sorted { abs($0.1) > abs($1.1) }
    }

    /// The mode whose share of passenger-km grew the most, when one did.
    package var shiftedTo: TravelMode? {
        byMode.filter { $0.currentShare > $0.baselineShare + 1e-12 }
            .max { ($0.currentShare - $0.baselineShare) < ($1.currentShare - $1.baselineShare) }?.mode
    }

    /// L(a, b): the logarithmic mean, with L(a, a) = a.
    package static func logMean(_ a: Double, _ b: Double) -> Double {
        guard a > 0, b > 0 else { return 0 }
        let difference = a - b
        if abs(difference) <= 1e-12 * max(a, b) { return a }
        return difference / (log(a) - log(b))
    }

    /// Splits the like-for-like change of the calculated trips of each mode: (E⁰, Eᵀ, A⁰, Aᵀ) per mode.
    package static func lmdi(_ modes: [(e0: Double, eT: Double, a0: Double, aT: Double)])
        -> [(activity: Double, mix: Double, intensity: Double)]
    {
        let total0 = modes.reduce(0) { $0 + $1.a0 }
        let totalT = modes.reduce(0) { $0 + $1.aT }
        return modes.map { mode in
            let change = mode.eT - mode.e0
            if mode.e0 == 0 && mode.eT == 0 { return (0, 0, 0) }
            // A mode missing in a year (no passenger-km): its share went from or to zero; all of it is mode mix.
            if mode.a0 == 0 || mode.aT == 0 { return (0, change, 0) }
            // Present both years but without kg in one (a factor of zero): the intensity went from or to zero.
            if mode.e0 == 0 || mode.eT == 0 { return (0, 0, change) }
            let weight = logMean(mode.eT, mode.e0)
            let activity = weight * log(totalT / total0)
            let mix = weight * log((mode.aT / totalT) / (mode.a0 / total0))
            let intensity = weight * log((mode.eT / mode.aT) / (mode.e0 / mode.a0))
            return (activity, mix, intensity)
        }
    }
}

extension TravelAccounts {
    /// The reduction of `year` against `baseline` (as `reduction` takes its arguments), explained.
    package func explainReduction(
        year: Int?, baseline: Int, unit: String?, through: CivilDate?,
        factors: String?, today: CivilDate? = nil
    ) throws(DomainError) -> ReductionExplanation {
        let reduction = try self.reduction(
            year: year, baseline: baseline, unit: unit, through: through, factors: factors,
            today: today)
        let likeSet = try factorSet(named: reduction.likeForLikeSet)
        let ownSets = (
            library.set(forYear: reduction.baseline.year).set, library.set(forYear: reduction.current.year).set
        )
        let base = ledger.modeTotals(from: reduction.baseline.from, through: reduction.baseline.through, unit: unit)
        let current = ledger.modeTotals(from: reduction.current.from, through: reduction.current.through, unit: unit)
        var rows: [(mode: TravelMode, e0: Double, eT: Double, a0: Double, aT: Double)] = []
        for mode in TravelMode.allCases where base[mode.ordinal].trips > 0 || current[mode.ordinal].trips > 0 {
            let factor = likeSet.kgPerUnit[mode.ordinal]
            let b = base[mode.ordinal]
            let c = current[mode.ordinal]
            rows.append(
                (
                    mode, (b.activity + b.reportedActivity) * factor, (c.activity + c.reportedActivity) * factor,
                    b.passengerKm, c.passengerKm
                ))
        }
        let split = ReductionExplanation.lmdi(rows.map { ($0.e0, $0.eT, $0.a0, $0.aT) })
        let pkm0 = rows.reduce(0) { $0 + $1.a0 }
        let pkmT = rows.reduce(0) { $0 + $1.aT }
        var totals: [ReductionExplanation.Effect: Double] = [:]
        var byMode: [ReductionExplanation.ModeShare] = []
        for (row, parts) in zip(rows, split) {
            let b = base[row.mode.ordinal]
            let c = current[row.mode.ordinal]
            let reported0 = b.kg(mode: row.mode, set: ownSets.0)
            let reportedT = c.kg(mode: row.mode, set: ownSets.1)
            let like0 = b.kgLikeForLike(mode: row.mode, set: likeSet)
            let likeT = c.kgLikeForLike(mode: row.mode, set: likeSet)
            let effects: [ReductionExplanation.Effect: Double] = [
                .activity: parts.activity, .modeMix: parts.mix, .intensity: parts.intensity,
                .supplierFigures: c.keptAsReportedKg - b.keptAsReportedKg,
                .factorRevision: (reportedT - reported0) - (likeT - like0),
            ]
            for (effect, kg) in effects { totals[effect, default: 0] += kg }
            byMode.append(
                ReductionExplanation.ModeShare(
                    mode: row.mode, baselinePassengerKm: row.a0, currentPassengerKm: row.aT,
                    baselineShare: pkm0 > 0 ? row.a0 / pkm0 : 0, currentShare: pkmT > 0 ? row.aT / pkmT : 0,
                    baselineKg: reported0, currentKg: reportedT, effects: effects))
        }
        return ReductionExplanation(
            reduction: reduction, baselinePassengerKm: pkm0, currentPassengerKm: pkmT,
            effects: totals, byMode: byMode)
    }
}
