import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

/// A file read in chunks of a MiB with read(2): a travel file (standard input and a workbook's sheet through a
/// temporary file).
struct ChunkedFile {
    static let chunkBytes = 1 << 20
    let path: String

    /// What a first read tells: the size, whether the bytes are UTF-8, whether any line ends in LF.
    struct Shape {
        var bytes: Int
        var validUTF8: Bool
        var hasLineFeed: Bool
    }

    func scan() throws -> Shape {
        var validator = UTF8Validator()
        var bytes = 0
        var lineFeed = false
        try forEachChunk { chunk in
            bytes += chunk.count
            validator.feed(chunk)
            if !lineFeed, chunk.contains(0x0A) { lineFeed = true }
        }
        return Shape(bytes: bytes, validUTF8: validator.finish(), hasLineFeed: lineFeed)
    }

    /// Nil when the file cannot be opened for reading.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        close(descriptor)
        self.path = path
    }

    func forEachChunk(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ValueError(message: "cannot read \(path)") }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if count < 0 { throw ValueError(message: "cannot read \(path): \(String(cString: strerror(errno)))") }
                return
            }
            try body(buffer[..<count])
        }
    }
}
