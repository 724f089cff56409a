import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

struct TravelImports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "imports",
        abstract: "List every import of trips: when, by whom, the file, what it added and what was removed since.",
        discussion: GoalCtl.sharedOptions
    )

    @ParentCommand var travel: Travel
    var connection: ConnectionOptions { travel.goalctl.connection }

    func run() throws {
        // Every page, oldest first.
        let all = try connection.withConnection { client in
            var imports: [ImportMessage] = []
            var after: Int64?
            repeat {
                let page = try client.call(
                    GoalRPC.listImports, ListImportsRequest(after: after),
                    timeout: connection.timeoutDuration)
                imports += page.imports
                after = page.next
            } while after != nil
            return ImportsMessage(imports: imports)
        }
        if connection.json {
            Output.write(try Output.json(all))
            return
        }
        Output.write(
            { (answer: ImportsMessage) -> String in
                guard !answer.imports.isEmpty else { return "no imports yet" }
                let rows = answer.imports.map { record in
                    [
                        "#\(record.id)", Format.localTime(record.recordedAt), record.recordedBy, record.source ?? "-",
                        "\(record.added)", "\(record.alreadyPresent)", record.removed > 0 ? "\(record.removed)" : "",
                        Format.kg(record.kgCO2e), record.completeThrough ?? "", record.reportedColumn ?? "",
                    ]
                }
                return Format.table(
                    header: [
                        "import", "when", "by", "file", "added", "present", "removed", "kg CO2e",
                        "complete through", "supplier kg from",
                    ], rows: rows
                )
                .joined(separator: "\n")
            }(all))
    }
}
