import Foundation
import GoalServer
import Testing

/// `systemd/goald.catalog` explains every MESSAGE_ID goald logs, and nothing else.
@Suite struct CatalogTests {
    @Test func theCatalogExplainsEveryMessageID() throws {
        let catalog = try String(
            contentsOf: ReflectionTests.root.appendingPathComponent("systemd/goald.catalog"),
            encoding: .utf8)
        let entries = catalog.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) }
        #expect(entries.sorted() == LogMessageID.all.sorted())
        #expect(Set(LogMessageID.all).count == LogMessageID.all.count)
        for id in LogMessageID.all {
            #expect(id.count == 32 && id.allSatisfy(\.isHexDigit), "\(id)")
        }
    }
}
