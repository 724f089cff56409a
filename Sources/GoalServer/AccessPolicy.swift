import Foundation
import GoalDomain
import GoalProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Who may do what, from the socket peer's credentials: administrators and writers by user or group;
/// anyone who can open the socket may read. Administrators may also write.
package struct AccessPolicy: Sendable, Hashable {
    /// Users (names or uids) and groups (`@name`) who administer: reload, back up.
    package var admins: [String]
    /// Users and groups who may write: every committee's follow-up, the region's judgements, trips, staff.
    package var writers: [String]
    /// Users and groups who may write one committee's follow-up alone, by the committee's abbreviation in capitals
    /// (goald.conf `writers.RUN = @goald-run`); the board's (`writers.RS`) also record the region's judgements of
    /// its effect goals.
    package var committeeWriters: [String: [String]]
    /// Users and groups who record a committee's decision of its follow-up, by the committee's abbreviation in
    /// capitals (goald.conf `secretaries.RUN = @run-sekreterare`); administrators may too.
    package var committeeSecretaries: [String: [String]]

    /// root and the group goald-admin administer; the group goald-writer writes.
    package static let `default` = AccessPolicy(admins: ["root", "@goald-admin"], writers: ["@goald-writer"])

    package init(
        admins: [String], writers: [String], committeeWriters: [String: [String]] = [:],
        committeeSecretaries: [String: [String]] = [:]
    ) {
        self.admins = admins
        self.writers = writers
        self.committeeWriters = Dictionary(
            committeeWriters.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { $0 + $1 })
        self.committeeSecretaries = Dictionary(
            committeeSecretaries.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { $0 + $1 })
    }

    /// Reads a list such as `root @goald-admin 1001`: user names, uids, and `@group` names, split by spaces or commas.
    package static func parseList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
    }

    /// The permission of a peer.
    package func permission(uid: UInt32?, gid: UInt32?) -> MethodHandler.Permission {
        grant(uid: uid, gid: gid).permission
    }

    /// What a peer may do: its permission and, for a writer of some committees alone, which.
    package func grant(uid: UInt32?, gid: UInt32?) -> WriteGrant {
        guard let uid else { return WriteGrant(permission: .read) }
        let user = Self.userName(uid)
        let groups = Self.groupNames(uid: uid, user: user, gid: gid)
        func matches(_ entries: [String]) -> Bool {
            entries.contains { entry in
                if entry.hasPrefix("@") { return groups.contains(String(entry.dropFirst())) }
                return entry == user || entry == String(uid)
            }
        }
        let secretaryOf = Set(committeeSecretaries.filter { matches($0.value) }.keys)
        var grant: WriteGrant
        if matches(admins) {
            grant = WriteGrant(permission: .admin)
        } else if matches(writers) {
            grant = WriteGrant(permission: .write)
        } else {
            let committees = Set(committeeWriters.filter { matches($0.value) }.keys)
            // A secretary who writes no follow-up still records decisions: a writer of no committee.
            grant =
                committees.isEmpty && secretaryOf.isEmpty
                ? WriteGrant(permission: .read)
                : WriteGrant(permission: .write, committees: committees, committeeWriters: committeeWriters)
        }
        grant.secretaryOf = secretaryOf
        grant.committeeSecretaries = committeeSecretaries
        return grant
    }

    private static func userName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var buffer = [CChar](repeating: 0, count: 4096)
        var found: UnsafeMutablePointer<passwd>?
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else {
            return nil
        }
        return String(cString: name)
    }

    /// The names of the peer's groups: its primary group and every supplementary one.
    private static func groupNames(uid: UInt32, user: String?, gid: UInt32?) -> Set<String> {
        var ids: [gid_t] = gid.map { [$0] } ?? []
        if let user, let gid {
            var count: Int32 = 64
            var list = [gid_t](repeating: 0, count: Int(count))
            if getgrouplist(user, gid, &list, &count) == -1 {
                list = [gid_t](repeating: 0, count: Int(count))
                _ = getgrouplist(user, gid, &list, &count)
            }
            ids += list.prefix(Int(max(0, count)))
        }
        var names = Set<String>()
        for id in ids {
            var entry = group()
            var buffer = [CChar](repeating: 0, count: 8192)
            var found: UnsafeMutablePointer<group>?
            if getgrgid_r(id, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.gr_name {
                names.insert(String(cString: name))
            }
        }
        return names
    }
}

