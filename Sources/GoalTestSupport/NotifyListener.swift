import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Stands in for systemd's notification socket: a datagram socket whose path goes in `$NOTIFY_SOCKET`,
/// collecting what the daemon sends through sd_notify.
package final class NotifyListener: @unchecked Sendable {
    package let path: String
    private let fd: Int32

    package init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestDaemonError(message: "socket: \(String(cString: strerror(errno)))") }
        unlink(path)  // left by an earlier listener on the same folder (a goald restarted in it)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw TestDaemonError(message: "bind \(path): \(String(cString: strerror(errno)))") }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next datagram, or nil when none comes before the deadline.
    package func receive(timeout: Duration) -> String? {
        var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&pollfd, 1, ms) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Datagrams until one contains `line`, or until the deadline; returns all of them.
    package func messages(until line: String, timeout: Duration) -> [String] {
        let deadline = ContinuousClock.now + timeout
        var seen: [String] = []
        while ContinuousClock.now < deadline, let message = receive(timeout: deadline - .now) {
            seen.append(message)
            if message.split(separator: "\n").contains(Substring(line)) { break }
        }
        return seen
    }
}
