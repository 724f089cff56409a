import Foundation
import GRDB
import GoalDomain
import GoalStore
import GoalTestSupport
import Testing

@Suite struct StoreTests {
    let day = Date(timeIntervalSince1970: 1_735_000_000.25)
    let clerk = Author(uid: 1000, name: "clerk")

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "goald-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func whatIsWrittenIsLoadedBackTheSame() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = Plan.embeddedDefault()
        var followUp = FollowUp(plan: plan)
        do {
            let store = try GoalStore(stateDirectory: directory)
            try store.append(
                try followUp.recordMeasurement(
                    indicator: "5.6.3.1", period: "2024-annual", value: .number(4.2),
                    note: "första", source: "HR", at: day, by: clerk))
            try store.append(
                try followUp.recordMeasurement(
                    indicator: "5.6.3.1", period: "2024-annual", value: .number(2.9),
                    note: nil, source: nil, at: day, by: Author(uid: nil, name: "x")))
            try store.append(
                try followUp.recordMeasurement(
                    indicator: "5.3.1.5", period: "2024-interim", value: .yesNo(false),
                    note: nil, source: nil, at: day, by: clerk))
            // Women's and men's values beside the total (one of them may be absent).
            try store.append(
                try followUp.recordMeasurement(
                    indicator: "5.6.3.2", period: "2025-annual", value: .number(2.5),
                    gender: GenderValues(women: 3.25, men: nil), note: nil, source: "Heroma", at: day, by: clerk))
            try store.append(
                try followUp.recordMeasurement(
                    indicator: "5.4.2.1", period: "2025-annual",
                    value: .text("Kvalitativ uppföljning: ”bra”"),
                    note: nil, source: nil, at: day, by: clerk))
            try store.append(
                try followUp.setTarget(
                    indicator: "5.6.4.1", value: .number(20), direction: nil, from: "2025-interim",
                    today: CivilDate.local(day), at: day,
                    by: clerk))
            try store.append(
                try followUp.recordAssessment(
                    subject: "5.6.3", period: "2024-annual", level: .partlyMet,
                    analysis: "Delvis.", at: day, by: clerk))
        }
        let loaded = try GoalStore(stateDirectory: directory).loadFollowUp(plan: plan)
        #expect(loaded.measurements == followUp.measurements)
        #expect(loaded.assessments == followUp.assessments)
        #expect(loaded.targetChanges == followUp.targetChanges)
        #expect(loaded.plan == followUp.plan)
        #expect(loaded.lastSequence == 7)
        #expect(loaded.orphans == 0)
        #expect(loaded.measurements["andel-langtidssjuka"]?.first?.women == 3.25)
        #expect(loaded.measurements["andel-langtidssjuka"]?.first?.men == nil)
    }

    /// A store written before targets had a first period: its target change and assessment keep their meaning.
    @Test func aStoreFromBeforeTargetPeriodsIsMigratedWithItsTargetsInForceFromTheStart() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let queue = try DatabaseQueue(path: directory + "/" + GoalStore.fileName)
            try GoalStore.migrator.migrate(queue, upTo: "v3-retraction")
            try queue.write { db in
                try db.execute(sql: "PRAGMA application_id = \(GoalStore.applicationID)")
                try db.execute(
                    sql: """
                        INSERT INTO target_change (seq, indicator, target, previous, recorded_at, recorded_by)
                        VALUES (1, '5.6.2.1', '{"direction":"atLeast","kind":"index","value":78}',
                                '{"direction":"atLeast","kind":"index","text":"80","value":80}', 1700000000, 'clerk');
                        INSERT INTO assessment (seq, result_goal, period, level, analysis, recorded_at, recorded_by)
                        VALUES (2, '5.6.2', '2024-annual', 'uppfyllt', 'Analys.', 1700000000, 'clerk');
                        """)
            }
        }
        let plan = Plan.embeddedDefault()
        let loaded = try GoalStore(stateDirectory: directory).loadFollowUp(plan: plan)
        #expect(loaded.targetChanges["hme-totalindex"]?.first?.from == Period("2024-interim"))
        for period in plan.periods {
            #expect(loaded.target(of: "hme-totalindex", in: period).value == .number(78), "\(period)")
        }
        #expect(loaded.currentAssessment("attraktiv-arbetsgivare", in: Period("2024-annual")!)?.indicator == nil)
        #expect(loaded.lastSequence == 2)
    }

    /// A store of an older goald that took two 1e308 kg trips (their sum is infinite): upgraded, those trips are
    /// removed with a record saying why, the daily totals are computed again, and a supplier's figure for a trip
    /// with a distance keeps that distance for the like-for-like figure.
    @Test func aStoreWithFiguresBeyondBoundsIsRepairedWhenUpgraded() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let queue = try DatabaseQueue(path: directory + "/" + GoalStore.fileName)
            try GoalStore.migrator.migrate(queue, upTo: "v5-trip-corrections")
            try queue.write { db in
                try db.execute(sql: "PRAGMA application_id = \(GoalStore.applicationID)")
                try db.execute(
                    sql: """
                        INSERT INTO import_batch (seq, source, added, present, recorded_at, recorded_by, import_id)
                        VALUES (1, 'old.csv', 4, 0, 1700000000, 'clerk', 1);
                        INSERT INTO trip VALUES ('A', 'x1', '2024-02-01', 'flight_domestic', 0, 1, 1e308, NULL, 1);
                        INSERT INTO trip VALUES ('A', 'x2', '2024-02-01', 'flight_domestic', 0, 1, 1e308, NULL, 1);
                        INSERT INTO trip VALUES ('A', 'ok', '2024-02-01', 'flight_domestic', 400, 2, 90, 1200, 1);
                        INSERT INTO trip VALUES ('A', 'car', '2024-02-02', 'car_petrol', 100, 3, NULL, NULL, 1);
                        INSERT INTO trip_day VALUES ('A', '2024-02-01', 'flight_domestic', 3, 0, \
                        'Infinity', 3, 800, 1200);
                        INSERT INTO trip_day VALUES ('A', '2024-02-02', 'car_petrol', 1, 100, 0, 0, 300, 0);
                        """)
            }
        }
        let store = try GoalStore(stateDirectory: directory)
        var accounts = TravelAccounts(library: try FactorLibrary())
        _ = try store.loadTravel(into: &accounts)
        #expect(accounts.ledger.tripCount == 2)
        let sums = accounts.ledger.modeTotals(from: .firstOf(year: 2024), through: .lastOf(year: 2024))
        let flights = sums[TravelMode.flightDomestic.ordinal]
        #expect(
            flights.trips == 1 && flights.reportedKg == 90 && flights.reportedActivity == 800
                && flights.reportedKgWithActivity == 90 && flights.passengerKm == 800 && flights.costSEK == 1200)
        let cars = sums[TravelMode.carPetrol.ordinal]
        #expect(cars.trips == 1 && cars.activity == 100 && cars.passengerKm == 300)
        let imports = try store.imports()
        #expect(imports.count == 1 && imports[0].removed == 2)
        #expect(imports[0].activity.map(\.trips).reduce(0, +) == 2)
        // Every read answers: nothing infinite is left.
        let reduction = try accounts.reduction(year: 2024, baseline: 2020, unit: nil, through: nil, factors: nil)
        #expect(reduction.current.kg.isFinite && reduction.current.kgLikeForLike.isFinite)
    }

    @Test func recordsOfIndicatorsAPlanLacksAreCountedNotLost() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var followUp = FollowUp(plan: Plan.embeddedDefault())
        try GoalStore(stateDirectory: directory).append(
            try followUp.recordMeasurement(
                indicator: "5.6.3.1", period: "2024-annual", value: .number(3), note: nil,
                source: nil, at: day, by: clerk))
        var other = Plan.embeddedDefault()
        other.effectGoals.removeLast()
        let loaded = try GoalStore(stateDirectory: directory).loadFollowUp(plan: other)
        #expect(loaded.orphans == 1)
        #expect(loaded.lastSequence == 1, "new records never reuse a stored sequence number")
    }

    @Test func aForeignDatabaseIsRefusedAndLeftAlone() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/goald.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write {
                try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (7)")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try GoalStore(stateDirectory: directory)
        } throws: { error in
            let error = error as! StoreError
            return error.kind == .unusable
                && error.message.contains("\(path) is an SQLite database but not a goald store")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aCorruptFileIsRefusedNeverReset() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/goald.sqlite"
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try GoalStore(stateDirectory: directory)
        } throws: { error in
            let message = (error as! StoreError).message
            return message.contains(path) && message.contains("not a database")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func aStoreFromANewerGoaldIsRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/goald.sqlite"
        _ = try GoalStore(path: path)
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        }
        #expect {
            _ = try GoalStore(path: path)
        } throws: { error in
            (error as! StoreError).message.contains("written by a newer goald (schema v99-future is unknown")
        }
    }

    @Test func oneGoaldPerStore() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try GoalStore(stateDirectory: directory)
        _ = withExtendedLifetime(first) {
            #expect {
                _ = try GoalStore(stateDirectory: directory)
            } throws: { error in
                (error as! StoreError).message
                    == "another goald is using the store \(directory)/goald.sqlite; one goald per state directory"
            }
        }
    }

    @Test func aStateDirectoryThatCannotBeMadeIsNamed() throws {
        #expect {
            _ = try GoalStore(stateDirectory: "/proc/goald-cannot-be-here")
        } throws: { error in
            (error as! StoreError).message.contains("cannot create the state directory /proc/goald-cannot-be-here")
        }
    }

    /// Trips are bound to SQLite without copies (the text of each in place, the date formatted on the stack) and
    /// their day totals kept by the batch's numbered units: what is stored must read back as it was given, field
    /// for field (an empty id, one-digit months and days, many units in turn), and the totals must be the trips'.
    @Test func tripsReadBackAsGivenAndTheirDayTotalsAreTheirs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try GoalStore(stateDirectory: directory)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ bound: Int) -> Int {  // SplitMix64: the same trips on every run
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let units = [
            "Regional utveckling", "Kultur och bildning", "Å",
            "enhet med ett långt namn som inte ryms i en liten sträng",
        ]
        var trips: [Trip] = []
        for n in 0..<3_000 {
            let year = [1990, 2020, 2024, 2100][random(4)]
            let month = 1 + random(12)
            let date = CivilDate(year: year, month: month, day: 1 + random(CivilDate.daysIn(month: month, year: year)))!
            trips.append(
                Trip(
                    id: n == 0 ? "" : "t\(n)-\(random(1000))", date: date,
                    mode: TravelMode.allCases[random(TravelMode.allCases.count)],
                    distanceKm: Double(random(100_000)) / 7, travellers: 1 + random(4),
                    unit: units[random(units.count) < 3 ? n / 500 % 3 : 3],
                    reportedKgCO2e: random(5) == 0 ? Double(random(1000)) / 3 : nil,
                    costSEK: random(3) == 0 ? Double(random(10_000)) : nil))
        }
        let outcome = try store.addTrips(trips, source: "random.csv", at: day, by: clerk)
        #expect(outcome.added == trips.count && outcome.alreadyPresent == 0 && outcome.conflicts.isEmpty)
        var read: [Trip] = []
        for year in [1990, 2020, 2024, 2100] {
            read += try store.trips(year: year, unit: nil, after: nil, limit: 10_000).map(\.trip)
        }
        #expect(Set(read) == Set(trips) && read.count == trips.count)
        var expected: [String: TravelTotals] = [:]
        for trip in trips {
            expected["\(trip.unit)|\(trip.date)|\(trip.mode)", default: TravelTotals()] += TravelTotals(trip)
        }
        let days = Dictionary(
            uniqueKeysWithValues: outcome.days.map { ("\($0.unit)|\($0.date)|\($0.mode)", $0.totals) })
        #expect(days == expected)
        // The same trips again are all present, and the store's file has the pages a new store gets.
        #expect(try store.addTrips(trips, source: "random.csv", at: day, by: clerk).alreadyPresent == trips.count)
        let pageSize = try DatabaseQueue(
            path: directory + "/goald.sqlite",
            configuration: {
                var configuration = Configuration()
                configuration.readonly = true
                return configuration
            }()
        ).read { try Int.fetchOne($0, sql: "PRAGMA page_size") }
        #expect(pageSize == 16_384)
    }
}

