import Foundation
import GRDB
import GoalCLI
import GoalClient
import GoalDomain
import GoalProtocol
import GoalServer
import GoalStore
import GoalTestSupport
import Testing

/// Business travel through goalctl against a real goald.
@Suite struct TravelDaemonTests {
    static let csv = """
        id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek
        A1,2020-02-10,rail,500,2,,,
        A2,2020-10-01,flight_long_haul,5000,2,,,
        B1,2024-03-10,rail,1000,1,,,
        B2,2024-10-01,flight_long_haul,8000,1,,,
        B3,2024-05-05,flight,1200,1,,99.5,

        """

    func goalctl(_ daemon: some Goald, _ arguments: [String]) throws -> ProcessOutcome {
        try daemon.goalctl(arguments)
    }

    func write(_ text: String, in daemon: some Goald, name: String = "trips.csv") throws -> String {
        let path = daemon.directory.file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func reduction(_ daemon: some Goald, _ extra: [String] = []) throws -> ReductionMessage {
        let outcome = try goalctl(daemon, ["travel", "reduction", "--json", "--year", "2024"] + extra)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try JSONDecoder().decode(ReductionMessage.self, from: Data(outcome.stdout.utf8))
    }

    @Test func importThenReductionMatchesTheHandComputation() async throws {
        try await inProcess { daemon in
            let file = try write(Self.csv, in: daemon)
            let imported = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", file])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout == "added 5, already present 0, rejected 0\n")

            let answer = try reduction(daemon)
            // 2020 with desnz-2020: rail 1000 pkm × 0.03694 = 36.94;
            //   long-haul 10000 pkm × 0.19085 = 1908.5 → 1945.44
            // 2024 with desnz-2024: rail 1000 × 0.03546 = 35.46; long-haul 8000 × 0.26128 = 2090.24;
            //   reported 99.5 → 2225.20
            #expect(abs(answer.asReported.baselineKgCO2e - 1945.44) < 1e-6)
            #expect(abs(answer.asReported.currentKgCO2e - 2225.20) < 1e-6)
            #expect(abs(answer.asReported.reductionPercent! - (1945.44 - 2225.20) / 1945.44 * 100) < 1e-9)
            // Like for like with desnz-2024: 2020 = 35.46 + 10000 × 0.26128 = 2648.26; 2024 computes the reported
            // short-haul flight from its 1200 km too (× 0.18592 = 223.104): 35.46 + 2090.24 + 223.104 = 2348.804
            #expect(answer.likeForLike.factorSet == "desnz-2024")
            #expect(abs(answer.likeForLike.baselineKgCO2e - 2648.26) < 1e-6)
            #expect(abs(answer.likeForLike.currentKgCO2e - 2348.804) < 1e-6)
            #expect(abs(answer.likeForLike.reductionPercent! - (2648.26 - 2348.804) / 2648.26 * 100) < 1e-9)
            #expect(answer.current.kgCO2eLikeForLikeAsReported == 0, "the reported flight has a distance")
            #expect(answer.baseline.trips == 2 && answer.current.trips == 3)

            // The same file again adds nothing and changes nothing.
            let again = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", file])
            #expect(again.stdout == "added 0, already present 5, rejected 0\n")
            #expect(try reduction(daemon) == answer)

            // Year to date at the interim report: January to August of both years.
            let interim = try reduction(daemon, ["--through", "2024-08-31"])
            #expect(
                interim.baseline.through == "2020-08-31" && interim.baseline.trips == 1 && interim.current.trips == 2)

            // One named set for both years in the like-for-like figure.
            let with2020 = try reduction(daemon, ["--factors", "desnz-2020"])
            #expect(with2020.likeForLike.factorSet == "desnz-2020")
            #expect(abs(with2020.likeForLike.currentKgCO2e - (36.94 + 8000 * 0.19085 + 1200 * 0.15553)) < 1e-6)
        }
    }

