/// Whose trips a figure counts: every unit's, one unit's, or the units of a committee together (the region
/// model's `committees[].units`).
package enum TravelScope: Sendable, Hashable {
    case all
    case unit(String)
    case units([String])

    /// One unit's, or with none every unit's.
    package init(unit: String?) {
        self = unit.map(TravelScope.unit) ?? .all
    }

    /// The one unit, when the scope is one unit's.
    package var unit: String? {
        if case .unit(let unit) = self { return unit }
        return nil
    }

    /// The units counted together, when the scope is a committee's.
    package var units: [String]? {
        if case .units(let units) = self { return units }
        return nil
    }
}

extension FootprintLedger {
    /// Totals per mode over a range of days for a scope: a committee's units are each unit's totals added up.
    package func modeTotals(from: CivilDate, through: CivilDate, scope: TravelScope) -> [TravelTotals] {
        guard case .units(let units) = scope else { return modeTotals(from: from, through: through, unit: scope.unit) }
        var sums = [TravelTotals](repeating: TravelTotals(), count: TravelMode.count)
        for unit in units where hasUnit(unit) {
            for (ordinal, cell) in modeTotals(from: from, through: through, unit: unit).enumerated() {
                sums[ordinal] += cell
            }
        }
        return sums
    }

    /// The last day of a year with a trip in the scope; nil for a year without trips.
    package func lastTripDay(scope: TravelScope, year: Int) -> CivilDate? {
        guard case .units(let units) = scope else { return lastTripDay(unit: scope.unit, year: year) }
        return units.compactMap { lastTripDay(unit: $0, year: year) }.max()
    }
}

extension TravelAccounts {
    /// FTE for a scope and year: a committee's units' sum, when every one of them that travelled that year has a
    /// figure.
    package func fte(scope: TravelScope, year: Int) -> Double? {
        guard case .units(let units) = scope else { return fte(unit: scope.unit, year: year) }
        var total = 0.0
        for unit in units where ledger.hasUnit(unit) && ledger.hasTrips(unit: unit, year: year) {
            guard let fte = staff[unit]?[year] else { return nil }
            total += fte
        }
        return total > 0 ? total : nil
    }
}
