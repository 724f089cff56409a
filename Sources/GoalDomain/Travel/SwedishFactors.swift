/// Which factor sets a year's trips use by default: DESNZ's (UK) or the Swedish family.
package enum FactorFamily: String, Sendable, Hashable, CaseIterable {
    case desnz
    case se
}

/// The Swedish factor family: each DESNZ year's set with the modes Swedish sources give figures for replaced
/// (electric rail on the Nordic grid, cars by fuel per vehicle-km, flights with the high-altitude effect), and every
/// other mode kept from DESNZ, each factor naming its source. Named `se-YEAR` after the DESNZ set it builds on.
///
/// Sources (citable public figures):
/// - klimatresa.se, data page: electric train, the Nordic countries except Denmark, 7 g CO2 per passenger-km;
///   a mid-size car per vehicle-km: petrol 167 g, diesel 137 g, HVO 37 g, electric on Nordic power 14 g,
///   biogas 26 g.
/// - klimatsmartsemester.se (Chalmers): a flight 133 g CO2e per passenger-km, with the high-altitude effect (×1,7)
///   and the fuel's production.
package enum SwedishFactors {
    static let klimatresa = "klimatresa.se, data page (emission factors per passenger-km and vehicle-km)"
    static let klimatresaURL = "https://www.klimatresa.se"
    static let chalmers = "klimatsmartsemester.se (Chalmers University of Technology): flights"
    static let chalmersURL = "https://www.klimatsmartsemester.se"

    /// The Swedish figures, by mode: kg CO2e per unit, what it is, and its source.
    static let overrides: [TravelMode: (kg: Double, description: String, source: String, url: String)] = [
        .rail: (
            0.007, "Electric train, the Nordic countries except Denmark (CO2 per passenger-km)", klimatresa,
            klimatresaURL
        ),
        .carPetrol: (0.167, "Mid-size car, petrol, per vehicle-km", klimatresa, klimatresaURL),
        .carDiesel: (0.137, "Mid-size car, diesel, per vehicle-km", klimatresa, klimatresaURL),
        .carHvo: (0.037, "Mid-size car, HVO, per vehicle-km", klimatresa, klimatresaURL),
        .carElectric: (0.014, "Mid-size electric car on Nordic power, per vehicle-km", klimatresa, klimatresaURL),
        .carBiogas: (0.026, "Mid-size car, biogas, per vehicle-km", klimatresa, klimatresaURL),
        .flightDomestic: (
            0.133, "Flight, with the high-altitude effect (×1.7) and fuel production", chalmers, chalmersURL
        ),
        .flightShortHaul: (
            0.133, "Flight, with the high-altitude effect (×1.7) and fuel production", chalmers,
            chalmersURL
        ),
        .flightLongHaul: (
            0.133, "Flight, with the high-altitude effect (×1.7) and fuel production", chalmers,
            chalmersURL
        ),
    ]

    /// The Swedish set built on a DESNZ set.
    package static func set(over desnz: EmissionFactorSet) -> EmissionFactorSet {
        var factors: [TravelMode: EmissionFactor] = [:]
        for (mode, factor) in desnz.factors {
            if let swedish = overrides[mode] {
                factors[mode] = EmissionFactor(
                    kgCO2ePerUnit: swedish.kg, unit: factor.unit,
                    description: swedish.description, source: swedish.source,
                    url: swedish.url)
            } else {
                var kept = factor
                kept.source = kept.source ?? "\(desnz.title) (no Swedish figure for this mode)"
                kept.url = kept.url ?? desnz.url
                factors[mode] = kept
            }
        }
        let year = String(desnz.name.split(separator: "-").last ?? "\(desnz.year)")
        return EmissionFactorSet(
            name: "se-\(year)", year: desnz.year,
            title: "Swedish factors (klimatresa.se, klimatsmartsemester.se) over \(desnz.name)",
            source: "Swedish figures where they exist (rail, cars by fuel, flights); \(desnz.name) for the other modes",
            url: klimatresaURL, radiativeForcing: .init(included: true, multiplier: 1.7),
            note: "Rail on the Nordic grid (7 g per passenger-km) is a fifth of DESNZ's UK rail: a shift from flights "
                + "to rail shows as it is in Sweden. Each factor names its source; modes without a Swedish figure "
                + "keep \(desnz.name)'s.",
            factors: factors)
    }

    /// One Swedish set for each DESNZ set.
    package static let shipped: [EmissionFactorSet] = EmissionFactorSet.shipped
        .filter { $0.name.hasPrefix("desnz-") }
        .map { set(over: $0) }
}
