import Foundation
import GoalNumbers
import Logging

/// swift-log's stream handler on standard error, with every control character in a message or a metadata value
/// written as an escape (`\n`, `\u{1B}`): text from clients (a method name, a param) cannot start a line of its own
/// and pass for an entry goald wrote; a value with a space, a quote or `=` is quoted, so none passes for a field.
package struct StderrLogHandler: LogHandler {
    package var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private var stream: StreamLogHandler

    package init(label: String) {
        stream = StreamLogHandler.standardError(label: label)
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = mergedMetadata(event)
        var escaped = event
        escaped.message = Logger.Message(stringLiteral: Self.escape(event.message.description))
        escaped.metadata = merged.mapValues { .string(Self.quoted(Self.escape($0.description))) }
        stream.log(event: escaped)
    }

    /// A metadata value as one field of the line: in quotes when it holds a space, a quote or `=` (a quote inside
    /// written `\u{22}`, as the other escapes are), so that a value from a client (`x peer_uid=0`) cannot pass for
    /// a field goald wrote.
    package static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\\u{22}") + "\""
    }

    /// The text with control characters written as escapes (`VisibleText`, as goalctl shows stored text).
    package static func escape(_ text: String) -> String { VisibleText.escaped(text) }
}
