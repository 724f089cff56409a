import CMalloc
import Dispatch
import Synchronization

/// Returns to the system the memory a large answer left in the allocator. Rendering a report builds megabytes of
/// short-lived strings, and glibc keeps what is freed in its arenas: the region's report, rendered thirty times,
/// left 8.6 MiB resident for good. After an answer of `threshold` bytes or more, one `malloc_trim` runs shortly
/// after, off the call's path (the caller has its answer without waiting for it); answers in a row share one trim.
package final class MemoryReturn: Sendable {
    /// The size of answer after which memory is returned.
    package let threshold: Int
    private let schedule: @Sendable (@escaping @Sendable () -> Void) -> Void
    private let trim: @Sendable () -> Void
    private let pending = Atomic<Bool>(false)

    package static let shared = MemoryReturn()

    /// - Parameters:
    ///   - schedule: runs the trim later, off the call's path (50 ms later on a utility queue; a test runs it when
    ///     it chooses).
    ///   - trim: what returns the memory (glibc's `malloc_trim(0)`; a test counts the calls).
    package init(
        threshold: Int = 256 * 1024,
        schedule: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { work in
            DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + .milliseconds(50), execute: work)
        },
        trim: @escaping @Sendable () -> Void = { _ = malloc_trim(0) }
    ) {
        self.threshold = threshold
        self.schedule = schedule
        self.trim = trim
    }

    /// Called with the size of each slow call's answer; schedules one trim unless one is already waiting.
    package func answered(bytes: Int) {
        guard bytes >= threshold, !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        schedule { [self] in
            pending.store(false, ordering: .releasing)
            trim()
        }
    }
}
