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
        lhs.ordinal < rhs.ordinal
    }

    /// The mode's position in `allCases`, for tables indexed by mode.
    package var ordinal: Int {
        switch self {
        case .flightDomestic: 0
        case .flightShortHaul: 1
        case .flightLongHaul: 2
        case .rail: 3
        case .bus: 4
        case .carPrivate: 5
        case .carPetrol: 6
        case .carDiesel: 7
        case .carHybrid: 8
        case .carElectric: 9
        case .carBiogas: 10
        case .carHvo: 11
        case .taxi: 12
        case .ferry: 13
        }
    }

    /// How many modes there are.
    package static let count = allCases.count

    /// Flights below this distance are domestic when the file says only `flight`.
    package static let domesticFlightLimitKm = 500.0
    /// Flights above this distance are long-haul when the file says only `flight` (DESNZ's haul bands).
    package static let longHaulLimitKm = 3700.0

    /// Reads a mode as a travel file writes it: the names above, `flight` (banded by distance), or a
    /// Swedish name. Returns nil for an unknown mode.
    package static func parse(_ text: String, distanceKm: Double) -> TravelMode? {
        let folded = text.trimmingSpaces().lowercased().replacingUnderscoresAndDashes()
        if flightNames.contains(folded) {
            if distanceKm < domesticFlightLimitKm { return .flightDomestic }
            return distanceKm > longHaulLimitKm ? .flightLongHaul : .flightShortHaul
        }
        if let mode = allCases.first(where: { $0.rawValue.replacingUnderscoresAndDashes() == folded }) { return mode }
        return aliases[folded]
    }

    /// `parse` for a name in UTF-8 bytes, without making a string but for the folded name; nil when the bytes hold more
    /// than ASCII and the Latin-1 letters (`å`, `Ä`, `é` …) or name no mode (then `parse` gives the answer). Folds
    /// as `parse` does: A–Z and À–Þ (but ×) to lower case, `_` and `-` to a space.
    package static func parseFast(_ bytes: UnsafeBufferPointer<UInt8>, distanceKm: Double) -> TravelMode? {
        guard bytes.count <= 32 else { return nil }
        var valid = true
        // Folded straight into the string's storage (a name of up to 15 bytes needs no allocation).
        let folded = String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): buffer[index] = byte + 32
                case UInt8(ascii: "_"), UInt8(ascii: "-"): buffer[index] = UInt8(ascii: " ")
                case 0..<0x80: buffer[index] = byte
                case 0xC3:
                    // U+00C0–U+00FF: the upper case letters (0x80–0x9E but 0x97, ×) are their lower case + 0x20.
                    guard index + 1 < bytes.count, (0x80...0xBF).contains(bytes[index + 1]) else {
                        valid = false
                        return 0
                    }
                    let next = bytes[index + 1]
                    buffer[index] = byte
                    buffer[index + 1] = next <= 0x9E && next != 0x97 ? next + 0x20 : next
                    index += 1
                default:
                    valid = false
                    return 0
                }
                index += 1
            }
            return bytes.count
        }
        guard valid, let choice = foldedNames[folded] else { return nil }
        switch choice {
        case .mode(let mode): return mode
        case .flight:
            if distanceKm < domesticFlightLimitKm { return .flightDomestic }
            return distanceKm > longHaulLimitKm ? .flightLongHaul : .flightShortHaul
        }
    }

    private enum NameChoice {
        case mode(TravelMode)
        case flight
    }

    /// Every name `parse` knows, folded as `parse` folds it, with what `parse` makes of it (a flight's name first).
    private static let foldedNames: [String: NameChoice] = {
        var names: [String: NameChoice] = [:]
        for name in flightNames { names[name] = .flight }
        for mode in allCases where names[mode.rawValue.replacingUnderscoresAndDashes()] == nil {
            names[mode.rawValue.replacingUnderscoresAndDashes()] = .mode(mode)
        }
        for (name, mode) in aliases where names[name] == nil { names[name] = .mode(mode) }
        return names
    }()

    /// Names of a flight whose band goald sets from its distance (domestic under 500 km, long haul over 3700 km).
    package static let flightNames: Set<String> = [
        "flight", "flyg", "flygresa", "flyg utrikes", "utrikesflyg",
        "utrikes flyg", "air", "plane",
    ]

    /// Swedish names seen in travel agencies' and expense systems' exports. A car of unknown fuel (a rental,
    /// a company car, one's own) counts as `car_private`, the average car; a tram or an underground train as rail.
    package static let aliases: [String: TravelMode] = [
        "inrikesflyg": .flightDomestic, "flyg inrikes": .flightDomestic, "inrikes flyg": .flightDomestic,
        "flyg europa": .flightShortHaul, "europaflyg": .flightShortHaul, "kortdistansflyg": .flightShortHaul,
        "långdistansflyg": .flightLongHaul, "interkontinentalt flyg": .flightLongHaul,
        "tåg": .rail, "train": .rail, "nattåg": .rail, "snabbtåg": .rail, "regionaltåg": .rail, "pendeltåg": .rail,
        "spårvagn": .rail, "tunnelbana": .rail, "tram": .rail, "metro": .rail, "underground": .rail,
        "buss": .bus, "coach": .bus, "expressbuss": .bus, "regionbuss": .bus, "lokaltrafik": .bus,
        "egen bil": .carPrivate, "privatbil": .carPrivate, "privat bil": .carPrivate, "bil i tjänst": .carPrivate,
        "milersättning": .carPrivate, "körjournal": .carPrivate, "hyrbil": .carPrivate, "tjänstebil": .carPrivate,
        "förmånsbil": .carPrivate, "bilpool": .carPrivate, "poolbil": .carPrivate, "bil": .carPrivate,
        "rental car": .carPrivate, "company car": .carPrivate, "car": .carPrivate,
        "bensinbil": .carPetrol, "dieselbil": .carDiesel, "hybridbil": .carHybrid, "elbil": .carElectric,
        "biogasbil": .carBiogas, "gasbil": .carBiogas, "hvo": .carHvo, "hvo bil": .carHvo,
        "färja": .ferry, "båt": .ferry,
    ]
}

extension String {
    package func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }

    fileprivate func replacingUnderscoresAndDashes() -> String {
        String(map { $0 == "_" || $0 == "-" ? " " : $0 })
    }
}

extension TravelMode {
    /// The longest trip a mode plausibly makes, per traveller, in km: a longer distance is most likely a typing slip
    /// (km in the mil column, an extra digit), so a row over it is rejected with its reason unless the import says the
    /// long trips are real (`allowLong`). Within Sweden the longest rail journey, Malmö–Narvik, is some 2 000 km; a
    /// domestic flight, Malmö–Kiruna, 1 400 km; a short-haul flight is under 3 700 km by its band.
    package var plausibleKm: Double {
        switch self {
        case .rail, .carPrivate, .carPetrol, .carDiesel, .carHybrid, .carElectric, .carBiogas, .carHvo, .taxi: 2_000
        case .bus, .ferry, .flightDomestic: 1_500
        case .flightShortHaul: 4_000
        case .flightLongHaul: 20_000
        }
    }
}
