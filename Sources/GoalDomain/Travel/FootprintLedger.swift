/// Sums of trips for one cell (a unit, a day or month, a mode): enough to compute the footprint with any
/// factor set without looking at the trips again.
package struct TravelTotals: Sendable, Hashable {
    /// Trips in the cell.
    package var trips = 0
    /// Passenger-km or vehicle-km of the trips whose footprint is calculated (no reported figure).
    package var activity = 0.0
    /// kg CO2e of the trips with a supplier-reported figure.
    package var reportedKg = 0.0
    package var reportedTrips = 0
    /// Passenger-km of every trip, for information.
    package var passengerKm = 0.0
    package var costSEK = 0.0
    /// The activity of the reported trips that also have a distance: the like-for-like figure computes them
    /// with the comparison set instead of taking the supplier's figure.
    package var reportedActivity = 0.0
    /// The suppliers' kg of those trips (the part of `reportedKg` that the like-for-like figure replaces).
    package var reportedKgWithActivity = 0.0

    package init() {}

    package init(
        trips: Int, activity: Double, reportedKg: Double, reportedTrips: Int, passengerKm: Double,
        costSEK: Double, reportedActivity: Double = 0, reportedKgWithActivity: Double = 0
    ) {
        self.trips = trips
        self.activity = activity
        self.reportedKg = reportedKg
        self.reportedTrips = reportedTrips
        self.passengerKm = passengerKm
        self.costSEK = costSEK
        self.reportedActivity = reportedActivity
        self.reportedKgWithActivity = reportedKgWithActivity
    }

    package init(_ trip: Trip) {
        trips = 1
        if let reported = trip.reportedKgCO2e {
            reportedKg = reported
            reportedTrips = 1
            if trip.distanceKm > 0 {
                reportedActivity = trip.activity
                reportedKgWithActivity = reported
            }
        } else {
            activity = trip.activity
        }
        passengerKm = trip.passengerKm
        costSEK = trip.costSEK ?? 0
    }

    package static func += (lhs: inout TravelTotals, rhs: TravelTotals) {
        lhs.trips += rhs.trips
        lhs.activity += rhs.activity
        lhs.reportedKg += rhs.reportedKg
        lhs.reportedTrips += rhs.reportedTrips
        lhs.passengerKm += rhs.passengerKm
        lhs.costSEK += rhs.costSEK
        lhs.reportedActivity += rhs.reportedActivity
        lhs.reportedKgWithActivity += rhs.reportedKgWithActivity
    }

    /// Takes trips out of the cell; a cell left with no trips is emptied whole, so that no rounding residue of the
    /// sums stays behind.
    package static func -= (lhs: inout TravelTotals, rhs: TravelTotals) {
        lhs.trips -= rhs.trips
        lhs.reportedTrips -= rhs.reportedTrips
        guard lhs.trips > 0 else {
            lhs = TravelTotals()
            return
        }
        lhs.activity = max(0, lhs.activity - rhs.activity)
        lhs.reportedKg = max(0, lhs.reportedKg - rhs.reportedKg)
        lhs.passengerKm = max(0, lhs.passengerKm - rhs.passengerKm)
        lhs.costSEK = max(0, lhs.costSEK - rhs.costSEK)
        lhs.reportedActivity = max(0, lhs.reportedActivity - rhs.reportedActivity)
        lhs.reportedKgWithActivity = max(0, lhs.reportedKgWithActivity - rhs.reportedKgWithActivity)
    }

    /// kg CO2e of the cell for a mode with a factor, as reported: calculated trips × factor, plus the suppliers'
    /// figures.
    package func kg(mode: TravelMode, set: EmissionFactorSet) -> Double {
        activity * set.kgPerUnit[mode.ordinal] + reportedKg
    }

    /// kg CO2e like for like: every trip with a distance computed with `set` (a supplier's figure for it set
    /// aside, since it rests on the supplier's own factors), the suppliers' figures kept only for trips without
    /// a distance.
    package func kgLikeForLike(mode: TravelMode, set: EmissionFactorSet) -> Double {
        (activity + reportedActivity) * set.kgPerUnit[mode.ordinal] + keptAsReportedKg
    }

    /// The suppliers' kg the like-for-like figure takes as reported: those of trips without a distance.
    package var keptAsReportedKg: Double { max(0, reportedKg - reportedKgWithActivity) }
}