/// Pending imports taken back together: one pass over the trips, however many imports, and nothing committed lost.
@Suite struct PendingImportCleanUpTests {
    @Test func manyPendingImportsAreTakenBackTogetherAndCommittedTripsStay() throws {
        let directory = NSTemporaryDirectory() + "goald-store-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try GoalStore(stateDirectory: directory)
        let clerk = Author(uid: 1000, name: "clerk")
        let day = Date(timeIntervalSince1970: 1_735_000_000)
        func trip(_ id: String) -> Trip {
            Trip(id: id, date: CivilDate("2024-03-01")!, mode: .rail, distanceKm: 10, unit: "U")
        }
        _ = try store.addTrips((0..<500).map { trip("kept-\($0)") }, source: "kept.csv", at: day, by: clerk)
        for n in 0..<300 {
            _ = try store.addTrips([trip("pending-\(n)")], source: "p.csv", pending: true, at: day, by: clerk)
        }
        #expect(try store.pendingImports(uid: 1000, since: day) == 300)
        #expect(try store.pendingImports(uid: 1001, since: day) == 0)
        #expect(try store.discardPendingImports() == 300)
        #expect(try store.pendingImports(uid: 1000, since: day) == 0)
        let trips = try store.allTrips()
        #expect(trips.count == 500 && trips.allSatisfy { $0.id.hasPrefix("kept-") })
        // A pending import's ids are free again for the next file.
        let again = try store.addTrips([trip("pending-7")], source: "again.csv", at: day, by: clerk)
        #expect(again.added == 1)
    }
}

