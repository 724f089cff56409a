/// The defaults both ends share: where goald listens, and the largest frame either end takes. goald's flags, its
/// configuration file, its help text and goalctl all read them from here.
package enum WireDefaults {
    /// The socket goald listens on and goalctl calls, unless told otherwise.
    package static let socketPath = "/run/goald/goald.sock"
    /// The largest payload either end accepts: 4 MiB.
    package static let maxFrameLength = 4 * 1024 * 1024
}

/// This release of goald and goalctl, and the protocol they speak.
package enum Release {
    package static let version = "0.1.0"
    package static let protocolName = "goald.v1"
    /// What `--version` prints: `0.1.0 (protocol goald.v1)`.
    package static let versionLine = "\(version) (protocol \(protocolName))"
}
