/// Where and how the HTTP side door listens, and what it allows one client.
package struct HTTPConfiguration: Sendable {
    /// What goald writes when nothing else is given, in one place for the flags, goald.conf and the docs.
    package enum Defaults {
        package static let maxConnections = 64
        package static let maxHeaderBytes = 16 * 1024
        package static let idleTimeoutSeconds: Int64 = 300
        /// How long a request's head may take to arrive whole, from the connection's start or the last answer.
        package static let headTimeoutSeconds: Int64 = 10
        /// The port Prometheus exporters of this kind commonly take.
        package static let port = 9464
    }

    /// `127.0.0.1` or `::1`: goald serves loopback only when it binds itself.
    package var host = "127.0.0.1"
    /// 0 picks a free port (tests).
    package var port = Defaults.port
    /// A listening socket systemd passed (goald-http.socket); used instead of host and port.
    package var inheritedListener: Int32?
    /// Connections at once; one more is answered 503 and closed.
    package var maxConnections = Defaults.maxConnections
    /// The most bytes of a request's head (request line and headers); more is answered 400 and closed.
    package var maxHeaderBytes = Defaults.maxHeaderBytes
    /// A connection with no request for this long is closed (an event stream is kept open while it sends).
    package var idleTimeout: Duration = .seconds(Defaults.idleTimeoutSeconds)
    /// A request's head not whole this long after the connection's start (or the last answer) closes the connection:
    /// a client trickling a byte at a time cannot hold a place.
    package var headTimeout: Duration = .seconds(Defaults.headTimeoutSeconds)

    package init() {}

    /// Reads `HOST:PORT` (`127.0.0.1:9464`, `[::1]:9464`); nil with a reason otherwise. Only loopback hosts are
    /// taken: the side door is read-only but unauthenticated.
    package static func address(_ text: String) -> Result<(host: String, port: Int), AddressError> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return .failure(AddressError("\"\(text)\" is not HOST:PORT, such as 127.0.0.1:9464 or [::1]:9464"))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                return .failure(AddressError("\"\(text)\" is not HOST:PORT, such as 127.0.0.1:9464"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            return .failure(AddressError("\"\(portText)\" in \"\(text)\" is not a port (0–65535)"))
        }
        guard ["127.0.0.1", "::1", "localhost"].contains(String(host)) else {
            return .failure(
                AddressError(
                    "\(host) is not a loopback address: goald serves HTTP on 127.0.0.1 or ::1 only "
                        + "(to serve others, put a proxy in front or use goald-http.socket)"))
        }
        return .success((host == "localhost" ? "127.0.0.1" : String(host), port))
    }

    package struct AddressError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}
