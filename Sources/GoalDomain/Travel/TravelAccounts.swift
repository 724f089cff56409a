import Foundation

/// The travel side of goald's state: the footprint ledger, the factor sets and the staff numbers.
/// Every footprint and reduction is computed here from aggregates, never by scanning trips.
package struct TravelAccounts: Sendable {
    package private(set) var ledger = FootprintLedger()
    package let library: FactorLibrary
    /// Full-time equivalents per unit and year, for per-head figures.
    package private(set) var staff: [String: [Int: Double]] = [:]
    /// The day through which each import declared the travel data complete (`completeThrough`), by import.
    package private(set) var completeThrough: [Int64: CivilDate] = [:]
    /// Trips removed one by one, with the reason: an import leaves them out when they arrive again (a monthly file
    /// that is cumulative brings them back), until they are restored.
    package private(set) var exclusions: [TripExclusion.Key: TripExclusion] = [:]

    package init(library: FactorLibrary) {
        self.library = library
    }

    package mutating func add(_ trip: Trip) { ledger.add(trip) }

    /// Takes stored trips out (a correction).
    package mutating func remove(_ trips: [Trip]) { ledger.remove(DayTotals.of(trips)) }

    /// Takes a removal's day totals out.
    package mutating func remove(_ days: [DayTotals]) { ledger.remove(days) }

    /// Adds a batch's day totals.
    package mutating func add(_ day: DayTotals) { ledger.add(day) }

    package mutating func add(_ totals: TravelTotals, unit: String, date: CivilDate, mode: TravelMode) {
        ledger.add(totals, unit: unit, date: date, mode: mode)
    }

    package mutating func setStaff(unit: String, year: Int, fte: Double) {
        staff[unit, default: [:]][year] = fte
    }

    /// Keeps a removed trip out of later imports (nil `exclusion` for `key`: lets it in again).
    package mutating func exclude(_ key: TripExclusion.Key, _ exclusion: TripExclusion?) {
        exclusions[key] = exclusion
    }

    /// An import's declaration that the travel data is complete through a day (nil withdraws it).
    package mutating func declareComplete(importID: Int64, through day: CivilDate?) {
        completeThrough[importID] = day
    }

    /// The day through which a period's travel figures are known, when that is before the period's last day: the
    /// figures are then provisional, and compare the same days of both years. Nil when the period is complete: an
    /// import declared the data complete through its last day, or the period has ended on `today` and goald holds
    /// a trip dated on or after its last day. Without trips at all, nothing is provisional (nothing is computed).
    package func provisionalThrough(periodEnd: CivilDate, today: CivilDate) -> CivilDate? {
        let declared = completeThrough.values.max()
        if let declared, declared >= periodEnd { return nil }
        let latestTrip = ledger.years.max().flatMap { ledger.lastTripDay(unit: nil, year: $0) }
        guard let known = [latestTrip, declared].compactMap({ $0 }).max() else { return nil }
        if today > periodEnd, known >= periodEnd { return nil }
        return min(known, today, periodEnd)
    }

    /// A copy with another factor library (after a reload), keeping the trips and staff numbers.
    package func replacingLibrary(_ library: FactorLibrary) -> TravelAccounts {
        var copy = TravelAccounts(library: library)
        copy.ledger = ledger
        copy.staff = staff
        copy.completeThrough = completeThrough
        copy.exclusions = exclusions
        return copy
    }

    /// FTE for a unit and year; for all units, their sum when every unit that travelled that year has a figure.
    package func fte(unit: String?, year: Int) -> Double? {
        if let unit { return staff[unit]?[year] }
        var total = 0.0
        for name in ledger.units {
            guard ledger.hasTrips(unit: name, year: year) else { continue }
            guard let fte = staff[name]?[year] else { return nil }
            total += fte
        }
        return total > 0 ? total : nil
    }

    package func checkUnit(_ unit: String?) throws(DomainError) {
        if let unit, !ledger.hasUnit(unit) {
            let known = ledger.units.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw DomainError(
                .notFound, field: "unit",
                "unit: no trips of \"\(unit)\"; units with trips: \(known.isEmpty ? "none" : known)")
        }
    }

    package func factorSet(named name: String) throws(DomainError) -> EmissionFactorSet {
        guard let set = library.set(named: name) else {
            throw DomainError(
                .notFound, field: "factors",
                "factors: no factor set \"\(name)\"; sets: "
                    + library.sets.map(\.name).joined(separator: ", "))
        }
        return set
    }
}

