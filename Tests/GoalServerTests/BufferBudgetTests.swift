import GoalServer
import Synchronization
import Testing

/// The memory budget's rule: each user connected may hold its share, nobody reads once the budget is spent but a
/// user under its floor, and a connection refused is told when a charge falls.
@Suite struct BufferBudgetTests {
    let mib = 1024 * 1024

    @Test func oneUserMayHoldTheWholeBudgetAndNoMore() {
        let budget = BufferBudget(limit: 8 * mib)
        budget.open(uid: 1000)
        #expect(budget.share == 8 * mib)
        budget.recharge(uid: 1000, from: 0, to: 8 * mib - 1)
        #expect(budget.mayRead(uid: 1000))
        budget.recharge(uid: 1000, from: 8 * mib - 1, to: 8 * mib)
        #expect(!budget.mayRead(uid: 1000))
        #expect(budget.total == 8 * mib)
    }

    @Test func eachUserConnectedHasItsShare() {
        let budget = BufferBudget(limit: 8 * mib)
        for uid: UInt32 in [1000, 1001] { budget.open(uid: uid) }
        #expect(budget.share == 4 * mib)
        budget.recharge(uid: 1000, from: 0, to: 4 * mib)
        #expect(!budget.mayRead(uid: 1000), "over its half")
        #expect(budget.mayRead(uid: 1001), "the other user's half is untouched")
        // A second connection of a user does not give it a second share.
        budget.open(uid: 1000)
        #expect(budget.share == 4 * mib)
        // Eight users: an eighth each.
        for uid: UInt32 in 1002...1007 { budget.open(uid: uid) }
        #expect(budget.share == mib)
    }

    @Test func aUserUnderItsFloorIsReadWhenTheBudgetIsSpent() {
        let budget = BufferBudget(limit: 8 * mib)
        budget.open(uid: 1000)
        budget.recharge(uid: 1000, from: 0, to: 8 * mib)  // alone, it took everything
        budget.open(uid: 1001)  // then another user came
        #expect(!budget.mayRead(uid: 1000))
        #expect(budget.mayRead(uid: 1001), "holding nothing, it is read")
        budget.recharge(uid: 1001, from: 0, to: BufferBudget.floor - 1)
        #expect(budget.mayRead(uid: 1001))
        budget.recharge(uid: 1001, from: BufferBudget.floor - 1, to: BufferBudget.floor)
        #expect(!budget.mayRead(uid: 1001), "at its floor with the budget spent, it waits")
        // The first user's clients read: the budget has room again.
        budget.recharge(uid: 1000, from: 8 * mib, to: 2 * mib)
        #expect(budget.mayRead(uid: 1001))
    }

    @Test func aRefusedConnectionIsToldWhenAChargeFallsAndOnlyThen() {
        let budget = BufferBudget(limit: 4 * mib)
        budget.open(uid: 7)
        budget.recharge(uid: 7, from: 0, to: 4 * mib)
        let told = Mutex(0)
        _ = budget.wait { told.withLock { $0 += 1 } }
        budget.recharge(uid: 7, from: 4 * mib, to: 5 * mib)
        #expect(told.withLock { $0 } == 0, "a charge that rises tells no one")
        budget.recharge(uid: 7, from: 5 * mib, to: 3 * mib)
        #expect(told.withLock { $0 } == 1)
        budget.recharge(uid: 7, from: 3 * mib, to: 2 * mib)
        #expect(told.withLock { $0 } == 1, "told once; a connection still refused asks to wait again")
        // A wait given up is never told; a connection's close lets its charge and its user go.
        let ticket = budget.wait { told.withLock { $0 += 100 } }
        budget.stopWaiting(ticket)
        _ = budget.wait { told.withLock { $0 += 10 } }
        budget.close(uid: 7, charged: 2 * mib)
        #expect(told.withLock { $0 } == 11)
        #expect(budget.total == 0 && budget.held(by: 7) == 0)
    }

    /// Random charges and closes of several users' connections: the ledger's totals are the sums of what each
    /// connection was charged, and the rule answers as it is written.
    @Test func theLedgerIsTheSumOfTheCharges() {
        var random = SystemRandomNumberGenerator()
        let budget = BufferBudget(limit: 16 * mib)
        var connections: [(uid: UInt32?, charged: Int)] = []
        for _ in 0..<2_000 {
            switch Int.random(in: 0..<10, using: &random) {
            case 0...1:
                let uid: UInt32? = Bool.random(using: &random) ? UInt32.random(in: 1...4, using: &random) : nil
                budget.open(uid: uid)
                connections.append((uid, 0))
            case 2 where !connections.isEmpty:
                let gone = connections.remove(at: Int.random(in: 0..<connections.count, using: &random))
                budget.close(uid: gone.uid, charged: gone.charged)
            default:
                guard !connections.isEmpty else { continue }
                let index = Int.random(in: 0..<connections.count, using: &random)
                let new = Int.random(in: 0...(6 * mib), using: &random)
                budget.recharge(uid: connections[index].uid, from: connections[index].charged, to: new)
                connections[index].charged = new
            }
            let total = connections.reduce(0) { $0 + $1.charged }
            #expect(budget.total == total)
            let users = Set(connections.map { $0.uid.map(Int.init) ?? -1 })
            for uid in users {
                let id: UInt32? = uid < 0 ? nil : UInt32(uid)
                let held = connections.filter { $0.uid == id }.reduce(0) { $0 + $1.charged }
                #expect(budget.held(by: id) == held)
                let share = budget.limit / max(1, users.count)
                let allowed = held < share && (total < budget.limit || held < BufferBudget.floor)
                #expect(budget.mayRead(uid: id) == (total == 0 || allowed))
            }
        }
    }
}
