import Foundation
import GRDB
import GoalCLI
import GoalDomain
import GoalProtocol
import GoalStore
import GoalTestSupport
import Testing

/// A store written by the release before the region model (`Tests/Fixtures/store-0.1.0`) opens under today's goald
/// as RUN's 2024–2026 plan with nothing lost: its records are given the committee and the stable ids their numbers
/// stood for, and every status, history, indicator, judgement list and report reads as that release read it.
@Suite struct StoreFromReleaseTests {
    static var fixture: URL {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Fixtures/store-0.1.0")
    }

    /// What the release answered, and the goalctl arguments that ask today's goald the same.
    /// A Swedish CSV line with `cells` inserted after its fifth field (the value), quotes respected.
    static func insertingAfterValue(_ cells: [String], into line: String) -> String {
        var separators = 0
        var quoted = false
        for index in line.indices {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            if character == ";", !quoted {
                separators += 1
                if separators == 5 {
                    return String(line[..<index]) + ";" + cells.joined(separator: ";") + String(line[index...])
                }
            }
        }
        return line
    }

    static func expectations() throws -> [(file: String, arguments: [String])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.appendingPathComponent("expected").path)
        return names.sorted().map { name in
            // `status-2024-annual.json`, `history-5.6.3.1.json`, `report-2025-annual.csv`.
            let kind = String(name.prefix { $0 != "-" })
            let subject = String(name.dropFirst(kind.count + 1).dropLast(name.hasSuffix(".json") ? 5 : 4))
            switch kind {
            case "status": return (name, ["status", "--period", subject, "--json"])
            case "report": return (name, ["report", "--period", subject, "--format", "csv"])
            default: return (name, [kind, subject, "--json"])
            }
        }
    }

    @Test func aStoreFromTheLastReleaseReadsTheSameWithStableIDs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.file("state"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Self.fixture.appendingPathComponent("goald.sqlite").path,
            toPath: directory.file("state/goald.sqlite"))

        // The release's model measured HME at both periods; today's built-in one measures it annually (its
        // interim status is "mäts årsvis"). Two starts under the release's model compare the store alone; a third
        // under today's model expects that one difference and no other.
        let model = directory.file("region.json")
        let releaseModel = Region.embeddedDefaultJSON.replacingOccurrences(
            of: #","# + "\n" + #"      "measured": "annual""#, with: "")
        #expect(releaseModel != Region.embeddedDefaultJSON)
        try releaseModel.write(toFile: model, atomically: true, encoding: .utf8)
        for round in ["first start", "second start", "today's model"] {
            let today = round == "today's model"
            let daemon = try TestDaemon(
                arguments: ["--time-zone", "Europe/Stockholm"] + (today ? [] : ["--model", model]),
                directory: directory)
            defer { _ = daemon.stop() }
            if round == "first start" {
                #expect(daemon.log.contains("follow-up records kept under their stable ids"), "\(daemon.log)")
            }
            var compared = 0
            for (file, arguments) in try Self.expectations() {
                let expected = try String(
                    contentsOf: Self.fixture.appendingPathComponent("expected/\(file)"), encoding: .utf8)
                if file.hasSuffix(".csv") {
                    let output = directory.file("report.csv")
                    let run = GoalCtl.runCapturingOutput(
                        ["--socket", daemon.socketPath] + arguments + ["--output", output])
                    #expect(run.status == 0, "\(round): \(arguments): \(run.standardError)")
                    let written = try String(contentsOfFile: output, encoding: .utf8)
                    // Since the follow-up has states, each row ends with its period's: the release's stores hold
                    // no decision, so every row is a draft's.
                    let lines = expected.components(separatedBy: "\r\n")
                    let withStates =
                        lines.enumerated().map { index, line in
                            let hmeAtInterim = today && line.contains("-interim;indikator;5.6.2.1;")
                            let shown =
                                hmeAtInterim
                                ? line.replacingOccurrences(
                                    of: ";Inget utfall;", with: ";Mäts årsvis;") : line
                            // Since women and men, two columns follow the value: empty in the release's store.
                            let split = Self.insertingAfterValue(
                                index == 0 ? ["kvinnor", "män"] : ["", ""], into: shown)
                            return shown.isEmpty ? shown : split + (index == 0 ? ";beslut" : ";UTKAST")
                        }.joined(separator: "\r\n")
                    #expect(written == withStates, "\(round): \(file) differs")
                } else {
                    let run = GoalCtl.runCapturingOutput(["--socket", daemon.socketPath] + arguments)
                    #expect(run.status == 0, "\(round): \(arguments): \(run.standardError)")
                    let then = try JSONDecoder().decode(JSONValue.self, from: Data(expected.utf8))
                    let now = try JSONDecoder().decode(JSONValue.self, from: Data(run.standardOutput.utf8))
                    // Under today's model HME reads "mäts årsvis" at the interim periods, and the tallies count it
                    // apart from no data: nothing else may differ.
                    let differences = Self.missing(then, in: now, at: file).filter { difference in
                        !(today && file.contains("-interim")
                            && (difference.contains(#"string("noData"), now string("measuredAnnually")"#)
                                || difference.contains("tally.noData: number(")))
                    }
                    #expect(differences.isEmpty, "\(round): \(differences.prefix(5).joined(separator: "\n"))")
                }
                compared += 1
            }
            #expect(compared == 58)
        }

        // The store now keeps every record under its committee and stable id; none is left as it was written.
        let store = try DatabaseQueue(path: directory.file("state/goald.sqlite"))
        let (unadopted, indicators, numbered, retracted) = try store.read { db in
            (
                try ["measurement", "assessment", "target_change", "retraction"].map { table in
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE committee IS NOT 'RUN'") ?? -1
                },
                try String.fetchAll(db, sql: "SELECT DISTINCT indicator FROM measurement ORDER BY 1"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurement WHERE indicator GLOB '[0-9]*'"),
                try String.fetchOne(db, sql: "SELECT subject FROM retraction WHERE kind = 'assessment'")
            )
        }
        #expect(unadopted == [0, 0, 0, 0])
        #expect(indicators.contains("sjukfranvarokvot") && indicators.count == 20, "\(indicators)")
        #expect(numbered == 0)
        #expect(retracted == "hallbar-arbetsmiljo")
    }

    /// Records not yet adopted (a read-only store keeps them so) are the default committee's alone: another
    /// committee whose plans share their ids and numbers does not take them.
    @Test func recordsNotYetAdoptedAreTheDefaultCommitteesAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.file("state"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Self.fixture.appendingPathComponent("goald.sqlite").path,
            toPath: directory.file("state/goald.sqlite"))
        let store = try GoalStore(stateDirectory: directory.file("state"))
        let followUps = try store.loadFollowUps(of: TwoCommitteeRegion.region())
        #expect(followUps.map(\.plan.committeeAbbreviation) == ["RUN", "HSN"])
        #expect(followUps[0].measurements["sjukfranvarokvot"]?.isEmpty == false)
        #expect(followUps[1].measurements.isEmpty && followUps[1].assessments.isEmpty)
        #expect(followUps[1].orphans == 0, "RUN's records are not HSN's orphans")
        // Its sequences are the store's all the same.
        #expect(followUps[1].lastSequence == followUps[0].lastSequence)
    }

    /// Where `then` (what the release answered) is not found in `now`: every member of an object kept with the same
    /// value (members may be added), arrays of the same length item by item. A derived value's `recordedAt` is the
    /// time of asking and is not compared.
    static func missing(_ then: JSONValue, in now: JSONValue, at path: String) -> [String] {
        switch (then, now) {
        case (.object(let old), .object(let new)):
            let derived = old["derived"] == .bool(true)
            return old.keys.sorted().flatMap { key -> [String] in
                if derived && key == "recordedAt" { return [] }
                guard let value = new[key] else { return ["\(path).\(key): gone"] }
                return missing(old[key]!, in: value, at: "\(path).\(key)")
            }
        case (.array(let old), .array(let new)):
            guard old.count == new.count else { return ["\(path): \(old.count) items, now \(new.count)"] }
            return zip(old, new).enumerated().flatMap { index, pair in
                missing(pair.0, in: pair.1, at: "\(path)[\(index)]")
            }
        default:
            return then == now ? [] : ["\(path): \(then), now \(now)"]
        }
    }
}
