import Foundation
import GoalCLI
import GoalDomain
import GoalProtocol
import GoalTestSupport
import Testing

/// The region's indicators through goalctl: a committee cannot change their target; the region sets it once and it
/// reaches every committee from an open period on, never a closed one; the region's own value is its own.
@Suite struct RegionIndicatorCLITests {
    static func goalctl(_ server: TestServer, _ arguments: [String]) async throws -> GoalctlInProcessTests.Run {
        try await GoalctlInProcessTests.goalctl(server, arguments)
    }

    /// 2025-12-07: 2025-interim has closed, 2025-annual is open.
    static let clock = Date(timeIntervalSince1970: 1_765_108_800)

    @Test func aRegionTargetReachesEveryCommitteeButNoClosedPeriod() async throws {
        let region = try EveryCommitteeRegion.region()
        try await withTestServer(region: region, now: { Self.clock }) { server in
            let own = try await Self.goalctl(server, ["--committee", "HSN", "target", "5.1.3.1", "2,5"])
            #expect(own.status == 1 && own.err.contains("one of the region's indicators"), "\(own.err)")
            #expect(own.err.contains("goalctl target sjukfranvarokvot VALUE --region"), "\(own.err)")
            let closed = try await Self.goalctl(
                server, ["target", "sjukfranvarokvot", "2,5", "--region", "--from", "2025-interim"])
            #expect(closed.status == 1 && closed.err.contains("never to a closed one"), "\(closed.err)")
            let set = try await Self.goalctl(server, ["target", "sjukfranvarokvot", "2,5", "--region"])
            #expect(set.status == 0, "\(set.err)")
            #expect(set.out.contains("≤ 2,5 % in force from 2025-annual"), "\(set.out)")
            // A committee cannot withdraw for itself what the region set; the region's own view shows it.
            let withdrawn = try await Self.goalctl(
                server, ["--committee", "HSN", "retract-target", "5.1.3.1", "--from", "2025-annual", "--reason", "x"])
            #expect(
                withdrawn.status == 1 && withdrawn.err.contains("one of the region's indicators"), "\(withdrawn.err)")
            let shown = try await Self.goalctl(server, ["indicator", "sjukfranvarokvot", "--region"])
            #expect(shown.out.contains("from 2025-annual: ≤ 3 % → ≤ 2.5 %"), "\(shown.out)")
            let connection = try await server.connectAsync()
            for committee in region.committees.map(\.abbreviation) {
                let detail = try await connection.call(
                    GoalRPC.getIndicator, GetIndicatorRequest(key: "sjukfranvarokvot", committee: committee))
                let inForce = Dictionary(
                    uniqueKeysWithValues: detail.targetsInForce.map { ($0.period, $0.target.display) })
                #expect(inForce["2025-interim"] == "≤ 3 %" && inForce["2025-annual"] == "≤ 2,5 %", "\(committee)")
                #expect(detail.indicator.shared == true && detail.indicator.source == "Heroma")
            }
            // The region withdraws what it set, for every committee at once; from a closed period it cannot.
            let closedWithdrawal = try await Self.goalctl(
                server, ["retract-target", "sjukfranvarokvot", "--from", "2025-interim", "--region", "--reason", "x"])
            #expect(closedWithdrawal.status == 1 && closedWithdrawal.err.contains("closed"), "\(closedWithdrawal.err)")
            let both = try await Self.goalctl(
                server,
                [
                    "--committee", "HSN", "retract-target", "sjukfranvarokvot", "--from", "2025-annual", "--region",
                    "--reason", "x",
                ])
            #expect(both.status != 0 && both.err.contains("--region and --committee"), "\(both.err)")
            let retracted = try await Self.goalctl(
                server,
                ["retract-target", "sjukfranvarokvot", "--from", "2025-annual", "--region", "--reason", "fel period"])
            #expect(retracted.status == 0, "\(retracted.err)")
            for committee in region.committees.map(\.abbreviation) {
                let detail = try await connection.call(
                    GoalRPC.getIndicator, GetIndicatorRequest(key: "sjukfranvarokvot", committee: committee))
                let inForce = Dictionary(
                    uniqueKeysWithValues: detail.targetsInForce.map { ($0.period, $0.target.display) })
                #expect(inForce["2025-annual"] == "≤ 3 %", "\(committee)")
            }
            let again = try await Self.goalctl(server, ["indicator", "sjukfranvarokvot", "--region"])
            #expect(again.out.contains("RETRACTED by root") && again.out.contains("fel period"), "\(again.out)")
        }
    }

    @Test func theRegionsOwnValueIsItsOwn() async throws {
        let region = try EveryCommitteeRegion.region()
        try await withTestServer(region: region, now: { Self.clock }) { server in
            let measured = try await Self.goalctl(
                server,
                [
                    "measure", "sjukfranvarokvot", "6,1", "--women", "6,9", "--men", "4,2", "--period", "2025-annual",
                    "--region",
                ])
            #expect(measured.status == 0, "\(measured.err)")
            let history = try await Self.goalctl(server, ["history", "sjukfranvarokvot", "--region"])
            #expect(history.out.contains("6.1 %") && history.out.contains("6.9 % / 4.2 %"), "\(history.out)")
            let committee = try await Self.goalctl(server, ["--committee", "HSN", "--json", "history", "5.1.3.1"])
            let answer = try JSONDecoder().decode(MeasurementHistory.self, from: Data(committee.out.utf8))
            #expect(answer.measurements.isEmpty, "the region's value is no committee's")
            let both = try await Self.goalctl(
                server, ["--committee", "HSN", "measure", "5.1.3.1", "5", "--period", "2025-annual", "--region"])
            #expect(both.status != 0 && both.err.contains("--region and --committee"), "\(both.err)")
        }
    }

    /// One indicator across the region: every committee best first by the target's direction, those without a
    /// value last, the region's own value beside them (never their average), each with its trend against the year
    /// before.
    @Test func oneIndicatorAcrossEveryCommitteeWithTheRegionsOwn() async throws {
        let region = try EveryCommitteeRegion.region()
        try await withTestServer(region: region, now: { Self.clock }) { server in
            var lines = ["period;nämnd;indikator;totalt;kvinnor;män"]
            // 2025's values in no order of the model's (RS, HSN, KBN, KTN, RUN, PN, KSN, HMN); PN's not in yet.
            let totals = ["RS": 6.0, "HSN": 5.25, "KBN": 5.5, "KTN": 6.75, "RUN": 5.0, "KSN": 6.5, "HMN": 5.75]
            for committee in region.committees.map(\.abbreviation) {
                lines.append("2024-annual;\(committee);sjukfranvarokvot;5,5;;")
                guard let total = totals[committee] else { continue }
                lines.append("2025-annual;\(committee);sjukfranvarokvot;\(total);\(total + 1);\(total - 1.5)")
            }
            lines += [
                "2024-annual;region;sjukfranvarokvot;6,3;;",
                "2025-annual;Region Värmland;sjukfranvarokvot;6,1;6,9;4,2",
            ]
            let file = server.directory.file("hr.csv")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
            let imported = try await Self.goalctl(server, ["followup", "import", file])
            #expect(
                imported.status == 0 && imported.out.contains("recorded 17 values"), "\(imported.err)\(imported.out)")

            let shown = try await Self.goalctl(
                server, ["indicator", "sjukfranvarokvot", "--committees", "--period", "2025-annual", "--lang", "en"])
            #expect(shown.status == 0, "\(shown.err)")
            let rows = shown.out.split(separator: "\n").map(String.init)
            #expect(
                rows.first?.contains("sjukfranvarokvot Sjukfrånvarokvot  [2025-annual; trend against 2024-annual]")
                    == true, "\(shown.out)")
            let order = rows.dropFirst(2).compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(
                order.prefix(9) == ["RUN", "HSN", "KBN", "HMN", "RS", "KSN", "KTN", "PN", "The"],
                "best first (at most: lowest), PN without a value last, then the region: \(shown.out)")
            let run = rows.first { $0.hasPrefix("  RUN ") } ?? ""
            #expect(run.contains("5.6.3.1") && run.contains("5 %") && run.contains("6 % / 3.5 %"), "\(run)")
            #expect(
                run.contains("≤ 3 %   not met") && run.hasSuffix("↑ 5.5 %"), "lower sick leave is better: \(run)")
            let kbn = rows.first { $0.hasPrefix("  KBN ") } ?? ""
            #expect(kbn.hasSuffix("→ 5.5 %"), "\(kbn)")
            let rs = rows.first { $0.hasPrefix("  RS ") } ?? ""
            #expect(rs.contains("5.1.3.1") && rs.contains("7 % / 4.5 %") && rs.hasSuffix("↓ 5.5 %"), "\(rs)")
            let pn = rows.first { $0.hasPrefix("  PN ") } ?? ""
            #expect(pn.contains("no data"), "\(pn)")
            let own = rows.first { $0.hasPrefix("  The region (Region Värmland)") } ?? ""
            #expect(!own.contains("sjukfranvarokvot"), "the region's row has no number: \(own)")
            #expect(own.contains("6.1 %") && own.contains("6.9 % / 4.2 %") && own.hasSuffix("↑ 6.3 %"), "\(own)")

            let swedish = try await Self.goalctl(
                server, ["indicator", "sjukfranvarokvot", "--committees", "--period", "2025-annual", "--lang", "sv"])
            #expect(swedish.out.contains("[2025-annual; trend mot 2024-annual]"), "\(swedish.out)")
            #expect(swedish.out.contains("nämnd") && swedish.out.contains("kvinnor / män"), "\(swedish.out)")
            let swedishOwn = swedish.out.split(separator: "\n").first { $0.contains("Regionen (Region Värmland)") }
            #expect(swedishOwn?.contains("6,1 %") == true && swedishOwn?.contains("ej uppnått") == true)
            // For scripts, and without --period the latest period with a value.
            let json = try await Self.goalctl(server, ["--json", "indicator", "5.6.3.1", "--committees"])
            let answer = try JSONDecoder().decode(RegionIndicatorMessage.self, from: Data(json.out.utf8))
            #expect(answer.period == "2025-annual" && answer.periodChosen == "latestWithData")
            #expect(
                answer.committees.count == 8 && answer.without.isEmpty && answer.withoutPlan.isEmpty
                    && answer.region?.standing.value == .number(6.1))
            #expect(answer.region?.committee == CommitteeIndicatorMessage.regionKey)
            #expect(CommitteeIndicatorMessage.regionKey == Region.ownKey, "goalctl knows the region's row by it")
            #expect(answer.committees.first?.standing.trend == "better" && answer.committees.first?.committee == "RUN")

            let connection = try await server.connectAsync()
            await #expect {
                _ = try await connection.call(
                    GoalRPC.regionIndicator,
                    RegionIndicatorRequest(indicator: "sjukfranvarokvot", period: "2031-annual"))
            } throws: { error in
                (error as? RPCError)?.code == .invalidArgument
                    && (error as? RPCError)?.details?["field"] == "params.period"
            }
            let unknown = try await Self.goalctl(server, ["indicator", "nothing-such", "--committees"])
            #expect(unknown.status != 0 && unknown.err.contains("no indicator with key"), "\(unknown.err)")
            let both = try await Self.goalctl(server, ["indicator", "sjukfranvarokvot", "--committees", "--region"])
            #expect(both.status != 0)
        }
    }
}
