import Foundation
import GoalDomain
import GoalProtocol
import GoalStore
import Logging

/// The travel import workflow as one application type: a batch parsed ahead and stored, a file staged to replace
/// an import and put in its place, a pending import committed or discarded, trips removed and restored. Each step
/// takes its request, the call's context and the writer it runs isolated on, and answers what the wire returns;
/// `TravelService` registers them. The rules live here, the storage in `GoalStore`, the arithmetic in the domain.
package struct TravelImports: Sendable {
    /// The most units the travel data may hold (`max-units`).
    let maxUnits: Int
    /// Named column mappings from goald.conf (`columns.NAME = date=Avresa,…`), by name.
    let profiles: [String: ColumnProfile]
    /// Bytes of row problems one answer lists at most: half the frame limit, and of the protocol's default (4 MiB)
    /// when goald's is larger, since a client reads frames up to the default unless it knows better. The rest are
    /// counted, so that no answer outgrows the frame its client reads.
    let problemBudget: Int

    init(maxUnits: Int, profiles: [String: ColumnProfile], maxFrameLength: Int) {
        self.maxUnits = maxUnits
        self.profiles = profiles
        self.problemBudget = min(maxFrameLength, WireDefaults.maxFrameLength) / 2
    }

    /// Parses a batch before it reaches the writer (which stores the batch before it meanwhile).
    func parse(_ request: AddTripsRequest, writer: StateWriter) throws(RPCError) -> ParsedBatch {
        try Self.parse(request, profiles: profiles, today: CivilDate.local(writer.date))
    }

    /// Stores a batch parsed ahead (`parse`): the removed trips left out, the answer's problems bounded.
    func add(_ parsed: ParsedBatch, context: CallContext, writer: isolated StateWriter) throws(RPCError)
        -> AddTripsResponse
    {
        var batch = parsed
        Self.leaveOutRemovedTrips(&batch, writer: writer)
        var answer = try Self.addTrips(batch, writer: writer, context: context, maxUnits: maxUnits)
        if batch.excluded > 0 { answer.excluded = batch.excluded }
        // What else the answer holds takes room first (a header's unknown columns, named in every batch's answer).
        let others = answer.ignoredColumns.reduce(0) { $0 + Self.encodedSize($1) + 1 }
        (answer.rejected, answer.rejectedNotListed) = Self.listed(answer.rejected, budget: problemBudget - others)
        return answer
    }

    /// Puts a file staged batch by batch (`AddTrips.replace`) in an import's place, in one transaction.
    func replace(_ request: ReplaceImportRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> ReplaceImportResponse
    {
        try Self.requireNumbers([("import", request.import), ("staging", request.staging)])
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else {
            throw RPCError.invalidArgument(
                "reason: say why the import is replaced (at most 2000 characters)",
                field: "reason")
        }
        let replaces = try writer.read { store throws(StoreError) in try store.stageReplaces(request.staging) }
        guard replaces == request.import else {
            throw RPCError(
                .notFound,
                "staging: no file staged as #\(request.staging) to replace import "
                    + "#\(request.import) (goald clears stages when it starts); import the file again",
                details: ["field": "staging"])
        }
        try Self.requireRoom(
            for: writer.read { store throws(StoreError) in try store.waitingUnits(stage: request.staging) },
            writer: writer, maxUnits: maxUnits, field: "staging", what: "the file")
        let replacement = try writer.write(logger: context.logger) { store, date throws(StoreError) in
            try store.replaceImport(request.import, stage: request.staging, reason: reason, at: date, by: context.peer)
        } publish: { goalState, replacement in
            goalState.travel.remove(replacement.removed.days)
            for day in replacement.added.days { goalState.travel.add(day) }
            goalState.travel.declareComplete(importID: request.import, through: nil)
        }
        let rejected = replacement.added.conflicts.map { position -> RowProblemMessage in
            let trip = replacement.trips[position]
            return RowProblemMessage(
                line: replacement.lines[position], column: nil,
                message: "the id \"\(trip.id)\" "
                    + "of \(trip.unit) is stored already by another import with other data; the stored trip is kept")
        }
        context.logger.notice(
            "import replaced",
            metadata: [
                "replaced": "\(request.import)", "import": "\(replacement.added.importID)",
                "removed": "\(replacement.removed.trips.count)", "added": "\(replacement.added.added)",
                "reason": "\(reason)",
            ])
        var answer = ReplaceImportResponse(
            import: replacement.added.importID, replaced: request.import,
            removed: replacement.removed.trips.count,
            added: replacement.added.added,
            alreadyPresent: replacement.added.alreadyPresent, rejected: rejected)
        (answer.rejected, answer.rejectedNotListed) = Self.listed(answer.rejected, budget: problemBudget)
        return answer
    }

    /// Makes a pending import count: its trips join the footprint at once.
    func commit(_ request: CommitImportRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> CommitImportResponse
    {
        let completeThrough = try request.completeThrough.map { text throws(RPCError) in
            let day = try TravelService.date(text, field: "completeThrough")
            guard day <= CivilDate.local(writer.date) else {
                throw RPCError.invalidArgument(
                    "completeThrough: \(day) is after today: data cannot be complete "
                        + "through a day that has not come", field: "completeThrough")
            }
            return day
        }
        try Self.requireNumbers([("import", request.import)])
        try Self.requirePending(request.import, writer: writer)
        try Self.requireOwner(request.import, context: context, writer: writer)
        // Pending imports that run side by side could together bring more units than goald keeps.
        try Self.requireRoom(
            for: writer.read { store throws(StoreError) in
                try store.waitingUnits(pendingImport: request.import)
            }, writer: writer, maxUnits: maxUnits, field: "import", what: "import #\(request.import)")
        let committed = try writer.write(logger: context.logger) { store, _ throws(StoreError) in
            try store.commitImport(request.import, completeThrough: completeThrough)
        } publish: { goalState, committed in
            for day in committed.days { goalState.travel.add(day) }
            if let completeThrough {
                goalState.travel.declareComplete(importID: request.import, through: completeThrough)
            }
        }
        context.logger.info(
            "trips imported",
            metadata: [
                "import": "\(request.import)", "added": "\(committed.added)", "already_present": "\(committed.present)",
                "message_id": "\(LogMessageID.importDone)",
            ])
        return CommitImportResponse(import: request.import, added: committed.added, alreadyPresent: committed.present)
    }

    /// Takes back a pending import: its trips never counted.
    func discard(_ request: PendingImportRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> DiscardImportResponse
    {
        try Self.requireNumbers([("import", request.import)])
        try Self.requirePending(request.import, writer: writer)
        try Self.requireOwner(request.import, context: context, writer: writer)
        let discarded = try writer.write(logger: context.logger) { store, _ throws(StoreError) in
            try store.discardImport(request.import)
        }
        return DiscardImportResponse(import: request.import, discarded: discarded)
    }

    /// Removes an import's trips, or one trip (kept out of later imports), with the reason.
    func remove(_ request: RemoveTripsRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> RemoveTripsResponse
    {
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 2000 else {
            throw RPCError.invalidArgument(
                "reason: say why the trips are removed (at most 2000 characters)",
                field: "reason")
        }
        switch (request.import, request.unit, request.id) {
        case (let id?, nil, nil):
            let exists = try writer.read { store throws(StoreError) in try store.importExists(id) }
            guard exists else {
                throw RPCError(
                    .notFound, "import: no import #\(id); `goalctl travel imports` lists them",
                    details: ["field": "import"])
            }
        case (nil, _?, _?): break
        default:
            throw RPCError.invalidArgument("import: give an import, or a trip's unit and id", field: "import")
        }
        let removed = try writer.write(logger: context.logger) { store, date throws(StoreError) in
            (
                try store.removeTrips(
                    importID: request.import, unit: request.unit, id: request.id, reason: reason,
                    at: date, by: context.peer), date
            )
        } publish: { goalState, outcome in
            let (removal, date) = outcome
            goalState.travel.remove(removal.days)
            if let id = request.import { goalState.travel.declareComplete(importID: id, through: nil) }
            // Kept out of later imports, as the store keeps it (the same reason, the same time).
            if let unit = request.unit, let id = request.id, !removal.trips.isEmpty {
                let key = TripExclusion.Key(unit: unit, id: id)
                goalState.travel.exclude(
                    key,
                    TripExclusion(
                        key: key, reason: reason, recordedAt: date,
                        recordedBy: context.peer.name))
            }
        }.0.trips
        if request.import == nil, removed.isEmpty {
            throw RPCError(
                .notFound, "id: no trip \"\(request.id ?? "")\" of \(request.unit ?? "")",
                details: ["field": "id"])
        }
        context.logger.notice(
            "trips removed",
            metadata: [
                "removed": "\(removed.count)", "import": "\(request.import.map(String.init) ?? "-")",
                "reason": "\(reason)",
            ])
        return RemoveTripsResponse(removed: removed.count, passengerKm: removed.map(\.passengerKm).reduce(0, +))
    }

    /// Lets a removed trip come in again with the next file that brings it.
    func restore(_ request: RestoreTripRequest, context: CallContext, writer: isolated StateWriter)
        throws(RPCError) -> RestoreTripResponse
    {
        let key = TripExclusion.Key(unit: request.unit, id: request.id)
        guard let exclusion = writer.stateSnapshot.travel.exclusions[key] else {
            throw RPCError(
                .notFound,
                "id: no removed trip \"\(request.id)\" of \(request.unit) is kept out of imports; "
                    + "`goalctl travel removals` lists them", details: ["field": "id"])
        }
        try writer.write(logger: context.logger) { store, _ throws(StoreError) in
            try store.restoreTrip(unit: request.unit, id: request.id)
        } publish: { goalState, _ in
            goalState.travel.exclude(key, nil)
        }
        context.logger.notice("trip restored", metadata: ["unit": "\(request.unit)", "id": "\(request.id)"])
        return RestoreTripResponse(unit: request.unit, id: request.id, reason: exclusion.reason)
    }

    /// A batch of AddTrips with its CSV parsed.
    struct ParsedBatch: Sendable {
        let request: AddTripsRequest
        var parsed: TravelCSV.Parsed
        /// The parsed trips with their units numbered (`parsed.trips` is left empty: the trips are held once).
        var trips: TripBatch
        /// The file line of each trip.
        var lines: [Int]
        /// With `findHeader`: the header's line, or why no row is one.
        var header: Result<Int, TravelCSV.RowProblem>?
        /// Rows left out as trips removed by themselves earlier.
        var excluded = 0

        /// The trip at `position` with its line.
        func row(_ position: Int) -> (line: Int, trip: Trip) { (lines[position], trips.trips[position]) }
    }

    /// Parses a batch's CSV with the columns its profile and mapping name. Needs nothing of the writer's state, so it
    /// runs before the batch reaches the writer.
    static func parse(
        _ request: AddTripsRequest, profiles: [String: ColumnProfile],
        today: CivilDate
    ) throws(RPCError) -> ParsedBatch {
        try Self.requireNumbers(
            [("import", request.import), ("replace", request.replace), ("staging", request.staging)])
        var columns: [TravelColumn: String] = [:]
        var profileUnit: String?
        if let name = request.profile {
            guard let profile = profiles[name] else {
                let known = profiles.keys.sorted().joined(separator: ", ")
                throw RPCError(
                    .notFound,
                    "profile: no column profile \"\(name)\"; goald.conf names "
                        + (known.isEmpty ? "none (columns.NAME = date=Avresa,…)" : known),
                    details: ["field": "profile"]
                )
            }
            columns = profile.columns
            profileUnit = profile.defaultUnit
        }
        for (name, header) in request.columns ?? [:] {  // given with the call: added to the profile, winning
            guard let column = TravelColumn(rawValue: name) else {
                throw RPCError.invalidArgument(
                    "columns: \"\(name)\" is not a column; the columns are "
                        + TravelColumn.allCases.map(\.rawValue).joined(separator: ", "), field: "columns")
            }
            columns[column] = header
        }
        // The unit the call names wins over the profile's.
        let unit = request.unit?.trimmingCharacters(in: .whitespaces) ?? profileUnit
        if let unit, unit.isEmpty || unit.count > 200 {
            throw RPCError.invalidArgument("unit: a default unit is a name of 1 to 200 characters", field: "unit")
        }
        let firstLine = max(1, request.firstLine ?? 1)
        let options = TravelCSV.Options(
            columns: columns, latestDate: today, allowLong: request.allowLong ?? false,
            defaultUnit: unit, occurrences: try Self.occurrences(request.occurrences, firstLine: firstLine))
        if request.findHeader == true {
            var request = request
            let header = TravelCSV.findHeader(request.csv, firstLine: max(1, request.firstLine ?? 1), options: options)
            request.csv = ""
            return ParsedBatch(
                request: request, parsed: TravelCSV.Parsed(), trips: TripBatch([]), lines: [],
                header: header)
        }
        var parsed = TravelCSV.parse(request.csv, firstLine: firstLine, options: options)
        if !options.occurrences.isEmpty, parsed.headerRead {
            guard parsed.derivedIDs else {
                throw RPCError.invalidArgument(
                    "occurrences: the file has an id column; occurrences number the rows of a file without one",
                    field: "occurrences")
            }
            if let stray = parsed.strayOccurrences.first {
                throw RPCError.invalidArgument(
                    "occurrences: line \(stray) starts no row of the batch (its header is line \(firstLine))",
                    field: "occurrences")
            }
        }
        let trips = TripBatch(parsed.trips.map(\.trip))
        let lines = parsed.trips.map(\.line)
        parsed.trips = []
        // The CSV is parsed: not held while the batch waits for the writer.
        var request = request
        request.csv = ""
        return ParsedBatch(request: request, parsed: parsed, trips: trips, lines: lines, header: nil)
    }

    /// `[line, occurrence]` pairs as a map, each line once, after the header, each occurrence from 1 to 100 000 000.
    static func occurrences(_ pairs: [[Int]]?, firstLine: Int) throws(RPCError) -> [Int: Int] {
        var occurrences: [Int: Int] = [:]
        for (index, pair) in (pairs ?? []).enumerated() {
            let field = "occurrences[\(index)]"
            guard pair.count == 2 else {
                throw RPCError.invalidArgument(
                    "\(field): a pair [line, occurrence], found \(pair.count) numbers", field: field)
            }
            guard pair[0] > firstLine else {
                throw RPCError.invalidArgument(
                    "\(field): line \(pair[0]) is not after the header's line \(firstLine)", field: field)
            }
            guard (1...100_000_000).contains(pair[1]) else {
                throw RPCError.invalidArgument(
                    "\(field): occurrence \(pair[1]) is not from 1 to 100000000", field: field)
            }
            guard occurrences.updateValue(pair[1], forKey: pair[0]) == nil else {
                throw RPCError.invalidArgument("\(field): line \(pair[0]) is listed twice", field: field)
            }
        }
        return occurrences
    }

    /// Trips removed by themselves stay removed when a file brings them again. Looked up on the writer (a removal
    /// sent before the batch is applied before it, though the batch was parsed ahead), and only when there are any.
    static func leaveOutRemovedTrips(_ batch: inout ParsedBatch, writer: isolated StateWriter) {
        let exclusions = writer.stateSnapshot.travel.exclusions
        guard !exclusions.isEmpty else { return }
        let kept = batch.trips.trips.indices.filter { position in
            let trip = batch.trips.trips[position]
            return exclusions[TripExclusion.Key(unit: trip.unit, id: trip.id)] == nil
        }
        guard kept.count < batch.trips.trips.count else { return }
        batch.excluded = batch.trips.trips.count - kept.count
        batch.lines = kept.map { batch.lines[$0] }
        batch.trips = TripBatch(kept.map { batch.trips.trips[$0] })
    }

    /// Stores a parsed batch's trips in one transaction, unless it has bad rows and `skipBad` is off.
    static func addTrips(
        _ batch: ParsedBatch, writer: isolated StateWriter, context: CallContext,
        maxUnits: Int = ServerConfiguration.Defaults.maxUnits
    ) throws(RPCError) -> AddTripsResponse {
        var batch = batch
        let request = batch.request
        if let header = batch.header {
            var answer = AddTripsResponse(
                added: 0, alreadyPresent: 0, rejected: [], committed: false, ignoredColumns: [])
            switch header {
            case .success(let line): answer.headerLine = line
            case .failure(let problem):
                answer.rejected = [
                    RowProblemMessage(line: problem.line, column: problem.column, message: problem.message)
                ]
            }
            return answer
        }
        // Earlier batches of a pending import or a stage count nowhere yet, but their units take room.
        let waiting: Set<String> = try writer.read { store throws(StoreError) in
            try store.waitingUnits(
                pendingImport: request.pending == true ? request.import : nil,
                stage: request.replace != nil && request.dryRun != true ? request.staging : nil)
        }
        Self.boundUnits(&batch, ledger: writer.stateSnapshot.travel.ledger, maxUnits: maxUnits, waiting: waiting)
        let parsed = batch.parsed
        let trips = batch.trips
        let rejected = parsed.problems.map { RowProblemMessage(line: $0.line, column: $0.column, message: $0.message) }
        let skipBad = request.skipBad ?? false
        if request.dryRun ?? false {
            let present =
                request.countPresent == false
                ? 0
                : try writer.read { store throws(StoreError) in
                    try store.countPresent(trips.trips, excludingImport: request.replace)
                }
            // What would be: a bad row without skipBad stores nothing of the batch (`valid` still counts the good
            // rows, for "--skip-bad adds N").
            let stored = rejected.isEmpty || skipBad
            var answer = AddTripsResponse(
                added: stored ? trips.trips.count - present : 0, alreadyPresent: stored ? present : 0,
                rejected: rejected, committed: false, ignoredColumns: parsed.ignoredColumns,
                repeated: parsed.repeated, derivedIds: parsed.derivedIDs)
            answer.valid = trips.trips.count
            return answer
        }
        if !rejected.isEmpty, !skipBad {
            var answer = AddTripsResponse(
                added: 0, alreadyPresent: 0, rejected: rejected, committed: false,
                ignoredColumns: parsed.ignoredColumns, repeated: parsed.repeated,
                derivedIds: parsed.derivedIDs)
            answer.valid = trips.trips.count  // the good rows, for "--skip-bad adds N"
            return answer
        }
        if let replaced = request.replace {
            return try Self.stage(
                request, replacing: replaced, batch: batch, rejected: rejected, writer: writer,
                context: context)
        }
        let pending = request.pending ?? false
        if let joined = request.import {
            let exists = try writer.read { store throws(StoreError) in
                pending ? try store.isPending(joined) : try store.importExists(joined)
            }
            guard exists else {
                throw RPCError(
                    .notFound,
                    pending
                        ? "import: #\(joined) is not being imported (discarded, committed, or goald restarted): "
                            + "import the file again"
                        : "import: no import #\(joined); `goalctl travel imports` lists them",
                    details: ["field": "import"])
            }
            if pending { try Self.requireOwner(joined, context: context, writer: writer) }
        }
        if pending, request.import == nil {
            // A user's imports in flight at once are bounded: none can leave thousands for goald to take back.
            let open = try writer.read { store throws(StoreError) in
                try store.pendingImports(uid: context.peer.uid, since: writer.date.addingTimeInterval(-3600))
            }
            guard open < Self.maxPendingPerUser else {
                throw RPCError(
                    .resourceExhausted,
                    "pending: \(context.peer.name) has \(open) imports being imported already (at most "
                        + "\(Self.maxPendingPerUser)): commit or discard one first (an import not added to for an "
                        + "hour is taken back)", details: ["field": "pending"])
            }
        }
        let outcome: TripBatchOutcome
        if pending {
            // Stored, counting nowhere until the import is committed; pending imports idle for an hour are dropped.
            outcome = try writer.write(logger: context.logger) { store, date throws(StoreError) in
                if request.import == nil { try store.discardPendingImports(before: date.addingTimeInterval(-3600)) }
                return try store.addTrips(
                    trips, source: request.source, importID: request.import,
                    reportedColumn: parsed.reportedColumn, pending: true, at: date, by: context.peer)
            }
        } else {
            outcome = try writer.write(logger: context.logger) { store, date throws(StoreError) in
                try store.addTrips(
                    trips, source: request.source, importID: request.import,
                    reportedColumn: parsed.reportedColumn, at: date, by: context.peer)
            } publish: { goalState, outcome in
                for day in outcome.days { goalState.travel.add(day) }
            }
        }
        // A refused row stops its batch: nothing of it was stored.
        if !outcome.refusals.isEmpty {
            let refused = outcome.refusals.map { refusal -> RowProblemMessage in
                let (line, trip) = batch.row(refusal.position)
                let message =
                    refusal.heldBy.map { other in
                        "the id \"\(trip.id)\" of \(trip.unit) is being imported by import #\(other), "
                            + "not yet committed: import this file again once that import is committed or taken back"
                    } ?? "the id \"\(trip.id)\" of \(trip.unit) is on an earlier line of the file with other data"
                return RowProblemMessage(line: line, column: parsed.derivedIDs ? nil : "id", message: message)
            }
            return AddTripsResponse(
                added: 0, alreadyPresent: 0, rejected: (rejected + refused).sorted { $0.line < $1.line },
                committed: false, ignoredColumns: parsed.ignoredColumns, repeated: parsed.repeated,
                derivedIds: parsed.derivedIDs, import: request.import)
        }
        // Trips whose id is stored already with other data are left out and said, by their lines.
        let conflicting = outcome.conflicts.map { position -> RowProblemMessage in
            let (line, trip) = batch.row(position)
            return RowProblemMessage(
                line: line, column: parsed.derivedIDs ? nil : "id",
                message: "the id \"\(trip.id)\" "
                    + "of \(trip.unit) is stored already with other data; the stored trip is kept (remove it first to "
                    + "replace it, or give this trip another id)")
        }
        let rejectedAll = rejected + conflicting
        if pending {
            context.logger.debug(
                "trips stored, waiting for the import's commit",
                metadata: [
                    "import": "\(outcome.importID)", "added": "\(outcome.added)", "rejected": "\(rejected.count)",
                ])
        } else {
            context.logger.info(
                "trips imported",
                metadata: [
                    "added": "\(outcome.added)", "already_present": "\(outcome.alreadyPresent)",
                    "rejected": "\(rejected.count)", "source": "\(request.source ?? "-")",
                    "message_id": "\(LogMessageID.importDone)",
                ])
        }
        return AddTripsResponse(
            added: outcome.added, alreadyPresent: outcome.alreadyPresent, rejected: rejectedAll,
            committed: true, ignoredColumns: parsed.ignoredColumns, repeated: parsed.repeated,
            derivedIds: parsed.derivedIDs, import: outcome.importID)
    }

    /// The row problems an answer lists, in line order: the first, and those after it that fit in `budget` bytes of
    /// JSON; and how many more there are (nil: none). A message over 1 000 bytes (one that quotes a huge field) is cut
    /// there, with "…".
    package static func listed(_ problems: [RowProblemMessage], budget: Int) -> ([RowProblemMessage], Int?) {
        var problems = problems.sorted { $0.line < $1.line }
        var bytes = 0
        for index in problems.indices {
            if problems[index].message.utf8.count > 1000 {
                problems[index].message =
                    String(decoding: problems[index].message.utf8.prefix(1000), as: UTF8.self)
                    .trimmingCharacters(in: ["\u{FFFD}"]) + "…"
            }
            // {"column":"…","line":N,"message":"…"}
            bytes += 40 + (problems[index].column.map(encodedSize) ?? 0) + encodedSize(problems[index].message)
            if bytes > budget, index > 0 { return (Array(problems[..<index]), problems.count - index) }
        }
        return (problems, nil)
    }

    /// The bytes of a string as a JSON string, quotes and escapes counted.
    package static func encodedSize(_ text: String) -> Int {
        text.utf8.reduce(2) { $0 + ($1 == 0x22 || $1 == 0x5C ? 2 : $1 < 0x20 ? 6 : 1) }
    }

    /// NOT_FOUND naming `import` unless the import is pending (sent with `AddTrips.pending`, not yet committed).
    /// The most imports one user may have pending at once.
    static let maxPendingPerUser = 8

    /// Import and stage numbers start at 1 (the schema's `minimum`): 0 or below is INVALID_ARGUMENT naming the
    /// field, not a dry run or NOT_FOUND.
    static func requireNumbers(_ numbers: [(field: String, value: Int64?)]) throws(RPCError) {
        for (field, value) in numbers {
            if let value, value < 1 {
                throw RPCError.invalidArgument(
                    "\(field): import and stage numbers start at 1, found \(value)", field: field)
            }
        }
    }

    static func requirePending(_ importID: Int64, writer: isolated StateWriter) throws(RPCError) {
        guard try writer.read({ store throws(StoreError) in try store.isPending(importID) }) else {
            throw RPCError(
                .notFound,
                "import: #\(importID) is not being imported (discarded, committed, or goald "
                    + "restarted): import the file again", details: ["field": "import"])
        }
    }

    /// A pending import is its starter's: only the user who started it, or an administrator, adds to it, commits it
    /// or takes it back (PERMISSION_DENIED naming `import`), so that no one makes another's half-sent file count.
    static func requireOwner(_ importID: Int64, context: CallContext, writer: isolated StateWriter) throws(RPCError) {
        guard !context.peerIsAdmin else { return }
        let owner = try writer.read { store throws(StoreError) in try store.importOwner(importID) }
        guard let owner, owner == context.peer.uid else {
            throw RPCError(
                .permissionDenied,
                "import: #\(importID) is being imported by another user; only that user or an administrator may add "
                    + "to it, commit it or take it back", details: ["field": "import"])
        }
    }

    /// FAILED_PRECONDITION naming `field` when `units` (of a pending import or a stage) would take goald past
    /// max-units with the units stored.
    static func requireRoom(
        for units: Set<String>, writer: isolated StateWriter, maxUnits: Int, field: String,
        what: String
    ) throws(RPCError) {
        let ledger = writer.stateSnapshot.travel.ledger
        let new = units.filter { !ledger.hasUnit($0) }.count
        guard ledger.units.count + new <= maxUnits else {
            throw RPCError(
                .failedPrecondition,
                "\(field): \(what) would bring \(new) units more, over max-units = "
                    + "\(maxUnits) with the \(ledger.units.count) stored; raise max-units", details: ["field": field])
        }
    }

    /// A batch of a file that replaces an import: its good rows staged, durably, counting nowhere yet.
    static func stage(
        _ request: AddTripsRequest, replacing replaced: Int64, batch: ParsedBatch,
        rejected: [RowProblemMessage], writer: isolated StateWriter,
        context: CallContext
    ) throws(RPCError) -> AddTripsResponse {
        let parsed = batch.parsed
        guard request.import == nil else {
            throw RPCError.invalidArgument(
                "import: a file that replaces an import makes a new one; give replace or "
                    + "import, not both", field: "import")
        }
        let exists = try writer.read { store throws(StoreError) in try store.importExists(replaced) }
        guard exists else {
            throw RPCError(
                .notFound, "replace: no import #\(replaced); `goalctl travel imports` lists them",
                details: ["field": "replace"])
        }
        if let why = try writer.read({ store throws(StoreError) in try store.importNotInForce(replaced) }) {
            throw RPCError(.failedPrecondition, "replace: \(why)", details: ["field": "replace"])
        }
        if let staging = request.staging {
            let replaces = try writer.read { store throws(StoreError) in try store.stageReplaces(staging) }
            guard replaces == replaced else {
                throw RPCError(
                    .notFound,
                    "staging: no file staged as #\(staging) to replace import #\(replaced) (goald "
                        + "clears stages when it starts); import the file again", details: ["field": "staging"])
            }
        }
        let (stage, staged, repeats) = try writer.write(logger: context.logger) { store, date throws(StoreError) in
            try store.stageTrips(
                batch.trips.trips.indices.map(batch.row), stage: request.staging, replacing: replaced,
                source: request.source, reportedColumn: parsed.reportedColumn, at: date,
                by: context.peer)
        }
        let differing = repeats.filter { !$0.same }.map { repeated in
            RowProblemMessage(
                line: repeated.line, column: parsed.derivedIDs ? nil : "id",
                message: "the id \"\(repeated.id)\" of \(repeated.unit) is on line \(repeated.earlierLine) "
                    + "too, with other data; the row of line \(repeated.earlierLine) is kept")
        }
        return AddTripsResponse(
            added: 0, alreadyPresent: 0, rejected: (rejected + differing).sorted { $0.line < $1.line },
            committed: false, ignoredColumns: parsed.ignoredColumns,
            repeated: (parsed.repeated) + repeats.filter(\.same).count,
            derivedIds: parsed.derivedIDs, staging: stage, staged: staged)
    }

    /// Rows of a unit beyond the `maxUnits`-th become row errors: no file can make the units, and what they cost
    /// in memory and in a footprint by unit, grow without bound.
    /// `waiting`: the units that earlier batches of the same file brought and that count nowhere yet (a pending
    /// import, a stage): they take room already.
    static func boundUnits(
        _ batch: inout ParsedBatch, ledger: FootprintLedger, maxUnits: Int, waiting: Set<String> = []
    ) {
        let waiting = waiting.filter { !ledger.hasUnit($0) }
        // The usual batch adds no unit, or a few: checked once per unit of the batch (its units are numbered), and
        // the rows gone through only when one must go.
        let new = batch.trips.units.count { !ledger.hasUnit($0) && !waiting.contains($0) }
        guard ledger.units.count + waiting.count + new > maxUnits else { return }
        var room = maxUnits - ledger.units.count - waiting.count
        var admitted: Set<String> = waiting
        var kept: [Trip] = []
        var keptLines: [Int] = []
        for (trip, line) in zip(batch.trips.trips, batch.lines) {
            if ledger.hasUnit(trip.unit) || admitted.contains(trip.unit) {
            } else if room > 0 {
                room -= 1
                admitted.insert(trip.unit)
            } else {
                batch.parsed.problems.append(
                    TravelCSV.RowProblem(
                        line: line, column: "unit",
                        message: "\"\(trip.unit)\" would be one unit more than goald keeps "
                            + "(max-units = \(maxUnits)); raise max-units in goald.conf if the organisation "
                            + "has that many"
                    ))
                continue
            }
            kept.append(trip)
            keptLines.append(line)
        }
        batch.trips = TripBatch(kept)
        batch.lines = keptLines
        batch.parsed.problems.sort { $0.line < $1.line }
    }
}
