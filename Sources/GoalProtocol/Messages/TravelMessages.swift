/// Params of `goald.v1.Travel/AddTrips`: a part of a travel file, header first.
package struct AddTripsRequest: Codable, Sendable, Hashable {
    /// CSV text: the header line, then rows (`id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek`).
    package var csv: String
    /// The file line of the header, so that problems name the lines of the whole file. Default 1.
    package var firstLine: Int?
    /// Check only: report what would be added, already present and rejected, and store nothing.
    package var dryRun: Bool?
    /// Store the good rows of a batch that has bad ones. Default false: a bad row stops the batch.
    package var skipBad: Bool?
    /// The file's name, kept with the batch.
    package var source: String?
    /// With `dryRun`: false skips looking up which trips are stored already (a check of the rows only, faster;
    /// `alreadyPresent` is then 0 and `added` counts every good row). Default true.
    package var countPresent: Bool?
    /// goald's column names to the file's headers, for headers goald does not recognise:
    /// `{"date": "Avresa", "mode": "Typ", "distance_mil": "Längd"}`.
    package var columns: [String: String]?
    /// The import this batch belongs to (the id the first batch's answer gave); absent: a new import.
    package var `import`: Int64?
    /// A column profile goald.conf names (`columns.NAME`); `columns` adds to it and wins.
    package var profile: String?
    /// The file replaces this import: its good rows are staged, and count nowhere until
    /// `goald.v1.Travel/ReplaceImport` swaps them in.
    package var replace: Int64?
    /// With `replace`: the stage the first batch's answer named, for the file's next batches.
    package var staging: Int64?
    /// One pass: the batch is stored but counts nowhere until `goald.v1.Travel/CommitImport` makes the whole
    /// import count at once (or `DiscardImport` takes it back); the first batch's answer names the import.
    package var pending: Bool?
    /// Find the header only: `csv` is the first rows of a file (up to 50 are looked at); the answer's `headerLine`
    /// is the line of the first row that names the columns goald needs (a title or notes above it are passed over),
    /// else `rejected` says what the first row lacks. Nothing is stored or checked beyond the header.
    package var findHeader: Bool?
    /// Accept trips longer than their mode plausibly makes (rail or a car over 2 000 km, a bus, a ferry or a domestic
    /// flight over 1 500 km, a short-haul flight over 4 000 km, a long-haul one over 20 000 km); without it such a row
    /// is rejected with its reason.
    package var allowLong: Bool?
    /// The unit of rows whose unit is empty (or of every row of a file without a unit column). Without it such a
    /// row is rejected: no trip counts for a unit it was not named for.
    package var unit: String?
    /// For a file without an id column sent in parts: `[line, occurrence]` for each row whose identical rows (alike in
    /// every field) came earlier in the file, `occurrence` being its place among them (2 for the second …), so that
    /// its id is the same whatever the parts. A row not listed is numbered among the identical rows of its part.
    package var occurrences: [[Int]]?
    /// How many rows `findHeader` looks at, at most (goald's `TravelCSV.headerSearchRows`).
    package static let headerSearchRows = 50

    package init(
        csv: String, firstLine: Int? = nil, dryRun: Bool? = nil, skipBad: Bool? = nil, source: String? = nil,
        countPresent: Bool? = nil, columns: [String: String]? = nil, import: Int64? = nil,
        profile: String? = nil, replace: Int64? = nil, staging: Int64? = nil, pending: Bool? = nil,
        findHeader: Bool? = nil, allowLong: Bool? = nil, unit: String? = nil, occurrences: [[Int]]? = nil
    ) {
        self.occurrences = occurrences
        self.unit = unit
        self.findHeader = findHeader
        self.allowLong = allowLong
        self.pending = pending
        self.replace = replace
        self.staging = staging
        self.columns = columns
        self.profile = profile
        self.import = `import`
        self.csv = csv
        self.firstLine = firstLine
        self.dryRun = dryRun
        self.skipBad = skipBad
        self.source = source
        self.countPresent = countPresent
    }
}

