import Foundation
import GoalDomain
import Testing

@Suite struct TravelCSVTests {
    @Test func readsTheDesignsColumnsWithDefaults() throws {
        let parsed = TravelCSV.parse(
            """
            id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek
            T1,2024-03-15,rail,400,2,,,1200
            T2,2024-03-16,flight,1200,,Näringsliv,123.4,
            """)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.trips.map(\.line) == [2, 3])
        let first = parsed.trips[0].trip
        #expect(
            first
                == Trip(
                    id: "T1", date: CivilDate("2024-03-15")!, mode: .rail, distanceKm: 400, travellers: 2,
                    unit: "Regional utveckling", reportedKgCO2e: nil, costSEK: 1200))
        let second = parsed.trips[1].trip
        #expect(second.mode == .flightShortHaul, "flight of 1200 km is short-haul")
        #expect(second.travellers == 1 && second.unit == "Näringsliv" && second.reportedKgCO2e == 123.4)
    }

    @Test func acceptsBOMCRLFQuotesSemicolonsAndDecimalCommas() throws {
        let comma =
            "\u{FEFF}id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek\r\n"
            + "\"A,1\",2024-01-02,tåg,\"12,5\",1,\"Enhet \"\"Väst\"\"\",,\"1 250,50\"\r\n"
            + "\"B\nwith break\",2024-01-03,egen bil,30,1,,,\r\n"
        let parsed = TravelCSV.parse(comma)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.trips.map(\.trip.id) == ["A,1", "B\nwith break"])
        #expect(parsed.trips[0].trip.distanceKm == 12.5)
        #expect(parsed.trips[0].trip.unit == "Enhet \"Väst\"")
        #expect(parsed.trips[0].trip.costSEK == 1250.5)
        #expect(parsed.trips[1].trip.mode == .carPrivate)

        let semicolon = "id;date;mode;distance_km\nS1;2024-05-01;buss;42,7\n"
        let second = TravelCSV.parse(semicolon)
        #expect(second.problems.isEmpty)
        #expect(second.trips.first?.trip.distanceKm == 42.7)
        #expect(second.trips.first?.trip.mode == .bus)
    }

    @Test func bandsFlightsByDistance() {
        #expect(TravelMode.parse("flight", distanceKm: 499) == .flightDomestic)
        #expect(TravelMode.parse("flyg", distanceKm: 500) == .flightShortHaul)
        #expect(TravelMode.parse("flight", distanceKm: 3700) == .flightShortHaul)
        #expect(TravelMode.parse("flight", distanceKm: 3701) == .flightLongHaul)
        #expect(TravelMode.parse("flight_long_haul", distanceKm: 10) == .flightLongHaul)
        #expect(TravelMode.parse("Car-Petrol", distanceKm: 10) == .carPetrol)
    }

    @Test func namesTheLineColumnAndReasonOfEveryBadRow() {
        let parsed = TravelCSV.parse(
            """
            id,date,mode,distance_km,travellers,unit,co2e_kg,cost_sek
            G1,2024-01-10,rail,100,,,,
            B1,2024-01-10,hovercraft,100,,,,
            B2,2024-01-10,rail,-5,,,,
            B3,2023-02-29,rail,5,,,,
            B4,2024-13-01,rail,5,,,,
            B5,2024-01-10,rail,5,0,,,
            B6,2024-01-10,rail,12,5,1,,,,
            ,2024-01-10,rail,5,,,,
            B8,2024-01-10,rail,fem,,,,
            B9,2024-01-10,rail,5,,,-3,
            G2,2024-01-11,bus,100,,,,
            """)
        #expect(parsed.trips.map(\.trip.id) == ["G1", "G2"])
        #expect(
            parsed.problems.map(\.description) == [
                """
                line 3, column mode: unknown mode \"hovercraft\"; modes: flight, flight_domestic, flight_short_haul, \
                flight_long_haul, rail, bus, car_private, car_petrol, car_diesel, car_hybrid, car_electric, \
                car_biogas, car_hvo, taxi, ferry (or flyg, tåg, buss, egen bil, …)
                """,
                "line 4, column distance_km: must not be negative, found -5",
                """
                line 5, column date: \"2023-02-29\" is not a date: write YYYY-MM-DD, such as 2024-03-15 (a time of day \
                after it, 2024-03-15 08:30, is left out)
                """,
                """
                line 6, column date: \"2024-13-01\" is not a date: write YYYY-MM-DD, such as 2024-03-15 (a time of day \
                after it, 2024-03-15 08:30, is left out)
                """,
                "line 7, column travellers: \"0\" is not a whole number from 1 to 1000",
                "line 8: 10 fields, the header has 8 (a decimal comma must be quoted: \"12,5\")",
                "line 9, column id: is empty: every trip needs an id",
                "line 10, column distance_km: \"fem\" is not a number",
                "line 11, column co2e_kg: \"-3\" is not a number of kg, 0 or more",
            ])
    }

    @Test func headerProblemsAreSaid() {
        #expect(
            TravelCSV.parse("").problems.map(\.description) == ["line 1: the file is empty: a header line is required"])
        #expect(
            TravelCSV.parse("id,date,distance_km\nX,2024-01-01,5\n").problems.map(\.description) == [
                """
                line 1: the header lacks a mode (mode, Färdsätt, Färdmedel …) (found id as id, date as date, \
                distance_km as distance_km); name other headers with --columns, such as \
                date=Avresa,mode=Typ,distance_mil=Längd
                """
            ])
        let extra = TravelCSV.parse("id,date,mode,distance_km,purpose\nX,2024-01-01,rail,5,möte\n")
        #expect(extra.ignoredColumns == ["purpose"])
        #expect(extra.trips.count == 1)
        let unclosed = TravelCSV.parse("id,date,mode,distance_km\n\"X,2024-01-01,rail,5\n")
        #expect(
            unclosed.problems.map(\.description) == ["line 2: a quoted field is not closed before the end of the file"])
    }

    /// Office files as they are saved: a title, a date and a blank row above the header, `;;;;` rows at the end,
    /// date-time cells; every problem names the column as the file's header does, with goald's name after it.
    @Test func officeFilesAreReadAsSaved() throws {
        let file =
            "Tjänsteresor 2025;;;;\nUttag 2026-01-10;;;;\n;;;;\n"
            + "Datum;Färdsätt;Sträcka (mil);Antal resenärer;Enhet\n"
            + "2025-02-14 00:00;Tåg;30,5;1;Regional utveckling\n2025-03-01T08:30:15;Flyg;abc;1;Regional utveckling\n"
            + "2025-04-01;Buss;4;2;Regional utveckling\n;;;;\n;;\n"
        #expect(try TravelCSV.findHeader(file).get() == 4)
        #expect(try TravelCSV.findHeader("date,mode,distance_km\n2025-01-01,rail,5\n").get() == 1)
        let body = file.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3).joined(separator: "\n")
        let parsed = TravelCSV.parse(body, firstLine: 4)
        #expect(parsed.trips.map(\.trip.date.description) == ["2025-02-14", "2025-04-01"], "times of day left out")
        #expect(
            parsed.problems.map(\.description) == [
                "line 6, column Sträcka (mil) [distance_mil]: \"abc\" is not a number"
            ],
            "the separator-only rows are skipped like blank lines")
        // No row names the columns: the first row's problems, and how to say where the header is.
        guard case .failure(let problem) = TravelCSV.findHeader("Rubrik\nfoo;bar\n") else {
            Issue.record("a file without a header has none")
            return
        }
        #expect(
            problem.line == 1
                && problem.message.hasSuffix("(no row named the columns; give the header's row with --header-row)"))
        let deep = String(repeating: "anteckning\n", count: 60) + "date,mode,distance_km\n"
        #expect(throws: TravelCSV.RowProblem.self) { try TravelCSV.findHeader(deep).get() }
        #expect(CivilDate(dateTime: "2025-02-14 00:00") == CivilDate("2025-02-14"))
        for bad in ["2025-02-14 25:00", "2025-02-14 8", "2025-02-14 08:30 extra", "2025-02-14x08:30"] {
            #expect(CivilDate(dateTime: bad) == nil, "\(bad)")
        }
    }

    @Test func linesCountFromTheGivenFirstLine() {
        let parsed = TravelCSV.parse("id,date,mode,distance_km\nX,2024-01-01,rail,-1\n", firstLine: 5001)
        #expect(parsed.problems.first?.line == 5002)
    }

    @Test func leapDaysAreDates() {
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2023-02-29") == nil)
        #expect(CivilDate("2000-02-29") != nil)
        #expect(CivilDate("1900-02-29") == nil)
        #expect(CivilDate("2024-02-29")!.inYear(2023) == CivilDate("2023-02-28"))
        #expect(CivilDate("2024-2-9") == nil)
    }
}

