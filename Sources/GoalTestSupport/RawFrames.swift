import Foundation
import GoalClient
import GoalProtocol

/// Frames written by hand, as a client written from the protocol alone would send them, for the wire tests.
package enum RawFrames {
    /// `{"id":…,"method":…,"params":…}`, with `timeoutMs` when given.
    package static func call(_ id: UInt64, _ method: String, _ params: String = "{}", timeoutMs: Int? = nil) -> [UInt8]
    {
        let timeout = timeoutMs.map { ",\"timeoutMs\":\($0)" } ?? ""
        return Array(#"{"id":\#(id),"method":"\#(method)","params":\#(params)\#(timeout)}"#.utf8)
    }

    /// A batch of 20 000 trips, big enough that the writer is busy with it for a while.
    package static func bigImport(_ id: UInt64) -> [UInt8] {
        var csv = "id,date,mode,distance_km\\n"
        for n in 0..<20_000 { csv += "W\(n),2024-0\(n % 9 + 1)-1\(n % 9),rail,\(n % 500 + 10)\\n" }
        return call(id, "goald.v1.Travel/AddTrips", #"{"csv":"\#(csv)","unit":"Regional utveckling"}"#)
    }

    /// The next frame on a connection, as JSON (20 s at most).
    package static func next(_ connection: GoalConnection) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(connection.receive(deadline: .now + .seconds(20))))
    }
}
