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

    package init(id: String, date: CivilDate, mode: TravelMode, distanceKm: Double, travellers: Int = 1,
                 unit: String = Trip.defaultUnit, reportedKgCO2e: Double? = nil, costSEK: Double? = nil) {
        self.id = id
        self.date = date
        self.mode = mode
        self.distanceKm = distanceKm
        self.travellers = travellers
        self.unit = unit
        self.reportedKgCO2e = reportedKgCO2e
        self.costSEK = costSEK
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
