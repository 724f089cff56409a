import Foundation

/// A set of emission factors from one source and year: kg CO2e per passenger-km or vehicle-km for each mode.
package struct EmissionFactorSet: Sendable, Hashable {
    package static let formatTag = "goald.factors/1"

    /// A short name used in queries, such as `desnz-2023`.
    package var name: String
    /// The year the factors are for: trips of this year use this set by default.
    package var year: Int
    package var title: String
    package var source: String
    package var url: String
    /// Whether flight factors include a radiative-forcing uplift, and its multiplier.
    package var radiativeForcing: RadiativeForcing
    package var note: String?
    package var factors: [TravelMode: EmissionFactor] {
        didSet { kgPerUnit = Self.table(factors) }
    }
    /// kg CO2e per unit for each mode, indexed by `TravelMode.ordinal`: the factors as a table, for sums
    /// over many cells.
    package private(set) var kgPerUnit: [Double]

    package init(
        name: String, year: Int, title: String, source: String, url: String,
        radiativeForcing: RadiativeForcing, note: String?, factors: [TravelMode: EmissionFactor]
    ) {
        self.name = name
        self.year = year
        self.title = title
        self.source = source
        self.url = url
        self.radiativeForcing = radiativeForcing
        self.note = note
        self.factors = factors
        self.kgPerUnit = Self.table(factors)
    }

    private static func table(_ factors: [TravelMode: EmissionFactor]) -> [Double] {
        TravelMode.allCases.map { factors[$0]?.kgCO2ePerUnit ?? 0 }
    }

    package struct RadiativeForcing: Sendable, Hashable, Codable {
        package var included: Bool
        package var multiplier: Double?

        package init(included: Bool, multiplier: Double?) {
            self.included = included
            self.multiplier = multiplier
        }
    }

    /// The factor for a mode. Every valid set has one for every mode.
    package func factor(for mode: TravelMode) -> EmissionFactor { factors[mode]! }
}

/// One factor: kg CO2e per unit of activity, and where it comes from when that differs from its set.
package struct EmissionFactor: Sendable, Hashable {
    package enum Unit: String, Sendable, Hashable, Codable {
        case passengerKm = "passenger-km"
        case vehicleKm = "vehicle-km"
    }

    package var kgCO2ePerUnit: Double
    package var unit: Unit
    package var description: String?
    package var source: String?
    package var url: String?
}

// MARK: - Files

extension EmissionFactorSet {
    private struct File: Decodable {
        var format: String
        var name: String
        var year: Int
        var title: String
        var source: String
        var url: String
        var radiativeForcing: RadiativeForcing
        var note: String?
        var factors: [String: FactorFile]
    }

    private struct FactorFile: Decodable {
        var kgCO2ePerUnit: Double
        var unit: EmissionFactor.Unit
        var description: String?
        var source: String?
        var url: String?
    }

    /// Decodes and checks a factor-set file.
    /// - Throws: `PlanError` listing each problem with its path (the same shape as model-file problems).
    package static func decode(from data: Data) throws(PlanError) -> EmissionFactorSet {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw PlanError(problems: [PlanProblem(path: Self.path(of: error), message: Self.reason(of: error))])
        } catch {
            throw PlanError(problems: [PlanProblem(path: "", message: "not valid JSON")])
        }
        var problems: [PlanProblem] = []
        if file.format != formatTag {
            problems.append(PlanProblem(path: "format", message: "expected \"\(formatTag)\", found \"\(file.format)\""))
        }
        if file.name.isEmpty || file.name.contains(where: { $0.isWhitespace }) {
            problems.append(
                PlanProblem(path: "name", message: "must be a non-empty name without spaces, such as desnz-2023"))
        }
        if !(1990...2100).contains(file.year) {
            problems.append(PlanProblem(path: "year", message: "expected a year between 1990 and 2100"))
        }
        var factors: [TravelMode: EmissionFactor] = [:]
        for (key, factor) in file.factors.sorted(by: { $0.key < $1.key }) {
            guard let mode = TravelMode(rawValue: key) else {
                let modes = TravelMode.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(PlanProblem(path: "factors.\(key)", message: "unknown mode; modes: \(modes)"))
                continue
            }
            let expected: EmissionFactor.Unit = mode.isPerVehicle ? .vehicleKm : .passengerKm
            if factor.unit != expected {
                problems.append(
                    PlanProblem(
                        path: "factors.\(key).unit",
                        message: "\(key) is counted per \(expected.rawValue), found \(factor.unit.rawValue)"))
            }
            if !factor.kgCO2ePerUnit.isFinite || factor.kgCO2ePerUnit < 0 || factor.kgCO2ePerUnit > 10 {
                problems.append(
                    PlanProblem(
                        path: "factors.\(key).kgCO2ePerUnit",
                        message: "expected kg CO2e per km between 0 and 10, found \(factor.kgCO2ePerUnit)"))
            }
            factors[mode] = EmissionFactor(
                kgCO2ePerUnit: factor.kgCO2ePerUnit, unit: factor.unit,
                description: factor.description, source: factor.source, url: factor.url)
        }
        let missing = TravelMode.allCases.filter { factors[$0] == nil && file.factors[$0.rawValue] == nil }
        if !missing.isEmpty {
            problems.append(
                PlanProblem(
                    path: "factors",
                    message: "every mode needs a factor; missing: \(missing.map(\.rawValue).joined(separator: ", "))"))
        }
        guard problems.isEmpty else { throw PlanError(problems: problems) }
        return EmissionFactorSet(
            name: file.name, year: file.year, title: file.title, source: file.source, url: file.url,
            radiativeForcing: file.radiativeForcing, note: file.note, factors: factors)
    }

    private static func path(of error: DecodingError) -> String {
        let codingPath: [any CodingKey] =
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                context.codingPath
            case .keyNotFound(let key, let context): context.codingPath + [key]
            @unknown default: []
            }
        return codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    private static func reason(of error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, _):
            "expected \(type == String.self ? "a string" : type == Bool.self ? "true or false" : "a \(type)")"
        case .valueNotFound: "must not be null"
        case .keyNotFound: "is required"
        case .dataCorrupted(let context): context.codingPath.isEmpty ? "not valid JSON" : context.debugDescription
        @unknown default: "\(error)"
        }
    }

    /// The sets built into goald: the UK government's GHG conversion factors, one set per year from 2020.
    package static let shipped: [EmissionFactorSet] = EmbeddedResources.files
        .filter { $0.key.hasPrefix("factors-") }
        .sorted { $0.key < $1.key }
        .map { name, json in
            do {
                return try EmissionFactorSet.decode(from: Data(json.utf8))
            } catch {
                fatalError("the built-in factor set \(name) is invalid: \(error)")
            }
        }
}
