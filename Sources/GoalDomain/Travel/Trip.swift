/// One business trip, as a travel file lists it.
package struct Trip: Sendable, Hashable {
    /// Unique within its unit: the same id imported again is the same trip.
    package var id: String
    package var date: CivilDate
    package var mode: TravelMode
    /// Distance per traveller, in km.
    package var distanceKm: Double
    /// People on the trip: passenger-km count each of them; a car's vehicle-km are shared.
    package var travellers: Int
    /// The organisational unit that travelled.
    package var unit: String
    /// A figure the supplier reported (travel agency, airline), which replaces the calculation.
    package var reportedKgCO2e: Double?
    package var costSEK: Double?

    package init(
        id: String, date: CivilDate, mode: TravelMode, distanceKm: Double, travellers: Int = 1,
        unit: String = Trip.defaultUnit, reportedKgCO2e: Double? = nil, costSEK: Double? = nil
    ) {
        self.id = id
        self.date = date
        self.mode = mode
        self.distanceKm = distanceKm
        self.travellers = travellers
        self.unit = unit
        self.reportedKgCO2e = reportedKgCO2e
        self.costSEK = costSEK
    }

    /// An id made from the trip's content, for files without an id column: the same row gives the same id on
    /// every import (FNV-1a over the fields, not Swift's seeded hash), so importing a file again adds nothing.
    /// Two real trips with the same date, mode, distance, travellers, unit, kg and cost get the same id: such a
    /// file needs an id column (or a column that tells them apart) to count both.
    package var contentID: String {
        let fields = [
            date.description, mode.rawValue, String(distanceKm), String(travellers), unit,
            reportedKgCO2e.map { String($0) } ?? "", costSEK.map { String($0) } ?? "",
        ]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in fields.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "row-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The unit a trip belongs to when the file leaves it empty.
    package static let defaultUnit = "Regional utveckling"

    /// The activity a factor multiplies: passenger-km for shared transport, vehicle-km for a car or taxi.
    package var activity: Double {
        mode.isPerVehicle ? distanceKm : distanceKm * Double(travellers)
    }

    package var passengerKm: Double { distanceKm * Double(travellers) }

    /// kg CO2e with a factor set: the reported figure if there is one, else activity × factor.
    package func kgCO2e(with set: EmissionFactorSet) -> Double {
        reportedKgCO2e ?? activity * set.factor(for: mode).kgCO2ePerUnit
    }
}
