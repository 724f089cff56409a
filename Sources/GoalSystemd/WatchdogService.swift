import Logging
import ServiceLifecycle

/// Pings systemd's watchdog every half interval, but only after `probe` shows the serving path answers, so
/// that a wedged goald is restarted. Refreshes the STATUS line on the same beat.
package struct WatchdogService: Service {
    private let interval: Duration
    private let notifier: any ServiceNotifier
    private let probe: @Sendable () async -> Bool
    private let status: @Sendable () -> String
    private let logger: Logger

    package init(
        interval: Duration, notifier: any ServiceNotifier, logger: Logger,
        probe: @escaping @Sendable () async -> Bool, status: @escaping @Sendable () -> String
    ) {
        self.interval = interval
        self.notifier = notifier
        self.probe = probe
        self.status = status
        self.logger = logger
    }

    package func run() async throws {
        let beat = interval / 2
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if await probe() {
                    notifier.notify([.watchdog, .status(status())])
                } else {
                    logger.error("serving path did not answer; withholding the watchdog ping")
                }
                try await Task.sleep(for: beat)
            }
        }
    }
}
