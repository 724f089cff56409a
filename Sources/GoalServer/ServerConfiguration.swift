/// Everything the server needs to start. Every field has a production default.
package struct ServerConfiguration: Sendable {
    /// The listening socket. Linux limits Unix socket paths to 107 bytes.
    package var socketPath = "/run/goald/goald.sock"
    /// Frames with a larger payload are refused before they are buffered.
    package var maxFrameLength = 4 * 1024 * 1024
    /// goald's version, reported by `Health/Check`.
    package var version = goaldVersion
    /// A listening socket handed over by systemd: used instead of binding `socketPath`, and never unlinked.
    package var inheritedListener: Int32?

    package init() {}
}

/// The version of this build of goald.
package let goaldVersion = "0.1.0"