@Suite struct FootprintTests {
    let library = try! FactorLibrary()

    func date(_ text: String) -> CivilDate { CivilDate(text)! }

    func accounts(_ trips: [Trip]) -> TravelAccounts {
        var accounts = TravelAccounts(library: library)
        for trip in trips { accounts.add(trip) }
        return accounts
    }

    @Test func shipsOneDESNZSetPerYearFrom2020() {
        #expect(
            library.sets.map(\.name) == [
                "desnz-2020", "desnz-2021", "desnz-2022", "desnz-2023", "desnz-2024",
                "se-2020", "se-2021", "se-2022", "se-2023", "se-2024",
            ],
            "and a Swedish set over each")
        let set2020 = library.set(named: "desnz-2020")!
        #expect(set2020.factor(for: .flightLongHaul).kgCO2ePerUnit == 0.19085)
        #expect(set2020.radiativeForcing == .init(included: true, multiplier: 1.9))
        #expect(library.set(named: "desnz-2023")!.factor(for: .flightLongHaul).kgCO2ePerUnit == 0.26128)
        #expect(library.set(named: "desnz-2023")!.radiativeForcing.multiplier == 1.7)
        #expect(set2020.factor(for: .carPrivate).unit == .vehicleKm)
        #expect(set2020.factor(for: .carBiogas).source?.contains("klimatresa.se") == true)
        #expect(library.set(forYear: 2022).set.name == "desnz-2022" && library.set(forYear: 2022).exact)
        #expect(library.set(forYear: 2025).set.name == "desnz-2024" && !library.set(forYear: 2025).exact)
        #expect(library.set(forYear: 2019).set.name == "desnz-2020" && !library.set(forYear: 2019).exact)
    }

    @Test func handComputedTripsWithTheShippedFactors() throws {
        let set2020 = library.set(named: "desnz-2020")!
        // rail is per passenger-km: 400 km × 2 travellers × 0.03694 = 29.552 kg
        let rail = Trip(id: "r", date: date("2020-05-01"), mode: .rail, distanceKm: 400, travellers: 2)
        #expect(abs(rail.kgCO2e(with: set2020) - 29.552) < 1e-9)
        // a car is per vehicle-km, shared by its travellers: 150 km × 0.17140 = 25.71 kg
        let car = Trip(id: "c", date: date("2020-05-01"), mode: .carPrivate, distanceKm: 150, travellers: 3)
        #expect(abs(car.kgCO2e(with: set2020) - 25.71) < 1e-9)
        // a reported figure replaces the calculation, whatever the set
        let reported = Trip(
            id: "f", date: date("2020-05-01"), mode: .flightShortHaul, distanceKm: 1000,
            reportedKgCO2e: 123.4)
        #expect(reported.kgCO2e(with: set2020) == 123.4)
        #expect(reported.kgCO2e(with: library.set(named: "desnz-2024")!) == 123.4)

        let footprint = try accounts([rail, car, reported]).footprint(
            from: date("2020-01-01"), through: date("2020-12-31"), unit: nil, groupBy: .mode, factors: nil)
        #expect(abs(footprint.total.kg - (29.552 + 25.71 + 123.4)) < 1e-9)
        #expect(footprint.total.reportedKg == 123.4 && footprint.total.reportedTrips == 1)
        #expect(footprint.total.trips == 3)
        #expect(footprint.groups.map(\.key) == ["flight_short_haul", "rail", "car_private"])
        #expect(footprint.setsUsed == [FactorSetUse(year: 2020, set: "desnz-2020", exact: true)])
    }

    /// 2020: rail 1 000 pkm and long-haul 10 000 pkm. 2023: rail 1 000 pkm and long-haul 8 000 pkm.
    var twoYears: TravelAccounts {
        accounts([
            Trip(id: "a", date: date("2020-03-10"), mode: .rail, distanceKm: 500, travellers: 2),
            Trip(id: "b", date: date("2020-10-01"), mode: .flightLongHaul, distanceKm: 5000, travellers: 2),
            Trip(id: "c", date: date("2023-03-10"), mode: .rail, distanceKm: 1000),
            Trip(id: "d", date: date("2023-10-01"), mode: .flightLongHaul, distanceKm: 8000),
        ])
    }

    @Test func reductionAsReportedAndLikeForLike() throws {
        let reduction = try twoYears.reduction(year: 2023, baseline: 2020, unit: nil, through: nil, factors: nil)
        // As reported: 2020 with desnz-2020: 1000 × 0.03694 + 10000 × 0.19085 = 36.94 + 1908.5 = 1945.44 kg
        //              2023 with desnz-2023: 1000 × 0.03546 + 8000 × 0.26128 = 35.46 + 2090.24 = 2125.70 kg
        //              reduction (1945.44 − 2125.70) / 1945.44 = −9.2658 %: a rise, though less was flown
        #expect(abs(reduction.baseline.kg - 1945.44) < 1e-9)
        #expect(abs(reduction.current.kg - 2125.70) < 1e-9)
        #expect(abs(reduction.reductionPercent! - (1945.44 - 2125.70) / 1945.44 * 100) < 1e-9)
        #expect(abs(reduction.reductionPercent! - (-9.2658)) < 1e-4)
        // Like for like, both with desnz-2023: 2020 = 35.46 + 2612.8 = 2648.26 kg; 2023 = 2125.70 kg
        //              reduction (2648.26 − 2125.70) / 2648.26 = 19.7322 %
        #expect(reduction.likeForLikeSet == "desnz-2023")
        #expect(abs(reduction.baseline.kgLikeForLike - 2648.26) < 1e-9)
        #expect(abs(reduction.reductionPercentLikeForLike! - 19.732202) < 1e-5)
        #expect(reduction.baseline.set == FactorSetUse(year: 2020, set: "desnz-2020", exact: true))
        #expect(reduction.byMode.map(\.mode) == [.flightLongHaul, .rail])
        #expect(abs(reduction.byMode[0].baselineKgLikeForLike - 2612.8) < 1e-9)
    }

    @Test func oneNamedSetForBothYears() throws {
        let reduction = try twoYears.reduction(
            year: 2023, baseline: 2020, unit: nil, through: nil, factors: "desnz-2020")
        // Both with desnz-2020: 2020 = 1945.44; 2023 = 1000 × 0.03694 + 8000 × 0.19085 = 36.94 + 1526.8 = 1563.74
        #expect(reduction.likeForLikeSet == "desnz-2020")
        #expect(abs(reduction.current.kgLikeForLike - 1563.74) < 1e-9)
        #expect(abs(reduction.reductionPercentLikeForLike! - (1945.44 - 1563.74) / 1945.44 * 100) < 1e-9)
        #expect(throws: DomainError.self) {
            try twoYears.reduction(year: 2023, baseline: 2020, unit: nil, through: nil, factors: "nope")
        }
    }

    @Test func yearToDateComparesTheSameMonths() throws {
        let reduction = try twoYears.reduction(
            year: nil, baseline: 2020, unit: nil, through: date("2023-08-31"),
            factors: nil)
        // January–August only: the rail trips; the October flights fall outside.
        #expect(reduction.current.through == date("2023-08-31") && reduction.baseline.through == date("2020-08-31"))
        #expect(reduction.current.trips == 1 && reduction.baseline.trips == 1)
        #expect(abs(reduction.baseline.kg - 36.94) < 1e-9)
        #expect(abs(reduction.current.kg - 35.46) < 1e-9)
    }

    @Test func aLeapDayInTheCurrentYearMeetsTheLastOfFebruary() throws {
        let accounts = accounts([
            Trip(id: "x", date: date("2023-02-28"), mode: .rail, distanceKm: 100),
            Trip(id: "y", date: date("2024-02-29"), mode: .rail, distanceKm: 100),
            Trip(id: "z", date: date("2024-03-01"), mode: .rail, distanceKm: 100),
        ])
        let reduction = try accounts.reduction(
            year: 2024, baseline: 2023, unit: nil, through: date("2024-02-29"),
            factors: nil)
        #expect(reduction.baseline.through == date("2023-02-28"))
        #expect(reduction.baseline.trips == 1 && reduction.current.trips == 1)
    }

    @Test func partialMonthsCountDayByDay() throws {
        let accounts = accounts([
            Trip(id: "1", date: date("2024-05-14"), mode: .bus, distanceKm: 10),
            Trip(id: "2", date: date("2024-05-15"), mode: .bus, distanceKm: 20),
            Trip(id: "3", date: date("2024-05-16"), mode: .bus, distanceKm: 40),
        ])
        let footprint = try accounts.footprint(
            from: date("2024-05-15"), through: date("2024-05-31"), unit: nil,
            groupBy: .month, factors: nil)
        #expect(footprint.total.trips == 2)
        #expect(abs(footprint.total.passengerKm - 60) < 1e-9)
        #expect(footprint.groups.map(\.key) == ["2024-05"])
    }

    @Test func perUnitAndPerHead() throws {
        var accounts = accounts([
            Trip(id: "1", date: date("2020-01-05"), mode: .rail, distanceKm: 1000, unit: "A"),
            Trip(id: "1", date: date("2024-01-05"), mode: .rail, distanceKm: 500, unit: "A"),
            Trip(id: "2", date: date("2024-01-05"), mode: .rail, distanceKm: 500, unit: "B"),
        ])
        accounts.setStaff(unit: "A", year: 2020, fte: 10)
        accounts.setStaff(unit: "A", year: 2024, fte: 8)
        let forA = try accounts.reduction(year: 2024, baseline: 2020, unit: "A", through: nil, factors: nil)
        #expect(forA.current.trips == 1 && forA.current.fte == 8 && forA.baseline.fte == 10)
        let all = try accounts.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        #expect(all.current.fte == nil, "unit B travelled in 2024 without a staff figure")
        #expect(
            throws: DomainError(.notFound, field: "unit", "unit: no trips of \"C\"; units with trips: \"A\", \"B\"")
        ) {
            try accounts.reduction(year: 2024, baseline: 2020, unit: "C", through: nil, factors: nil)
        }
        let byUnit = try accounts.footprint(
            from: date("2024-01-01"), through: date("2024-12-31"), unit: nil,
            groupBy: .unit, factors: nil)
        #expect(byUnit.groups.map(\.key) == ["A", "B"])
    }

    /// A committee's units counted together: each side the sum of its units' own figures, modes and staff too;
    /// a unit outside the committee counts nowhere in its figure, and one without trips adds nothing.
    @Test func aCommitteesUnitsCountTogether() throws {
        var accounts = accounts([
            Trip(id: "1", date: date("2020-03-05"), mode: .rail, distanceKm: 1000, unit: "A"),
            Trip(id: "2", date: date("2020-04-05"), mode: .flightDomestic, distanceKm: 600, unit: "B"),
            Trip(id: "3", date: date("2024-03-05"), mode: .rail, distanceKm: 400, unit: "A"),
            Trip(id: "4", date: date("2024-05-05"), mode: .carPrivate, distanceKm: 300, unit: "B"),
            Trip(id: "5", date: date("2024-06-05"), mode: .flightDomestic, distanceKm: 5000, unit: "C"),
            Trip(id: "6", date: date("2020-06-05"), mode: .flightDomestic, distanceKm: 5000, unit: "C"),
        ])
        accounts.setStaff(unit: "A", year: 2024, fte: 8)
        accounts.setStaff(unit: "B", year: 2024, fte: 4)
        let a = try accounts.reduction(year: 2024, baseline: 2020, unit: "A", through: nil, factors: nil)
        let b = try accounts.reduction(year: 2024, baseline: 2020, unit: "B", through: nil, factors: nil)
        let both = try accounts.reduction(
            year: 2024, baseline: 2020, scope: .units(["A", "B", "no trips"]), through: nil, factors: nil)
        #expect(both.unit == nil && both.units == ["A", "B", "no trips"])
        for (side, parts) in [(both.baseline, [a.baseline, b.baseline]), (both.current, [a.current, b.current])] {
            #expect(side.trips == parts.map(\.trips).reduce(0, +))
            #expect(abs(side.kg - parts.map(\.kg).reduce(0, +)) < 1e-9)
            #expect(abs(side.kgLikeForLike - parts.map(\.kgLikeForLike).reduce(0, +)) < 1e-9)
        }
        #expect(both.current.fte == 12 && both.baseline.fte == nil)
        #expect(Set(both.byMode.map(\.mode)) == [.rail, .flightDomestic, .carPrivate])
        #expect(both.current.lastTrip == date("2024-05-05"))
        let all = try accounts.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        #expect(all.current.trips == both.current.trips + 1, "C's trip counts in every unit's figure alone")
    }

    @Test func badQueriesAreRefused() {
        let accounts = twoYears
        #expect(throws: DomainError.self) {
            try accounts.reduction(year: 2020, baseline: 2020, unit: nil, through: nil, factors: nil)
        }
        #expect(throws: DomainError.self) {
            try accounts.reduction(
                year: 2023, baseline: 2020, unit: nil, through: CivilDate("2022-05-01"), factors: nil)
        }
        #expect(
            throws: DomainError(
                .failedPrecondition, field: "year", "no trips are recorded yet: import a travel file first")
        ) {
            try TravelAccounts(library: library).reduction(
                year: nil, baseline: 2020, unit: nil, through: nil, factors: nil)
        }
    }

    @Test func thePrivateCarFactorIsConfigurable() throws {
        let configured = try FactorLibrary(privateCarKgPerKm: 0.12)
        for set in configured.sets {
            #expect(set.factor(for: .carPrivate).kgCO2ePerUnit == 0.12)
            #expect(set.factor(for: .carPetrol).kgCO2ePerUnit != 0.12)
        }
    }

    @Test func factorFilesAreChecked() {
        let bad = """
            {"format": "goald.factors/1", "name": "mine", "year": 2023, "title": "t", "source": "s", "url": "u",
             "radiativeForcing": {"included": false},
             "factors": {"rail": {"kgCO2ePerUnit": 0.001, "unit": "vehicle-km"}, \
            "zeppelin": {"kgCO2ePerUnit": 1, "unit": "passenger-km"}}}
            """
        #expect {
            try EmissionFactorSet.decode(from: Data(bad.utf8))
        } throws: { error in
            let text = (error as! PlanError).problems.map(\.description)
            return text.contains("factors.rail.unit: rail is counted per passenger-km, found vehicle-km")
                && text.contains { $0.hasPrefix("factors.zeppelin: unknown mode") }
                && text.contains { $0.hasPrefix("factors: every mode needs a factor; missing: flight_domestic") }
        }
    }
}

