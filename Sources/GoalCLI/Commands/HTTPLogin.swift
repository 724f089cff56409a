import ArgumentParser
import GoalProtocol

struct HTTPLogin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-login",
        abstract:
            "Print the link that opens goald's HTTP side door (the live page, the report, the metrics) in a browser.",
        discussion:
            "The side door opens to whoever may call goald over its socket: every address but /healthz answers 401 "
            + "without goald's secret. Open the link once in a browser on this machine: it sets a cookie (for a "
            + "month) and goes on to the live page; --path goes on to another page of the door (/region, "
            + "/report?period=2025-annual). A script or scraper sends the secret as `Authorization: Bearer` instead: "
            + "--token prints the secret alone, for a file such as Prometheus's `credentials_file`. The secret stays "
            + "the same across restarts; removing the file http-token from goald's state directory makes a new one at "
            + "the next start. Fails when goald serves no HTTP (goald --http, goald.conf `http`, or "
            + "goald-http.socket).\n\n"
            + "  goalctl http-login\n"
            + "  goalctl http-login --path /region\n"
            + "  goalctl http-login --token > /etc/prometheus/goald-token\n\n"
            + GoalCtl.sharedOptions
    )

    @ParentCommand var goalctl: GoalCtl
    var connection: ConnectionOptions { goalctl.connection }

    @Flag(help: "Print the secret alone (for `Authorization: Bearer`), not the link.")
    var token = false

    @Option(help: ArgumentHelp("The page of the door the link goes on to.", valueName: "PATH"))
    var path: String?

    func validate() throws {
        if let path, !path.hasPrefix("/") || path.hasPrefix("//") {
            throw ValidationError("--path: \"\(path)\" is not a path of the door; give one such as /region")
        }
        if token, path != nil { throw ValidationError("--token prints the secret alone: give --path without it") }
    }

    func run() throws {
        try connection.perform(GoalRPC.getHTTPLogin, Empty()) { login in
            if token { return login.token }
            guard let path else { return login.url }
            return login.url + "&next=" + Self.escape(path)
        }
    }

    /// A path as a query value: everything but unreserved characters and `/` percent-encoded.
    static func escape(_ text: String) -> String {
        let kept = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if kept.contains(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
