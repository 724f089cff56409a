import Foundation
import GoalDomain
import GoalProtocol
import GoalTestSupport
import Testing

/// `SetTarget` without `from` starts the target at the first period not yet closed on goald's clock, and says so.
@Suite struct TargetFromTests {
    /// Noon on a day, in goald's time zone.
    static func noon(_ year: Int, _ month: Int, _ day: Int) -> Date {
        Calendar(identifier: .gregorian).date(
            from: DateComponents(
                timeZone: .current, year: year, month: month,
                day: day, hour: 12))!
    }

    @Test(arguments: [
        (2025, 3, 10, "2025-interim"), (2025, 8, 31, "2025-interim"), (2025, 9, 1, "2025-annual"),
        (2026, 12, 1, "2026-annual"),
    ])
    func theDefaultIsTheFirstOpenPeriod(year: Int, month: Int, day: Int, expected: String) async throws {
        let clock = Self.noon(year, month, day)
        try await withTestServer(now: { clock }) { daemon in
            let connection = try await daemon.connectAsync()
            let change = try await connection.call(
                GoalRPC.setTarget,
                SetTargetRequest(indicator: "5.3.1.4", value: .number(65)))
            #expect(change.from == expected && change.fromChosen == "firstOpen")
            let detail = try await connection.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.3.1.4"))
            let before = detail.targetsInForce.prefix { $0.period != expected }.map(\.target.display)
            let from = detail.targetsInForce.drop { $0.period != expected }.map(\.target.display)
            #expect(before.allSatisfy { $0 == "≥ 60 %" }, "the periods before keep their target")
            #expect(!from.isEmpty && from.allSatisfy { $0 == "≥ 65 %" })
        }
    }

    @Test func afterThePlanThereIsNoDefaultAndNothingChanges() async throws {
        let clock = Self.noon(2027, 1, 5)
        try await withTestServer(now: { clock }) { daemon in
            let connection = try await daemon.connectAsync()
            await #expect(throws: RPCError.self) {
                _ = try await connection.call(
                    GoalRPC.setTarget, SetTargetRequest(indicator: "5.3.1.4", value: .number(65)))
            }
            let detail = try await connection.call(GoalRPC.getIndicator, GetIndicatorRequest(key: "5.3.1.4"))
            #expect(detail.targetHistory.isEmpty)
            // 2026-annual has closed too: naming it rewrites its report, which takes a reason.
            await #expect {
                _ = try await connection.call(
                    GoalRPC.setTarget,
                    SetTargetRequest(
                        indicator: "5.3.1.4", value: .number(65), from: "2026-annual"))
            } throws: { error in
                let error = error as? RPCError
                return error?.code == .failedPrecondition && error?.details?["field"] == "params.from"
                    && error?.message.contains("2026-annual closed on 2026-12-31") == true
            }
            let named = try await connection.call(
                GoalRPC.setTarget,
                SetTargetRequest(
                    indicator: "5.3.1.4", value: .number(65), from: "2026-annual", reason: "RS beslut 2027-01-04 § 2"))
            #expect(
                named.from == "2026-annual" && named.fromChosen == "requested"
                    && named.reason == "RS beslut 2027-01-04 § 2")
        }
    }
}

/// goald's day comes from the C library on the request path; it is the day Foundation's calendar gives, in goald's
/// zone, across days, months, years and daylight-saving changes.
@Suite struct LocalDayTests {
    @Test func theFastDayIsFoundationsDay() {
        var instant = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01 00:00 UTC
        for _ in 0..<2_000 {
            #expect(CivilDate.local(instant) == CivilDate.on(instant, in: .current), "\(instant)")
            instant += 3_600 * 13 + 17 * 60  // steps that land at every hour of the day over the years
        }
    }
}
