import Foundation
import GoalCLI
import GoalClient
import GoalDomain
import GoalProtocol
import GoalTestSupport
import Testing

/// `goalctl travel import` with files as Swedish offices save them, checked against hand-computed figures.
@Suite struct SwedishImportTests {
    func goalctl(_ daemon: some Goald, _ arguments: [String]) throws -> ProcessOutcome {
        try daemon.goalctl(arguments)
    }

    /// Text as Windows-1252 bytes (every character here is in Latin-1).
    func windows1252(_ text: String) -> Data {
        Data(text.unicodeScalars.map { UInt8($0.value) })
    }

    @Test func aPlainExcelCSVInWindows1252WithMilAndNoID() async throws {
        try await inProcess { daemon in
            let path = daemon.directory.file("resor.csv")
            try windows1252(
                """
                Datum;Färdsätt;Sträcka (mil);Antal resenärer;Enhet;Kostnad (kr)\r
                2024-03-04;Tåg;32,5;2;Regional utveckling;1 250,50\r
                2024-03-05;Hyrbil;12;1;Regional utveckling;900\r
                2024-05-02;tåg;8,5;3;Regional utveckling;\r
                2024-05-02;tåg;8,5;3;Regional utveckling;\r

                """
            ).write(to: URL(fileURLWithPath: path))
            let imported = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stderr.contains("read as Windows-1252"), "\(imported.stderr)")
            #expect(
                imported.stderr.contains("no id column") && imported.stderr.contains("two identical rows are two trips")
            )
            #expect(imported.stdout.contains("added 4, already present 0, rejected 0"), "\(imported.stdout)")
            let again = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
            #expect(
                again.stdout.contains("added 0, already present 4"), "importing again adds nothing: \(again.stdout)")

            let footprint = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "mode"))
            let byMode = Dictionary(uniqueKeysWithValues: footprint.groups.map { ($0.key, $0) })
            // By hand: rail 325 km × 2 + 85 km × 3 twice (two identical journeys) = 1160 passenger-km in 3 trips;
            // the rental car 120 km.
            #expect(byMode["rail"]?.trips == 3 && byMode["rail"]?.passengerKm == 1160)
            #expect(byMode["car_private"]?.trips == 1 && byMode["car_private"]?.passengerKm == 120)
            #expect(footprint.total.costSek == 2150.5)
        }
    }

    /// Identical rows of a file without ids in different batches: each keeps its place in the whole file, so the
    /// file counts each journey once whatever its batches, again adds nothing, and a later cumulative export adds
    /// only its new rows.
    @Test func identicalRowsAcrossBatchesAreNumberedInTheFile() async throws {
        try await inProcess { daemon in
            let header = "Datum;Färdsätt;Sträcka (km);Enhet\n"
            let same = "2024-05-02;Tåg;85;Regional utveckling\n"
            let other = "2024-05-03;Buss;12;Regional utveckling\n"
            let path = daemon.directory.file("resor.csv")
            func importFile(_ text: String, batchSize: Int) throws -> String {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                let run = try goalctl(daemon, ["travel", "import", "--batch-size", "\(batchSize)", path])
                #expect(run.status == 0, "\(run.stderr)")
                return run.stdout
            }
            #expect(
                try importFile(header + same + other + same + same, batchSize: 1).contains("added 4, already present 0")
            )
            // Batches of another size, or the whole file in one: the same ids.
            #expect(
                try importFile(header + same + other + same + same, batchSize: 2).contains("added 0, already present 4")
            )
            #expect(
                try importFile(header + same + other + same + same, batchSize: 100).contains(
                    "added 0, already present 4"))
            // A cumulative export: the same rows, a fourth identical journey and a new one.
            let cumulative = header + same + other + same + same + "2024-06-01;Tåg;40;Regional utveckling\n" + same
            #expect(try importFile(cumulative, batchSize: 1).contains("added 2, already present 4"))
            let footprint = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "mode"))
            #expect(footprint.groups.first { $0.key == "rail" }?.trips == 5)

            // The wire: a client that numbers the rows itself; a file with ids or a line that is no row is refused.
            let client = try daemon.connect()
            let numbered = try client.call(
                GoalRPC.addTrips,
                AddTripsRequest(csv: header + same, firstLine: 10, dryRun: true, occurrences: [[11, 5]]))
            #expect(numbered.added == 1 && numbered.alreadyPresent == 0, "the fifth such row is new")
            let shown = try client.call(
                GoalRPC.addTrips,
                AddTripsRequest(csv: header + same, firstLine: 10, dryRun: true, occurrences: [[11, 4]]))
            #expect(shown.added == 0 && shown.alreadyPresent == 1, "the fourth is stored")
            for (csv, occurrences, words) in [
                ("id,date,mode,distance_km,unit\nA,2024-05-02,rail,85,X\n", [[11, 2]], "the file has an id column"),
                (header + same, [[12, 2]], "line 12 starts no row"), (header + same, [[11, 0]], "occurrence 0"),
                (header + same, [[11]], "a pair"), (header + same, [[10, 2]], "not after the header"),
            ] {
                do {
                    _ = try client.call(
                        GoalRPC.addTrips,
                        AddTripsRequest(csv: csv, firstLine: 10, dryRun: true, occurrences: occurrences))
                    Issue.record("accepted \(occurrences)")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument && error.message.contains(words), "\(error.message)")
                    #expect(error.details?["field"]?.contains("occurrences") == true, "\(error)")
                }
            }
        }
    }

    /// A Swedish Excel CSV as it is saved: a title and the export date above the header, date-time cells, the
    /// `;;;;` rows Excel leaves at the end; a bad row is named by the file's header, and the hint counts the good rows.
    @Test func anExcelCSVWithATitleAndTrailingSeparatorRowsImports() async throws {
        try await inProcess { daemon in
            let path = daemon.directory.file("export.csv")
            let rows =
                "Tjänsteresor Regional utveckling 2025;;;;\r\nUttag 2026-01-10;;;;\r\n;;;;\r\n"
                + "Datum;Färdsätt;Sträcka (mil);Antal resenärer;Enhet\r\n"
                + (1...13).map { "2025-02-\(String(format: "%02d", $0)) 00:00;Tåg;30,5;1;Regional utveckling\r\n" }
                .joined()
            try windows1252(rows + "2025-03-01 08:30;Flyg;abc;1;Regional utveckling\r\n;;;;\r\n;;;;\r\n")
                .write(to: URL(fileURLWithPath: path))
            let refused = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
            #expect(refused.status == 65, "\(refused.stderr)")
            #expect(refused.stderr.contains("note: the header is on row 4"), "\(refused.stderr)")
            #expect(
                refused.stderr.contains("export.csv:18: column Sträcka (mil) [distance_mil]: \"abc\" is not a number"),
                "\(refused.stderr)")
            #expect(
                refused.stdout.contains(
                    "1 bad row: nothing added (fix it, or use --skip-bad to add the 13 good rows)"),
                "\(refused.stdout)")
            try windows1252(rows + ";;;;\r\n;;;;\r\n").write(to: URL(fileURLWithPath: path))
            let imported = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
            #expect(
                imported.status == 0 && imported.stdout.contains("added 13, already present 0, rejected 0"),
                "\(imported.stdout)\(imported.stderr)")
            // --header-row names the row; a wrong one says what that row lacks.
            let forced = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", path, "--header-row", "4", "--dry-run"])
            #expect(forced.status == 0 && forced.stdout.contains("would add 0, already present 13"), "\(forced.stdout)")
            let wrong = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", path, "--header-row", "1", "--dry-run"])
            #expect(wrong.status == 65 && wrong.stderr.contains("export.csv:1: the header lacks"), "\(wrong.stderr)")
            #expect(AddTripsRequest.headerSearchRows == TravelCSV.headerSearchRows)
        }
    }

    /// A trip removed by itself stays removed when a cumulative file brings it again, until restored, across kill -9;
    /// a replaced import cannot be replaced again; a dry run of a replacement says what it would remove; a distance
    /// no trip of its mode makes is a row error unless the import allows long trips.
    @Test func correctionsStayMade() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        let january = daemon.directory.file("januari.csv")
        let cumulative = daemon.directory.file("jan-feb.csv")
        let head = "id,date,mode,distance_km,travellers,unit\n"
        try Data(
            (head + "A1,2024-01-10,rail,300,1,Regional utveckling\nA2,2024-01-11,rail,300,1,Regional utveckling\n"
                + "A3,2024-01-12,bus,40,1,Regional utveckling\n").utf8
        ).write(to: URL(fileURLWithPath: january))
        try Data(
            (head + "A1,2024-01-10,rail,300,1,Regional utveckling\nA2,2024-01-11,rail,300,1,Regional utveckling\n"
                + "A3,2024-01-12,bus,40,1,Regional utveckling\nA4,2024-02-02,rail,200,1,Regional utveckling\n").utf8
        )
        .write(to: URL(fileURLWithPath: cumulative))
        #expect(
            try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", january]).stdout.contains(
                "added 3"))
        let removed = try goalctl(
            daemon, ["travel", "remove", "--trip", "Regional utveckling/A2", "--reason", "dubbelbokad"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let again = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", cumulative])
        #expect(again.status == 0 && again.stdout.contains("added 1, already present 2"), "\(again.stdout)")
        #expect(
            again.stderr.contains("note: 1 row is a trip removed earlier with a reason: left out"), "\(again.stderr)")
        let listed = try goalctl(daemon, ["travel", "removals"])
        #expect(
            listed.stdout.contains("Regional utveckling/A2") && listed.stdout.contains("dubbelbokad"),
            "\(listed.stdout)")
        let listedJSON = try goalctl(daemon, ["--json", "travel", "removals"])
        let removals = try JSONDecoder().decode(RemovalsMessage.self, from: Data(listedJSON.stdout.utf8)).removals
        #expect(removals.map(\.id) == ["A2"] && removals.first?.reason == "dubbelbokad", "\(listedJSON.stdout)")

        // Kept out across kill -9, until restored.
        _ = daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        let connection = try restarted.connect()
        #expect(try connection.call(GoalRPC.listRemovals, Empty()).removals.map(\.id) == ["A2"])
        #expect(
            try goalctl(restarted, ["travel", "import", "--unit", "Regional utveckling", cumulative]).stdout.contains(
                "added 0, already present 3"))
        #expect(
            try goalctl(restarted, ["travel", "restore", "--trip", "Regional utveckling/A2"]).stdout
                .hasPrefix("restored Regional utveckling/A2 (removed as \"dubbelbokad\")"))
        #expect(
            try goalctl(restarted, ["travel", "import", "--unit", "Regional utveckling", cumulative]).stdout.contains(
                "added 1, already present 3"))
        #expect {
            try connection.call(GoalRPC.restoreTrip, RestoreTripRequest(unit: "Regional utveckling", id: "A2"))
        } throws: { error in
            (error as? RPCError)?.code == .notFound
        }

        // A replacement: its dry run says what it would remove; an import replaced is not replaced again.
        let imports = try connection.call(GoalRPC.listImports, ListImportsRequest()).imports
        let first = try #require(imports.first?.id)
        #expect(imports.first?.years?.first?.year == 2024 && imports.first?.years?.first?.trips == 3)
        let dry = try goalctl(
            restarted,
            ["travel", "import", "--unit", "Regional utveckling", cumulative, "--replace", "\(first)", "--dry-run"])
        #expect(
            dry.stdout.contains("would remove import #\(first) (januari.csv") && dry.stdout.contains("2024: 3 trips"),
            "\(dry.stdout)")
        // A1 and A3 are the replaced import's (A2 came back with a later import, A4 is another's): they would be
        // added again, as the replacement then says.
        #expect(dry.stdout.contains("would add 2, already present 2, rejected 0"), "\(dry.stdout)")
        let replaced = try goalctl(
            restarted, ["travel", "import", "--unit", "Regional utveckling", january, "--replace", "\(first)"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let twice = try goalctl(
            restarted, ["travel", "import", "--unit", "Regional utveckling", january, "--replace", "\(first)"])
        #expect(
            twice.status == 1
                && twice.stderr.contains(
                    "FAILED_PRECONDITION: replace: import #\(first) was replaced "
                        + "by import #"),
            "\(twice.stderr)")

        // 1 050,5 mil by train: km typed into the mil column.
        let long = daemon.directory.file("lang.csv")
        try Data("Datum;Färdsätt;Sträcka (mil);Enhet\n2024-03-01;Tåg;1050,5;Regional utveckling\n".utf8)
            .write(to: URL(fileURLWithPath: long))
        let implausible = try goalctl(restarted, ["travel", "import", "--unit", "Regional utveckling", long])
        #expect(
            implausible.status == 65
                && implausible.stderr.contains(
                    "column Sträcka (mil) [distance_mil]: 1050,5 mil (10505 km) by rail is more than such a trip "
                        + "plausibly is (2000 km); a distance in km in the mil column?"
                ),
            "\(implausible.stderr)")
        #expect(
            try goalctl(restarted, ["travel", "import", "--unit", "Regional utveckling", long, "--allow-long"]).stdout
                .contains("added 1"))
    }

    /// A row without a unit counts for no unit by default: it is a row error, unless the import names its unit.
    @Test func aRowWithoutAUnitIsARowErrorUnlessTheImportNamesOne() async throws {
        try await inProcess { daemon in
            let path = daemon.directory.file("enheter.csv")
            try Data(
                """
                Datum;Färdsätt;Sträcka (km);Enhet\n2024-03-01;Tåg;100;Kultur och bildning\n\
                2024-03-02;Tåg;50;\n
                """.utf8
            )
            .write(to: URL(fileURLWithPath: path))
            let refused = try goalctl(daemon, ["travel", "import", path])
            #expect(
                refused.status == 65
                    && refused.stderr.contains(
                        "enheter.csv:3: column Enhet [unit]: is empty: name the trip's unit, or give the import a "
                            + "default unit (--unit NAME, or default_unit=NAME in its column profile)"
                    ),
                "\(refused.stderr)")
            let named = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
            #expect(named.status == 0 && named.stdout.contains("added 2"), "\(named.stdout)\(named.stderr)")
            let units = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "unit"))
            #expect(Set(units.groups.map(\.key)) == ["Kultur och bildning", "Regional utveckling"])
        }
    }

    @Test func strictUTF8AndAMappingAndBadRowsNamed() async throws {
        try await inProcess { daemon in
            let latin = daemon.directory.file("latin.csv")
            try windows1252("Datum;Färdsätt;Sträcka (km)\n2024-01-01;Tåg;10\n").write(
                to: URL(fileURLWithPath: latin))
            let strict = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", "--encoding", "utf-8", latin])
            #expect(strict.status == 65 && strict.stderr.contains("is not UTF-8"), "\(strict.stderr)")

            let mapped = daemon.directory.file("mapped.csv")
            try Data("Avresa,Typ,Längd\n2024-02-01,buss,4\n".utf8).write(to: URL(fileURLWithPath: mapped))
            let refused = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", mapped])
            #expect(refused.status == 65 && refused.stderr.contains("--columns"), "\(refused.stderr)")
            let accepted = try goalctl(
                daemon,
                [
                    "travel", "import", "--unit", "Regional utveckling", "--columns",
                    "date=Avresa,mode=Typ,distance_mil=Längd",
                    mapped,
                ])
            #expect(accepted.status == 0 && accepted.stdout.contains("added 1"), "\(accepted.stderr)")
            let badMapping = try goalctl(
                daemon, ["travel", "import", "--unit", "Regional utveckling", "--columns", "datum=Avresa", mapped])
            #expect(badMapping.status == 64 && badMapping.stderr.contains("\"datum\" is not a column"))

            let huge = daemon.directory.file("huge.csv")
            try Data("date,mode,co2e_kg\n2024-01-01,flyg,1e308\n2024-01-02,flyg,1e308\n".utf8)
                .write(to: URL(fileURLWithPath: huge))
            let overflow = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", huge])
            #expect(
                overflow.status == 65 && overflow.stderr.contains("more than one trip can emit"), "\(overflow.stderr)")
            // Nothing accepted, so every read still answers.
            #expect(try goalctl(daemon, ["travel", "reduction"]).stderr.contains("INTERNAL") == false)
            #expect(try goalctl(daemon, ["status"]).status == 0)
        }
    }

    @Test func theModesAndTheirSwedishNamesAreListed() async throws {
        try await inProcess { daemon in
            let modes = try daemon.connect().call(GoalRPC.listModes, Empty())
            #expect(modes.modes.first { $0.mode == "car_private" }?.names.contains("hyrbil") == true)
            #expect(modes.modes.first { $0.mode == "rail" }?.names.contains("spårvagn") == true)
            #expect(modes.flightNames.contains("utrikesflyg"))
            let shown = try goalctl(daemon, ["travel", "modes"])
            #expect(
                shown.status == 0 && shown.stdout.contains("tjänstebil") && shown.stdout.contains("per vehicle-km"),
                "\(shown.stdout)")
        }
    }

    @Test func anIDStoredWithOtherDataIsNotOverwrittenAndIsSaid() async throws {
        try await inProcess { daemon in
            let first = daemon.directory.file("first.csv")
            try Data("id,date,mode,distance_km\nX1,2024-02-01,rail,100\nX2,2024-02-02,rail,50\n".utf8)
                .write(to: URL(fileURLWithPath: first))
            #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", first]).status == 0)
            let second = daemon.directory.file("second.csv")
            try Data(
                "id,date,mode,distance_km\nX1,2024-02-01,rail,100\nX2,2024-02-02,bus,50\nX3,2024-02-03,bus,10\n".utf8
            )
            .write(to: URL(fileURLWithPath: second))
            let again = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", second])
            #expect(again.stdout.contains("added 1, already present 1, rejected 1"), "\(again.stdout)")
            #expect(
                again.stderr.contains(
                    "second.csv:3: column id: the id \"X2\" of Regional utveckling is stored already "
                        + "with other data"), "\(again.stderr)")
            let footprint = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "mode"))
            #expect(footprint.groups.first { $0.key == "rail" }?.passengerKm == 150, "the stored X2 stays rail")
            #expect(footprint.groups.first { $0.key == "bus" }?.passengerKm == 10)
        }
    }

    @Test func aPartialYearIsSaid() async throws {
        try await inProcess { daemon in
            let path = daemon.directory.file("partial.csv")
            try Data(
                """
                date,mode,distance_km\n2020-03-01,rail,100\n2020-11-20,rail,100\n2024-03-01,rail,100\n\
                2024-08-14,rail,50\n
                """
                .utf8
            )
            .write(to: URL(fileURLWithPath: path))
            #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path]).status == 0)
            let shown = try goalctl(daemon, ["travel", "reduction"])
            #expect(
                shown.stdout.contains(
                    "PROVISIONAL: 2024's trips are known only through 2024-08-14; both years are "
                        + "compared from 1 January to 14 August"), "\(shown.stdout)")
            // The same days of both years: the 2020 trip of 20 November is after them.
            #expect(shown.stdout.contains("trips          1       2"), "\(shown.stdout)")
            let footprint = try goalctl(daemon, ["travel", "footprint", "--json"])
            #expect(
                footprint.stdout.contains("\"from\":\"2024-01-01\""),
                "footprint takes the reduction's year: \(footprint.stdout)")
        }
    }

    /// No file can make goald hold more units than it is configured for (300 000 units once took it to 2.7 GB).
    @Test func unitsAreBounded() throws {
        let daemon = try TestDaemon(arguments: ["--max-units", "2"])
        defer { daemon.cleanUp() }
        let path = daemon.directory.file("units.csv")
        try Data(
            """
            date,mode,distance_km,unit\n2024-01-01,rail,10,A\n2024-01-02,rail,10,B\n2024-01-03,rail,10,C\n\
            2024-01-04,rail,10,A\n
            """
            .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let refused = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
        #expect(
            refused.status == 65
                && refused.stderr.contains(
                    "units.csv:4: column unit: \"C\" would be one unit more "
                        + "than goald keeps (max-units = 2)"),
            "\(refused.stderr)")
        let skipped = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", "--skip-bad", path])
        #expect(skipped.stdout.contains("added 3"), "\(skipped.stdout)")
        let units = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "unit"))
        #expect(units.groups.map(\.key) == ["A", "B"])
    }

    /// One bad import no longer stays for ever: it is listed, removed with a reason, and the removal survives kill -9.
    @Test func anImportIsListedAndRemoved() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        let good = daemon.directory.file("good.csv")
        try Data("id,date,mode,distance_km\nG1,2024-02-01,rail,100\nG2,2024-02-02,rail,50\n".utf8)
            .write(to: URL(fileURLWithPath: good))
        let wrong = daemon.directory.file("wrong-year.csv")
        try Data(
            "id,date,mode,distance_km\nW1,2024-03-01,flyg,800\nW2,2024-03-02,flyg,900\nW3,2024-03-03,bus,20\n".utf8
        )
        .write(to: URL(fileURLWithPath: wrong))
        #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", good]).status == 0)
        let second = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "1", wrong])
        let importID = try #require(
            second.stderr.firstMatch(of: /import #(\d+)/).map { String($0.1) }, "\(second.stderr)")
        let listed = try daemon.connect().call(GoalRPC.listImports, ListImportsRequest())
        #expect(listed.imports.map(\.added) == [2, 3], "three batches of one file make one import")
        #expect(listed.imports.last?.source == "wrong-year.csv")

        let removed = try goalctl(
            daemon, ["travel", "remove", "--import", importID, "--reason", "the 2023 file, imported as 2024"])
        #expect(
            removed.status == 0 && removed.stdout.hasPrefix("removed 3 trips"), "\(removed.stdout)\(removed.stderr)")
        let one = try goalctl(
            daemon, ["travel", "remove", "--trip", "Regional utveckling/G2", "--reason", "booked twice"])
        #expect(one.stdout.hasPrefix("removed 1 trip "), "\(one.stdout)")
        let direct = try daemon.connect().call(
            GoalRPC.removeTrips,
            RemoveTripsRequest(
                unit: "Regional utveckling", id: "G1", reason: "checked by hand"))
        #expect(direct.removed == 1 && direct.passengerKm == 100)
        // Removed one by one, they stay removed when the file comes again, until restored.
        let kept = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", good])
        #expect(
            kept.status == 0 && kept.stdout.contains("added 0, already present 0")
                && kept.stderr.contains("2 rows are trips removed earlier"), "\(kept.stdout)\(kept.stderr)")
        for trip in ["G1", "G2"] {
            #expect(try goalctl(daemon, ["travel", "restore", "--trip", "Regional utveckling/\(trip)"]).status == 0)
        }
        #expect(
            try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", good]).stdout.contains("added 2"),
            "G1 back, G2 back")
        #expect(
            try goalctl(daemon, ["travel", "remove", "--trip", "Regional utveckling/G2", "--reason", "again"]).status
                == 0)
        let none = try goalctl(daemon, ["travel", "remove", "--trip", "Regional utveckling/G9", "--reason", "x"])
        #expect(none.status == 1 && none.stderr.contains("NOT_FOUND"))
        let noReason = try goalctl(daemon, ["travel", "remove", "--import", importID, "--reason", " "])
        #expect(noReason.status == 1 && noReason.stderr.contains("reason"))

        func footprint(_ daemon: TestDaemon) throws -> FootprintMessage {
            try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "mode"))
        }
        let after = try footprint(daemon)
        #expect(after.total.trips == 1 && after.total.passengerKm == 100 && after.groups.map(\.key) == ["rail"])
        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        #expect(try footprint(restarted) == after, "the removals are durable")
        let shown = try goalctl(restarted, ["travel", "imports"])
        #expect(shown.stdout.contains("wrong-year.csv") && shown.stdout.contains("3"), "\(shown.stdout)")
        #expect(
            try restarted.connect().call(GoalRPC.listImports, ListImportsRequest()).imports.map(\.removed) == [
                2, 3, 0, 1,
            ],
            "G2 and G1 of the first import, the whole second, none of the third (it added nothing), G2 of the fourth")
    }

    /// `travel import FILE --replace ID`: a corrected export takes the place of an import in one transaction, in
    /// batches; a stage left by a client that did not finish counts nowhere and is gone after a restart.
    @Test func aCorrectedFileReplacesAnImportAtomically() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        let first = daemon.directory.file("resor-mars.csv")
        try Data(
            "id,date,mode,distance_km\nM1,2024-03-01,flyg,800\nM2,2024-03-02,rail,300\nM3,2024-03-03,bus,20\n".utf8
        )
        .write(to: URL(fileURLWithPath: first))
        let other = daemon.directory.file("other.csv")
        try Data("id,date,mode,distance_km\nO1,2024-04-01,rail,50\n".utf8).write(to: URL(fileURLWithPath: other))
        #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", first]).status == 0)
        #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", other]).status == 0)
        // The corrected file: M1 was a train, M3 is gone, M4 is new; O1 repeats the other import's trip as it is.
        let corrected = daemon.directory.file("resor-mars-rättad.csv")
        try Data(
            """
            id,date,mode,distance_km\nM1,2024-03-01,rail,800\nM2,2024-03-02,rail,300\nM4,2024-03-09,rail,40\n\
            O1,2024-04-01,rail,50\n
            """
            .utf8
        )
        .write(to: URL(fileURLWithPath: corrected))
        let swapped = try goalctl(
            daemon,
            [
                "travel", "import", "--unit", "Regional utveckling", "--batch-size", "1", "--replace", "1", "--reason",
                "the agency's corrected March", corrected,
            ])
        #expect(swapped.status == 0, "\(swapped.stderr)")
        #expect(
            swapped.stdout.contains(
                "replaced import #1 (3 trips removed) by import #3: added 3, already present 1, rejected 0"),
            "\(swapped.stdout)")
        func footprint(_ daemon: TestDaemon) throws -> FootprintMessage {
            try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "mode"))
        }
        let after = try footprint(daemon)
        // By hand: rail 800 + 300 + 40 + 50 = 1190 passenger-km in 4 trips; no flight, no bus.
        #expect(after.groups.map(\.key) == ["rail"] && after.total.trips == 4 && after.total.passengerKm == 1190)
        let imports = try daemon.connect().call(GoalRPC.listImports, ListImportsRequest()).imports
        #expect(imports.map(\.id) == [1, 2, 3] && imports.map(\.removed) == [3, 0, 0] && imports[2].added == 3)
        // A page at a time: however many imports there are, no answer outgrows the frame limit.
        let firstPage = try daemon.connect().call(GoalRPC.listImports, ListImportsRequest(limit: 2))
        #expect(firstPage.imports.map(\.id) == [1, 2] && firstPage.next == 2)
        let lastPage = try daemon.connect().call(GoalRPC.listImports, ListImportsRequest(after: 2, limit: 2))
        #expect(lastPage.imports.map(\.id) == [3] && lastPage.next == nil)
        let listed = try goalctl(daemon, ["--json", "travel", "imports"])
        #expect(try JSONDecoder().decode(ImportsMessage.self, from: Data(listed.stdout.utf8)).imports == imports)
        #expect(imports[2].source == "resor-mars-rättad.csv")

        // Refusals change nothing: an unknown import, a stage that is not there, a missing reason.
        let unknown = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--replace", "9", corrected])
        #expect(unknown.status == 1 && unknown.stderr.contains("replace: no import #9"), "\(unknown.stderr)")
        #expect {
            try daemon.connect().call(GoalRPC.replaceImport, ReplaceImportRequest(import: 2, staging: 77, reason: "x"))
        } throws: { ($0 as? RPCError)?.code == .notFound }
        #expect(try footprint(daemon) == after)

        // A client that staged a file and stopped: nothing counts; after kill -9 and a restart the stage is gone.
        let connection = try daemon.connect()
        let staged = try connection.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nX1,2024-05-01,flyg,900\n", source: "half.csv", replace: 2,
                unit: "Regional utveckling"))
        let stage = try #require(staged.staging)
        #expect(staged.staged == 1 && staged.committed == false)
        #expect(try footprint(daemon) == after, "a staged file counts nowhere")
        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        #expect(try footprint(restarted) == after, "the replacement is durable")
        #expect {
            try restarted.connect().call(
                GoalRPC.replaceImport, ReplaceImportRequest(import: 2, staging: stage, reason: "late"))
        } throws: { ($0 as? RPCError)?.code == .notFound }
        #expect(try footprint(restarted) == after)
    }

    /// One pass: a file's batches are stored as they come and count only when goalctl commits the import; a bad
    /// row in a later batch takes the whole import back, and so does kill -9 before the commit.
    @Test func anImportCountsWholeOrNotAtAll() throws {
        let daemon = try TestDaemon()
        defer { daemon.directory.remove() }
        var rows = ["id,date,mode,distance_km"]
        for index in 0..<50 { rows.append("P\(index),2024-03-\(10 + index % 18),rail,\(10 + index)") }
        let good = daemon.directory.file("good.csv")
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: good))
        let bad = daemon.directory.file("bad.csv")
        try Data((rows.joined(separator: "\n") + "\nP99,2024-13-01,rail,10\n").utf8).write(
            to: URL(fileURLWithPath: bad))

        // The bad row is in the sixth batch of ten rows: five batches were stored pending, then taken back.
        let refused = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "10", bad])
        #expect(refused.status == 65 && refused.stderr.contains("bad.csv:52:"), "\(refused.stderr)")
        #expect(refused.stdout.contains("nothing added"), "\(refused.stdout)")
        func footprint(_ daemon: TestDaemon) throws -> FootprintMessage {
            try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024))
        }
        #expect(try footprint(daemon).total.trips == 0)
        #expect(try daemon.connect().call(GoalRPC.listImports, ListImportsRequest()).imports.isEmpty)

        // A client that stored batches and never committed: nothing counts, nothing is listed or exported, another
        // import of the same ids is told they are being imported; after kill -9 and a restart the batches are gone.
        let connection = try daemon.connect()
        let first = try connection.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nP1,2024-03-11,rail,11\nP2,2024-03-12,rail,12\n", source: "half.csv",
                pending: true, unit: "Regional utveckling"))
        let pendingID = try #require(first.import)
        #expect(first.added == 2 && first.committed == true)
        #expect(try footprint(daemon).total.trips == 0, "a pending import counts nowhere")
        #expect(try daemon.connect().call(GoalRPC.listImports, ListImportsRequest()).imports.isEmpty)
        #expect(try daemon.connect().call(GoalRPC.exportTrips, ExportTripsRequest(year: 2024)).trips.isEmpty)
        let other = try daemon.connect().call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nP1,2024-03-11,rail,11\n", source: "other.csv",
                unit: "Regional utveckling"))
        #expect(
            other.added == 0 && other.committed == false && other.rejected.count == 1
                && other.rejected[0].message.contains("is being imported by import #\(pendingID), not yet committed"),
            "a trip of a pending import is not counted as present: it may yet be taken back \(other)")
        #expect {
            try daemon.connect().call(GoalRPC.removeTrips, RemoveTripsRequest(import: pendingID, reason: "x"))
        } throws: { ($0 as? RPCError)?.code == .notFound }
        // Another pending import, taken back by its client: its trips go, as if never sent.
        let thrown = try connection.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nQ1,2024-04-01,bus,5\n", pending: true, unit: "Regional utveckling"))
        let discarded = try connection.call(
            GoalRPC.discardImport, PendingImportRequest(import: try #require(thrown.import)))
        #expect(discarded.discarded == 1)
        let next = try connection.call(
            GoalRPC.addTrips,
            AddTripsRequest(
                csv: "id,date,mode,distance_km\nQ2,2024-04-02,bus,5\n", pending: true, unit: "Regional utveckling"))
        #expect(next.import != discarded.import, "a discarded import's id is not given again")
        _ = try connection.call(GoalRPC.discardImport, PendingImportRequest(import: try #require(next.import)))
        #expect {
            try connection.call(GoalRPC.discardImport, PendingImportRequest(import: discarded.import))
        } throws: { ($0 as? RPCError)?.code == .notFound }
        daemon.stop(signal: SIGKILL)
        let restarted = try TestDaemon(directory: daemon.directory)
        defer { restarted.cleanUp() }
        #expect {
            try restarted.connect().call(GoalRPC.commitImport, CommitImportRequest(import: pendingID))
        } throws: { ($0 as? RPCError)?.code == .notFound }
        #expect(try footprint(restarted).total.trips == 0)

        // The good file, in batches: all of it at once, durable before goalctl says so.
        let imported = try goalctl(
            restarted, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "7", good])
        #expect(
            imported.status == 0 && imported.stdout.contains("added 50, already present 0, rejected 0"),
            "\(imported.stdout)\(imported.stderr)")
        #expect(try footprint(restarted).total.trips == 50)
        let listed = try restarted.connect().call(GoalRPC.listImports, ListImportsRequest()).imports
        #expect(listed.map(\.source) == ["good.csv"] && listed.last?.added == 50)
        restarted.stop(signal: SIGKILL)
        let again = try TestDaemon(directory: daemon.directory)
        defer { again.cleanUp() }
        #expect(try footprint(again).total.trips == 50, "the committed import survives kill -9")
        let twice = try goalctl(again, ["travel", "import", "--unit", "Regional utveckling", good])
        #expect(twice.stdout.contains("added 0, already present 50"), "\(twice.stdout)")

        // An id in two batches of one file with other data is a bad row, as it is within one batch.
        let repeated = again.directory.file("repeated.csv")
        try Data("id,date,mode,distance_km\nR1,2024-06-01,rail,10\nR1,2024-06-01,bus,10\n".utf8)
            .write(to: URL(fileURLWithPath: repeated))
        let split = try goalctl(
            again, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "1", repeated])
        #expect(
            split.status == 65 && split.stderr.contains("repeated.csv:3:") && split.stderr.contains("earlier line"),
            "\(split.stderr)")
        #expect(try footprint(again).total.trips == 50)
    }

    /// The units a pending import's earlier batches brought take room under max-units, though they count nowhere
    /// yet: batches of one row each cannot bring more units than goald keeps.
    @Test func batchesOfOnePendingImportShareTheUnitBound() throws {
        let daemon = try TestDaemon(arguments: ["--max-units", "3"])
        defer { daemon.cleanUp() }
        let path = daemon.directory.file("units.csv")
        let rows = (1...5).map { "2024-05-0\($0),tåg,10,Enhet \($0)" }
        try Data(("Datum,Färdsätt,Sträcka (km),Enhet\n" + rows.joined(separator: "\n") + "\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let refused = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "1", path])
        #expect(
            refused.status == 65 && refused.stderr.contains("units.csv:5: column unit:")
                && refused.stderr.contains("units.csv:6: column unit:"), "\(refused.stderr)")
        let skipped = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--batch-size", "1", "--skip-bad", path])
        #expect(skipped.status == 0 && skipped.stdout.contains("added 3"), "\(skipped.stdout)\(skipped.stderr)")
        let units = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "unit"))
        #expect(units.groups.map(\.key) == ["Enhet 1", "Enhet 2", "Enhet 3"])
    }

    /// `factor-family = se`: a year's trips use the Swedish set, and the answers name it.
    @Test func theSwedishFamilyIsChosenInTheConfiguration() throws {
        let directory = try TemporaryDirectory()
        try Data("factor-family = se\n".utf8).write(to: URL(fileURLWithPath: directory.file("goald.conf")))
        let daemon = try TestDaemon(arguments: ["--config", directory.file("goald.conf")])
        defer {
            daemon.cleanUp()
            directory.remove()
        }
        let path = daemon.directory.file("rail.csv")
        try Data("date,mode,distance_km\n2020-05-04,flyg inrikes,1000\n2024-05-04,tåg,1000\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path]).status == 0)
        let reduction = try daemon.connect().call(GoalRPC.getReduction, GetReductionRequest(year: 2024))
        #expect(reduction.current.factorSet.factorSet == "se-2024" && reduction.likeForLike.factorSet == "se-2024")
        #expect(reduction.likeForLike.currentKgCO2e == 7, "1 000 pkm × 7 g on the Nordic grid")
        let bad = try runProduct("goald", ["--factor-family", "uk", "--check-model", "/nonexistent"])
        #expect(bad.status != 0)
    }

    /// A row over the limit is a row error with its line, not a broken pipe; the rest of the file is read on.
    @Test func aRowOverTheLimitIsARowError() throws {
        let daemon = try TestDaemon()
        defer { daemon.cleanUp() }
        let path = daemon.directory.file("long.csv")
        let long = String(repeating: "x", count: CSVBatches.maxRowBytes + 10)
        try Data(
            "id,date,mode,distance_km\nA,2024-01-01,rail,10\nB,2024-01-02,rail,\(long)\nC,2024-01-03,rail,5\n".utf8
        )
        .write(to: URL(fileURLWithPath: path))
        let refused = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", path])
        #expect(
            refused.status == 65 && refused.stderr.contains("long.csv:3: the row is longer than 1048576 bytes"),
            "\(refused.stderr)")
        let skipped = try goalctl(daemon, ["travel", "import", "--unit", "Regional utveckling", "--skip-bad", path])
        #expect(skipped.stdout.contains("added 2"), "\(skipped.stdout)")
    }

    @Test func utf8IsCheckedAcrossChunks() {
        let text = Array("Sträcka 😀 Färdsätt €".utf8)
        for cut in 0...text.count {
            var validator = UTF8Validator()
            validator.feed(text[..<cut])
            validator.feed(text[cut...])
            let valid = validator.finish()
            #expect(valid, "cut at \(cut)")
        }
        var broken = UTF8Validator()
        broken.feed([0x46, 0xE4][...])  // "Fä" in Windows-1252
        broken.feed([0x72][...])
        let brokenValid = broken.finish()
        #expect(!brokenValid)
        var cutShort = UTF8Validator()
        cutShort.feed([0xF0, 0x9F][...])
        let cutValid = cutShort.finish()
        #expect(!cutValid, "a character cut off by the end of the file")
    }

    @Test func batchesAreTheSameHowEverTheBytesArrive() {
        let text = Array(
            "id,date,mode,distance_km\r\nA,2024-01-01,\"ra\nil\",1\r\nB,2024-01-02,rail,2\r\n\r\nC,2024-01-03,rail,3"
                .utf8)
        let whole = CSVBatches.split(text, rowsPerBatch: 2).map { "\($0.firstLine):\($0.text)" }
        for cut in 0...text.count {
            var batcher = CSVBatches.Batcher(rowsPerBatch: 2)
            var batches: [String] = []
            batcher.feed(text[..<cut]) { batches.append("\($0.firstLine):\($0.text)") }
            batcher.feed(text[cut...]) { batches.append("\($0.firstLine):\($0.text)") }
            batcher.finish { batches.append("\($0.firstLine):\($0.text)") }
            #expect(batches == whole, "cut at \(cut)")
        }
        #expect(whole.count == 2 && whole[0].hasPrefix("1:id,date,mode,distance_km\nA,"))
    }

    /// A kind of export that comes again and again gets a named profile in goald.conf.
    @Test func aColumnProfileFromTheConfiguration() throws {
        let directory = try TemporaryDirectory()
        try Data(
            ("columns.ekonomi = date=Avresa,mode=Typ,distance_mil=Längd\n"
                + "columns.resor = date=Avresa,mode=Typ,distance_mil=Längd,default_unit=Kultur och bildning\n").utf8
        )
        .write(to: URL(fileURLWithPath: directory.file("goald.conf")))
        let daemon = try TestDaemon(arguments: ["--config", directory.file("goald.conf")])
        defer {
            daemon.cleanUp()
            directory.remove()
        }
        let path = daemon.directory.file("ekonomi.csv")
        try Data("Avresa;Typ;Längd;Syfte\n2024-02-01;buss;4;möte\n".utf8).write(to: URL(fileURLWithPath: path))
        let imported = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--profile", "ekonomi", path])
        #expect(imported.status == 0 && imported.stdout.contains("added 1"), "\(imported.stderr)")
        // A profile's default unit: for rows without one, unless the command line names another.
        let unitless = daemon.directory.file("resor.csv")
        try Data("Avresa;Typ;Längd\n2024-02-03;buss;2\n".utf8).write(to: URL(fileURLWithPath: unitless))
        #expect(
            try goalctl(daemon, ["travel", "import", "--profile", "ekonomi", unitless]).status == 65,
            "the ekonomi profile names no unit")
        let profiled = try goalctl(daemon, ["travel", "import", "--profile", "resor", unitless])
        #expect(profiled.status == 0 && profiled.stdout.contains("added 1"), "\(profiled.stderr)")
        let units = try daemon.connect().call(GoalRPC.getFootprint, GetFootprintRequest(year: 2024, by: "unit"))
        #expect(units.groups.first { $0.key == "Kultur och bildning" }?.trips == 1, "\(units.groups)")
        let unknown = try goalctl(
            daemon, ["travel", "import", "--unit", "Regional utveckling", "--profile", "visma", path])
        #expect(
            unknown.status == 1
                && unknown.stderr.contains("no column profile \"visma\"; goald.conf names ekonomi, resor"),
            "\(unknown.stderr)")
        let badConf = try TemporaryDirectory()
        defer { badConf.remove() }
        try Data("columns.x = datum=Avresa\n".utf8).write(to: URL(fileURLWithPath: badConf.file("goald.conf")))
        let refused = try runProduct(
            "goald",
            [
                "--config", badConf.file("goald.conf"), "--socket", badConf.file("s"),
                "--state-dir", badConf.file("state"),
            ])
        #expect(refused.status == 78 && refused.stderr.contains("columns.x"), "\(refused.stderr)")
    }
}
