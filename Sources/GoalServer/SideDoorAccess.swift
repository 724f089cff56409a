import Foundation
import Glibc
import GoalProtocol
import Synchronization

/// Who may come in through the HTTP side door: whoever may open the RPC socket.
///
/// goald keeps a secret in its state directory (`http-token`, readable by goald's user alone) and hands it out over
/// the socket (`goald.v1.Reports/GetHTTPLogin`, what `goalctl http-login` calls), so the socket's own permissions
/// decide who gets it. The door answers a request that carries it, as the cookie its login link sets or as
/// `Authorization: Bearer`, and `/healthz` to anyone (a probe reads nothing). The secret stays the same across
/// restarts, so that a scraper's credentials file keeps working; removing the file makes a new one at the next
/// start.
package final class SideDoorAccess: Sendable {
    /// The file's name in the state directory.
    package static let fileName = "http-token"
    /// 32 random bytes, as 64 lowercase hex digits.
    package let token: String
    private let tokenBytes: [UInt8]
    /// Where the door listens once it does: `127.0.0.1:9464`, and the port.
    private let address = Mutex<(text: String, port: Int)?>(nil)

    package init(token: String) {
        self.token = token
        self.tokenBytes = Array(token.utf8)
    }

    /// A new secret from the system's random source.
    package static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The secret kept in `directory`, made there first if there is none. A store opened read-only gets one for
    /// this run alone (`persisted` false).
    package static func load(stateDirectory directory: String, writable: Bool) throws(AccessError)
        -> (access: SideDoorAccess, persisted: Bool)
    {
        let path = directory + "/" + fileName
        if let text = try read(path) {
            guard text.utf8.count == 64, text.utf8.allSatisfy({ isHexDigit($0) }) else {
                throw AccessError(
                    "\(path): is not 64 hex digits (goald's HTTP secret); remove it and goald makes a new one")
            }
            return (SideDoorAccess(token: text), true)
        }
        let token = newToken()
        guard writable else { return (SideDoorAccess(token: token), false) }
        try write(token, to: path)
        return (SideDoorAccess(token: token), true)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// The file's text without its line end; nil when there is no file. A link is never followed.
    private static func read(_ path: String) throws(AccessError) -> String? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw AccessError("\(path): cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw AccessError("\(path): cannot be read: \(String(cString: strerror(errno)))") }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a new file, readable and writable by goald's user alone, never over another (a planted link or a
    /// file made meanwhile is refused), and durable before goald says it is ready.
    private static func write(_ token: String, to path: String) throws(AccessError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AccessError("\(path): cannot be made: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw AccessError("\(path): cannot be written: \(reason)")
        }
    }

    /// Whether `presented` is the secret, compared in time that does not depend on where they differ.
    package func admits(_ presented: some StringProtocol) -> Bool {
        let bytes = Array(presented.utf8)
        guard bytes.count == tokenBytes.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(bytes, tokenBytes) { difference |= a ^ b }
        return difference == 0
    }

    /// The cookie the login link sets: named for the port, since a browser sends a host's cookies to every port.
    package static func cookieName(port: Int?) -> String { "goald-\(port ?? 0)" }

    /// Where the door listens (set once it does), as `HOST:PORT` with an IPv6 host in brackets.
    package var listening: String? { address.withLock { $0?.text } }

    package func listen(host: String, port: Int) {
        address.withLock { $0 = ((host.contains(":") ? "[\(host)]" : host) + ":\(port)", port) }
    }

    /// The way in, once the door listens: the login link, the secret and the cookie's name.
    package var login: HTTPLoginMessage? {
        guard let (text, port) = address.withLock({ $0 }) else { return nil }
        return HTTPLoginMessage(
            url: "http://\(text)/login?token=\(token)", address: text, token: token,
            cookie: Self.cookieName(port: port))
    }

    package struct AccessError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}
