import GoalServer
import Synchronization
import Testing

/// A large answer schedules one return of the allocator's free memory, off the call's path; answers in a row share
/// it, small ones schedule nothing.
@Suite struct MemoryReturnTests {
    final class Recorder: Sendable {
        let scheduled = Mutex<[@Sendable () -> Void]>([])
        let trims = Atomic<Int>(0)

        func runScheduled() {
            let work = scheduled.withLock { work in
                defer { work.removeAll() }
                return work
            }
            for item in work { item() }
        }
    }

    @Test func answersInARowShareOneTrimAndSmallOnesScheduleNone() {
        let recorder = Recorder()
        let memory = MemoryReturn(
            threshold: 1_000, schedule: { work in recorder.scheduled.withLock { $0.append(work) } },
            trim: { recorder.trims.add(1, ordering: .relaxed) })
        for _ in 0..<3 { memory.answered(bytes: 999) }
        #expect(recorder.scheduled.withLock { $0.count } == 0, "an answer under the threshold schedules nothing")
        for _ in 0..<10 { memory.answered(bytes: 1_000) }
        #expect(recorder.scheduled.withLock { $0.count } == 1, "ten large answers before it runs share one trim")
        #expect(recorder.trims.load(ordering: .relaxed) == 0, "nothing is trimmed on the call's path")
        recorder.runScheduled()
        #expect(recorder.trims.load(ordering: .relaxed) == 1)
        memory.answered(bytes: 5_000)
        #expect(recorder.scheduled.withLock { $0.count } == 1, "after it ran, the next large answer schedules again")
        recorder.runScheduled()
        #expect(recorder.trims.load(ordering: .relaxed) == 2)
    }

}
