/// A batch of trips with its units numbered: the per-trip bookkeeping of a batch (which units it brings, which day
/// totals each trip adds to) is keyed by small integers rather than by hashing each trip's unit name. Made where
/// the batch is parsed, off the writer.
package struct TripBatch: Sendable {
    package let trips: [Trip]
    /// The batch's units, each once, in the order of their first trip.
    package let units: [String]
    /// For each trip, its unit's place in `units`.
    package let unitIndex: [Int32]

    package init(_ trips: [Trip]) {
        self.trips = trips
        var units: [String] = []
        var index: [String: Int32] = [:]
        var unitIndex: [Int32] = []
        unitIndex.reserveCapacity(trips.count)
        // Files list a unit's trips together, or a few units in turn: the last unit is checked before the table.
        var previous: (unit: String, index: Int32)?
        for trip in trips {
            if let previous, previous.unit == trip.unit {
                unitIndex.append(previous.index)
                continue
            }
            let number: Int32
            if let known = index[trip.unit] {
                number = known
            } else {
                number = Int32(units.count)
                units.append(trip.unit)
                index[trip.unit] = number
            }
            unitIndex.append(number)
            previous = (trip.unit, number)
        }
        self.units = units
        self.unitIndex = unitIndex
    }

    /// One integer per (unit, day, mode) of the batch, the same for trips that add to the same day totals.
    package func dayKey(_ position: Int) -> Int {
        let trip = trips[position]
        let day = (trip.date.year * 13 + trip.date.month) * 32 + trip.date.day
        return (Int(unitIndex[position]) << 32) | (day << 5) | trip.mode.ordinal
    }
}
