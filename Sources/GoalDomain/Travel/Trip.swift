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
    /// It is the id of the first of identical rows; the k-th has `-k` after it (`derivedID(occurrence:)`), so two
    /// colleagues on the same train, the same day, for the same unit, are two trips.
    package var contentID: String { derivedID(occurrence: 1) }

    /// The id of the `occurrence`-th row of a file with this content (1: the first, as `contentID`).
    package func derivedID(occurrence: Int) -> String {
        Self.derivedID(hash: contentHash, occurrence: occurrence)
    }

    /// `row-` and the 16 hex digits of a content hash, and `-k` for the k-th (k ≥ 2) of identical rows.
    package static func derivedID(hash: UInt64, occurrence: Int) -> String {
        let hex = String(hash, radix: 16)
        let id = "row-" + String(repeating: "0", count: 16 - hex.count) + hex
        return occurrence > 1 ? id + "-\(occurrence)" : id
    }

    /// FNV-1a 64 over the fields as text, separated by U+001F: date, mode, km, travellers, unit, kg, cost (an
    /// absent figure as empty text).
    package var contentHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01B3
            }
        }
        func separate() {
            hash ^= 0x1F
            hash &*= 0x0000_0100_0000_01B3
        }
        add(date.description)
        separate()
        add(mode.rawValue)
        separate()
        add(String(distanceKm))
        separate()
        add(String(travellers))
        separate()
        add(unit)
        separate()
        if let reportedKgCO2e { add(String(reportedKgCO2e)) }
        separate()
        if let costSEK { add(String(costSEK)) }
        return hash
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
