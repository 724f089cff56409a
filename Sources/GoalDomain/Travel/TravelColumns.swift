/// The columns a travel file may have, and the names offices give them. A header is matched after folding:
/// lower case, `_` and runs of white space as one space, `kr`/`sek` and `(…)` units kept (`Sträcka (mil)` is not
/// `Sträcka (km)`).
package enum TravelColumn: String, Sendable, Hashable, CaseIterable {
    case id
    case date
    case mode
    case distanceKm = "distance_km"
    case distanceMil = "distance_mil"
    case travellers
    case unit
    case co2eKg = "co2e_kg"
    case costSEK = "cost_sek"

    /// The names recognised for the column, folded: goald's own, English, and Swedish exports' ones.
    package var names: [String] {
        switch self {
        case .id:
            [
                "id", "trip id", "resenr", "resenummer", "rese id", "reseid", "ärendenr", "ärende", "bokningsnr",
                "bokningsnummer", "booking id", "booking reference",
            ]
        case .date:
            [
                "date", "datum", "avresedatum", "avresa", "resedatum", "startdatum", "departure date", "travel date",
                "transaktionsdatum", "transaction date",
            ]
        case .mode:
            [
                "mode", "färdsätt", "färdmedel", "transportmedel", "resesätt", "transport", "travel mode",
                "restyp",
            ]
        case .distanceKm:
            [
                "distance km", "distance", "distance (km)", "sträcka", "sträcka (km)", "sträcka km", "km",
                "antal km", "avstånd", "avstånd (km)", "distans", "distans (km)", "längd (km)",
            ]
        case .distanceMil:
            [
                "distance mil", "sträcka (mil)", "sträcka mil", "mil", "antal mil", "avstånd (mil)",
                "distans (mil)", "längd (mil)",
            ]
        case .travellers:
            [
                "travellers", "travelers", "passengers", "antal resenärer", "resenärer", "antal personer",
                "personer", "number of travellers",
            ]
        case .unit:
            [
                "unit", "enhet", "avdelning", "förvaltning", "verksamhet", "department", "kostnadsställe",
                "cost centre", "cost center",
            ]
        case .co2eKg:
            [
                "co2e kg", "co2e (kg)", "kg co2e", "kg co2", "co2 (kg)", "co2 kg", "utsläpp (kg co2e)",
                "utsläpp kg co2e", "klimatpåverkan (kg co2e)", "koldioxid (kg)", "emissions (kg co2e)",
            ]
        case .costSEK:
            [
                "cost sek", "cost", "cost (sek)", "kostnad", "kostnad (kr)", "kostnad kr", "kostnad (sek)",
                "belopp", "belopp (kr)", "belopp kr", "pris", "pris (kr)", "amount", "amount (sek)",
            ]
        }
    }

    /// Folds a header cell for matching: lower case, `_` as a space, white space runs as one space, trimmed.
    package static func fold(_ text: String) -> String {
        var folded = ""
        var space = false
        for character in text.lowercased() {
            if character == "_" || character.isWhitespace {
                space = !folded.isEmpty
                continue
            }
            if space { folded.append(" ") }
            space = false
            folded.append(character)
        }
        return folded
    }

    /// The column a folded header names, if any.
    package static func recognise(_ folded: String) -> TravelColumn? {
        lookup[folded]
    }

    private static let lookup: [String: TravelColumn] = {
        var table: [String: TravelColumn] = [:]
        for column in allCases {
            for name in column.names { table[fold(name)] = column }
        }
        return table
    }()

    /// Reads a mapping such as `date=Avresa,mode=Typ,distance_mil=Längd`: goald's column names to the file's
    /// headers. Nil with a reason for an unknown column name or a part that is not `name=header`.
    package static func mapping(_ text: String) -> Result<[TravelColumn: String], DomainError> {
        var mapping: [TravelColumn: String] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2 else {
                return .failure(
                    DomainError(
                        .invalidArgument, field: "columns",
                        "columns: \"\(part)\" is not NAME=HEADER, such as date=Avresa"))
            }
            let name = String(pieces[0]).trimmingSpaces()
            guard let column = TravelColumn(rawValue: name) else {
                return .failure(
                    DomainError(
                        .invalidArgument, field: "columns",
                        "columns: \"\(name)\" is not a column; "
                            + "the columns are " + allCases.map(\.rawValue).joined(separator: ", ")))
            }
            mapping[column] = String(pieces[1]).trimmingSpaces()
        }
        return .success(mapping)
    }
}

/// A kind of export as goald.conf names it (`columns.NAME = …`): which of the file's headers are goald's columns,
/// and the unit of a row whose unit cell is empty (or a file with no unit column).
package struct ColumnProfile: Sendable, Hashable {
    package var columns: [TravelColumn: String]
    package var defaultUnit: String?

    package init(columns: [TravelColumn: String] = [:], defaultUnit: String? = nil) {
        self.columns = columns
        self.defaultUnit = defaultUnit
    }

    /// The key of a profile's default unit beside its columns: `default_unit=Regional utveckling`.
    package static let defaultUnitKey = "default_unit"

    /// Reads `date=Avresa,mode=Typ,distance_mil=Längd,default_unit=Regional utveckling`.
    package static func parse(_ text: String) -> Result<ColumnProfile, DomainError> {
        var profile = ColumnProfile()
        var columns: [Substring] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, String(pieces[0]).trimmingSpaces() == defaultUnitKey else {
                columns.append(part)
                continue
            }
            let unit = String(pieces[1]).trimmingSpaces()
            guard !unit.isEmpty, unit.count <= 200 else {
                return .failure(
                    DomainError(
                        .invalidArgument, field: defaultUnitKey,
                        "\(defaultUnitKey): a unit is a name of 1 to 200 characters"))
            }
            profile.defaultUnit = unit
        }
        switch TravelColumn.mapping(columns.joined(separator: ",")) {
        case .success(let mapping): profile.columns = mapping
        case .failure(let error): return .failure(error)
        }
        return .success(profile)
    }
}
