import FoundationEssentials
import GoalClient
import GoalProtocol

/// One file's import, as goalctl makes it with goald: finds the header's row, sends the file in batches (a check, a
/// stage for a replacement, or the one-pass pending import), commits or takes back, swaps a replacement in. It reads
/// the file through `chunks` and talks to goald through `client`; it prints nothing and exits nothing: it says what
/// happened (`Outcome`), which `goalctl travel import` then words. Tests drive it against an in-process goald.
package struct TravelImporter {
    /// What the import is asked to do (the command's options, resolved).
    package struct Options: Sendable {
        /// The file's name as a trip's source records it (nil for standard input).
        package var source: String?
        package var rowsPerBatch = 20_000
        package var skipBad = false
        package var dryRun = false
        /// The import the file replaces, and why.
        package var replace: Int64?
        package var reason: String?
        package var completeThrough: String?
        package var columns: [String: String]?
        package var profile: String?
        package var unit: String?
        package var allowLong = false
        /// The header's row, when given; else goald finds it among the first rows.
        package var headerRow: Int?
        package var timeout: Duration = .seconds(30)

        package init(source: String?) { self.source = source }
    }

    /// What the import did.
    package enum Outcome {
        /// No header was found in the first rows: what goald said of them. Nothing was sent.
        case noHeader(AddTripsResponse)
        /// Checked only (--dry-run, or a replacement whose check found bad rows): nothing changed.
        case checked(AddTripsResponse)
        /// The one-pass import met bad rows without --skip-bad: it was taken back; nothing changed.
        case refused(AddTripsResponse)
        /// Imported and committed (or nothing to commit: an empty file).
        case imported(AddTripsResponse)
        /// The file took the place of an import: the batches' total and the swap's answer.
        case replaced(AddTripsResponse, ReplaceImportResponse)
    }

    /// Said on the way (goalctl words them as notes).
    package protocol Observer {
        func headerFound(onLine line: Int)
        func passBegins(_ label: String)
        func advanced(bytes: Int, rows: Int)
        func passEnds()
    }

    package let options: Options
    let client: GoalConnection
    /// The file's bytes as the batches carry them (UTF-8, LF line ends), a chunk at a time; called once per pass.
    let chunks: ((ArraySlice<UInt8>) throws -> Void) throws -> Void
    let observer: (any Observer)?

    package init(
        options: Options, client: GoalConnection, observer: (any Observer)? = nil,
        chunks: @escaping ((ArraySlice<UInt8>) throws -> Void) throws -> Void
    ) {
        self.options = options
        self.client = client
        self.observer = observer
        self.chunks = chunks
    }

    /// An importer of text held in memory (tests, small inputs).
    package init(options: Options, client: GoalConnection, text: String) {
        let bytes = Array(text.utf8)
        self.init(options: options, client: client) { body in try body(bytes[...]) }
    }

    package func run() throws -> Outcome {
        let headerLine: Int
        switch try findHeader() {
        case .success(let line): headerLine = line
        case .failure(let refusal): return .noHeader(refusal.answer)
        }
        // --dry-run checks only; a replacement is checked before it is staged.
        if options.dryRun || (options.replace != nil && !options.skipBad) {
            let checked = try send(headerLine: headerLine, dryRun: true)
            if options.dryRun || checked.total.rejectedCount > 0 { return .checked(checked.total) }
        }
        guard let replace = options.replace else { return try importOnce(headerLine: headerLine) }
        var total = try send(headerLine: headerLine, dryRun: false).total
        guard let staging = total.staging else { throw ImportFailure(message: "goald staged nothing") }
        // The swap: the import's trips go and the staged file's come in, in one transaction.
        let why = options.reason ?? "replaced by \(options.source ?? "standard input")"
        let swapped = try client.call(
            GoalRPC.replaceImport, ReplaceImportRequest(import: replace, staging: staging, reason: why),
            timeout: options.timeout)
        total.rejected += swapped.rejected
        total.countNotListed(swapped.rejectedNotListed)
        total.rejected.sort { $0.line < $1.line }
        total.added = swapped.added
        total.alreadyPresent = swapped.alreadyPresent
        total.import = nil
        return .replaced(total, swapped)
    }

    package struct ImportFailure: Error {
        package var message: String
    }

    private struct NoHeader: Error {
        var answer: AddTripsResponse
    }

    /// The header's row: given, or found by goald among the first rows (office exports put a title, a date or notes
    /// above it). The rows above it are left out of every batch.
    private func findHeader() throws -> Result<Int, NoHeader> {
        if let given = options.headerRow { return .success(given) }
        var head = CSVBatches.Head(records: AddTripsRequest.headerSearchRows)
        do {
            try chunks { chunk in
                head.feed(chunk)
                if head.full { throw CSVBatches.Head.Full() }
            }
        } catch is CSVBatches.Head.Full {}
        let found = try client.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: String(decoding: head.bytes, as: UTF8.self), firstLine: 1, dryRun: true,
                columns: options.columns, profile: options.profile, findHeader: true),
            timeout: options.timeout)
        if let line = found.headerLine {
            if line > 1 { observer?.headerFound(onLine: line) }
            return .success(line)
        }
        guard found.rejected.isEmpty else {
            var answer = AddTripsResponse(
                added: 0, alreadyPresent: 0, rejected: found.rejected, committed: false, ignoredColumns: [])
            answer.valid = 0
            return .failure(NoHeader(answer: answer))
        }
        return .success(1)
    }

    /// One pass over the file: its batches' answers added up, and whether a row was bad.
    private struct Pass {
        var total = AddTripsResponse(added: 0, alreadyPresent: 0, rejected: [], committed: false, ignoredColumns: [])
        var badRows = false
    }

    /// Sends the file in batches: a check (`dryRun`), a stage for a replacement, or (`pending`) the one-pass
    /// import, whose batches count nowhere until it is committed. Once a pending batch has a bad row (and
    /// --skip-bad is not given) the rest of the file is only checked, to name every bad row (the one batch already
    /// on its way then is stored, and taken back with the import). `onImport` learns the import's id as soon as
    /// goald names it, so that a failure later can take it back.
    private func send(
        headerLine: Int, dryRun: Bool, pending: Bool = false, onImport: (Int64) -> Void = { _ in }
    ) throws -> Pass {
        var pass = Pass()
        var importID: Int64?
        var staging: Int64?
        var checkOnly = dryRun
        // Rows alike in every byte are numbered across the file's batches: two identical journeys in a file without
        // ids are two trips, and the same file (or a later one holding the same rows) gives the same ids again.
        let occurrences = CSVBatches.Occurrences()
        var derivedIDs: Bool?
        var batcher = CSVBatches.Batcher(
            rowsPerBatch: options.rowsPerBatch, headerLine: headerLine, occurrences: occurrences)
        var answers = 0
        var inFlight: GoalConnection.PendingCall<AddTripsResponse>?
        observer?.passBegins(dryRun ? "checking" : "importing")
        func post(_ batch: CSVBatches.Batch) throws {
            // The check before an import needs the bad rows only, not which trips are stored already.
            let request = AddTripsRequest(
                csv: batch.text, firstLine: batch.firstLine, dryRun: checkOnly,
                skipBad: options.skipBad, source: options.source,
                countPresent: checkOnly && !options.dryRun ? false : nil, columns: options.columns,
                import: checkOnly && !pending ? nil : importID, profile: options.profile,
                // A dry run of a replacement counts as present only what the replaced import does not hold.
                replace: checkOnly && !options.dryRun ? nil : options.replace, staging: staging,
                pending: pending ? true : nil, allowLong: options.allowLong ? true : nil,
                unit: options.unit,
                // The first batch is numbered by goald itself; the later ones once goald said the file has no ids.
                occurrences: derivedIDs == true && !batch.occurrences.isEmpty ? batch.occurrences : nil)
            // The first answer names the import (or stage) that the other batches join; after it, each batch is
            // sent before the answer to the one before is read, so goald parses one while it stores the other.
            guard answers > 0 else {
                absorb(try client.call(GoalRPC.addTrips, request, timeout: options.timeout))
                return
            }
            let call = try client.begin(GoalRPC.addTrips, request, timeout: options.timeout)
            if let previous = inFlight {
                inFlight = nil
                absorb(try client.finish(previous))
            }
            inFlight = call
        }
        func absorb(_ answer: AddTripsResponse) {
            answers += 1
            if derivedIDs == nil {
                derivedIDs = answer.derivedIds == true
                if answer.derivedIds != true { occurrences.stop() }
            }
            // A batch with bad rows is not stored (ids stored already with other data are said, not bad).
            if pending, !options.skipBad, !answer.committed, answer.rejectedCount > 0 {
                checkOnly = true
                pass.badRows = true
            }
            // The file's batches make one import (or one stage): the first answer names it.
            if importID == nil, let id = answer.import {
                importID = id
                onImport(id)
            }
            if staging == nil, let id = answer.staging { staging = id }
            pass.total.absorb(answer, import: importID, staging: staging)
        }
        try chunks { chunk in
            try batcher.feed(chunk, emit: post)
            observer?.advanced(bytes: chunk.count, rows: batcher.rows)
        }
        try batcher.finish(emit: post)
        if let last = inFlight { absorb(try client.finish(last)) }
        observer?.passEnds()
        if !batcher.longRows.isEmpty, !options.skipBad { pass.badRows = true }  // goalctl's own row errors
        pass.total.rejected += batcher.longRows.map { line in
            RowProblemMessage(
                line: line, column: nil, message: "the row is longer than \(CSVBatches.maxRowBytes) bytes: not a trip")
        }
        pass.total.rejected.sort { $0.line < $1.line }
        return pass
    }

    /// One pass: goald checks and stores each batch as it comes, and the import counts only when it is committed,
    /// all of it at once, durably; a bad row takes the whole import back, and so does any failure on the way (best
    /// effort: goald takes back what is left at its next start, or when another import begins an hour later).
    private func importOnce(headerLine: Int) throws -> Outcome {
        var begun: Int64?
        func discard() {
            if let id = begun {
                _ = try? client.call(GoalRPC.discardImport, PendingImportRequest(import: id), timeout: options.timeout)
            }
        }
        var pass: Pass
        do {
            pass = try send(headerLine: headerLine, dryRun: false, pending: true) { begun = $0 }
        } catch {
            discard()
            throw error
        }
        pass.total.committed = false
        if pass.badRows {
            discard()
            pass.total.import = nil
            return .refused(pass.total)
        }
        if let id = pass.total.import {
            let committed: CommitImportResponse
            do {
                committed = try client.call(
                    GoalRPC.commitImport, CommitImportRequest(import: id, completeThrough: options.completeThrough),
                    timeout: options.timeout)
            } catch {
                discard()
                throw error
            }
            pass.total.added = committed.added
            pass.total.alreadyPresent = committed.alreadyPresent
            pass.total.committed = true
        }
        return .imported(pass.total)
    }
}

extension AddTripsResponse {
    /// Rows rejected, listed or not.
    package var rejectedCount: Int { rejected.count + (rejectedNotListed ?? 0) }

    /// Adds an answer's rows rejected and not listed to these.
    mutating func countNotListed(_ more: Int?) {
        if let more { rejectedNotListed = (rejectedNotListed ?? 0) + more }
    }

    /// Adds one batch's answer to the file's total so far.
    mutating func absorb(_ answer: AddTripsResponse, import importID: Int64?, staging: Int64?) {
        self.import = importID
        self.staging = staging
        staged = (staged ?? 0) + (answer.staged ?? 0)
        added += answer.added
        alreadyPresent += answer.alreadyPresent
        valid = (valid ?? 0) + (answer.valid ?? (answer.added + answer.alreadyPresent))
        rejected += answer.rejected
        countNotListed(answer.rejectedNotListed)
        committed = committed || answer.committed
        ignoredColumns = answer.ignoredColumns
        repeated = (repeated ?? 0) + (answer.repeated ?? 0)
        if let excluded = answer.excluded { self.excluded = (self.excluded ?? 0) + excluded }
        derivedIds = answer.derivedIds
    }
}