/// One import taken back or discarded: its trips go, every other import's stay, and the day totals it alone had
/// go with it (found by their keys: the totals of other days are not looked at).
@Suite struct ImportTakenBackTests {
    @Test func anImportIsTakenBackThroughItsBatchesAndTheOthersStay() throws {
        let directory = try TemporaryDirectory(prefix: "goald-store")
        let store = try GoalStore(stateDirectory: directory.path)
        let clerk = Author(uid: 1000, name: "clerk")
        let day = Date(timeIntervalSince1970: 1_735_000_000)
        func trips(_ prefix: String, _ count: Int, on date: String = "2024-03-01") -> [Trip] {
            (0..<count).map {
                Trip(id: "\(prefix)-\($0)", date: CivilDate(date)!, mode: .rail, distanceKm: 10, unit: "U")
            }
        }
        let kept = try store.addTrips(trips("kept", 300), source: "kept.csv", at: day, by: clerk)
        let removed = try store.addTrips(
            trips("removed", 40, on: "2024-04-02"), source: "removed.csv", at: day, by: clerk)
        let first = try store.addTrips(trips("pending", 20), source: "p.csv", pending: true, at: day, by: clerk)
        // A second batch of the same pending import, and another user's pending import beside it.
        _ = try store.addTrips(
            trips("pending-more", 5), source: "p.csv", importID: first.importID, pending: true, at: day, by: clerk)
        let other = try store.addTrips(
            trips("other", 7), source: "o.csv", pending: true, at: day, by: Author(uid: 1001, name: "other"))

        #expect(try store.discardImport(first.importID) == 25, "both batches of the import, nothing else")
        let removal = try store.removeTrips(
            importID: removed.importID, unit: nil, id: nil, reason: "fel fil", at: day, by: clerk)
        #expect(removal.trips.count == 40)
        _ = try store.commitImport(other.importID)
        let left = try store.allTrips().map(\.id)
        #expect(left.count == 307 && left.filter { $0.hasPrefix("kept-") }.count == 300)
        #expect(left.filter { $0.hasPrefix("other-") }.count == 7)
        #expect(kept.added == 300)

        // The emptied days are found by their keys (the plan, not a time: a removal reads the days it touched).
        let queue = try DatabaseQueue(path: directory.path + "/" + GoalStore.fileName)
        func plan(_ sql: String) throws -> [String] {
            try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: ["U", "2024-03-01", "rail"])
                    .map { $0["detail"] as String }
            }
        }
        let emptied = try plan(GoalStore.deleteEmptiedDay)
        #expect(
            emptied.contains { $0.hasPrefix("SEARCH trip_day") } && !emptied.contains { $0.hasPrefix("SCAN") },
            "\(emptied)")
        // The days the removed import alone had are gone from the totals.
        let days = try queue.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT date FROM trip_day") }
        #expect(days == ["2024-03-01"])
    }
}