    /// A file whose rows are all stored already with other data: goald lists what fits in its answers and counts
    /// the rest, and goalctl says how many it was not told of (here with 64 KiB frames, so 500-row batches show it).
    @Test func problemsBeyondAnAnswersRoomAreCountedAndSaid() async throws {
        try await inProcess({ $0.maxFrameLength = 65536 }) { daemon in
            func file(distance: Int) -> String {
                "id,date,mode,distance_km\n"
                    + (0..<600).map { "K\($0),2024-03-0\($0 % 9 + 1),rail,\(distance)\n" }.joined()
            }
            let first = try goalctl(
                daemon,
                [
                    "travel", "import", "--unit", "Regional utveckling", "--batch-size", "500",
                    write(file(distance: 10), in: daemon, name: "a.csv"),
                ])
            #expect(first.status == 0, "\(first.stderr)")
            let again = try goalctl(
                daemon,
                [
                    "travel", "import", "--unit", "Regional utveckling", "--batch-size", "500",
                    write(file(distance: 11), in: daemon, name: "b.csv"),
                ])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("added 0, already present 0, rejected 600"), "\(again.stdout)")
            let listed = again.stderr.split(separator: "\n").filter { $0.contains("is stored already with other data") }
                .count
            #expect(listed > 50 && listed < 600)
            #expect(
                again.stderr.contains("\(600 - listed) more rows rejected, not listed"), "\(again.stderr.suffix(400))")
        }
    }

    /// `goalctl travel explain` and `Travel/ExplainReduction` over the hand-computed file: as reported the footprint
    /// rose 2225.20 − 1945.44 = 279.76 kg; like for like it fell 2348.804 − 2648.26 = −299.456 kg, so the new
    /// factor sets alone added 279.76 + 299.456 = 579.216 kg.
    @Test func explainSplitsTheChange() async throws {
        try await inProcess { daemon in
            _ = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", try write(Self.csv, in: daemon)])
            let outcome = try goalctl(daemon, ["travel", "explain", "--json", "--year", "2024"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let explanation = try JSONDecoder().decode(ExplanationMessage.self, from: Data(outcome.stdout.utf8))
            #expect(abs(explanation.changeKgCO2e - 279.76) < 1e-6)
            #expect(abs(explanation.effects.map(\.kgCO2e).reduce(0, +) - 279.76) < 1e-6)
            let byName = Dictionary(uniqueKeysWithValues: explanation.effects.map { ($0.effect, $0.kgCO2e) })
            #expect(abs(byName["factorRevision"]! - 579.216) < 1e-6)
            #expect(
                abs(
                    byName["activity"]! + byName["modeMix"]! + byName["intensity"]! + byName["supplierFigures"]!
                        - (-299.456)) < 1e-6)
            #expect(
                explanation.effects.map { abs($0.kgCO2e) } == explanation.effects.map { abs($0.kgCO2e) }.sorted(by: >))
            #expect(explanation.method == "LMDI-I" && explanation.likeForLikeFactorSet == "desnz-2024")
            #expect(explanation.byMode.map(\.mode) == ["flight_short_haul", "flight_long_haul", "rail"])

            let text = try goalctl(daemon, ["travel", "explain", "--year", "2024"])
            #expect(text.status == 0 && text.stdout.contains("of the 14,4 % rise"), "\(text.stdout)")
            #expect(text.stdout.contains("factor revision (new factor sets)"))
            let direct = try daemon.connect().call(
                GoalRPC.explainReduction, GetReductionRequest(year: 2024, through: "2024-08-31"))
            #expect(
                direct.baseline.through == "2020-08-31"
                    && abs(direct.effects.map(\.kgCO2e).reduce(0, +) - direct.changeKgCO2e) < 1e-9)
            let noUnit = try goalctl(daemon, ["travel", "explain", "--unit", "Nowhere"])
            #expect(noUnit.status == 1 && noUnit.stderr.contains("NOT_FOUND: unit: no trips of \"Nowhere\""))
        }
    }

    @Test func indicator5641TakesItsValueFromTheTrips() async throws {
        try await inProcess { daemon in
            _ = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", try write(Self.csv, in: daemon)])
            let connection = try daemon.connect()
            let status = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
            let indicator = try #require(
                status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.6.4.1" })
            #expect(indicator.derived)
            // like for like, rounded to two decimals: (2648.26 − 2348.804) / 2648.26 × 100 = 11.307… → 11.31
            #expect(indicator.value == .number(11.31))
            #expect(indicator.status == "targetPending")

            _ = try connection.call(
                GoalRPC.setTarget,
                SetTargetRequest(
                    indicator: "5.6.4.1", value: .number(20),
                    from: "2024-interim", reason: "beslut"))
            let judged = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
            #expect(judged.notMet.contains("5.6.4.1"))

            let interim = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-interim"))
            let interimValue = interim.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first {
                $0.number == "5.6.4.1"
            }?.value
            // Jan–Aug: 2020 rail 1000 pkm × 0.03546 = 35.46;
            //   2024 rail 35.46 + the flight's 1200 km × 0.18592 = 258.564
            #expect(interimValue == .number(((35.46 - 258.564) / 35.46 * 10000).rounded() / 100))

            #expect {
                try connection.call(
                    GoalRPC.recordMeasurement,
                    RecordMeasurementRequest(
                        indicator: "5.6.4.1", period: "2024-annual", value: .number(12)))
            } throws: { error in
                (error as? RPCError)?.code == .failedPrecondition
            }
        }
    }

    /// 2024's trips stop on 1 October: 2024-annual is provisional, both years compared to 1 October, everywhere it
    /// is shown, until an import declares the data complete through 31 December.
    @Test func aYearWhoseTripsStopEarlyIsProvisionalUntilDeclaredComplete() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        // A 2020 trip after 1 October: the whole-year baseline differs from the one to 1 October.
        let file = try write(Self.csv + "A3,2020-11-05,rail,1000,1,,,\n", in: daemon)
        #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", file]).status == 0)
        let connection = try daemon.connect()
        func derived() throws -> IndicatorStatusMessage {
            let status = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-annual"))
            return try #require(
                status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.6.4.1" })
        }
        // To 1 October, like for like (desnz-2024): 2020 = 2648.26 (A3 left out), 2024 = 2348.804 → 11.31
        let provisional = try derived()
        #expect(provisional.provisionalThrough == "2024-10-01" && provisional.value == .number(11.31))
        let reduction = try connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024))
        #expect(
            reduction.provisionalThrough == "2024-10-01" && reduction.current.through == "2024-10-01"
                && reduction.baseline.through == "2020-10-01")
        #expect(
            try connection.call(GoalRPC.explainReduction, GetReductionRequest(year: 2024)).provisionalThrough
                == "2024-10-01")
        let history = try connection.call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.4.1"))
        #expect(history.measurements.first { $0.period == "2024-annual" }?.provisionalThrough == "2024-10-01")
        #expect(
            try connection.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.6.4.1")).provisionalThrough
                == "2024-10-01", "the latest period with a derived value is provisional")
        // The interim period ended on 31 August and goald holds a later trip: it is complete.
        let interim = try connection.call(GoalRPC.getStatus, GetStatusRequest(period: "2024-interim"))
        #expect(
            interim.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first { $0.number == "5.6.4.1" }?
                .provisionalThrough == nil)
        let table = try goalctl(daemon, ["status", "--period", "2024-annual"]).stdout
        #expect(
            table.contains("target pending (provisional)")
                && table.contains("provisional, through 1 Oct 2024: trips are known that far"),
            "\(table)")
        let swedishTable = try goalctl(daemon, ["status", "--period", "2024-annual", "--lang", "sv"]).stdout
        #expect(
            swedishTable.contains("preliminärt, t.o.m. 1 okt 2024: resorna är kända så långt"), "\(swedishTable)")
        let values = try goalctl(daemon, ["indicator", "5.6.4.1", "--lang", "en"]).stdout
        #expect(values.contains("derived by goald, provisional, through 1 Oct 2024"), "\(values)")
        let historyEn = try goalctl(daemon, ["history", "5.6.4.1", "--lang", "en"]).stdout
        let historySv = try goalctl(daemon, ["history", "5.6.4.1", "--lang", "sv"]).stdout
        #expect(historyEn.contains("provisional, through 1 Oct 2024 (from 1 January"), "\(historyEn)")
        #expect(historySv.contains("preliminärt, t.o.m. 1 okt 2024 (samma dagar båda åren)"), "\(historySv)")
        let csv = try goalctl(daemon, ["report", "--period", "2024-annual", "--format", "csv", "--output", "-"]).stdout
        let row = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("2024-annual;indikator;5.6.4.1;") })
        #expect(row.hasSuffix(";2024-10-01;UTKAST"), "the CSV's provisional column: \(row)")
        #expect(
            try goalctl(daemon, ["travel", "reduction", "--year", "2024"]).stdout
                .contains("PROVISIONAL: 2024's trips are known only through 2024-10-01"))
        let report = daemon.directory.file("r.html")
        #expect(try goalctl(daemon, ["report", "--period", "2024-annual", "--output", report]).status == 0)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(
            html.contains("preliminärt, t.o.m. 1 okt 2024")
                && html.contains("Preliminärt: 2024 har resor t.o.m. 1 okt 2024"))

        // A day that has not come cannot be declared; the import is taken back.
        let future = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", file, "--complete-through", "2999-12-31"])
        #expect(
            future.status == 1 && future.stderr.contains("completeThrough: 2999-12-31 is after today"),
            "\(future.stderr)")
        // The same file again (it adds nothing), declared complete through the year's end: final, whole years.
        let declared = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", file, "--complete-through", "2024-12-31"])
        #expect(declared.status == 0, "\(declared.stderr)")
        // Whole years: 2020 = 2648.26 + 1000 × 0.03546 = 2683.72 → (2683.72 − 2348.804) / 2683.72 → 12.48
        let final = try derived()
        #expect(final.provisionalThrough == nil && final.value == .number(12.48), "\(final)")
        #expect(
            try connection.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.6.4.1")).provisionalThrough == nil)
        let imports = try connection.call(GoalRPC.listImports, ListImportsRequest())
        let declaring = try #require(imports.imports.last)
        #expect(declaring.completeThrough == "2024-12-31")
        #expect(try goalctl(daemon, ["travel", "imports"]).stdout.contains("2024-12-31"))

        // The declaration survives a restart, and goes with its import.
        _ = daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let again = try restarted.connect()
        #expect(try again.call(GoalRPC.getReduction, GetReductionRequest(year: 2024)).provisionalThrough == nil)
        #expect(
            try goalctl(restarted, ["travel", "remove", "--import", "\(declaring.id)", "--reason", "fel"]).status == 0)
        #expect(
            try again.call(GoalRPC.getReduction, GetReductionRequest(year: 2024)).provisionalThrough == "2024-10-01")
    }

    @Test func aBadRowAddsNothingUnlessSkipped() async throws {
        try await inProcess { daemon in
            let file = try write(
                Self.csv + "C1,2024-13-01,rail,10,,,,\nC2,2024-01-02,zeppelin,10,,,,\nC3,2024-01-03,rail,-4,,,,\n",
                in: daemon)
            let refused = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", file])
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("\(file):7: column date: \"2024-13-01\" is not a date"))
            #expect(refused.stderr.contains("\(file):8: column mode: unknown mode \"zeppelin\""))
            #expect(refused.stderr.contains("\(file):9: column distance_km: must not be negative, found -4"))
            #expect(refused.stdout.contains("3 bad rows: nothing added"))
            let footprint = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024))
            #expect(footprint.total.trips == 0)

            let skipped = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", "--skip-bad", file])
            #expect(skipped.status == 0)
            #expect(skipped.stdout == "added 5, already present 0, rejected 3\n")
            #expect(try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024)).total.trips == 3)
        }
    }

    @Test func linesAreTheFilesAcrossBatches() async throws {
        try await inProcess { daemon in
            var text = "id,date,mode,distance_km\r\n"
            for n in 1...25 { text += "T\(n),2024-02-\(String(format: "%02d", n)),tåg,\"1\(n),5\"\r\n" }
            text += "\"T26\nwith a line break\",2024-02-26,rail,oops\r\n"
            let file = try write("\u{FEFF}" + text, in: daemon)
            let outcome = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "4", file])
            #expect(outcome.status == 65)
            #expect(outcome.stderr.contains("\(file):27: column distance_km: \"oops\" is not a number"))
            let skipped = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "4", "--skip-bad", file])
            #expect(skipped.stdout == "added 25, already present 0, rejected 1\n")
            let footprint = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024))
            // distances 11,5 … 125,5 km: Σ (10n + 1.5 + …)
            //   = Σ_{n=1}^{9} (10 + n + 0.5) + Σ_{n=10}^{25} (100 + n + 0.5)
            let expected = (1...25).map { Double("1\($0).5")! }.reduce(0, +)
            #expect(abs(footprint.total.passengerKm - expected) < 1e-9)
        }
    }

    @Test func aCheckOfTheRowsOnlyDoesNotLookUpStoredTrips() async throws {
        try await inProcess { daemon in
            let connection = try daemon.connect()
            _ = try connection.call(GoalRPC.addTrips, AddTripsRequest(csv: Self.csv, unit: "Regional utveckling"))
            let counted = try connection.call(
                GoalRPC.addTrips, AddTripsRequest(csv: Self.csv, dryRun: true, unit: "Regional utveckling"))
            #expect(counted.added == 0 && counted.alreadyPresent == 5 && !counted.committed)
            let rowsOnly = try connection.call(
                GoalRPC.addTrips,
                AddTripsRequest(
                    csv: Self.csv + "X,2024-13-01,rail,1\n",
                    dryRun: true, countPresent: false, unit: "Regional utveckling"))
            // A bad row without skipBad: the batch would store nothing; `valid` counts its good rows.
            #expect(
                rowsOnly.added == 0 && rowsOnly.valid == 5 && rowsOnly.alreadyPresent == 0
                    && rowsOnly.rejected.count == 1 && !rowsOnly.committed)
            let skipping = try connection.call(
                GoalRPC.addTrips,
                AddTripsRequest(
                    csv: Self.csv + "X,2024-13-01,rail,1\n", dryRun: true, skipBad: true, countPresent: false,
                    unit: "Regional utveckling"))
            #expect(skipping.added == 5 && skipping.rejected.count == 1, "with skipBad the good rows would be added")
            #expect(try connection.call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024)).total.trips == 3)
        }
    }

    @Test func batchesKeepWholeRecordsTheirLinesAndAByteBound() {
        var text = "id,date,mode,distance_km,unit\r\n"
        var rows: [String] = []
        for n in 1...3000 {
            let unit = n % 7 == 0 ? "\"Unit\nwith a break\"" : String(repeating: "u", count: 900)
            rows.append("T\(n),2024-01-01,rail,1,\(unit)")
        }
        text += rows.joined(separator: "\r\n") + "\r\n"
        let batches = CSVBatches.split(Array(text.utf8), rowsPerBatch: 20000)
        #expect(batches.count > 1)
        var seen: [String] = []
        var expectedLine = 1
        for batch in batches {
            #expect(batch.text.utf8.count <= CSVBatches.maxBatchBytes + 1000)
            #expect(batch.text.hasPrefix("id,date,mode,distance_km,unit\n"))
            #expect(batch.firstLine == expectedLine)
            let body = batch.text.dropFirst("id,date,mode,distance_km,unit\n".count)
            let records = body.split(separator: "\n", omittingEmptySubsequences: true)
            // Rejoin the quoted line breaks to count records as the server does.
            var count = 0
            var open = false
            for piece in records {
                if !open { count += 1 }
                if piece.filter({ $0 == "\"" }).count % 2 == 1 { open.toggle() }
            }
            seen.append(contentsOf: Array(repeating: "", count: count))
            expectedLine += body.filter { $0 == "\n" }.count
        }
        #expect(seen.count == 3000)
        #expect(CSVBatches.split(Array(text.utf8), rowsPerBatch: 500).count >= 6)
    }

    @Test func failBelowGivesScriptsAnExitStatus() async throws {
        try await inProcess { daemon in
            _ = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", try write(Self.csv, in: daemon)])
            #expect(try goalctl(daemon, ["travel", "reduction", "--year", "2024", "--fail-below", "10"]).status == 0)
            let failed = try goalctl(daemon, ["travel", "reduction", "--year", "2024", "--fail-below", "20"])
            #expect(failed.status == 2)
            #expect(failed.stderr.contains("the like-for-like reduction is 11,3 %, below 20,0 %"))
            #expect(
                try goalctl(
                    daemon,
                    [
                        "travel", "reduction", "--year", "2024", "--fail-below", "0",
                        "--method", "as-reported",
                    ]
                ).status == 2)
            let noUnit = try goalctl(daemon, ["travel", "reduction", "--unit", "Nowhere"])
            #expect(noUnit.status == 1 && noUnit.stderr.contains("NOT_FOUND: unit: no trips of \"Nowhere\""))
        }
    }

    @Test func figuresSurviveKill9AndEqualARecomputationFromTheStoredTrips() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        let sample = try String(contentsOfFile: Self.samplePath, encoding: .utf8)
        let file = try write(sample, in: daemon)
        #expect(
            try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "700", file])
                .status == 0)
        let before = try reduction(daemon, ["--unit", "Regional utveckling"])
        daemon.stop(signal: SIGKILL)

        // Recompute from the trips the store holds, with the domain alone.
        do {
            let store = try GoalStore(stateDirectory: daemon.directory.file("state"))
            var accounts = TravelAccounts(library: try FactorLibrary())
            let trips = try store.allTrips()
            #expect(trips.count == 5400)
            for trip in trips { accounts.add(trip) }
            let recomputed = try accounts.reduction(
                year: 2024, baseline: 2020, unit: "Regional utveckling",
                through: nil, factors: nil)
            #expect(abs(recomputed.baseline.kg - before.asReported.baselineKgCO2e) < 1e-6)
            #expect(abs(recomputed.current.kgLikeForLike - before.likeForLike.currentKgCO2e) < 1e-6)
            #expect(recomputed.current.trips == before.current.trips)
        }

        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let after = try reduction(restarted, ["--unit", "Regional utveckling"])
        #expect(after.current.trips == before.current.trips)
        #expect(abs(after.likeForLike.reductionPercent! - before.likeForLike.reductionPercent!) < 1e-9)
    }

    @Test func factorSetsLoadFromAFolderAndThePrivateCarFactorIsConfigured() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.file("factors")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A made-up set for 2024 with every factor 0.1, so the arithmetic is plain.
        var factors: [String] = []
        for mode in TravelMode.allCases {
            factors.append(
                "\"\(mode.rawValue)\": {\"kgCO2ePerUnit\": 0.1, "
                    + "\"unit\": \"\(mode.isPerVehicle ? "vehicle-km" : "passenger-km")\"}"
            )
        }
        let set = """
            {"format": "goald.factors/1", "name": "test-2024", "year": 2024, "title": "Test set", "source": "a test",
             "url": "https://example.invalid/", "radiativeForcing": {"included": false},
             "factors": {\(factors.joined(separator: ", "))}}
            """
        try Data(set.utf8).write(to: URL(fileURLWithPath: folder + "/test-2024.json"))
        let daemon = try TestDaemon(
            arguments: ["--factors-dir", folder, "--private-car-factor", "0.2"], directory: directory)
        defer { daemon.cleanUp() }
        let connection = try daemon.connect()
        let sets = try connection.call(GoalRPC.listFactorSets, Empty())
        #expect(sets.sets.map(\.name).contains("test-2024"))
        #expect(sets.sets.first { $0.name == "test-2024" }?.loaded == true)
        #expect(sets.privateCarKgPerKm == 0.2)

        let file = try write(
            "id,date,mode,distance_km,travellers\nX,2024-04-01,rail,100,2\nY,2024-04-02,car_private,50,3\n", in: daemon)
        #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", file]).status == 0)
        let footprint = try connection.call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024))
        // The loaded set takes 2024: rail 200 pkm × 0.1 = 20; the private car 50 vkm × 0.2 (configured) = 10
        #expect(footprint.factorSets.first?.factorSet == "test-2024")
        #expect(abs(footprint.total.kgCO2e - 30) < 1e-9)

        // A bad factor file stops goald with the file and the problem named.
        try Data("{\"format\": \"goald.factors/1\"}".utf8).write(to: URL(fileURLWithPath: folder + "/broken.json"))
        let refused = try runProduct(
            "goald",
            [
                "--factors-dir", folder, "--socket", directory.file("s2"),
                "--state-dir", directory.file("state2"),
            ])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("\(folder)/broken.json is not a valid goald.factors/1 factor set"))
    }

    /// The synthetic sample shipped for `make run`.
    static var samplePath: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1,
            !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("docs/samples/synthetic-trips-2019-2025.csv").path
    }

    @Test func aStoreFromTheFollowUpOnlyGoaldIsMigrated() throws {
        let directory = try TemporaryDirectory()
        let state = directory.file("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        do {
            // A store as the goald before the travel schema left it: v1 only, with one measurement.
            let queue = try DatabaseQueue(path: state + "/goald.sqlite")
            try queue.write { try $0.execute(sql: "PRAGMA application_id = \(GoalStore.applicationID)") }
            try GoalStore.migrator.migrate(queue, upTo: "v1-follow-up")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO measurement (seq, indicator, period, value_kind, number, recorded_at, recorded_by)
                        VALUES (1, '5.6.3.1', '2024-annual', 'number', 2.5, 1700000000, 'anna')
                        """)
            }
        }
        let daemon = try TestDaemon(directory: directory)
        defer { daemon.cleanUp() }
        let history = try daemon.connect().call(GoalRPC.listMeasurements, ListMeasurementsRequest(indicator: "5.6.3.1"))
        #expect(history.measurements.map(\.recordedBy) == ["anna"])
        #expect(
            try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", try write(Self.csv, in: daemon)])
                .status == 0)
    }
}
