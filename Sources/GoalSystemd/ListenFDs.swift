import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket handed over by systemd (socket activation).
package struct ListenedSocket: Sendable, Hashable {
    /// The file descriptor, from 3 upwards.
    package var descriptor: Int32
    /// `FileDescriptorName=` of the socket unit, or "unknown".
    package var name: String
}

package enum SocketActivation {
    /// The sockets systemd passed to this process (`$LISTEN_FDS`, `$LISTEN_FDNAMES`), through
    /// `sd_listen_fds_with_names`. The variables are unset afterwards, so child processes do not inherit them.
    package static func takeListenedSockets() -> [ListenedSocket] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count > 0 else { return [] }
        defer {
            if let names {
                for index in 0..<Int(count) { free(names[index]) }
                free(names)
            }
        }
        return (0..<Int(count)).map { index in
            let name = names?[index].map { String(cString: $0) } ?? "unknown"
            return ListenedSocket(descriptor: SD_LISTEN_FDS_START + Int32(index), name: name)
        }
    }
}
