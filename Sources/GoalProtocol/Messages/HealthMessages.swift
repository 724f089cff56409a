/// Params of `goald.v1.Health/Check`: the whole server (no service, or "") or one service by name,
/// as in grpc.health.v1.
package struct HealthCheckRequest: Codable, Sendable, Hashable {
    package var service: String?
    package init(service: String? = nil) { self.service = service }
}

/// Result of `goald.v1.Health/Check`.
package struct HealthCheckResponse: Codable, Sendable, Hashable {
    /// `SERVING`, `NOT_SERVING` or `SERVICE_UNKNOWN`.
    package var status: String
    /// goald's version.
    package var version: String
    /// Seconds since goald started.
    package var uptimeSeconds: Double
    /// The identifier of the plan being served.
    package var plan: String
    /// Whether writes can be stored. False when the store is read-only: reads serve, writes fail UNAVAILABLE.
    package var writable: Bool

    package init(status: String, version: String, uptimeSeconds: Double, plan: String, writable: Bool) {
        self.status = status
        self.version = version
        self.uptimeSeconds = uptimeSeconds
        self.plan = plan
        self.writable = writable
    }
}

/// Result of `goald.v1.Admin/Reload`.
package struct ReloadResponse: Codable, Sendable, Hashable {
    package var reloaded: Bool
    /// What is served now.
    package var summary: String

    package init(reloaded: Bool, summary: String) {
        self.reloaded = reloaded
        self.summary = summary
    }
}

/// A message of `goald.v1.Health/Watch`: sent at once, then whenever the serving state changes.
package struct HealthWatchMessage: Codable, Sendable, Hashable {
    /// `SERVING`, or `NOT_SERVING` as goald shuts down (the stream then ends).
    package var status: String
    package var plan: String

    package init(status: String, plan: String) {
        self.status = status
        self.plan = plan
    }
}

/// Params of `goald.v1.Admin/Backup`.
package struct BackupRequest: Codable, Sendable, Hashable {
    /// An absolute path goald can write, for a file that does not exist yet.
    package var path: String
    package init(path: String) { self.path = path }
}

/// Result of `goald.v1.Admin/Backup`.
package struct BackupResponse: Codable, Sendable, Hashable {
    package var path: String
    package var bytes: Int64
    /// The copy's permissions: "0600", or "0640" when it has the socket's group.
    package var mode: String?
    package init(path: String, bytes: Int64, mode: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.mode = mode
    }
}
