import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// `goald.v1.Travel`: business trips, their climate footprint and its reduction against a baseline year.
package struct TravelService: RPCService {
    private let state: LiveState
    private let writer: StateWriter
    /// The import workflow: adding, staging, replacing, committing, discarding, removing and restoring trips.
    private let imports: TravelImports
    /// goald's clock: a year still in progress is provisional.
    private let now: @Sendable () -> Date

    package init(
        state: LiveState, writer: StateWriter, maxUnits: Int = ServerConfiguration.Defaults.maxUnits,
        profiles: [String: ColumnProfile] = [:],
        maxFrameLength: Int = ServerConfiguration.Defaults.maxFrameLength,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.now = now
        self.state = state
        self.writer = writer
        self.imports = TravelImports(maxUnits: maxUnits, profiles: profiles, maxFrameLength: maxFrameLength)
    }

    /// The methods and the functions that answer them (the import's in `TravelImports`).
    package func register(on router: inout RPCRouter) {
        let imports = self.imports
        // A batch is parsed off the writer (while the writer stores the one before), then stored on it.
        router.registerWrite(
            GoalRPC.addTrips, prepare: { request, _, writer in try imports.parse(request, writer: writer) }
        ) { parsed, context, writer in try imports.add(parsed, context: context, writer: writer) }
        router.registerWrite(GoalRPC.replaceImport) { request, context, writer in
            try imports.replace(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.commitImport) { request, context, writer in
            try imports.commit(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.discardImport) { request, context, writer in
            try imports.discard(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.removeTrips) { request, context, writer in
            try imports.remove(request, context: context, writer: writer)
        }
        router.registerWrite(GoalRPC.restoreTrip) { request, context, writer in
            try imports.restore(request, context: context, writer: writer)
        }
        router.register(GoalRPC.getFootprint) { request, _ in try self.footprint(request) }
        router.register(GoalRPC.getReduction) { request, _ in try self.reduction(request) }
        router.register(GoalRPC.explainReduction) { request, _ in try self.explanation(request) }
        // Reads of the store beside the writes (`readBeside`): they need not match the snapshot to the write.
        router.registerSlow(GoalRPC.listImports, permission: .read) { request, _ in try self.importList(request) }
        router.registerSlow(GoalRPC.exportTrips, permission: .read) { request, _ in try self.tripPage(request) }
        router.register(GoalRPC.listRemovals) { _, _ in self.removals() }
        router.register(GoalRPC.listModes) { _, _ in Self.modes() }
        router.register(GoalRPC.listFactorSets) { _, _ in self.factorSets() }
        router.registerWrite(GoalRPC.setStaff) { request, context, writer in
            try Self.setStaff(request, context: context, writer: writer)
        }
    }

    /// `Travel/GetFootprint`: a page of the footprint's groups over a year or a range of days.
    func footprint(_ request: GetFootprintRequest) throws -> FootprintMessage {
        let travel = state.snapshot.travel
        let (from, through) = try Self.range(
            request,
            latestYear: travel.ledger.years.max()
                ?? CivilDate.local(now()).year)
        let grouping = try request.by.map { text throws(RPCError) in
            guard let grouping = FootprintGrouping(rawValue: text) else {
                throw RPCError.invalidArgument("by: expected mode, unit or month, found \"\(text)\"", field: "by")
            }
            return grouping
        }
        let limit = request.limit ?? 1000
        guard (1...5000).contains(limit) else {
            throw RPCError.invalidArgument(
                "limit: groups per answer must be from 1 to 5000, not \(limit)", field: "limit")
        }
        let offset = request.offset ?? 0
        guard offset >= 0 else {
            throw RPCError.invalidArgument("offset: must be 0 or more, not \(offset)", field: "offset")
        }
        let footprint = try travel.footprint(
            from: from, through: through, unit: request.unit, groupBy: grouping, factors: request.factors)
        // A page of the groups, so that no answer outgrows the frame limit whatever the number of units.
        var message = FootprintMessage(footprint)
        let page = message.groups.dropFirst(offset).prefix(limit)
        message.nextOffset = offset + page.count < message.groups.count ? offset + page.count : nil
        message.groups = Array(page)
        return message
    }

    /// `Travel/GetReduction`: the footprint of a year against the baseline's, for a unit, a committee or all.
    func reduction(_ request: GetReductionRequest) throws -> ReductionMessage {
        let snapshot = state.snapshot
        let travel = snapshot.travel
        let through = try request.through.map { text throws(RPCError) in try Self.date(text, field: "through") }
        let (scope, committee) = try Self.scope(request, state: snapshot.state)
        let reduction = try travel.reduction(
            year: request.year, baseline: request.baseline ?? 2020, scope: scope,
            through: through, factors: request.factors, today: CivilDate.local(now()))
        var message = ReductionMessage(reduction)
        message.committee = committee
        if case .all = scope, snapshot.region.mapsUnits {
            let unmapped = travel.ledger.units.filter { snapshot.region.committee(ofUnit: $0) == nil }.sorted()
            message.unmappedUnits = unmapped
        }
        return message
    }

    /// `Travel/ExplainReduction`: the reduction's change split into its causes (LMDI).
    func explanation(_ request: GetReductionRequest) throws -> ExplanationMessage {
        let travel = state.snapshot.travel
        let through = try request.through.map { text throws(RPCError) in try Self.date(text, field: "through") }
        let explanation = try travel.explainReduction(
            year: request.year, baseline: request.baseline ?? 2020, unit: request.unit,
            through: through, factors: request.factors, today: CivilDate.local(now()))
        return ExplanationMessage(explanation)
    }

    /// `Travel/ListImports`: a page of the imports, newest first, each with what it added by year.
    func importList(_ request: ListImportsRequest) throws(RPCError) -> ImportsMessage {
        let limit = request.limit ?? 1000
        guard (1...5000).contains(limit) else {
            throw RPCError.invalidArgument(
                "limit: imports per page must be from 1 to 5000, not \(limit)", field: "limit")
        }
        // One more than asked tells whether a page follows.
        let fetched = try writer.readBeside { store throws(StoreError) in
            try store.imports(after: request.after, limit: limit + 1)
        }
        let records = fetched.prefix(limit)
        let library = state.snapshot.travel.library
        return ImportsMessage(
            imports: records.map { record in
                // What the import added, by year (each year with its own factor set); its kg is their sum.
                var years: [Int: (trips: Int, kg: Double)] = [:]
                for part in record.activity {
                    let factor = library.set(forYear: part.year).set.kgPerUnit[part.mode.ordinal]
                    years[part.year, default: (0, 0)].trips += part.trips
                    years[part.year, default: (0, 0)].kg += part.activity * factor + part.reportedKg
                }
                var message = ImportMessage(
                    id: record.id, source: record.source, added: record.added,
                    alreadyPresent: record.alreadyPresent, removed: record.removed,
                    recordedAt: WireDate.string(record.recordedAt),
                    recordedBy: record.recordedBy, reportedColumn: record.reportedColumn,
                    kgCO2e: years.values.reduce(0) { $0 + $1.kg })
                message.completeThrough = record.completeThrough?.description
                message.years = years.keys.sorted().map { year in
                    ImportYearMessage(year: year, trips: years[year]!.trips, kgCO2e: years[year]!.kg)
                }
                return message
            }, next: fetched.count > limit ? records.last?.id : nil)
    }

    /// `Travel/ExportTrips`: a page of a year's trips in the store's key order, each with its footprint.
    func tripPage(_ request: ExportTripsRequest) throws -> ExportTripsResponse {
        guard (1990...2100).contains(request.year) else {
            throw RPCError.invalidArgument("year: \(request.year) is outside 1990–2100", field: "year")
        }
        // A trip is some 500 bytes of JSON: 5000 of them stay far under the frame limit.
        let limit = request.limit ?? 2000
        guard (1...5000).contains(limit) else {
            throw RPCError.invalidArgument(
                "limit: trips per page must be from 1 to 5000, not \(limit)", field: "limit")
        }
        let travel = state.snapshot.travel
        try travel.checkUnit(request.unit)
        let after = request.after.map { (unit: $0.unit, id: $0.id) }
        // One more than asked tells whether a page follows.
        let stored = try writer.readBeside { store throws(StoreError) in
            try store.trips(year: request.year, unit: request.unit, after: after, limit: limit + 1)
        }
        let (set, exact) = travel.library.set(forYear: request.year)
        let page = stored.prefix(limit)
        let trips = page.map { row -> ExportedTripMessage in
            let trip = row.trip
            let factor = set.factor(for: trip.mode)
            let calculated = trip.reportedKgCO2e == nil
            return ExportedTripMessage(
                id: trip.id, unit: trip.unit, date: trip.date.description, mode: trip.mode.rawValue,
                distanceKm: trip.distanceKm, travellers: trip.travellers, passengerKm: trip.passengerKm,
                reportedKgCO2e: trip.reportedKgCO2e, costSek: trip.costSEK, kgCO2e: trip.kgCO2e(with: set),
                basis: calculated ? "calculated" : "supplier",
                kgCO2ePerUnit: calculated ? factor.kgCO2ePerUnit : nil,
                factorUnit: calculated ? factor.unit.rawValue : nil,
                factorSource: calculated ? (factor.source ?? set.source) : nil, import: row.importID)
        }
        let next = stored.count > limit ? page.last.map { TripKeyMessage(unit: $0.trip.unit, id: $0.trip.id) } : nil
        return ExportTripsResponse(
            year: request.year,
            factorSet: FactorSetUseMessage(
                year: request.year, factorSet: set.name,
                yearsOwnSet: exact),
            trips: trips, next: next)
    }

    /// `Travel/ListRemovals`: the trips removed one by one and not restored.
    func removals() -> RemovalsMessage {
        let exclusions = state.snapshot.travel.exclusions.values.sorted {
            ($0.key.unit, $0.key.id) < ($1.key.unit, $1.key.id)
        }
        return RemovalsMessage(
            removals: exclusions.map { exclusion in
                RemovalMessage(
                    unit: exclusion.key.unit, id: exclusion.key.id, reason: exclusion.reason,
                    recordedAt: WireDate.string(exclusion.recordedAt), recordedBy: exclusion.recordedBy)
            })
    }

    /// `Travel/ListModes`: the modes of travel, the names each is read from, and the flight bands.
    static func modes() -> ModesMessage {
        ModesMessage(
            modes: TravelMode.allCases.map { mode in
                ModeMessage(
                    mode: mode.rawValue,
                    names: TravelMode.aliases.filter { $0.value == mode }.map(\.key).sorted(),
                    perVehicle: mode.isPerVehicle)
            },
            flightNames: TravelMode.flightNames.sorted(), domesticBelowKm: TravelMode.domesticFlightLimitKm,
            longHaulAboveKm: TravelMode.longHaulLimitKm)
    }

    /// `Travel/ListFactorSets`: the emission factor sets, built in and loaded.
    func factorSets() -> FactorSetsMessage {
        let library = state.snapshot.travel.library
        return FactorSetsMessage(
            sets: library.sets.map { FactorSetMessage($0, loaded: library.loadedNames.contains($0.name)) },
            privateCarKgPerKm: library.privateCarKgPerKm)
    }

    /// `Travel/SetStaff`: a unit's full-time equivalents in a year (the reduction per person's denominator).
    static func setStaff(
        _ request: StaffMessage, context: CallContext, writer: isolated StateWriter
    ) throws(RPCError) -> StaffMessage {
        let unit = request.unit.trimmingCharacters(in: .whitespaces)
        guard !unit.isEmpty else { throw RPCError.invalidArgument("unit: must not be empty", field: "unit") }
        guard (1990...2100).contains(request.year) else {
            throw RPCError.invalidArgument("year: \(request.year) is outside 1990–2100", field: "year")
        }
        guard request.fte.isFinite, request.fte >= 0.01, request.fte <= 1_000_000 else {
            throw RPCError.invalidArgument(
                "fte: expected a number of full-time equivalents from 0.01 to 1000000, found \(request.fte)",
                field: "fte")
        }
        return try writer.write(logger: context.logger) { store, date throws(StoreError) in
            try store.setStaff(unit: unit, year: request.year, fte: request.fte, at: date, by: context.peer)
            return StaffMessage(unit: unit, year: request.year, fte: request.fte)
        } publish: { goalState, staff in
            goalState.travel.setStaff(unit: staff.unit, year: staff.year, fte: staff.fte)
        }
    }

    /// The days a footprint request covers: a year, or from/through; neither: the latest year with trips (the year
    /// a reduction compares by default).
    static func range(_ request: GetFootprintRequest, latestYear: Int) throws(RPCError) -> (CivilDate, CivilDate) {
        switch (request.year, request.from, request.through) {
        case (let year?, nil, nil):
            guard (1990...2100).contains(year) else {
                throw RPCError.invalidArgument("year: \(year) is outside 1990–2100", field: "year")
            }
            return (.firstOf(year: year), .lastOf(year: year))
        case (nil, let from?, let through?):
            return (try Self.date(from, field: "from"), try Self.date(through, field: "through"))
        case (nil, nil, nil):
            return (.firstOf(year: latestYear), .lastOf(year: latestYear))
        default:
            throw RPCError.invalidArgument("year: give either a year or from and through, not both", field: "year")
        }
    }

    static func date(_ text: String, field: String) throws(RPCError) -> CivilDate {
        guard let date = CivilDate(text) else {
            throw RPCError.invalidArgument("\(field): \"\(text)\" is not a date: write YYYY-MM-DD", field: field)
        }
        return date
    }

    /// Whose trips a reduction counts: a unit's, a committee's units' (the region model's `committees[].units`),
    /// or every unit's.
    static func scope(_ request: GetReductionRequest, state: GoalState) throws(RPCError) -> (TravelScope, String?) {
        guard let text = request.committee, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return (TravelScope(unit: request.unit), nil)
        }
        if request.unit != nil {
            throw RPCError.invalidArgument("unit: give unit or committee, not both", field: "unit")
        }
        let committee = try state.committee(named: text)
        guard !committee.units.isEmpty else {
            throw RPCError(
                .failedPrecondition,
                "committee: the model maps no unit to \(committee.abbreviation) (\(committee.name)); its trips "
                    + "cannot be told apart (committees[].units in the model, docs/model-format.md)",
                details: ["field": "committee"])
        }
        return (.units(committee.units), committee.abbreviation)
    }
}
