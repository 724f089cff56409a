import Synchronization

/// One memory budget for what every connection holds: answers written and not yet taken by their clients, bytes
/// read and held while a client does not read its answers, and frames read in part. A connection asks before it
/// reads from its socket (`mayRead`); the bytes it holds are charged to its user as it learns them
/// (`ConnectionFlowHandler`), and a connection refused waits (`wait`) until a charge falls.
///
/// The rule, for a connection of user U:
/// - U may hold at most its **share**: the budget divided among the users with a connection open (the whole budget
///   for one user, an eighth each for eight), so that one user's clients cannot take what another's need;
/// - and nobody reads once the budget is spent, except a user holding less than its **floor** (`floor`), so that a
///   user arriving while others hold everything is still served: one who reads its answers holds next to nothing.
///
/// A connection holding less than `allowance` is not charged (a small answer on its way, the start of a frame):
/// what every connection does on every call costs no lock. So goald's buffers stay within the budget, plus the floor
/// for each user under it, plus the allowance for each connection.
package final class BufferBudget: Sendable {
    package static let floor = 256 * 1024
    package static let allowance = 16 * 1024

    private struct Ledger {
        var total = 0
        /// Bytes charged and connections open, by user (nil: a peer without credentials).
        var held: [UInt32?: Int] = [:]
        var connections: [UInt32?: Int] = [:]
        /// Connections refused a read, to be told when a charge falls, by ticket (tickets rise: the order they asked).
        var waiting: [UInt64: @Sendable () -> Void] = [:]
        var nextWaiter: UInt64 = 1
    }

    package let limit: Int
    private let ledger = Mutex(Ledger())
    /// The total, readable without the lock: while nothing is charged every read is allowed at the cost of a load.
    private let charged = Atomic<Int>(0)

    package init(limit: Int) {
        self.limit = limit
    }

    /// What every connection holds now, in all.
    package var total: Int { ledger.withLock { $0.total } }

    /// What one user's connections hold now.
    package func held(by uid: UInt32?) -> Int { ledger.withLock { $0.held[uid] ?? 0 } }

    /// A connection of `uid` opens: its user counts among those the budget is shared by.
    package func open(uid: UInt32?) {
        ledger.withLock { $0.connections[uid, default: 0] += 1 }
    }

    /// A connection of `uid` closes, having been charged `charged`: both are let go.
    package func close(uid: UInt32?, charged: Int) {
        let wake = ledger.withLock { ledger in
            ledger.connections[uid, default: 1] -= 1
            if ledger.connections[uid] == 0 { ledger.connections[uid] = nil }
            return change(&ledger, uid: uid, by: -charged)
        }
        wake.forEach { $0() }
    }

    /// The bytes a connection of `uid` holds went from `old` to `new` (both as charged: 0 under the allowance).
    package func recharge(uid: UInt32?, from old: Int, to new: Int) {
        guard old != new else { return }
        let wake = ledger.withLock { change(&$0, uid: uid, by: new - old) }
        wake.forEach { $0() }
    }

    /// Whether a connection of `uid` may read from its socket now.
    package func mayRead(uid: UInt32?) -> Bool {
        if charged.load(ordering: .relaxed) == 0 { return true }
        return ledger.withLock { Self.allows(&$0, uid: uid, limit: limit) }
    }

    /// Each connected user's share of the budget now.
    package var share: Int {
        ledger.withLock { limit / max(1, $0.connections.count) }
    }

    /// Asks to be told (once, on any thread) when a charge falls, for a connection refused a read; the connection
    /// asks again then. Returns a ticket for `stopWaiting`.
    package func wait(_ wake: @escaping @Sendable () -> Void) -> UInt64 {
        ledger.withLock { ledger in
            let ticket = ledger.nextWaiter
            ledger.nextWaiter += 1
            ledger.waiting[ticket] = wake
            return ticket
        }
    }

    package func stopWaiting(_ ticket: UInt64) {
        _ = ledger.withLock { $0.waiting.removeValue(forKey: ticket) }
    }

    private static func allows(_ ledger: inout Ledger, uid: UInt32?, limit: Int) -> Bool {
        let held = ledger.held[uid] ?? 0
        let share = limit / max(1, ledger.connections.count)
        return held < share && (ledger.total < limit || held < floor)
    }

    /// Changes a user's charge; when it falls, the waiting connections are handed back to be told, oldest first
    /// (each asks again, in turn, on its own event loop).
    private func change(_ ledger: inout Ledger, uid: UInt32?, by delta: Int) -> [@Sendable () -> Void] {
        ledger.total += delta
        charged.store(ledger.total, ordering: .relaxed)
        let now = (ledger.held[uid] ?? 0) + delta
        ledger.held[uid] = now > 0 ? now : nil
        guard delta < 0, !ledger.waiting.isEmpty else { return [] }
        let woken = ledger.waiting.sorted { $0.key < $1.key }.map(\.value)
        ledger.waiting.removeAll()
        return woken
    }
}
