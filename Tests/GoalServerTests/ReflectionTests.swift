import Foundation
import GoalDomain
import GoalProtocol
import GoalServer
import GoalStore
import Logging
import Testing

@Suite struct ReflectionTests {
    /// The repository's root, found from this file.
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    func server() throws -> GoalServer {
        let directory = NSTemporaryDirectory() + "goald-reflection-" + UUID().uuidString
        let store = try GoalStore(stateDirectory: directory)
        let state = LiveState(
            Snapshot(
                GoalState(
                    followUp: FollowUp(plan: .embeddedDefault()),
                    travel: TravelAccounts(library: try FactorLibrary()))))
        let writer = StateWriter(store: store, state: state)
        let reloader = StateReloader(writer: writer, logger: Logger(label: "test")) { () throws(ReloadError) in
            throw ReloadError("not in this test")
        }
        return GoalServer(
            configuration: ServerConfiguration(),
            services: GoalServer.standardServices(state: state, writer: writer, reloader: reloader),
            state: state, writer: writer, logger: Logger(label: "test"))
    }

    func file() throws -> JSONValue {
        try JSONDecoder().decode(
            JSONValue.self, from: Data(contentsOf: Self.root.appendingPathComponent("Protocol/goald.v1.json")))
    }

    @Test func theServedDocumentIsTheFile() throws {
        let served = try JSONDecoder().decode(JSONValue.self, from: Data(ReflectionService.documentJSON.utf8))
        #expect(served == (try file()))
    }

    @Test func theFileAndTheServerAgreeOnEveryMethod() throws {
        guard case .array(let methods)? = try file()["methods"] else {
            Issue.record("goald.v1.json has no methods array")
            return
        }
        let described = methods.compactMap { method -> String? in
            guard case .string(let name)? = method["name"], case .string(let kind)? = method["kind"],
                case .string(let permission)? = method["permission"]
            else { return nil }
            return "\(name) \(kind) \(permission)"
        }
        let served = try server().catalogue.map { "\($0.name) \($0.kind.rawValue) \($0.permission.rawValue)" }
        #expect(described.sorted() == served.sorted())
    }

    /// Every method in the document is exercised by a test somewhere in Tests/.
    @Test func everyListedMethodHasATest() throws {
        guard case .array(let methods)? = try file()["methods"] else { return }
        var sources = ""
        let tests = Self.root.appendingPathComponent("Tests")
        let files = FileManager.default.enumerator(atPath: tests.path)?.compactMap { $0 as? String } ?? []
        for path in files
        where (path.hasSuffix(".swift") || path.hasSuffix(".py") || path.hasSuffix(".sh"))
            && !path.hasSuffix("ReflectionTests.swift")
        {
            sources += (try? String(contentsOf: tests.appendingPathComponent(path), encoding: .utf8)) ?? ""
        }
        for method in methods {
            guard case .string(let name)? = method["name"] else { continue }
            let short = String(name.split(separator: "/").last ?? "")
            let mentioned =
                sources.contains(name)
                || sources.contains("GoalRPC.\(short.prefix(1).lowercased() + short.dropFirst())")
            #expect(mentioned, "no test names \(name)")
        }
    }
}
