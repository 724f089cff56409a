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

    package init() {}

    package init(trips: Int, activity: Double, reportedKg: Double, reportedTrips: Int, passengerKm: Double,
                 costSEK: Double) {
        self.trips = trips
        self.activity = activity
        self.reportedKg = reportedKg
        self.reportedTrips = reportedTrips
        self.passengerKm = passengerKm
        self.costSEK = costSEK
    }

    package init(_ trip: Trip) {
        trips = 1
        if let reported = trip.reportedKgCO2e {
            reportedKg = reported
            reportedTrips = 1
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
    }

    /// kg CO2e of the cell for a mode with a factor: calculated trips × factor, plus reported figures.
    package func kg(mode: TravelMode, set: EmissionFactorSet) -> Double {
        activity * set.kgPerUnit[mode.ordinal] + reportedKg
    }
}

/// The in-memory aggregates of every stored trip: totals per unit, mode and month, and per unit, mode and day
/// (for ranges that end inside a month). A query's cost depends on the span asked for, never on the number
/// of trips.
package struct FootprintLedger: Sendable {
    /// Unit names, interned: cells refer to a unit by its index.
    package private(set) var units: [String] = []
    private var unitIndex: [String: Int] = [:]
    /// The months of one unit's year: 12 × `TravelMode.count` cells, indexed `(month - 1) * count + ordinal`,
    /// then the year's totals per mode (`12 * count + ordinal`).
    private var monthly: [Int: [TravelTotals]] = [:]
    private var daily: [UInt64: TravelTotals] = [:]
    /// Years with at least one trip.
    package private(set) var years: Set<Int> = []
    package private(set) var tripCount = 0
    /// Trips per unit, indexed as `units`.
    private var unitTrips: [Int] = []
    /// The last day with a trip, per unit and year (`yearKey`).
    private var lastDays: [Int: CivilDate] = [:]

    package init() {}

    /// The trips stored for one unit (0 for a unit without trips).
    package func tripCount(unit: String) -> Int {
        unitIndex[unit].map { unitTrips[$0] } ?? 0
    }

    /// Adds a day's totals for a unit and mode (a trip, or a stored aggregate at start).
    package mutating func add(_ totals: TravelTotals, unit: String, date: CivilDate, mode: TravelMode) {
        let u = intern(unit)
        daily[Self.dayKey(unit: u, date: date, mode: mode), default: TravelTotals()] += totals
        monthly[Self.yearKey(unit: u, year: date.year), default: Self.emptyYear].withUnsafeMutableBufferPointer { cells in
            cells[(date.month - 1) * TravelMode.count + mode.ordinal] += totals
            cells[12 * TravelMode.count + mode.ordinal] += totals
        }
        years.insert(date.year)
        tripCount += totals.trips
        unitTrips[u] += totals.trips
        let yearKey = Self.yearKey(unit: u, year: date.year)
        if lastDays[yearKey].map({ $0 < date }) ?? true { lastDays[yearKey] = date }
    }

    package mutating func add(_ trip: Trip) {
        add(TravelTotals(trip), unit: trip.unit, date: trip.date, mode: trip.mode)
    }

    /// Takes stored trips out (a correction): the day, month and year cells they were counted in, the counts, and
    /// the years and last days that change with them.
    package mutating func remove(_ trips: [Trip]) {
        var touched: Set<Int> = []
        for trip in trips {
            guard let u = unitIndex[trip.unit] else { continue }
            let totals = TravelTotals(trip)
            let dayKey = Self.dayKey(unit: u, date: trip.date, mode: trip.mode)
            daily[dayKey, default: TravelTotals()] -= totals
            if daily[dayKey]?.trips == 0 { daily[dayKey] = nil }
            let yearKey = Self.yearKey(unit: u, year: trip.date.year)
            monthly[yearKey]?.withUnsafeMutableBufferPointer { cells in
                cells[(trip.date.month - 1) * TravelMode.count + trip.mode.ordinal] -= totals
                cells[12 * TravelMode.count + trip.mode.ordinal] -= totals
            }
            tripCount -= 1
            unitTrips[u] -= 1
            touched.insert(yearKey)
        }
        for yearKey in touched {
            let unit = yearKey >> 16, year = yearKey & 0xFFFF
            if !(monthly[yearKey]?[(12 * TravelMode.count)...].contains { $0.trips > 0 } ?? false) {
                monthly[yearKey] = nil
                lastDays[yearKey] = nil
            } else {
                // The last day left: the latest day cell of the unit's year.
                lastDays[yearKey] = daily.keys.filter { Int($0 >> 40) == unit && Int(($0 >> 24) & 0xFFFF) == year }
                    .compactMap { CivilDate(year: year, month: Int(($0 >> 16) & 0xFF), day: Int(($0 >> 8) & 0xFF)) }
                    .max()
            }
        }
        years = Set(monthly.keys.map { $0 & 0xFFFF })
    }

    private static let emptyYear = [TravelTotals](repeating: TravelTotals(), count: 13 * TravelMode.count)

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
        if let unit {
            return unitIndex[unit].flatMap { lastDays[Self.yearKey(unit: $0, year: year)] }
        }
        return units.indices.compactMap { lastDays[Self.yearKey(unit: $0, year: year)] }.max()
    }

    /// Whether a unit has trips in a year.
    package func hasTrips(unit: String, year: Int) -> Bool {
        guard let index = unitIndex[unit], let months = monthly[Self.yearKey(unit: index, year: year)] else { return false }
        return months[(12 * TravelMode.count)...].contains { $0.trips > 0 }
    }

    // MARK: - Keys

    /// unit (24 bits) | year (16) | month (8) | day (8) | mode (8)
    private static func dayKey(unit: Int, date: CivilDate, mode: TravelMode) -> UInt64 {
        UInt64(unit) << 40 | UInt64(date.year) << 24 | UInt64(date.month) << 16 | UInt64(date.day) << 8
            | UInt64(mode.ordinal)
    }

    private static func yearKey(unit: Int, year: Int) -> Int { unit << 16 | year }

    // MARK: - Queries

    /// Totals per mode (indexed by `TravelMode.ordinal`) over a range of days, for one unit or all: the sums
    /// a reduction needs, read from whole months where it can.
    package func modeTotals(from: CivilDate, through: CivilDate, unit: String? = nil) -> [TravelTotals] {
        var sums = [TravelTotals](repeating: TravelTotals(), count: TravelMode.count)
        // A whole year (the usual question) is read from the year's totals.
        if from.year == through.year, from == .firstOf(year: from.year), through == .lastOf(year: from.year) {
            let indices: [Int]
            if let unit {
                guard let index = unitIndex[unit] else { return sums }
                indices = [index]
            } else {
                indices = Array(units.indices)
            }
            for u in indices {
                guard let cells = monthly[Self.yearKey(unit: u, year: from.year)] else { continue }
                for ordinal in 0..<TravelMode.count { sums[ordinal] += cells[12 * TravelMode.count + ordinal] }
            }
            return sums
        }
        totals(from: from, through: through, unit: unit) { _, _, _, mode, cell in sums[mode.ordinal] += cell }
        return sums
    }

    /// Totals per unit, mode and month over a range of days (inclusive), for one unit or all.
    /// Whole months are read from the monthly totals; only the days of a partial month are read one by one.
    package func totals(from: CivilDate, through: CivilDate, unit: String? = nil,
                        _ visit: (_ unit: String, _ year: Int, _ month: Int, _ mode: TravelMode, TravelTotals) -> Void) {
        let unitIndices: [Int]
        if let unit {
            guard let index = unitIndex[unit] else { return }
            unitIndices = [index]
        } else {
            unitIndices = Array(units.indices)
        }
        guard from <= through else { return }
        let modes = TravelMode.allCases
        for year in from.year...through.year where years.contains(year) {
            let firstMonth = year == from.year ? from.month : 1
            let lastMonth = year == through.year ? through.month : 12
            for u in unitIndices {
                guard let months = monthly[Self.yearKey(unit: u, year: year)] else { continue }
                for month in firstMonth...lastMonth {
                    let firstDay = (year, month) == (from.year, from.month) ? from.day : 1
                    let lastOfMonth = CivilDate.daysIn(month: month, year: year)
                    let lastDay = (year, month) == (through.year, through.month) ? through.day : lastOfMonth
                    let base = (month - 1) * TravelMode.count
                    if firstDay == 1 && lastDay == lastOfMonth {
                        for mode in modes {
                            let cell = months[base + mode.ordinal]
                            if cell.trips > 0 { visit(units[u], year, month, mode, cell) }
                        }
                    } else {
                        for mode in modes where months[base + mode.ordinal].trips > 0 {
                            var sum = TravelTotals()
                            for day in firstDay...lastDay {
                                if let cell = daily[Self.dayKey(unit: u, date: CivilDate(year: year, month: month, day: day)!,
                                                                mode: mode)] {
                                    sum += cell
                                }
                            }
                            if sum.trips > 0 { visit(units[u], year, month, mode, sum) }
                        }
                    }
                }
            }
        }
    }

    /// The number of cells held, for memory accounting.
    package var cellCount: Int { monthly.count * 13 * TravelMode.count + daily.count }
}