/// When a period's travel figures are final, and through which day they are known when they are not.
@Suite struct ProvisionalYearTests {
    func accounts(lastTrip: String) throws -> TravelAccounts {
        var travel = TravelAccounts(library: try FactorLibrary())
        for (id, date) in [("a", "2020-03-01"), ("b", lastTrip)] {
            travel.add(Trip(id: id, date: try #require(CivilDate(date)), mode: .rail, distanceKm: 100, unit: "U"))
        }
        return travel
    }

    @Test func aYearIsProvisionalUntilItHasEndedAndItsTripsReachItsLastDay() throws {
        let end = CivilDate.lastOf(year: 2026)
        let travel = try accounts(lastTrip: "2026-11-20")
        #expect(
            travel.provisionalThrough(periodEnd: end, today: CivilDate("2026-12-06")!) == CivilDate("2026-11-20"),
            "the year goes on, its trips stop on 20 November")
        #expect(
            travel.provisionalThrough(periodEnd: end, today: CivilDate("2027-02-01")!) == CivilDate("2026-11-20"),
            "ended, but December was never imported")
        #expect(
            travel.provisionalThrough(periodEnd: CivilDate("2026-08-31")!, today: CivilDate("2026-12-06")!) == nil,
            "the interim period ended and goald holds later trips")
        let early = try accounts(lastTrip: "2026-12-31")
        #expect(
            early.provisionalThrough(periodEnd: end, today: CivilDate("2026-12-20")!) == CivilDate("2026-12-20"),
            "booked ahead: never past today while the year goes on")
        #expect(early.provisionalThrough(periodEnd: end, today: CivilDate("2027-01-01")!) == nil)
    }

    @Test func aDeclarationMakesThePeriodFinalAndGoesWithItsImport() throws {
        var travel = try accounts(lastTrip: "2025-12-19")
        let end = CivilDate.lastOf(year: 2025)
        let today = CivilDate("2026-03-01")!
        #expect(travel.provisionalThrough(periodEnd: end, today: today) == CivilDate("2025-12-19"))
        travel.declareComplete(importID: 7, through: CivilDate("2025-12-31"))
        #expect(travel.provisionalThrough(periodEnd: end, today: today) == nil)
        #expect(
            travel.provisionalThrough(periodEnd: .lastOf(year: 2026), today: today) == CivilDate("2025-12-31"),
            "a later year: known through the declaration")
        travel.declareComplete(importID: 7, through: nil)
        #expect(travel.provisionalThrough(periodEnd: end, today: today) == CivilDate("2025-12-19"))
    }

    @Test func theReductionOfAProvisionalYearComparesTheSameDays() throws {
        var travel = try accounts(lastTrip: "2026-11-20")
        travel.add(Trip(id: "late", date: CivilDate("2020-12-10")!, mode: .rail, distanceKm: 100, unit: "U"))
        let reduction = try travel.reduction(
            year: 2026, baseline: 2020, unit: nil, through: nil, factors: nil,
            today: CivilDate("2026-12-06")!)
        #expect(reduction.provisionalThrough == CivilDate("2026-11-20"))
        #expect(
            reduction.baseline.through == CivilDate("2020-11-20") && reduction.baseline.trips == 1,
            "the 2020 trip of 10 December is after the compared span")
        let whole = try travel.reduction(year: 2026, baseline: 2020, unit: nil, through: nil, factors: nil)
        #expect(whole.provisionalThrough == nil && whole.baseline.trips == 2, "without a clock: as asked")
    }
}
