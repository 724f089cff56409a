extension TravelAccounts {
    /// The values of a plan's travel-derived indicators for a period: the annual period compares whole years,
    /// the interim period January to August of both years. An indicator without trips in either year has none.
    package func derivedValues(for plan: Plan, in period: Period) -> [String: MeasurementValue] {
        var values: [String: MeasurementValue] = [:]
        for (_, _, indicator) in plan.allIndicators {
            guard let source = indicator.derivedFrom?.travelReduction, source.baseline < period.year else { continue }
            let through = period.kind == .interim ? CivilDate(year: period.year, month: 8, day: 31) : nil
            if let unit = source.unit, !ledger.hasUnit(unit) { continue }
            guard let reduction = try? reduction(year: period.year, baseline: source.baseline, unit: source.unit,
                                                 through: through, factors: nil),
                  reduction.baseline.trips > 0, reduction.current.trips > 0 else { continue }
            let percent = source.method == .likeForLike ? reduction.reductionPercentLikeForLike : reduction.reductionPercent
            if let percent { values[indicator.number] = .number((percent * 100).rounded() / 100) }
        }
        return values
    }
}
