/// The factor sets goald knows: the built-in ones and any loaded from files, with the configured factor for a
/// private car on duty.
package struct FactorLibrary: Sendable {
    /// Every set, built-in first, then loaded ones, each group by year.
    package private(set) var sets: [EmissionFactorSet]
    /// Names of the sets loaded from files: for their year they take precedence over built-in ones.
    package private(set) var loadedNames: Set<String>
    /// kg CO2e per km for `car_private`, replacing each set's own average, when configured.
    package let privateCarKgPerKm: Double?
    /// Which built-in sets a year's trips use by default (`factor-family`); loaded sets count in either.
    package let family: FactorFamily
    /// The sets by year, a loaded set after a built-in one of the same year (so it wins that year).
    private let ranked: [EmissionFactorSet]

    /// - Throws: `DomainError` when two sets share a name.
    package init(
        loaded: [EmissionFactorSet] = [], privateCarKgPerKm: Double? = nil,
        builtIn: [EmissionFactorSet] = EmissionFactorSet.shipped + SwedishFactors.shipped,
        family: FactorFamily = .desnz
    ) throws(DomainError) {
        var all = builtIn + loaded
        self.family = family
        var seen: Set<String> = []
        for set in all where !seen.insert(set.name).inserted {
            throw DomainError(.invalidArgument, field: "factors", "two factor sets are named \"\(set.name)\"")
        }
        if let privateCarKgPerKm {
            for index in all.indices {
                all[index].factors[.carPrivate] = EmissionFactor(
                    kgCO2ePerUnit: privateCarKgPerKm, unit: .vehicleKm,
                    description: "Private car on duty, fuel unknown: configured average",
                    source: "goald configuration (private-car-factor)", url: nil)
            }
        }
        self.sets = all
        let loadedNames = Set(loaded.map(\.name))
        self.loadedNames = loadedNames
        let builtInNames = Set(builtIn.map(\.name))
        let prefix = family.rawValue + "-"
        self.ranked = all.filter { !builtInNames.contains($0.name) || $0.name.hasPrefix(prefix) }.sorted { lhs, rhs in
            if lhs.year != rhs.year { return lhs.year < rhs.year }
            return !loadedNames.contains(lhs.name) && loadedNames.contains(rhs.name)  // loaded sets win their year
        }
        self.privateCarKgPerKm = privateCarKgPerKm
    }

    package func set(named name: String) -> EmissionFactorSet? {
        sets.first { $0.name == name }
    }

    /// The set for a year's trips: the set of that year, else the latest before it, else the earliest there is.
    /// `exact` tells whether the set is the year's own.
    package func set(forYear year: Int) -> (set: EmissionFactorSet, exact: Bool) {
        if let chosen = ranked.last(where: { $0.year <= year }) { return (chosen, chosen.year == year) }
        return (ranked[0], false)
    }
}
