import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// Tells the service manager about goald's state (sd_notify(3)).
package protocol ServiceNotifier: Sendable {
    func notify(_ states: [NotifyState])
}

/// One `KEY=value` line of a notification.
package struct NotifyState: Sendable, Hashable {
    package var line: String

    package init(line: String) { self.line = line }

    /// Start-up (or a reload) is finished and goald serves.
    package static let ready = NotifyState(line: "READY=1")
    /// goald is shutting down.
    package static let stopping = NotifyState(line: "STOPPING=1")
    /// goald is alive and its serving path answers.
    package static let watchdog = NotifyState(line: "WATCHDOG=1")
    /// A line for `systemctl status`.
    package static func status(_ text: String) -> NotifyState {
        NotifyState(line: "STATUS=" + String(text.map { $0 == "\n" ? " " : $0 }))
    }

    /// A reload begins: `RELOADING=1` with the monotonic clock, which systemd 253 and later require.
    package static func reloading(monotonicMicroseconds: UInt64) -> [NotifyState] {
        [NotifyState(line: "RELOADING=1"), NotifyState(line: "MONOTONIC_USEC=\(monotonicMicroseconds)")]
    }
}

/// Sends notifications through libsystemd's `sd_notify`. Without `$NOTIFY_SOCKET` it does nothing,
/// so goald behaves the same when started by hand.
package struct SystemdNotifier: ServiceNotifier {
    package init() {}

    package func notify(_ states: [NotifyState]) {
        guard !states.isEmpty else { return }
        // One datagram, so that RELOADING=1 and MONOTONIC_USEC arrive together.
        _ = sd_notify(0, states.map(\.line).joined(separator: "\n"))
    }

    /// The watchdog interval systemd expects pings within (`WatchdogSec=`), or nil when it is off.
    package static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec))
    }

    /// CLOCK_MONOTONIC in microseconds, for MONOTONIC_USEC.
    package static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