// MARK: - Footprint

/// How a footprint is broken down.
package enum FootprintGrouping: String, Sendable, CaseIterable {
    case mode, unit, month
}

/// Figures for one group of trips.
package struct FootprintFigures: Sendable, Hashable {
    package var key: String
    package var kg = 0.0
    /// The part from reported figures.
    package var reportedKg = 0.0
    package var trips = 0
    package var reportedTrips = 0
    package var passengerKm = 0.0
    package var costSEK = 0.0

    package init(key: String) { self.key = key }

    mutating func add(_ totals: TravelTotals, kg: Double) {
        self.kg += kg
        reportedKg += totals.reportedKg
        trips += totals.trips
        reportedTrips += totals.reportedTrips
        passengerKm += totals.passengerKm
        costSEK += totals.costSEK
    }
}

/// The footprint of a range of days.
package struct Footprint: Sendable, Hashable {
    package var from: CivilDate
    package var through: CivilDate
    package var unit: String?
    package var total: FootprintFigures
    package var groups: [FootprintFigures]
    /// The set used for each year in the range, and whether it is the year's own.
    package var setsUsed: [FactorSetUse]
}

package struct FactorSetUse: Sendable, Hashable {
    package var year: Int
    package var set: String
    package var exact: Bool

    package init(year: Int, set: String, exact: Bool) {
        self.year = year
        self.set = set
        self.exact = exact
    }
}

extension TravelAccounts {
    /// The footprint of the days from `from` through `through`: each year with its own factor set, or with
    /// `factors` for every year.
    package func footprint(
        from: CivilDate, through: CivilDate, unit: String?, groupBy: FootprintGrouping?,
        factors: String?
    ) throws(DomainError) -> Footprint {
        guard from <= through else {
            throw DomainError(.invalidArgument, field: "from", "from: \(from) is after through \(through)")
        }
        try checkUnit(unit)
        let fixed = try factors.map { name throws(DomainError) in try factorSet(named: name) }
        var total = FootprintFigures(key: "total")
        var groups: [String: FootprintFigures] = [:]
        var used: [Int: FactorSetUse] = [:]
        var sets: [Int: EmissionFactorSet] = [:]
        for year in from.year...through.year {
            let choice = fixed.map { ($0, $0.year == year) } ?? library.set(forYear: year)
            used[year] = FactorSetUse(year: year, set: choice.0.name, exact: choice.1)
            sets[year] = choice.0
        }
        ledger.totals(
            from: from, through: through, unit: unit, perUnit: groupBy == .unit,
            perMonth: groupBy == .month
        ) { unitName, year, month, mode, cell in
            let set = sets[year]!
            let kg = cell.kg(mode: mode, set: set)
            total.add(cell, kg: kg)
            if let groupBy {
                let key =
                    switch groupBy {
                    case .mode: mode.rawValue
                    case .unit: unitName ?? ""
                    case .month: "\(year)-\(month < 10 ? "0" : "")\(month)"
                    }
                groups[key, default: FootprintFigures(key: key)].add(cell, kg: kg)
            }
        }
        let ordered = groups.values.sorted { lhs, rhs in
            if groupBy == .mode {
                return TravelMode(rawValue: lhs.key)! < TravelMode(rawValue: rhs.key)!
            }
            return lhs.key < rhs.key
        }
        return Footprint(
            from: from, through: through, unit: unit, total: total, groups: ordered,
            setsUsed: used.values.sorted { $0.year < $1.year })
    }
}

/// A trip removed by itself, kept out of later imports: its unit and id, why, by whom and when.
package struct TripExclusion: Sendable, Hashable {
    package struct Key: Sendable, Hashable {
        package var unit: String
        package var id: String

        package init(unit: String, id: String) {
            self.unit = unit
            self.id = id
        }
    }

    package var key: Key
    package var reason: String
    package var recordedAt: Date
    package var recordedBy: String

    package init(key: Key, reason: String, recordedAt: Date, recordedBy: String) {
        self.key = key
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}
