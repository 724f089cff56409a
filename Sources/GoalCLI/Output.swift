import FoundationEssentials
import Glibc
import GoalProtocol

/// Where goalctl's words go: results to standard output, problems to standard error.
package enum Output {
    static func write(_ text: String) {
        put(text.hasSuffix("\n") ? text : text + "\n", to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        put(text + "\n", to: STDERR_FILENO)
    }

    /// A progress line on standard error, without a line end (it is rewritten in place).
    static func progress(_ text: String) {
        put(text, to: STDERR_FILENO)
    }

    /// Writes straight to a descriptor (no buffer to flush, so output and errors keep their order).
    private static func put(_ text: String, to descriptor: Int32) {
        var text = text
        _ = text.withUTF8 { bytes in Descriptor.writeAll(descriptor, UnsafeRawBufferPointer(bytes)) }
    }

    /// Everything on standard input.
    static func readStandardInput() -> [UInt8] { Descriptor.readAll(STDIN_FILENO) }

    /// One line of JSON with sorted keys, written as goald writes its own (`WireJSON`).
    package static func json(_ value: some Encodable) throws -> String {
        String(decoding: try WireJSON.encode(value), as: UTF8.self)
    }
}
