import Foundation
import GoalProtocol
import GoalServer
import GoalTestSupport
import Testing

/// The HTTP side door's secret: made once in the state directory for goald's user alone, read back the same,
/// never through a link, and a file that is not one refused by name.
@Suite struct SideDoorAccessTests {
    @Test func theSecretIsMadeOnceAndReadBackTheSame() throws {
        let directory = try TemporaryDirectory(prefix: "goald-access")
        defer { directory.remove() }
        let (first, made) = try SideDoorAccess.load(stateDirectory: directory.path, writable: true)
        #expect(made)
        #expect(first.token.utf8.count == 64 && first.token.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        var status = stat()
        #expect(stat(directory.file(SideDoorAccess.fileName), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600, "goald's user alone reads it")
        let (again, kept) = try SideDoorAccess.load(stateDirectory: directory.path, writable: true)
        #expect(kept && again.token == first.token, "the same across restarts")
        #expect(SideDoorAccess.newToken() != first.token)
    }

    @Test func aReadOnlyStoreGetsASecretForThisRunAlone() throws {
        let directory = try TemporaryDirectory(prefix: "goald-access")
        defer { directory.remove() }
        let (access, persisted) = try SideDoorAccess.load(stateDirectory: directory.path, writable: false)
        #expect(!persisted && access.token.utf8.count == 64)
        #expect(!FileManager.default.fileExists(atPath: directory.file(SideDoorAccess.fileName)))
    }

    @Test func aFileThatIsNoSecretOrALinkIsRefusedByName() throws {
        let directory = try TemporaryDirectory(prefix: "goald-access")
        defer { directory.remove() }
        let path = directory.file(SideDoorAccess.fileName)
        try "not a secret\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            _ = try SideDoorAccess.load(stateDirectory: directory.path, writable: true)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("64 hex digits")
        }
        try FileManager.default.removeItem(atPath: path)
        let elsewhere = directory.file("elsewhere")
        try String(repeating: "a", count: 64).write(toFile: elsewhere, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        #expect {
            _ = try SideDoorAccess.load(stateDirectory: directory.path, writable: true)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("cannot be read")
        }
    }

    @Test func onlyTheSecretItselfIsAdmitted() {
        let access = SideDoorAccess(token: String(repeating: "ab", count: 32))
        #expect(access.admits(String(repeating: "ab", count: 32)))
        #expect(!access.admits(String(repeating: "ab", count: 31) + "ac"))
        #expect(!access.admits(String(repeating: "ab", count: 32) + "a"))
        #expect(!access.admits(""))
        #expect(!access.admits(String(repeating: "AB", count: 32)))
        #expect(access.login == nil, "no link before the door listens")
        access.listen(host: "::1", port: 9464)
        #expect(access.login?.address == "[::1]:9464" && access.login?.cookie == "goald-9464")
        #expect(access.login?.url == "http://[::1]:9464/login?token=" + access.token)
    }
}
