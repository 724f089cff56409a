import GoalProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the server needs to start. Every field has a production default, from `Defaults`: the one place
/// goald's flags, its configuration file and its help text take them from.
package struct ServerConfiguration: Sendable {
    /// The defaults, each written once.
    package enum Defaults {
        package static let socketPath = WireDefaults.socketPath
        package static let maxFrameLength = WireDefaults.maxFrameLength
        package static let maxConnections = 1024
        package static let maxConnectionsPerUser = 128
        package static let maxCallsInFlight = 256
        package static let idleTimeoutSeconds = 300
        package static let maxUnwrittenBytes = 4 * 1024 * 1024
        package static let maxBufferedBytes = 64 * 1024 * 1024
        package static let shutdownGraceSeconds = 10
        /// How long a frame may take to arrive whole from its first byte: a whole 4 MiB frame takes milliseconds.
        package static let frameDeadlineSeconds = 30
        /// The most organisational units the travel data may hold: what any export of one region has, and the
        /// bound on what the units cost in memory and in a footprint by unit.
        package static let maxUnits = 1000
        /// The mode of the socket goald binds itself: its user and group may connect (goald.socket's too).
        package static let socketMode: mode_t = 0o660
    }

    /// The listening socket. Linux limits Unix socket paths to 107 bytes.
    package var socketPath = Defaults.socketPath
    /// Frames with a larger payload are refused before they are buffered.
    package var maxFrameLength = Defaults.maxFrameLength
    /// The most client connections at once; one more is answered RESOURCE_EXHAUSTED and closed. The last
    /// `adminReserve` of them are kept for administrators.
    package var maxConnections = Defaults.maxConnections
    /// The most connections one user may hold at once.
    package var maxConnectionsPerUser = Defaults.maxConnectionsPerUser
    /// The most calls (and streams) answered later that may be in flight on one connection.
    package var maxCallsInFlight = Defaults.maxCallsInFlight
    /// A connection with no frame in and nothing in flight for this long is closed.
    package var idleTimeout: Duration = .seconds(Defaults.idleTimeoutSeconds)
    /// Once a connection holds this many bytes of answers its client has not read, goald stops reading its
    /// frames until the client reads.
    package var maxUnwrittenBytes = Defaults.maxUnwrittenBytes
    /// What all connections together may hold of answers their clients have not read and of frames read in part:
    /// shared among the users with a connection open, reads paused before it is spent (`BufferBudget`).
    package var maxBufferedBytes = Defaults.maxBufferedBytes
    /// A frame not whole this long after its first byte is refused and its connection closed: a client cannot keep
    /// a half-sent frame in goald's memory by trickling its bytes.
    package var frameDeadline: Duration = .seconds(Defaults.frameDeadlineSeconds)
    /// At shutdown, how long calls in flight may take to finish before their connections are closed.
    package var shutdownGrace: Duration = .seconds(Defaults.shutdownGraceSeconds)
    /// Who may write and administer, by user and group.
    package var access = AccessPolicy.default
    /// The mode of the socket goald binds (not of one systemd hands over: goald.socket sets that).
    package var socketMode = Defaults.socketMode
    /// The group of the socket goald binds; nil: goald's own group.
    package var socketGroup: gid_t?
    /// A listening socket handed over by systemd: used instead of binding `socketPath`, and never unlinked.
    package var inheritedListener: Int32?

    package init() {}

    /// Connections kept for administrators (root and goald-admin by default) when the rest are taken: an eighth
    /// of `maxConnections`, at most 16.
    package var adminReserve: Int { min(16, maxConnections / 8) }
}

/// The version of this build of goald.
package let goaldVersion = Release.version
