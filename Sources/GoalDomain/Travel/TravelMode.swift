/// How a trip was made. Each mode is counted per passenger-km (shared transport) or per vehicle-km
/// (a car or taxi, whose emissions the travellers in it share).
package enum TravelMode: String, Sendable, Hashable, CaseIterable, Comparable {
    case flightDomestic = "flight_domestic"
    case flightShortHaul = "flight_short_haul"
    case flightLongHaul = "flight_long_haul"
    case rail
    case bus
    case carPrivate = "car_private"
    case carPetrol = "car_petrol"
    case carDiesel = "car_diesel"
    case carHybrid = "car_hybrid"
    case carElectric = "car_electric"
    case carBiogas = "car_biogas"
    case carHvo = "car_hvo"
    case taxi
    case ferry

    /// Whether the factor is per vehicle-km: the whole car or taxi, shared by its travellers.
    package var isPerVehicle: Bool {
        switch self {
        case .carPrivate, .carPetrol, .carDiesel, .carHybrid, .carElectric, .carBiogas, .carHvo, .taxi: true
        default: false
        }
    }

    package var isFlight: Bool {
        self == .flightDomestic || self == .flightShortHaul || self == .flightLongHaul
    }

    package static func < (lhs: TravelMode, rhs: TravelMode) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Flights below this distance are domestic when the file says only `flight`.
    package static let domesticFlightLimitKm = 500.0
    /// Flights above this distance are long-haul when the file says only `flight` (DESNZ's haul bands).
    package static let longHaulLimitKm = 3700.0

    /// Reads a mode as a travel file writes it: the names above, `flight` (banded by distance), or a
    /// Swedish name. Returns nil for an unknown mode.
    package static func parse(_ text: String, distanceKm: Double) -> TravelMode? {
        let folded = text.trimmingSpaces().lowercased().replacingUnderscoresAndDashes()
        if folded == "flight" || folded == "flyg" || folded == "flygresa" {
            if distanceKm < domesticFlightLimitKm { return .flightDomestic }
            return distanceKm > longHaulLimitKm ? .flightLongHaul : .flightShortHaul
        }
        if let mode = allCases.first(where: { $0.rawValue.replacingUnderscoresAndDashes() == folded }) { return mode }
        return aliases[folded]
    }

    /// Swedish names seen in travel agencies' and expense systems' exports.
    static let aliases: [String: TravelMode] = [
        "inrikesflyg": .flightDomestic, "flyg inrikes": .flightDomestic,
        "flyg europa": .flightShortHaul, "europaflyg": .flightShortHaul, "kortdistansflyg": .flightShortHaul,
        "långdistansflyg": .flightLongHaul, "interkontinentalt flyg": .flightLongHaul,
        "tåg": .rail, "train": .rail, "buss": .bus, "coach": .bus,
        "egen bil": .carPrivate, "privatbil": .carPrivate, "bil i tjänst": .carPrivate, "milersättning": .carPrivate,
        "bensinbil": .carPetrol, "dieselbil": .carDiesel, "hybridbil": .carHybrid, "elbil": .carElectric,
        "biogasbil": .carBiogas, "gasbil": .carBiogas, "hvo": .carHvo, "hvo bil": .carHvo,
        "färja": .ferry, "båt": .ferry,
    ]
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }

    fileprivate func replacingUnderscoresAndDashes() -> String {
        String(map { $0 == "_" || $0 == "-" ? " " : $0 })
    }
}
