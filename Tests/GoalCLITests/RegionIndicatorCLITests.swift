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
}