/// A row that is not a trip.
package struct RowProblemMessage: Codable, Sendable, Hashable {
    package var line: Int
    package var column: String?
    package var message: String

    package init(line: Int, column: String?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// Result of `goald.v1.Travel/AddTrips`.
package struct AddTripsResponse: Codable, Sendable, Hashable {
    /// Trips stored by this call (or that would be, in a dry run).
    package var added: Int
    /// Trips whose unit and id were already stored: left as they were.
    package var alreadyPresent: Int
    package var rejected: [RowProblemMessage]
    /// True when the batch was stored (durably, before this answer).
    package var committed: Bool
    /// Header columns goald does not use.
    package var ignoredColumns: [String]
    /// Rows that repeat an earlier row of the batch exactly (same id and data): counted once.
    package var repeated: Int?
    /// True when the file has no id column and each trip's id was made from its content.
    package var derivedIds: Bool?
    /// The import the committed batch belongs to: pass it with the file's next batches.
    package var `import`: Int64?
    /// With `replace`: the stage holding the file's rows (pass it with the next batches and to ReplaceImport), and
    /// how many trips this batch staged.
    package var staging: Int64?
    package var staged: Int?
    /// Rejected rows beyond those listed: the list stops before it would outgrow half the frame limit (of 4 MiB at
    /// most), with `ignoredColumns`.
    package var rejectedNotListed: Int?
    /// Rows left out because their trip was removed by itself earlier (`RemoveTrips` with unit and id): kept out
    /// until `RestoreTrip`. Absent when none.
    package var excluded: Int?
    /// With `findHeader`: the file line of the header.
    package var headerLine: Int?
    /// Rows of the batch that are trips (no problem; a row repeating an earlier one counts once): what would be
    /// added or is present, also when a bad row kept the batch from being stored.
    package var valid: Int?

    package init(
        added: Int, alreadyPresent: Int, rejected: [RowProblemMessage], committed: Bool,
        ignoredColumns: [String], repeated: Int? = nil, derivedIds: Bool? = nil, import: Int64? = nil,
        staging: Int64? = nil, staged: Int? = nil
    ) {
        self.staging = staging
        self.staged = staged
        self.import = `import`
        self.repeated = repeated
        self.derivedIds = derivedIds
        self.added = added
        self.alreadyPresent = alreadyPresent
        self.rejected = rejected
        self.committed = committed
        self.ignoredColumns = ignoredColumns
    }
}

/// Params of `goald.v1.Travel/GetFootprint`: a year, or a range of days.
package struct GetFootprintRequest: Codable, Sendable, Hashable {
    package var year: Int?
    /// First day, `YYYY-MM-DD` (with `through`, instead of `year`).
    package var from: String?
    /// Last day, inclusive.
    package var through: String?
    package var unit: String?
    /// `mode`, `unit` or `month`.
    package var by: String?
    /// One factor set for every year instead of each year's own.
    package var factors: String?
    /// Groups in one answer, 1…5000 (default 1000): a footprint by unit of many units comes in pages.
    package var limit: Int?
    /// The first group of the page (default 0); an answer with more groups says `nextOffset`.
    package var offset: Int?

    package init(
        year: Int? = nil, from: String? = nil, through: String? = nil, unit: String? = nil, by: String? = nil,
        factors: String? = nil, limit: Int? = nil, offset: Int? = nil
    ) {
        self.limit = limit
        self.offset = offset
        self.year = year
        self.from = from
        self.through = through
        self.unit = unit
        self.by = by
        self.factors = factors
    }
}

package struct FootprintFiguresMessage: Codable, Sendable, Hashable {
    /// The group: a mode, a unit, a month (`2024-03`), or `total`.
    package var key: String
    package var kgCO2e: Double
    /// The part of `kgCO2e` that suppliers reported.
    package var reportedKgCO2e: Double
    package var trips: Int
    package var reportedTrips: Int
    package var passengerKm: Double
    package var costSek: Double

    package init(
        key: String, kgCO2e: Double, reportedKgCO2e: Double, trips: Int, reportedTrips: Int,
        passengerKm: Double, costSek: Double
    ) {
        self.key = key
        self.kgCO2e = kgCO2e
        self.reportedKgCO2e = reportedKgCO2e
        self.trips = trips
        self.reportedTrips = reportedTrips
        self.passengerKm = passengerKm
        self.costSek = costSek
    }
}

/// Which factor set a year was computed with.
package struct FactorSetUseMessage: Codable, Sendable, Hashable {
    package var year: Int
    package var factorSet: String
    /// False when the year has no set of its own and the nearest earlier (or the earliest) set stood in.
    package var yearsOwnSet: Bool

    package init(year: Int, factorSet: String, yearsOwnSet: Bool) {
        self.year = year
        self.factorSet = factorSet
        self.yearsOwnSet = yearsOwnSet
    }
}

/// Result of `goald.v1.Travel/GetFootprint`.
package struct FootprintMessage: Codable, Sendable, Hashable {
    package var from: String
    package var through: String
    package var unit: String?
    package var total: FootprintFiguresMessage
    package var groups: [FootprintFiguresMessage]
    package var factorSets: [FactorSetUseMessage]
    /// Groups in all (the answer holds at most `limit` of them, from `offset`).
    package var groupCount: Int
    /// The `offset` of the next page, when groups are left.
    package var nextOffset: Int?

    package init(
        from: String, through: String, unit: String?, total: FootprintFiguresMessage,
        groups: [FootprintFiguresMessage], factorSets: [FactorSetUseMessage], groupCount: Int? = nil,
        nextOffset: Int? = nil
    ) {
        self.groupCount = groupCount ?? groups.count
        self.nextOffset = nextOffset
        self.from = from
        self.through = through
        self.unit = unit
        self.total = total
        self.groups = groups
        self.factorSets = factorSets
    }
}

/// Params of `goald.v1.Travel/GetReduction`.
package struct GetReductionRequest: Codable, Sendable, Hashable {
    /// The year compared; default: the latest year with trips (or the year of `through`).
    package var year: Int?
    /// The baseline year; default 2020.
    package var baseline: Int?
    package var unit: String?
    /// `YYYY-MM-DD`: compare 1 January to this day in both years (year to date).
    package var through: String?
    /// The set for the like-for-like figure; default: the compared year's own set.
    package var factors: String?
    /// A committee (its abbreviation): the trips of the units the region model maps to it, together.
    package var committee: String?

    package init(
        year: Int? = nil, baseline: Int? = nil, unit: String? = nil, through: String? = nil,
        factors: String? = nil, committee: String? = nil
    ) {
        self.year = year
        self.baseline = baseline
        self.unit = unit
        self.through = through
        self.factors = factors
        self.committee = committee
    }
}

package struct ReductionSideMessage: Codable, Sendable, Hashable {
    package var year: Int
    package var from: String
    package var through: String
    package var trips: Int
    /// kg CO2e with the year's own factor set.
    package var kgCO2e: Double
    package var factorSet: FactorSetUseMessage
    /// kg CO2e with the like-for-like set: every trip with a distance computed with it, suppliers' figures
    /// taken as reported only for trips without a distance.
    package var kgCO2eLikeForLike: Double
    /// The part of `kgCO2eLikeForLike` taken as the suppliers reported it.
    package var kgCO2eLikeForLikeAsReported: Double
    package var fte: Double?
    package var kgCO2ePerFte: Double?
    /// For a whole year: its last day with a trip (`YYYY-MM-DD`). Before December, the year is likely partial:
    /// compare the same span of both years with `through`.
    package var lastTrip: String?

    package init(
        year: Int, from: String, through: String, trips: Int, kgCO2e: Double, factorSet: FactorSetUseMessage,
        kgCO2eLikeForLike: Double, kgCO2eLikeForLikeAsReported: Double = 0, fte: Double?,
        kgCO2ePerFte: Double?, lastTrip: String? = nil
    ) {
        self.lastTrip = lastTrip
        self.kgCO2eLikeForLikeAsReported = kgCO2eLikeForLikeAsReported
        self.year = year
        self.from = from
        self.through = through
        self.trips = trips
        self.kgCO2e = kgCO2e
        self.factorSet = factorSet
        self.kgCO2eLikeForLike = kgCO2eLikeForLike
        self.fte = fte
        self.kgCO2ePerFte = kgCO2ePerFte
    }
}

/// One way of computing the reduction.
package struct ReductionFigure: Codable, Sendable, Hashable {
    /// `asReported` (each year its own factor set) or `likeForLike` (one set for both years).
    package var method: String
    /// For like for like: the set both years used.
    package var factorSet: String?
    package var baselineKgCO2e: Double
    package var currentKgCO2e: Double
    /// Per cent fallen; negative when the footprint grew; absent when the baseline is zero.
    package var reductionPercent: Double?

    package init(
        method: String, factorSet: String?, baselineKgCO2e: Double, currentKgCO2e: Double,
        reductionPercent: Double?
    ) {
        self.method = method
        self.factorSet = factorSet
        self.baselineKgCO2e = baselineKgCO2e
        self.currentKgCO2e = currentKgCO2e
        self.reductionPercent = reductionPercent
    }
}

package struct ModeReductionMessage: Codable, Sendable, Hashable {
    package var mode: String
    package var baselineKgCO2e: Double
    package var currentKgCO2e: Double
    package var baselineKgCO2eLikeForLike: Double
    package var currentKgCO2eLikeForLike: Double

    package init(
        mode: String, baselineKgCO2e: Double, currentKgCO2e: Double, baselineKgCO2eLikeForLike: Double,
        currentKgCO2eLikeForLike: Double
    ) {
        self.mode = mode
        self.baselineKgCO2e = baselineKgCO2e
        self.currentKgCO2e = currentKgCO2e
        self.baselineKgCO2eLikeForLike = baselineKgCO2eLikeForLike
        self.currentKgCO2eLikeForLike = currentKgCO2eLikeForLike
    }
}

/// Result of `goald.v1.Travel/GetReduction`.
package struct ReductionMessage: Codable, Sendable, Hashable {
    package var unit: String?
    /// The committee asked for, and the units counted for it together.
    package var committee: String?
    package var units: [String]?
    /// Of the reduction of every unit, when the region maps units to committees: the units with trips that no
    /// committee has (counted in the total, and in no committee's figure).
    package var unmappedUnits: [String]?
    package var baseline: ReductionSideMessage
    package var current: ReductionSideMessage
    package var asReported: ReductionFigure
    package var likeForLike: ReductionFigure
    package var byMode: [ModeReductionMessage]
    /// Set when the compared year's data is not complete (`YYYY-MM-DD`): both years count from 1 January through
    /// this day, and the figures are provisional.
    package var provisionalThrough: String?

    package init(
        unit: String?, baseline: ReductionSideMessage, current: ReductionSideMessage,
        asReported: ReductionFigure, likeForLike: ReductionFigure, byMode: [ModeReductionMessage]
    ) {
        self.unit = unit
        self.baseline = baseline
        self.current = current
        self.asReported = asReported
        self.likeForLike = likeForLike
        self.byMode = byMode
    }
}

/// Result of `goald.v1.Travel/ListFactorSets`.
package struct FactorSetsMessage: Codable, Sendable, Hashable {
    package var sets: [FactorSetMessage]
    /// The configured factor for `car_private`, when it replaces each set's own.
    package var privateCarKgPerKm: Double?

    package init(sets: [FactorSetMessage], privateCarKgPerKm: Double?) {
        self.sets = sets
        self.privateCarKgPerKm = privateCarKgPerKm
    }
}

package struct FactorSetMessage: Codable, Sendable, Hashable {
    package var name: String
    package var year: Int
    package var title: String
    package var source: String
    package var url: String
    package var radiativeForcingIncluded: Bool
    package var radiativeForcingMultiplier: Double?
    package var note: String?
    /// True for a set loaded from the factors folder rather than built in.
    package var loaded: Bool
    package var factors: [FactorMessage]

    package init(
        name: String, year: Int, title: String, source: String, url: String, radiativeForcingIncluded: Bool,
        radiativeForcingMultiplier: Double?, note: String?, loaded: Bool, factors: [FactorMessage]
    ) {
        self.name = name
        self.year = year
        self.title = title
        self.source = source
        self.url = url
        self.radiativeForcingIncluded = radiativeForcingIncluded
        self.radiativeForcingMultiplier = radiativeForcingMultiplier
        self.note = note
        self.loaded = loaded
        self.factors = factors
    }
}

package struct FactorMessage: Codable, Sendable, Hashable {
    package var mode: String
    package var kgCO2ePerUnit: Double
    /// `passenger-km` or `vehicle-km`.
    package var unit: String
    package var description: String?
    package var source: String?
    package var url: String?

    package init(mode: String, kgCO2ePerUnit: Double, unit: String, description: String?, source: String?, url: String?)
    {
        self.mode = mode
        self.kgCO2ePerUnit = kgCO2ePerUnit
        self.unit = unit
        self.description = description
        self.source = source
        self.url = url
    }
}

/// Params and result of `goald.v1.Travel/SetStaff`: full-time equivalents of a unit in a year.
package struct StaffMessage: Codable, Sendable, Hashable {
    package var unit: String
    package var year: Int
    package var fte: Double

    package init(unit: String, year: Int, fte: Double) {
        self.unit = unit
        self.year = year
        self.fte = fte
    }
}

/// Result of `goald.v1.Travel/ListModes`: every mode a travel file may name, with the names goald reads as it.
package struct ModesMessage: Codable, Sendable, Hashable {
    package var modes: [ModeMessage]
    /// Names of a flight whose band goald sets from its distance.
    package var flightNames: [String]
    /// Flights under this many km are domestic, over `longHaulAboveKm` long haul, short haul between.
    package var domesticBelowKm: Double
    package var longHaulAboveKm: Double

    package init(modes: [ModeMessage], flightNames: [String], domesticBelowKm: Double, longHaulAboveKm: Double) {
        self.modes = modes
        self.flightNames = flightNames
        self.domesticBelowKm = domesticBelowKm
        self.longHaulAboveKm = longHaulAboveKm
    }
}

package struct ModeMessage: Codable, Sendable, Hashable {
    package var mode: String
    /// Every other name read as this mode (Swedish and English).
    package var names: [String]
    /// True when the factor is per vehicle-km, shared by the travellers (cars, taxi); else per passenger-km.
    package var perVehicle: Bool

    package init(mode: String, names: [String], perVehicle: Bool) {
        self.mode = mode
        self.names = names
        self.perVehicle = perVehicle
    }
}

/// Params of `goald.v1.Travel/ListImports`: a page of the imports, oldest first.
package struct ListImportsRequest: Codable, Sendable, Hashable {
    /// The page starts after this import (the previous page's `next`); default: from the first.
    package var after: Int64?
    /// Imports per page, 1…5000 (default 1000).
    package var limit: Int?

    package init(after: Int64? = nil, limit: Int? = nil) {
        self.after = after
        self.limit = limit
    }
}

/// Result of `goald.v1.Travel/ListImports`: a page of the imports, oldest first.
package struct ImportsMessage: Codable, Sendable, Hashable {
    package var imports: [ImportMessage]
    /// The `after` of the next page, when imports are left.
    package var next: Int64?

    package init(imports: [ImportMessage], next: Int64? = nil) {
        self.imports = imports
        self.next = next
    }
}

package struct ImportMessage: Codable, Sendable, Hashable {
    /// The import's id: `travel remove --import ID`.
    package var id: Int64
    package var source: String?
    package var added: Int
    package var alreadyPresent: Int
    /// Trips of the import removed since.
    package var removed: Int
    /// ISO 8601, UTC.
    package var recordedAt: String
    package var recordedBy: String
    /// The file's column the suppliers' kg CO2e came from, when it had one.
    package var reportedColumn: String?
    /// kg CO2e of the trips the import added (each year with its own factor set; removals not subtracted).
    package var kgCO2e: Double
    /// The day through which the import declared the travel data complete (`YYYY-MM-DD`), when it did.
    package var completeThrough: String?
    /// What the import added, by year (before any removal): trips and kg CO2e (each year's own factor set).
    package var years: [ImportYearMessage]?

    package init(
        id: Int64, source: String?, added: Int, alreadyPresent: Int, removed: Int, recordedAt: String,
        recordedBy: String, reportedColumn: String? = nil, kgCO2e: Double = 0
    ) {
        self.reportedColumn = reportedColumn
        self.kgCO2e = kgCO2e
        self.id = id
        self.source = source
        self.added = added
        self.alreadyPresent = alreadyPresent
        self.removed = removed
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}

/// Params of `goald.v1.Travel/RemoveTrips`: the trips of an import, or one trip, with the reason.
package struct RemoveTripsRequest: Codable, Sendable, Hashable {
    package var `import`: Int64?
    package var unit: String?
    package var id: String?
    package var reason: String

    package init(import: Int64? = nil, unit: String? = nil, id: String? = nil, reason: String) {
        self.import = `import`
        self.unit = unit
        self.id = id
        self.reason = reason
    }
}

package struct RemoveTripsResponse: Codable, Sendable, Hashable {
    package var removed: Int
    /// Passenger-km of the trips removed.
    package var passengerKm: Double

    package init(removed: Int, passengerKm: Double) {
        self.removed = removed
        self.passengerKm = passengerKm
    }
}

/// A trip's key: its unit and its id, unique together.
package struct TripKeyMessage: Codable, Sendable, Hashable {
    package var unit: String
    package var id: String

    package init(unit: String, id: String) {
        self.unit = unit
        self.id = id
    }
}

/// Params of `goald.v1.Travel/ExportTrips`: one year's trips, a page at a time, ordered by unit and id.
package struct ExportTripsRequest: Codable, Sendable, Hashable {
    package var year: Int
    package var unit: String?
    /// The page starts after this trip: the previous page's `next`.
    package var after: TripKeyMessage?
    /// Trips per page, 1…10000 (default 5000).
    package var limit: Int?

    package init(year: Int, unit: String? = nil, after: TripKeyMessage? = nil, limit: Int? = nil) {
        self.year = year
        self.unit = unit
        self.after = after
        self.limit = limit
    }
}

/// One stored trip with what goald counts for it.
package struct ExportedTripMessage: Codable, Sendable, Hashable {
    package var id: String
    package var unit: String
    package var date: String
    package var mode: String
    package var distanceKm: Double
    package var travellers: Int
    package var passengerKm: Double
    /// The supplier's figure, when the file had one.
    package var reportedKgCO2e: Double?
    package var costSek: Double?
    /// kg CO2e as goald counts the trip in the footprint: the supplier's figure, else activity × factor.
    package var kgCO2e: Double
    /// `supplier` or `calculated`.
    package var basis: String
    /// The factor a calculated trip was computed with (kg CO2e per `factorUnit`), and its source.
    package var kgCO2ePerUnit: Double?
    package var factorUnit: String?
    package var factorSource: String?
    /// The import that brought the trip.
    package var `import`: Int64?

    package init(
        id: String, unit: String, date: String, mode: String, distanceKm: Double, travellers: Int,
        passengerKm: Double, reportedKgCO2e: Double?, costSek: Double?, kgCO2e: Double, basis: String,
        kgCO2ePerUnit: Double?, factorUnit: String?, factorSource: String?, import: Int64?
    ) {
        self.id = id
        self.unit = unit
        self.date = date
        self.mode = mode
        self.distanceKm = distanceKm
        self.travellers = travellers
        self.passengerKm = passengerKm
        self.reportedKgCO2e = reportedKgCO2e
        self.costSek = costSek
        self.kgCO2e = kgCO2e
        self.basis = basis
        self.kgCO2ePerUnit = kgCO2ePerUnit
        self.factorUnit = factorUnit
        self.factorSource = factorSource
        self.import = `import`
    }
}

/// Result of `goald.v1.Travel/ExportTrips`.
package struct ExportTripsResponse: Codable, Sendable, Hashable {
    package var year: Int
    /// The set the year's trips are computed with.
    package var factorSet: FactorSetUseMessage
    package var trips: [ExportedTripMessage]
    /// The `after` of the next page, when trips are left.
    package var next: TripKeyMessage?

    package init(year: Int, factorSet: FactorSetUseMessage, trips: [ExportedTripMessage], next: TripKeyMessage?) {
        self.year = year
        self.factorSet = factorSet
        self.trips = trips
        self.next = next
    }
}

/// Params of `goald.v1.Travel/ReplaceImport`: swap an import for a file staged with `AddTrips.replace`.
package struct ReplaceImportRequest: Codable, Sendable, Hashable {
    package var `import`: Int64
    package var staging: Int64
    /// Why the import is replaced; kept with the removal of its trips.
    package var reason: String

    package init(import: Int64, staging: Int64, reason: String) {
        self.import = `import`
        self.staging = staging
        self.reason = reason
    }
}

/// Result of `goald.v1.Travel/ReplaceImport`.
package struct ReplaceImportResponse: Codable, Sendable, Hashable {
    /// The import that replaced it.
    package var `import`: Int64
    package var replaced: Int64
    /// Trips of the replaced import removed.
    package var removed: Int
    package var added: Int
    /// Staged trips whose unit and id another import holds with the same data.
    package var alreadyPresent: Int
    /// Staged trips whose unit and id another import holds with other data: left out, by their lines.
    package var rejected: [RowProblemMessage]
    /// Rejected rows beyond those listed: the list stops before the answer would outgrow half the frame limit.
    package var rejectedNotListed: Int?

    package init(
        import: Int64, replaced: Int64, removed: Int, added: Int, alreadyPresent: Int,
        rejected: [RowProblemMessage]
    ) {
        self.import = `import`
        self.replaced = replaced
        self.removed = removed
        self.added = added
        self.alreadyPresent = alreadyPresent
        self.rejected = rejected
    }
}

/// One side of `goald.v1.Travel/ExplainReduction`: a year's span with its as-reported kg and passenger-km.
package struct ExplainSideMessage: Codable, Sendable, Hashable {
    package var year: Int
    package var from: String
    package var through: String
    /// As reported (the year's own factor set).
    package var kgCO2e: Double
    package var passengerKm: Double
    package var factorSet: String

    package init(year: Int, from: String, through: String, kgCO2e: Double, passengerKm: Double, factorSet: String) {
        self.year = year
        self.from = from
        self.through = through
        self.kgCO2e = kgCO2e
        self.passengerKm = passengerKm
        self.factorSet = factorSet
    }
}

/// One effect of the decomposition: kg CO2e (negative: it lowered the footprint) and per cent of the baseline.
package struct EffectMessage: Codable, Sendable, Hashable {
    /// `activity`, `modeMix`, `intensity`, `supplierFigures` or `factorRevision`.
    package var effect: String
    package var kgCO2e: Double
    package var percentOfBaseline: Double?

    package init(effect: String, kgCO2e: Double, percentOfBaseline: Double?) {
        self.effect = effect
        self.kgCO2e = kgCO2e
        self.percentOfBaseline = percentOfBaseline
    }
}

/// One mode's part in each effect.
package struct ModeEffectsMessage: Codable, Sendable, Hashable {
    package var mode: String
    package var baselinePassengerKm: Double
    package var currentPassengerKm: Double
    /// The mode's share of all passenger-km, 0…1.
    package var baselineShare: Double
    package var currentShare: Double
    package var baselineKgCO2e: Double
    package var currentKgCO2e: Double
    package var activity: Double
    package var modeMix: Double
    package var intensity: Double
    package var supplierFigures: Double
    package var factorRevision: Double

    package init(
        mode: String, baselinePassengerKm: Double, currentPassengerKm: Double, baselineShare: Double,
        currentShare: Double, baselineKgCO2e: Double, currentKgCO2e: Double, activity: Double,
        modeMix: Double, intensity: Double, supplierFigures: Double, factorRevision: Double
    ) {
        self.mode = mode
        self.baselinePassengerKm = baselinePassengerKm
        self.currentPassengerKm = currentPassengerKm
        self.baselineShare = baselineShare
        self.currentShare = currentShare
        self.baselineKgCO2e = baselineKgCO2e
        self.currentKgCO2e = currentKgCO2e
        self.activity = activity
        self.modeMix = modeMix
        self.intensity = intensity
        self.supplierFigures = supplierFigures
        self.factorRevision = factorRevision
    }
}

/// Result of `goald.v1.Travel/ExplainReduction` (params: those of `GetReduction`): why the footprint changed.
package struct ExplanationMessage: Codable, Sendable, Hashable {
    package var unit: String?
    package var baseline: ExplainSideMessage
    package var current: ExplainSideMessage
    /// The set both years' travel is computed with for activity, mode mix and intensity.
    package var likeForLikeFactorSet: String
    /// The as-reported change, current − baseline (negative: a fall), and as per cent of the baseline.
    package var changeKgCO2e: Double
    package var changePercent: Double?
    /// Every effect, largest first; their kg add up to `changeKgCO2e`.
    package var effects: [EffectMessage]
    package var byMode: [ModeEffectsMessage]
    /// The mode whose share of passenger-km grew the most, when one did.
    package var shiftedTo: String?
    /// `LMDI-I`: the additive log-mean Divisia index (Ang 2005).
    package var method: String
    /// Set when the compared year's data is not complete (`YYYY-MM-DD`): both years count through this day.
    package var provisionalThrough: String?

    package init(
        unit: String?, baseline: ExplainSideMessage, current: ExplainSideMessage, likeForLikeFactorSet: String,
        changeKgCO2e: Double, changePercent: Double?, effects: [EffectMessage], byMode: [ModeEffectsMessage],
        shiftedTo: String?, method: String
    ) {
        self.unit = unit
        self.baseline = baseline
        self.current = current
        self.likeForLikeFactorSet = likeForLikeFactorSet
        self.changeKgCO2e = changeKgCO2e
        self.changePercent = changePercent
        self.effects = effects
        self.byMode = byMode
        self.shiftedTo = shiftedTo
        self.method = method
    }
}

/// Params of `goald.v1.Travel/CommitImport` and `goald.v1.Travel/DiscardImport`: an import sent with
/// `AddTrips.pending`.
package struct PendingImportRequest: Codable, Sendable, Hashable {
    package var `import`: Int64

    package init(import: Int64) { self.import = `import` }
}

/// One year of what an import added.
package struct ImportYearMessage: Codable, Sendable, Hashable {
    package var year: Int
    package var trips: Int
    package var kgCO2e: Double

    package init(year: Int, trips: Int, kgCO2e: Double) {
        self.year = year
        self.trips = trips
        self.kgCO2e = kgCO2e
    }
}

/// Params of `goald.v1.Travel/CommitImport`: the pending import, and optionally the day through which the travel
/// data is complete with it (`YYYY-MM-DD`): periods that end by then are final, not provisional.
package struct CommitImportRequest: Codable, Sendable, Hashable {
    package var `import`: Int64
    package var completeThrough: String?

    package init(import: Int64, completeThrough: String? = nil) {
        self.import = `import`
        self.completeThrough = completeThrough
    }
}

/// Result of `goald.v1.Travel/CommitImport`: the import counts now, all of it at once.
package struct CommitImportResponse: Codable, Sendable, Hashable {
    package var `import`: Int64
    package var added: Int
    package var alreadyPresent: Int

    package init(import: Int64, added: Int, alreadyPresent: Int) {
        self.import = `import`
        self.added = added
        self.alreadyPresent = alreadyPresent
    }
}

/// Result of `goald.v1.Travel/DiscardImport`: the pending import is gone, nothing of it counted.
package struct DiscardImportResponse: Codable, Sendable, Hashable {
    package var `import`: Int64
    /// Trips it held.
    package var discarded: Int

    package init(import: Int64, discarded: Int) {
        self.import = `import`
        self.discarded = discarded
    }
}

/// Params of `goald.v1.Travel/RestoreTrip`: a trip removed by itself, to let into later imports again.
package struct RestoreTripRequest: Codable, Sendable, Hashable {
    package var unit: String
    package var id: String

    package init(unit: String, id: String) {
        self.unit = unit
        self.id = id
    }
}

/// Result of `goald.v1.Travel/RestoreTrip`: the trip is no longer kept out; the next import that has it adds it.
package struct RestoreTripResponse: Codable, Sendable, Hashable {
    package var unit: String
    package var id: String
    /// Why it had been removed.
    package var reason: String

    package init(unit: String, id: String, reason: String) {
        self.unit = unit
        self.id = id
        self.reason = reason
    }
}

/// Result of `goald.v1.Travel/ListRemovals`: the trips removed one by one and kept out of later imports.
package struct RemovalsMessage: Codable, Sendable, Hashable {
    package var removals: [RemovalMessage]

    package init(removals: [RemovalMessage]) { self.removals = removals }
}

/// A trip kept out of imports, with why, by whom and when (ISO 8601, UTC).
package struct RemovalMessage: Codable, Sendable, Hashable {
    package var unit: String
    package var id: String
    package var reason: String
    package var recordedAt: String
    package var recordedBy: String

    package init(unit: String, id: String, reason: String, recordedAt: String, recordedBy: String) {
        self.unit = unit
        self.id = id
        self.reason = reason
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}