/// The region's own records: its values of its indicators, and the targets it sets, which every committee that
/// uses the indicator reads back after a restart.
@Suite struct RegionRecordsStoreTests {
    let region: Region
    let day = Date(timeIntervalSince1970: 1_765_000_000)
    let hr = Author(uid: 1001, name: "hr")

    init() throws { region = try EveryCommitteeRegion.region() }

    /// Writes the region's records through a store of a fresh directory, then gives a store opened on it again (as
    /// after a restart).
    func reopened(after write: (GoalStore, inout FollowUp) throws -> Void) throws -> (GoalStore, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "goald-store")
        do {  // the writing store closes before the store is opened again (one goald per state directory)
            let store = try GoalStore(stateDirectory: directory.path)
            var own = try #require(try store.loadRegionFollowUp(of: region))
            try write(store, &own)
        }
        return (try GoalStore(stateDirectory: directory.path), directory)
    }

    /// The region's target of sjukfrånvarokvot, set on 2025-12-07.
    func target(_ own: inout FollowUp, _ value: Double, from: String) throws -> TargetChange {
        try own.setTarget(
            indicator: "sjukfranvarokvot", value: .number(value), direction: nil, from: from,
            today: CivilDate("2025-12-07")!, at: day, by: hr)
    }

    @Test func theRegionsTargetAndValueAreReadBackForTheRegionAndEveryCommittee() throws {
        let (store, directory) = try reopened { store, own in
            try store.append(try target(&own, 2.5, from: "2026-interim"))
            try store.append(
                try own.recordMeasurement(
                    indicator: "sjukfranvarokvot", period: "2025-annual", value: .number(6.1),
                    gender: GenderValues(women: 6.9, men: 4.2), note: nil, source: "Heroma", at: day, by: hr))
        }
        defer { directory.remove() }
        let committees = try store.loadFollowUps(of: region)
        #expect(committees.count == 8)
        for followUp in committees {
            #expect(followUp.target(of: "sjukfranvarokvot", in: Period("2026-annual")!).value == .number(2.5))
            #expect(followUp.target(of: "sjukfranvarokvot", in: Period("2025-annual")!).value == .number(3))
            #expect(followUp.measurements.isEmpty, "the region's value is its own, no committee's")
            #expect(followUp.orphans == 0)
        }
        let own = try #require(try store.loadRegionFollowUp(of: region))
        let value = own.currentMeasurement("sjukfranvarokvot", in: Period("2025-annual")!)
        #expect(value?.value == .number(6.1) && value?.women == 6.9 && value?.committee == Region.ownKey)
        #expect(own.target(of: "sjukfranvarokvot", in: Period("2026-interim")!).value == .number(2.5))
    }

    @Test func theRegionsWithdrawalIsReadBackForEveryCommittee() throws {
        let (store, directory) = try reopened { store, own in
            try store.append(try target(&own, 2.5, from: "2026-interim"))
            try store.append(try target(&own, 2, from: "2026-annual"))
            try store.append(
                try own.retractTarget(
                    indicator: "sjukfranvarokvot", from: "2026-annual", reason: "fel period", at: day, by: hr))
        }
        defer { directory.remove() }
        for followUp in try store.loadFollowUps(of: region) {
            // The withdrawn change (2 from 2026-annual) is in force nowhere; the one before it is again.
            #expect(followUp.target(of: "sjukfranvarokvot", in: Period("2026-annual")!).value == .number(2.5))
            #expect(followUp.plan.locateIndicator("sjukfranvarokvot")?.indicator.target.value == .number(2.5))
            #expect(followUp.orphans == 0)
        }
        let own = try #require(try store.loadRegionFollowUp(of: region))
        #expect(own.target(of: "sjukfranvarokvot", in: Period("2026-annual")!).value == .number(2.5))
    }
}
