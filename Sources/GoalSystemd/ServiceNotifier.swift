import CSystemd

/// Tells the service manager about goald's state (sd_notify(3)).
package protocol ServiceNotifier: Sendable {
    func notify(_ states: [NotifyState])
}

/// One `KEY=value` line of a notification.
package struct NotifyState: Sendable, Hashable {
    package var line: String

    package init(line: String) { self.line = line }

    /// Start-up is finished and goald serves.
    package static let ready = NotifyState(line: "READY=1")
    /// goald is shutting down.
    package static let stopping = NotifyState(line: "STOPPING=1")
    /// A line for `systemctl status`.
    package static func status(_ text: String) -> NotifyState {
        NotifyState(line: "STATUS=" + text.replacingNewlines())
    }
}

extension String {
    fileprivate func replacingNewlines() -> String { String(map { $0 == "\n" ? " " : $0 }) }
}

/// Sends notifications through libsystemd's `sd_notify`. Without `$NOTIFY_SOCKET` it does nothing,
/// so goald behaves the same when started by hand.
package struct SystemdNotifier: ServiceNotifier {
    package init() {}

    package func notify(_ states: [NotifyState]) {
        guard !states.isEmpty else { return }
        let message = states.map(\.line).joined(separator: "\n")
        _ = sd_notify(0, message)
    }
}