/// A day's totals for one unit and mode: what a batch of trips adds to the ledger, or a removal takes out.
package struct DayTotals: Sendable, Hashable {
    package var unit: String
    package var date: CivilDate
    package var mode: TravelMode
    package var totals: TravelTotals

    package init(unit: String, date: CivilDate, mode: TravelMode, totals: TravelTotals) {
        self.unit = unit
        self.date = date
        self.mode = mode
        self.totals = totals
    }

    /// Trips summed by unit, day and mode.
    package static func of(_ trips: some Sequence<Trip>) -> [DayTotals] {
        var days: [Key: TravelTotals] = [:]
        for trip in trips {
            days[Key(unit: trip.unit, date: trip.date, mode: trip.mode), default: TravelTotals()] += TravelTotals(trip)
        }
        return days.map { DayTotals(unit: $0.key.unit, date: $0.key.date, mode: $0.key.mode, totals: $0.value) }
    }

    private struct Key: Hashable {
        var unit: String
        var date: CivilDate
        var mode: TravelMode
    }
}

/// The in-memory aggregates of every stored trip, kept sparse: a cell per unit, mode and day, month and year that
/// has trips, and the same for every unit together. A query's cost depends on the span asked for, never on the
/// number of trips, and a question about all units never on the number of units; a unit costs the cells its trips
/// fill and little else (`Tests/GoalDomainTests/LedgerMemoryTests` measures it).
package struct FootprintLedger: Sendable {
    /// Unit names, interned: cells refer to a unit by its index.
    package private(set) var units: [String] = []
    private var unitIndex: [String: Int] = [:]
    /// Trips per unit, indexed as `units`.
    private var unitTrips: [Int] = []
    /// Totals by `key(scope:year:month:day:mode:)`: scope 0 is every unit together, scope u + 1 the unit u;
    /// day 0 holds a month's totals, month 0 a year's.
    private var cells: [UInt64: TravelTotals] = [:]
    /// Per scope and year with trips: which modes have trips and the last day with one.
    private var scopeYears: [UInt64: ScopeYear] = [:]
    /// Years with at least one trip.
    package private(set) var years: Set<Int> = []
    package private(set) var tripCount = 0

    private struct ScopeYear: Sendable {
        /// Bit `ordinal` set: the mode has trips in the year.
        var modes: UInt16 = 0
        /// The last day with a trip, as month << 5 | day.
        var lastDay: UInt16 = 0

        var last: (month: Int, day: Int) { (Int(lastDay >> 5), Int(lastDay & 31)) }
    }

    package init() {}

    /// The trips stored for one unit (0 for a unit without trips).
    package func tripCount(unit: String) -> Int {
        unitIndex[unit].map { unitTrips[$0] } ?? 0
    }

    /// Adds a day's totals for a unit and mode (a batch's trips, or a stored aggregate at start).
    package mutating func add(_ totals: TravelTotals, unit: String, date: CivilDate, mode: TravelMode) {
        let u = intern(unit)
        let packedDay = UInt16(date.month << 5 | date.day)
        for scope in [0, u + 1] {
            for (month, day) in [(date.month, date.day), (date.month, 0), (0, 0)] {
                cells[
                    Self.key(scope: scope, year: date.year, month: month, day: day, mode: mode), default: TravelTotals()
                ] += totals
            }
            let yearKey = Self.yearKey(scope: scope, year: date.year)
            scopeYears[yearKey, default: ScopeYear()].modes |= 1 << mode.ordinal
            if scopeYears[yearKey]!.lastDay < packedDay { scopeYears[yearKey]!.lastDay = packedDay }
        }
        years.insert(date.year)
        tripCount += totals.trips
        unitTrips[u] += totals.trips
    }

    package mutating func add(_ trip: Trip) {
        add(TravelTotals(trip), unit: trip.unit, date: trip.date, mode: trip.mode)
    }

    package mutating func add(_ day: DayTotals) {
        add(day.totals, unit: day.unit, date: day.date, mode: day.mode)
    }

    /// Takes stored trips out (a correction): the cells they were counted in, the counts, and the years, modes
    /// and last days that change with them. A cell left without trips goes.
    package mutating func remove(_ days: [DayTotals]) {
        var touched: Set<UInt64> = []
        for day in days {
            guard let u = unitIndex[day.unit] else { continue }
            let date = day.date
            for scope in [0, u + 1] {
                for (month, dayOfMonth) in [(date.month, date.day), (date.month, 0), (0, 0)] {
                    let key = Self.key(scope: scope, year: date.year, month: month, day: dayOfMonth, mode: day.mode)
                    guard var cell = cells[key] else { continue }
                    cell -= day.totals
                    cells[key] = cell.trips > 0 ? cell : nil
                }
                touched.insert(Self.yearKey(scope: scope, year: date.year))
            }
            tripCount -= day.totals.trips
            unitTrips[u] -= day.totals.trips
        }
        for yearKey in touched {
            let scope = Int(yearKey >> 16)
            let year = Int(yearKey & 0xFFFF)
            var modes: UInt16 = 0
            for mode in TravelMode.allCases
            where cells[Self.key(scope: scope, year: year, month: 0, day: 0, mode: mode)] != nil {
                modes |= 1 << mode.ordinal
            }
            guard modes != 0 else {
                scopeYears[yearKey] = nil
                continue
            }
            scopeYears[yearKey]!.modes = modes
            scopeYears[yearKey]!.lastDay = lastDay(scope: scope, year: year, modes: modes)
        }
        years = Set(scopeYears.keys.filter { $0 >> 16 == 0 }.map { Int($0 & 0xFFFF) })
    }

    /// The latest day of a scope's year that has a cell, searched from the end of the year.
    private func lastDay(scope: Int, year: Int, modes: UInt16) -> UInt16 {
        let present = TravelMode.allCases.filter { modes & (1 << $0.ordinal) != 0 }
        for month in stride(from: 12, through: 1, by: -1)
        where present.contains(where: {
            cells[Self.key(scope: scope, year: year, month: month, day: 0, mode: $0)] != nil
        }) {
            for day in stride(from: CivilDate.daysIn(month: month, year: year), through: 1, by: -1)
            where present.contains(where: {
                cells[Self.key(scope: scope, year: year, month: month, day: day, mode: $0)] != nil
            }) {
                return UInt16(month << 5 | day)
            }
        }
        return 0
    }

    private mutating func intern(_ unit: String) -> Int {
        if let index = unitIndex[unit] { return index }
        units.append(unit)
        unitTrips.append(0)
        unitIndex[unit] = units.count - 1
        return units.count - 1
    }

    package func hasUnit(_ unit: String) -> Bool { unitIndex[unit] != nil }

    /// The last day of a year with a trip, for one unit or all; nil for a year without trips.
    package func lastTripDay(unit: String?, year: Int) -> CivilDate? {
        guard let scope = scope(of: unit), let entry = scopeYears[Self.yearKey(scope: scope, year: year)] else {
            return nil
        }
        return CivilDate(year: year, month: entry.last.month, day: entry.last.day)
    }

    /// Whether a unit has trips in a year.
    package func hasTrips(unit: String, year: Int) -> Bool {
        guard let scope = scope(of: unit) else { return false }
        return scopeYears[Self.yearKey(scope: scope, year: year)] != nil
    }

    /// The scope of a unit (nil: every unit, scope 0); nil when the unit has no trips.
    private func scope(of unit: String?) -> Int? {
        guard let unit else { return 0 }
        return unitIndex[unit].map { $0 + 1 }
    }

    // MARK: - Keys

    /// scope (24 bits) | year (16) | month (8) | day (8) | mode (8)
    private static func key(scope: Int, year: Int, month: Int, day: Int, mode: TravelMode) -> UInt64 {
        key(scope: scope, year: year, month: month, day: day, ordinal: mode.ordinal)
    }

    private static func key(scope: Int, year: Int, month: Int, day: Int, ordinal: Int) -> UInt64 {
        UInt64(scope) << 40 | UInt64(year) << 24 | UInt64(month) << 16 | UInt64(day) << 8 | UInt64(ordinal)
    }

    /// scope (24 bits) | year (16)
    private static func yearKey(scope: Int, year: Int) -> UInt64 { UInt64(scope) << 16 | UInt64(year) }

    // MARK: - Queries

    /// Totals per mode (indexed by `TravelMode.ordinal`) over a range of days, for one unit or all: the sums
    /// a reduction needs, read from whole years and months where it can.
    package func modeTotals(from: CivilDate, through: CivilDate, unit: String? = nil) -> [TravelTotals] {
        var sums = [TravelTotals](repeating: TravelTotals(), count: TravelMode.count)
        // A whole year (the usual question) is read from the year's cells, a lookup per mode with trips.
        if from.year == through.year, from == .firstOf(year: from.year), through == .lastOf(year: from.year) {
            guard let scope = scope(of: unit), let entry = scopeYears[Self.yearKey(scope: scope, year: from.year)]
            else {
                return sums
            }
            var modes = entry.modes
            while modes != 0 {
                let ordinal = modes.trailingZeroBitCount
                modes &= modes - 1
                if let cell = cells[Self.key(scope: scope, year: from.year, month: 0, day: 0, ordinal: ordinal)] {
                    sums[ordinal] = cell
                }
            }
            return sums
        }
        totals(from: from, through: through, unit: unit, perUnit: false, perMonth: false) { _, _, _, mode, cell in
            sums[mode.ordinal] += cell
        }
        return sums
    }

    /// Totals over a range of days (inclusive), for one unit or all, per mode and per month (or, without
    /// `perMonth`, per year where a whole year is asked for: `month` is then 0) and, with `perUnit`, per unit
    /// (else `unit` is nil for every unit together). Whole years and months are read from their cells; only the
    /// days of a partial month are read one by one.
    package func totals(
        from: CivilDate, through: CivilDate, unit: String? = nil, perUnit: Bool = false,
        perMonth: Bool = true,
        _ visit: (_ unit: String?, _ year: Int, _ month: Int, _ mode: TravelMode, TravelTotals) -> Void
    ) {
        guard from <= through else { return }
        let scopes: [(scope: Int, name: String?)]
        if let unit {
            guard let index = unitIndex[unit] else { return }
            scopes = [(index + 1, unit)]
        } else if perUnit {
            scopes = units.indices.map { ($0 + 1, units[$0]) }
        } else {
            scopes = [(0, nil)]
        }
        for year in from.year...through.year where years.contains(year) {
            let firstMonth = year == from.year ? from.month : 1
            let lastMonth = year == through.year ? through.month : 12
            let wholeYear =
                firstMonth == 1 && lastMonth == 12 && (year != from.year || from.day == 1)
                && (year != through.year || through.day == 31)
            for (scope, name) in scopes {
                guard let entry = scopeYears[Self.yearKey(scope: scope, year: year)] else { continue }
                let modes = TravelMode.allCases.filter { entry.modes & (1 << $0.ordinal) != 0 }
                if wholeYear, !perMonth {
                    for mode in modes {
                        if let cell = cells[Self.key(scope: scope, year: year, month: 0, day: 0, mode: mode)] {
                            visit(name, year, 0, mode, cell)
                        }
                    }
                    continue
                }
                for month in firstMonth...lastMonth {
                    let firstDay = (year, month) == (from.year, from.month) ? from.day : 1
                    let lastOfMonth = CivilDate.daysIn(month: month, year: year)
                    let lastDay = (year, month) == (through.year, through.month) ? through.day : lastOfMonth
                    for mode in modes {
                        guard
                            let monthCell = cells[Self.key(scope: scope, year: year, month: month, day: 0, mode: mode)]
                        else { continue }
                        if firstDay == 1 && lastDay == lastOfMonth {
                            visit(name, year, month, mode, monthCell)
                            continue
                        }
                        var sum = TravelTotals()
                        for day in firstDay...lastDay {
                            if let cell = cells[Self.key(scope: scope, year: year, month: month, day: day, mode: mode)]
                            {
                                sum += cell
                            }
                        }
                        if sum.trips > 0 { visit(name, year, month, mode, sum) }
                    }
                }
            }
        }
    }

    /// The number of cells held, for memory accounting.
    package var cellCount: Int { cells.count }
}
