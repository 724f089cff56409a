#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why goald cannot listen on its socket path.
package struct ListenError: Error, CustomStringConvertible, Sendable {
    package var description: String
}

/// Prepares a socket path for `bind`: creates a missing parent folder, removes a stale socket file left by
/// a crash, and refuses when another process is serving on the path or the path is not a socket.
enum SocketPath {
    /// The most bytes a Unix socket path may have here (sun_path holds 108 with its terminating zero).
    static let maxLength = 107

    static func prepare(_ path: String) throws {
        guard !path.isEmpty else { throw ListenError(description: "the socket path is empty") }
        guard path.utf8.count <= maxLength else {
            throw ListenError(
                description:
                    "socket path \(path) is \(path.utf8.count) bytes; Unix socket paths may have at most \(maxLength)")
        }
        try createParent(of: path)

        var info = stat()
        guard lstat(path, &info) == 0 else { return }  // nothing there: free to bind
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw ListenError(description: "\(path) exists and is not a socket; refusing to replace it")
        }
        if isServed(path) {
            throw ListenError(description: "another process (a running goald?) is already serving on \(path)")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ListenError(
                description: "cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Whether something accepts connections on the socket.
    static func isServed(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    private static func createParent(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        var info = stat()
        if stat(parent, &info) == 0 { return }
        try createParent(of: parent)
        guard mkdir(parent, 0o755) == 0 || errno == EEXIST else {
            throw ListenError(
                description: "cannot create the socket's folder \(parent): \(String(cString: strerror(errno)))")
        }
    }

    /// Gives the bound socket its mode and, when one is named, its group (connecting takes write permission).
    static func setAccess(_ path: String, mode: mode_t, group: gid_t?) throws {
        if let group, chown(path, uid_t.max, group) != 0 {
            throw ListenError(
                description: "cannot give the socket \(path) the group \(group): "
                    + String(cString: strerror(errno)))
        }
        guard chmod(path, mode) == 0 else {
            throw ListenError(
                description: "cannot set the mode of the socket \(path) to "
                    + "\(String(mode, radix: 8)): \(String(cString: strerror(errno)))")
        }
    }

    static func remove(_ path: String) {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
    }
}
