#if canImport(Glibc)
    import Glibc
#endif

/// Who may do what, from the socket peer's credentials: administrators and writers by user or group;
/// anyone who can open the socket may read. Administrators may also write.
package struct AccessPolicy: Sendable, Hashable {
    /// Users (names or uids) and groups (`@name`) who administer: reload, back up.
    package var admins: [String]
    /// Users and groups who may write: measurements, assessments, targets, trips, staff.
    package var writers: [String]

    /// root and the group goald-admin administer; the group goald-writer writes.
    package static let `default` = AccessPolicy(admins: ["root", "@goald-admin"], writers: ["@goald-writer"])

    package init(admins: [String], writers: [String]) {
        self.admins = admins
        self.writers = writers
    }

    /// Reads a list such as `root @goald-admin 1001`: user names, uids, and `@group` names, split by spaces or commas.
    package static func parseList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
    }

    /// The permission of a peer.
    package func permission(uid: UInt32?, gid: UInt32?) -> MethodHandler.Permission {
        guard let uid else { return .read }
        let user = Self.userName(uid)
        let groups = Self.groupNames(uid: uid, user: user, gid: gid)
        func matches(_ entries: [String]) -> Bool {
            entries.contains { entry in
                if entry.hasPrefix("@") { return groups.contains(String(entry.dropFirst())) }
                return entry == user || entry == String(uid)
            }
        }
        if matches(admins) { return .admin }
        if matches(writers) { return .write }
        return .read
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