/// What one peer may do: read, write or administer; a writer named only under some committees
/// (`writers.RUN`) writes those committees' follow-up alone, not the travel data nor another committee's.
package struct WriteGrant: Sendable, Hashable {
    package var permission: MethodHandler.Permission
    /// The committees (abbreviations in capitals) the peer may write; nil: every one, and the travel data.
    package var committees: Set<String>?
    /// Who writes each committee, to name in a refusal.
    package var committeeWriters: [String: [String]]
    /// The committees whose decisions of their follow-up the peer records as their secretary.
    package var secretaryOf: Set<String> = []
    /// Who records each committee's decisions, to name in a refusal.
    package var committeeSecretaries: [String: [String]] = [:]

    package init(
        permission: MethodHandler.Permission, committees: Set<String>? = nil,
        committeeWriters: [String: [String]] = [:]
    ) {
        self.permission = permission
        self.committees = committees
        self.committeeWriters = committeeWriters
    }

    /// Whether the peer may write the follow-up of `committee`.
    package func mayWrite(_ committee: String) -> Bool {
        permission >= .write && (committees?.contains(committee.uppercased()) ?? true)
    }

    /// Whether the peer may record `committee`'s decision of its follow-up: an administrator or its secretary.
    package func mayDecide(_ committee: String) -> Bool {
        permission == .admin || secretaryOf.contains(committee.uppercased())
    }

    /// What the peer may write, in words: "the follow-up of HSN, RUN".
    package var scope: String {
        let decisions =
            secretaryOf.isEmpty ? "" : "the decisions of " + secretaryOf.sorted().joined(separator: ", ")
        guard let committees else {
            let written = permission >= .write ? "everything" : "nothing"
            return decisions.isEmpty ? written : "\(written) and \(decisions)"
        }
        guard !committees.isEmpty else { return decisions.isEmpty ? "nothing" : decisions + " alone" }
        let followUps = "the follow-up of " + committees.sorted().joined(separator: ", ")
        return decisions.isEmpty ? followUps + " alone" : "\(followUps) and \(decisions) alone"
    }

    /// Who may write `committee`'s follow-up, for a refusal: its goald.conf key and the groups and users named.
    package func writersNeeded(for committee: String) -> String {
        let key = committee.uppercased()
        return "goald.conf writers.\(key) (\(Self.named(committeeWriters[key]))), or writers (every committee)"
    }

    /// Who may record `committee`'s decisions, for a refusal.
    package func secretariesNeeded(for committee: String) -> String {
        let key = committee.uppercased()
        return "its secretaries, goald.conf secretaries.\(key) (\(Self.named(committeeSecretaries[key]))), or an "
            + "administrator"
    }

    private static func named(_ entries: [String]?) -> String {
        let named = (entries ?? []).map { $0.hasPrefix("@") ? "the group \($0.dropFirst())" : $0 }
        return named.isEmpty ? "no one is named there yet" : named.joined(separator: ", ")
    }
}

extension CallContext {
    /// Refuses a write of a committee the peer may not write (a writer of some committees alone); a committee
    /// the region lacks is left to the method to say.
    func authorize(_ scope: MethodHandler.WriteScope, committee: String?, state: GoalState) throws(RPCError) {
        switch scope {
        case .decision:
            guard let target = Self.target(committee, state) else { return }
            try authorizeDecision(of: target)
            return
        case .reopening:
            // A writer of the committee reopens what is marked ready; the method asks `authorizeDecision` for a
            // decided follow-up.
            guard let target = Self.target(committee, state), !grant.mayDecide(target) else { return }
        default: break
        }
        guard grant.committees != nil else { return }
        let target: String
        let what: String
        switch scope {
        case .everything:
            return  // a writer of some committees alone is refused these at admission (`CallDispatcher`)
        case .rows:
            return  // the method checks each committee its rows name (`authorize(rowsOf:)`)
        case .decision:
            return  // said above
        case .committee, .reopening:
            guard let known = Self.target(committee, state) else { return }
            target = known
            what = "\(target)'s follow-up"
        case .board:
            guard let board = state.region.board else {
                throw RPCError(
                    .permissionDenied,
                    "the region's model names no board (its committee RS, or board), so only writers of every "
                        + "committee (goald.conf writers) judge its effect goals; \(peer.name) may write "
                        + grant.scope)
            }
            target = board
            what = "the region's judgement of its effect goals (the board, \(board))"
        }
        guard !grant.mayWrite(target) else { return }
        let field = scope == .board ? "effectGoal" : "committee"
        throw RPCError(
            .permissionDenied,
            "\(field): \(peer.name) may write \(grant.scope); \(what) is written by "
                + grant.writersNeeded(for: target), details: ["field": field])
    }

    /// Refuses a write of the region's own (its values and targets of its indicators) to whoever does not write
    /// every committee.
    func authorizeRegion() throws(RPCError) {
        guard grant.committees != nil || grant.permission < .write else { return }
        throw RPCError(
            .permissionDenied,
            "region: \(peer.name) may write \(grant.scope); the region's own values and the targets of its indicators "
                + "are written by writers of every committee (goald.conf writers, or the group goald-writer)",
            details: ["field": "region"])
    }

    /// Refuses a write whose rows name committees the peer may not write, naming them all.
    func authorize(rowsOf committees: [String]) throws(RPCError) {
        if committees.contains(Region.ownKey) { try authorizeRegion() }
        let refused = committees.filter { $0 != Region.ownKey && !grant.mayWrite($0) }
        guard let first = refused.first else { return }
        throw RPCError(
            .permissionDenied,
            "committee: \(peer.name) may write \(grant.scope); the file has rows of "
                + refused.joined(separator: ", ") + ", whose follow-up is written by "
                + grant.writersNeeded(for: first) + (refused.count > 1 ? " (for \(first))" : ""),
            details: ["field": "committee"])
    }

    /// Refuses the record of a committee's decision (of its follow-up of a period, of its answer to the planning
    /// directive) to whoever is neither an administrator nor the committee's secretary.
    func authorizeDecision(of committee: String) throws(RPCError) {
        guard !grant.mayDecide(committee) else { return }
        throw RPCError(
            .permissionDenied,
            "committee: \(peer.name) may write \(grant.scope); \(committee)'s decisions are recorded by "
                + grant.secretariesNeeded(for: committee), details: ["field": "committee"])
    }

    /// The committee (its abbreviation) a write's params name, else the default; nil when the region lacks it,
    /// which the method says.
    private static func target(_ committee: String?, _ state: GoalState) -> String? {
        guard let committee, !committee.trimmingCharacters(in: .whitespaces).isEmpty else {
            return state.defaultCommittee
        }
        return state.region.committee(named: committee)?.abbreviation
    }
}
