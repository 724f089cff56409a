import Foundation

/// A saved answer of Kolada, the public KPI database of RKA (Rådet för främjande av kommunala analyser):
/// `{"values": [{"kpi": "N00090", "municipality": "0017", "period": 2023, "values": [{"gender": "T", "value": 6.1,
/// "status": "", "count": 1}, {"gender": "K", …}, {"gender": "M", …}]}]}`. Each entry is one KPI, one
/// municipality or region and one year, with at most three values: T the total, K women, M men; a value may be
/// `null`, with the reason in its `status`. Kolada measures each KPI once a year, so an entry is an annual value.
/// Pure: goald fetches nothing; the file comes as text.
package enum KoladaFile {
    /// The credit Kolada's licence asks of whoever publishes its values.
    package static let credit = "Källa: Kolada (RKA), CC BY 4.0"
    /// What each value imported from Kolada is recorded as coming from, before its KPI.
    package static let sourcePrefix = "Kolada (RKA), CC BY 4.0"

    /// The credits a page showing these values owes: Kolada's, when any of them came from Kolada.
    package static func credits(for shown: some Sequence<IndicatorEvaluation>) -> [String] {
        shown.contains { $0.measurement?.source?.hasPrefix(sourcePrefix) == true } ? [credit] : []
    }

    /// One of an entry's values: nil `value` is Kolada's `null`, with its status.
    package struct Figure: Sendable, Hashable {
        package var value: Double?
        package var status: String?
    }

    /// One KPI, municipality (or region) and year.
    package struct Entry: Sendable, Hashable {
        /// Its place in the file's `values`, counted from 1: problems name it.
        package var number: Int
        package var kpi: String
        package var municipality: String
        package var year: Int
        package var total: Figure?
        package var women: Figure?
        package var men: Figure?
    }

    /// The entries of a saved answer, in file order.
    /// - Throws: INVALID_ARGUMENT at the path of the first thing that is not Kolada's shape (`values[3].period`).
    package static func parse(_ text: String) throws(DomainError) -> [Entry] {
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: Data(text.utf8))
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw .invalid("kolada", "is not JSON: save Kolada's answer as it comes (`{\"values\": [...]}`)")
        } catch let error as DecodingError {
            let (path, what) = Self.describe(error)
            throw Self.shape(path, what)
        } catch {
            throw .invalid("kolada", "is not Kolada's answer: \(error)")
        }
        guard answer.values.count <= MeasurementFile.maxRows else {
            throw .invalid(
                "kolada",
                "holds \(answer.values.count) entries, more than \(MeasurementFile.maxRows): give it in parts")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(answer.values.count)
        for (index, raw) in answer.values.enumerated() {
            let path = "values[\(index)]"
            guard let kpi = raw.kpi?.trimmingCharacters(in: .whitespaces), !kpi.isEmpty else {
                throw Self.shape("\(path).kpi", "is missing: each entry names its KPI (N00090)")
            }
            // Kolada's municipality answers say "municipality"; its answers for organisational units say "ou".
            guard let place = (raw.municipality ?? raw.ou)?.text, !place.isEmpty else {
                throw Self.shape("\(path).municipality", "is missing: each entry names its municipality or region")
            }
            guard let year = raw.period?.year, (1900...2999).contains(year) else {
                throw Self.shape("\(path).period", "is not a year (2023)")
            }
            var entry = Entry(number: index + 1, kpi: kpi, municipality: place, year: year)
            for (position, value) in (raw.values ?? []).enumerated() {
                let figure = Figure(value: value.value, status: value.status.flatMap { $0.isEmpty ? nil : $0 })
                switch value.gender?.uppercased() {
                case "T": entry.total = figure
                case "K": entry.women = figure
                case "M": entry.men = figure
                default:
                    throw Self.shape(
                        "\(path).values[\(position)].gender", "is not T (total), K (women) or M (men)")
                }
            }
            entries.append(entry)
        }
        return entries
    }

    /// A problem of the answer's shape: the param is `kolada`, the message names the path inside the answer
    /// (`kolada: values[3].period: is not a year (2023)`).
    private static func shape(_ path: String, _ message: String) -> DomainError {
        path == "kolada" ? .invalid("kolada", message) : .invalid("kolada", "\(path): \(message)")
    }

    private struct Answer: Decodable {
        var values: [RawEntry]
    }

    private struct RawEntry: Decodable {
        var kpi: String?
        var municipality: Code?
        var ou: Code?
        var period: Code?
        var values: [RawValue]?
    }

    private struct RawValue: Decodable {
        var gender: String?
        /// nil for Kolada's `null`.
        var value: Double?
        var status: String?
    }

    /// A code or year Kolada writes as a string or a number.
    private struct Code: Decodable {
        var text: String
        var year: Int? { Int(text) }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// The path (`values[3].period`) and what is wrong there.
    private static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { text, key in
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return (
                at,
                key.stringValue == "values" && context.codingPath.isEmpty
                    ? "is missing: save Kolada's answer as it comes (`{\"values\": [...]}`)" : "is missing"
            )
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let at = path(context.codingPath)
            return (
                at.isEmpty ? "kolada" : at, at.hasSuffix("value") ? "is not a number or null" : "has the wrong type"
            )
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            return (at.isEmpty ? "kolada" : at, "is not readable")
        @unknown default:
            return ("kolada", "is not Kolada's answer")
        }
    }

    /// The rows of a follow-up file that the entries give, for every indicator that names an entry's KPI: a region
    /// indicator's value is the region's own (its follow-up under `Region.ownKey`), a committee's own indicator's
    /// is that committee's; each is the annual period of the entry's year. Entries of another municipality, of a
    /// KPI no indicator names, of a year whose plan in force lacks the indicator, and `null` totals give no row:
    /// `Reading` says each. K and M are read for an indicator split by gender alone.
    package struct Reading: Sendable {
        package var parsed = MeasurementFile.Parsed()
        /// The municipality (or region) whose values were read.
        package var municipality: String
        /// Every `null` value met, with its status: left missing, never recorded as a number.
        package var missing: [Missing] = []
        /// KPIs no indicator names, in file order.
        package var unmatchedKPIs: [String] = []
        /// Entries of other municipalities, passed over.
        package var otherMunicipalities = 0
        /// Values of a year whose plan in force lacks the indicator (or that no plan covers), passed over.
        package var outsidePlans = 0
    }

    /// A `null` value of the file, kept missing.
    package struct Missing: Sendable, Hashable {
        package var kpi: String
        package var year: Int
        /// T, K or M.
        package var gender: String
        package var status: String?

        package init(kpi: String, year: Int, gender: String, status: String?) {
            self.kpi = kpi
            self.year = year
            self.gender = gender
            self.status = status
        }
    }

    /// - Parameters:
    ///   - municipality: whose values to read; nil: the file's one municipality (a file of several is refused).
    ///   - followUps: every committee's follow-up and the region's own (under `Region.ownKey`), to see which
    ///     years each covers.
    /// - Throws: INVALID_ARGUMENT (`municipality`) when the file holds several and none is named, or none of the
    ///   one named.
    package static func rows(
        _ entries: [Entry], municipality named: String?, region: Region, followUps: [String: FollowUp]
    ) throws(DomainError) -> Reading {
        let places = entries.reduce(into: [String]()) {
            if !$0.contains($1.municipality) { $0.append($1.municipality) }
        }
        let municipality: String
        if let named = named?.trimmingCharacters(in: .whitespaces), !named.isEmpty {
            guard places.contains(named) else {
                throw .invalid(
                    "municipality",
                    "the file holds no values of \(named); it holds "
                        + (places.isEmpty ? "none" : places.joined(separator: ", ")))
            }
            municipality = named
        } else if places.count > 1 {
            throw .invalid(
                "municipality",
                "the file holds values of \(places.joined(separator: ", ")): name the region's "
                    + "Kolada id (goalctl --municipality)")
        } else {
            municipality = places.first ?? ""
        }
        // Who records a KPI: the region for its indicators, a committee for its own; and whether the indicator
        // takes women's and men's values (Kolada gives K and M for most person-based KPIs, split or not here).
        var users: [String: [(follower: String, indicator: String, split: Bool)]] = [:]
        for indicator in region.indicators {
            guard let kpi = indicator.kolada else { continue }
            users[kpi, default: []].append((Region.ownKey, indicator.id, indicator.isSplitByGender))
        }
        for (committee, followUp) in followUps.sorted(by: { $0.key < $1.key }) where committee != Region.ownKey {
            for plan in followUp.plans {
                for (_, _, indicator) in plan.allIndicators where !indicator.shared {
                    guard let kpi = indicator.kolada,
                        !(users[kpi]?.contains { $0.follower == committee && $0.indicator == indicator.id } ?? false)
                    else { continue }
                    users[kpi, default: []].append((committee, indicator.id, indicator.isSplitByGender))
                }
            }
        }
        var reading = Reading(municipality: municipality)
        reading.parsed.headings = [
            .period: "period", .committee: "nämnd", .indicator: "kpi", .total: "T", .women: "K", .men: "M",
        ]
        for entry in entries {
            guard entry.municipality == municipality else {
                reading.otherMunicipalities += 1
                continue
            }
            guard let followers = users[entry.kpi] else {
                if !reading.unmatchedKPIs.contains(entry.kpi) { reading.unmatchedKPIs.append(entry.kpi) }
                continue
            }
            let split = followers.contains { $0.split }
            for (gender, figure) in [("T", entry.total), ("K", entry.women), ("M", entry.men)] {
                // Women's and men's nulls matter only where the indicator takes them.
                if let figure, figure.value == nil, gender == "T" || split {
                    reading.missing.append(
                        Missing(kpi: entry.kpi, year: entry.year, gender: gender, status: figure.status))
                }
            }
            guard let total = entry.total?.value else { continue }
            let period = Period(year: entry.year, kind: .annual)
            for (follower, indicator, split) in followers {
                // The year's plan in force must have the indicator (a rolling plan may add or drop it).
                guard followUps[follower]?.periods(of: indicator).contains(period) == true else {
                    reading.outsidePlans += 1
                    continue
                }
                var cells: [MeasurementColumn: String] = [
                    .period: period.description, .committee: follower, .indicator: indicator,
                    .total: Self.cell(total), .source: "\(sourcePrefix), \(entry.kpi)",
                ]
                if split, let women = entry.women?.value { cells[.women] = Self.cell(women) }
                if split, let men = entry.men?.value { cells[.men] = Self.cell(men) }
                reading.parsed.rows.append(MeasurementFileRow(line: entry.number, cells: cells))
            }
        }
        return reading
    }

    /// A number as a cell the follow-up file's reader reads back to the same Double.
    private static func cell(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
