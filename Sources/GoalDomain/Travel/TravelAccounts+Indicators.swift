/// A value goald computed for an indicator, and whether its data was complete.
package struct DerivedValue: Sendable, Hashable {
    package var value: MeasurementValue
    /// Set when the period's travel data is not complete: the value compares both years through this day.
    package var provisionalThrough: CivilDate?

    package init(_ value: MeasurementValue, provisionalThrough: CivilDate? = nil) {
        self.value = value
        self.provisionalThrough = provisionalThrough
    }
}

extension TravelAccounts {
    /// The values of a plan's travel-derived indicators for a period: the annual period compares whole years,
    /// the interim period January to August of both years; a period whose data is not complete on `today`
    /// compares the days known and is provisional. An indicator without trips in either year has none.
    package func derivedValues(for plan: Plan, in period: Period, today: CivilDate) -> [String: DerivedValue] {
        var values: [String: DerivedValue] = [:]
        for (_, _, indicator) in plan.allIndicators {
            guard let source = indicator.derivedFrom?.travelReduction, source.baseline < period.year else { continue }
            let through = period.kind == .interim ? period.lastDay : nil
            if let unit = source.unit, !ledger.hasUnit(unit) { continue }
            // An indicator that names no unit counts its committee's units, when the region maps any to it.
            let scope: TravelScope =
                source.unit == nil && !plan.units.isEmpty ? .units(plan.units) : TravelScope(unit: source.unit)
            guard
                let reduction = try? reduction(
                    year: period.year, baseline: source.baseline, scope: scope,
                    through: through, factors: nil, today: today),
                reduction.baseline.trips > 0, reduction.current.trips > 0
            else { continue }
            let percent =
                source.method == .likeForLike ? reduction.reductionPercentLikeForLike : reduction.reductionPercent
            if let percent {
                values[indicator.id] = DerivedValue(
                    .number((percent * 100).rounded() / 100),
                    provisionalThrough: reduction.provisionalThrough)
            }
        }
        return values
    }
}

extension FollowUp {
    /// The values goald derives from the travel data for the plan in force for a period.
    package func derivedValues(in period: Period, travel: TravelAccounts, today: CivilDate) -> [String: DerivedValue] {
        travel.derivedValues(for: plan(for: period), in: period, today: today)
    }

    /// The roll-up of a period, the travel-derived indicators' values taken from `travel` as of `today`.
    package func status(for period: Period, travel: TravelAccounts, today: CivilDate) -> PlanStatus {
        status(for: period, derived: derivedValues(in: period, travel: travel, today: today))
    }
}
