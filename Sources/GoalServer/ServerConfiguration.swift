/// Everything the server needs to start. Every field has a production default.
package struct ServerConfiguration: Sendable {
    /// The listening socket. Linux limits Unix socket paths to 107 bytes.
    package var socketPath = "/run/goald/goald.sock"
    /// Frames with a larger payload are refused before they are buffered.
    package var maxFrameLength = 4 * 1024 * 1024
    /// goald's version, reported by `Health/Check`.
    package var version = goaldVersion
    /// The most client connections at once; one more is answered RESOURCE_EXHAUSTED and closed.
    package var maxConnections = 1024
    /// The most calls (and streams) in flight on one connection; one more is answered RESOURCE_EXHAUSTED.
    package var maxCallsInFlight = 256
    /// A connection with no frame in and nothing in flight for this long is closed.
    package var idleTimeout: Duration = .seconds(300)
    /// Who may write and administer, by user and group.
    package var access = AccessPolicy.default
    /// A listening socket handed over by systemd: used instead of binding `socketPath`, and never unlinked.
    package var inheritedListener: Int32?

    package init() {}
}

/// The version of this build of goald.
package let goaldVersion = "0.1.0"
