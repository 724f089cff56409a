import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Who is at the other end of a Unix socket, as the kernel tells it (SO_PEERCRED).
enum PeerCredentials {
    /// Laid out as the kernel's `struct ucred` (pid, uid, gid), which Glibc's Swift module does not export.
    struct Credentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// Reads the peer's credentials. Call on the channel's event loop; nil where the socket cannot tell.
    static func read(from channel: any Channel) -> Credentials? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        var result: Credentials?
        let future: EventLoopFuture<Credentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        // On the channel's own event loop the option is read at once, so the future is already complete.
        future.assumeIsolated().whenSuccess { result = $0 }
        return result
    }

    /// The user name for a uid, or the uid itself when the system has no name for it.
    static func userName(uid: UInt32) -> String {
        var entry = passwd()
        var buffer = [CChar](repeating: 0, count: 4096)
        var found: UnsafeMutablePointer<passwd>?
        let status = getpwuid_r(uid, &entry, &buffer, buffer.count, &found)
        guard status == 0, found != nil, let name = entry.pw_name else { return String(uid) }
        return String(cString: name)
    }
}
