import FoundationEssentials
import Glibc
import GoalProtocol

/// Where goalctl's words go: results to standard output, problems to standard error.
enum Output {
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
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// Everything on standard input.
    static func readStandardInput() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// One line of JSON with sorted keys.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
