import FoundationEssentials
import Glibc
import GoalNumbers
import GoalProtocol
import Synchronization

/// Where goalctl's words go: results to standard output, problems to standard error; or, while a test runs goalctl
/// in its own process (`Output.$capture.withValue(…)`), into that test's `OutputCapture`.
package enum Output {
    @TaskLocal package static var capture: OutputCapture?

    /// Words for people (and JSON, which has no control character to escape): a stored text's control characters
    /// are shown as escapes (`VisibleText`), never sent to the terminal.
    static func write(_ text: String) {
        put(VisibleText.escaped(text.hasSuffix("\n") ? text : text + "\n", keepingLineBreaks: true), to: STDOUT_FILENO)
    }

    /// A document as goald made it (a report in HTML, CSV or Markdown to standard output), byte for byte.
    static func writeDocument(_ text: String) {
        put(text.hasSuffix("\n") ? text : text + "\n", to: STDOUT_FILENO)
    }

    static func error(_ text: String) {
        put(VisibleText.escaped(text, keepingLineBreaks: true) + "\n", to: STDERR_FILENO)
    }

    /// A progress line on standard error, without a line end (it is rewritten in place: its CR is goalctl's own).
    static func progress(_ text: String) {
        put(text, to: STDERR_FILENO)
    }

    /// Writes straight to a descriptor (no buffer to flush, so output and errors keep their order).
    private static func put(_ text: String, to descriptor: Int32) {
        if let capture {
            capture.append(text, error: descriptor == STDERR_FILENO)
            return
        }
        var text = text
        _ = text.withUTF8 { bytes in Descriptor.writeAll(descriptor, UnsafeRawBufferPointer(bytes)) }
    }

    /// Everything on standard input.
    static func readStandardInput() -> [UInt8] { Descriptor.readAll(STDIN_FILENO) }

    /// One line of JSON with sorted keys, written as goald writes its own (`WireJSON`).
    package static func json(_ value: some Encodable) throws -> JSONLine {
        JSONLine(text: String(decoding: try WireJSON.encode(value), as: UTF8.self))
    }

    /// JSON for scripts, as it is: its strings escape what must be escaped, and nothing may change a byte of it.
    static func write(_ json: JSONLine) { writeDocument(json.text) }
    static func error(_ json: JSONLine) { put(json.text + "\n", to: STDERR_FILENO) }
}

/// goalctl's standard output and standard error, as a test running goalctl in its process sees them.
package final class OutputCapture: Sendable {
    private let texts = Mutex<(out: String, error: String)>(("", ""))

    package init() {}

    package var standardOutput: String { texts.withLock { $0.out } }
    package var standardError: String { texts.withLock { $0.error } }

    fileprivate func append(_ text: String, error: Bool) {
        texts.withLock { error ? $0.error.append(text) : $0.out.append(text) }
    }
}

/// A line of JSON goalctl writes: written byte for byte (`Output.write(_:)` escapes control characters in words
/// for people, which would change a JSON text).
package struct JSONLine: Sendable {
    package var text: String
}
