import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

@Suite struct ReflectionDaemonTests {
    @Test func describeListsEveryMethodWithItsPermission() async throws {
        try await inProcess { daemon in
            let document = try daemon.connect().call(GoalRPC.describe, Empty())
            #expect(document["protocol"] == .string("goald.v1"))
            let listed = try daemon.goalctl(["describe"])
            #expect(listed.status == 0)
            #expect(listed.stdout.contains("goald.v1.Goals/Watch"))
            #expect(
                listed.stdout.split(separator: "\n").contains {
                    $0.hasPrefix("goald.v1.Admin/Reload") && $0.contains("admin")
                })
        }
    }

    @Test func assessmentsAndStaffThroughTheirMethods() async throws {
        try await inProcess { daemon in
            let connection = try daemon.connect()
            let assessment = try connection.call(
                GoalRPC.recordAssessment,
                RecordAssessmentRequest(
                    resultGoal: "5.6.2", period: "2025-interim", level: "ej uppfyllt",
                    analysis: "Personalomsättningen ökar."))
            #expect(assessment.level == "ej uppfyllt" && assessment.sequence == 1)
            let staff = try connection.call(
                GoalRPC.setStaff, StaffMessage(unit: "Regional utveckling", year: 2024, fte: 212.5))
            #expect(staff.fte == 212.5)
            #expect {
                try connection.call(GoalRPC.setStaff, StaffMessage(unit: "Regional utveckling", year: 2024, fte: -1))
            } throws: { ($0 as? RPCError)?.code == .invalidArgument }
            let csv = "id,date,mode,distance_km\nA,2020-03-01,rail,100\nB,2024-03-01,rail,50\n"
            _ = try connection.call(GoalRPC.addTrips, AddTripsRequest(csv: csv, unit: "Regional utveckling"))
            _ = try connection.call(GoalRPC.setStaff, StaffMessage(unit: "Regional utveckling", year: 2020, fte: 200))
            let reduction = try connection.call(GoalRPC.getReduction, GetReductionRequest(year: 2024))
            #expect(reduction.current.fte == 212.5 && reduction.baseline.fte == 200)
            // 2024: 50 pkm × 0.03546 = 1.773 kg over 212.5 FTE
            #expect(abs((reduction.current.kgCO2ePerFte ?? 0) - 50 * 0.03546 / 212.5) < 1e-12)
        }
    }
}
