/// How far a year's footprint has fallen against a baseline year, computed two ways:
/// as reported (each year with its own factor set) and like for like (one set for both years, the GHG
/// Protocol's base-year recalculation), since a change of factor set alone can move the figure by a third.
package struct Reduction: Sendable, Hashable {
    package struct Side: Sendable, Hashable {
        package var year: Int
        package var from: CivilDate
        package var through: CivilDate
        package var trips: Int
        /// kg CO2e with the year's own factor set.
        package var kg: Double
        package var set: FactorSetUse
        /// kg CO2e with the like-for-like set: every trip with a distance computed with it, a supplier's figure
        /// taken as reported only for a trip without a distance.
        package var kgLikeForLike: Double
        /// The part of `kgLikeForLike` taken as the suppliers reported it (trips without a distance).
        package var kgLikeForLikeAsReported: Double = 0
        /// Full-time equivalents, when recorded.
        package var fte: Double?
        /// For a whole year: its last day with a trip. Before December, the year is likely partial (still in
        /// progress, or not yet all imported): then compare the same span of both years with `through`.
        package var lastTrip: CivilDate?
    }

    package struct ModeChange: Sendable, Hashable {
        package var mode: TravelMode
        package var baselineKg: Double
        package var currentKg: Double
        package var baselineKgLikeForLike: Double
        package var currentKgLikeForLike: Double
    }

    package var unit: String?
    /// A committee's units, counted together (`unit` is then nil).
    package var units: [String]? = nil
    package var baseline: Side
    package var current: Side
    /// The set both years are computed with in the like-for-like figure.
    package var likeForLikeSet: String
    /// Set when the compared year's data is not complete: both years are counted through this day of the year.
    package var provisionalThrough: CivilDate?
    package var byMode: [ModeChange]

    /// Per cent fallen, as reported; nil when the baseline is zero.
    package var reductionPercent: Double? { Self.percent(baseline.kg, current.kg) }
    /// Per cent fallen, like for like; nil when the baseline is zero.
    package var reductionPercentLikeForLike: Double? { Self.percent(baseline.kgLikeForLike, current.kgLikeForLike) }

    package static func percent(_ baseline: Double, _ current: Double) -> Double? {
        baseline > 0 ? (baseline - current) / baseline * 100 : nil
    }
}

extension TravelAccounts {
    /// The reduction of `year` against `baseline`, for one unit or all. With `through`, both years count from
    /// 1 January to the same day (year to date); `factors` names the like-for-like set (default: the current
    /// year's own set). With `today`, a year (or span) whose data is not complete (`provisionalThrough`) is
    /// compared through the last day known, and the answer says so.
    package func reduction(
        year: Int?, baseline: Int, unit: String?, through asked: CivilDate?,
        factors: String?, today: CivilDate? = nil
    ) throws(DomainError) -> Reduction {
        try reduction(
            year: year, baseline: baseline, scope: TravelScope(unit: unit), through: asked, factors: factors,
            today: today)
    }

    /// The reduction for a scope: every unit, one unit, or a committee's units together.
    package func reduction(
        year: Int?, baseline: Int, scope: TravelScope, through asked: CivilDate?,
        factors: String?, today: CivilDate? = nil
    ) throws(DomainError) -> Reduction {
        var through = asked
        let current: Int
        if let year {
            current = year
        } else if let through {
            current = through.year
        } else if let latest = ledger.years.max() {
            current = latest
        } else {
            throw DomainError(
                .failedPrecondition, field: "year", "no trips are recorded yet: import a travel file first")
        }
        if let through, through.year != current {
            throw DomainError(
                .invalidArgument, field: "through",
                "through: \(through) is not in the year \(current); give a date of that year or leave out year")
        }
        guard (1990...2100).contains(current) else {
            throw DomainError(.invalidArgument, field: "year", "year: \(current) is outside 1990–2100")
        }
        guard (1990...2100).contains(baseline) else {
            throw DomainError(.invalidArgument, field: "baseline", "baseline: \(baseline) is outside 1990–2100")
        }
        guard baseline < current else {
            throw DomainError(
                .invalidArgument, field: "baseline",
                "baseline: \(baseline) must be before the year compared (\(current))")
        }
        try checkUnit(scope.unit)
        var provisional: CivilDate?
        if let today, let known = provisionalThrough(periodEnd: through ?? .lastOf(year: current), today: today),
            known.year == current
        {
            provisional = known
            through = known
        }
        let likeSet =
            try factors.map { name throws(DomainError) in try factorSet(named: name) }
            ?? library.set(forYear: current).set

        var modes = TravelMode.allCases.map {
            Reduction.ModeChange(
                mode: $0, baselineKg: 0, currentKg: 0, baselineKgLikeForLike: 0, currentKgLikeForLike: 0)
        }
        var seen = [Bool](repeating: false, count: TravelMode.count)
        func side(_ year: Int, isBaseline: Bool) -> Reduction.Side {
            let from = CivilDate.firstOf(year: year)
            let end = through.map { $0.inYear(year) } ?? .lastOf(year: year)
            let own = library.set(forYear: year)
            var kg = 0.0
            var like = 0.0
            var likeAsReported = 0.0
            var trips = 0
            let sums = ledger.modeTotals(from: from, through: end, scope: scope)
            for mode in TravelMode.allCases {
                let cell = sums[mode.ordinal]
                guard cell.trips > 0 else { continue }
                let ownKg = cell.kg(mode: mode, set: own.set)
                let likeKg = cell.kgLikeForLike(mode: mode, set: likeSet)
                kg += ownKg
                like += likeKg
                likeAsReported += cell.keptAsReportedKg
                trips += cell.trips
                seen[mode.ordinal] = true
                if isBaseline {
                    modes[mode.ordinal].baselineKg += ownKg
                    modes[mode.ordinal].baselineKgLikeForLike += likeKg
                } else {
                    modes[mode.ordinal].currentKg += ownKg
                    modes[mode.ordinal].currentKgLikeForLike += likeKg
                }
            }
            return Reduction.Side(
                year: year, from: from, through: end, trips: trips, kg: kg,
                set: FactorSetUse(year: year, set: own.set.name, exact: own.exact),
                kgLikeForLike: like, kgLikeForLikeAsReported: likeAsReported,
                fte: fte(scope: scope, year: year),
                lastTrip: asked == nil ? ledger.lastTripDay(scope: scope, year: year) : nil)
        }
        let baseSide = side(baseline, isBaseline: true)
        let currentSide = side(current, isBaseline: false)
        return Reduction(
            unit: scope.unit, units: scope.units, baseline: baseSide, current: currentSide,
            likeForLikeSet: likeSet.name,
            provisionalThrough: provisional, byMode: modes.filter { seen[$0.mode.ordinal] })
    }
}
