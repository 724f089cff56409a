import Glibc

/// Whole reads and writes on a file descriptor, again after EINTR: the one loop goalctl's output, files, spools and
/// pipes to its helper go through.
enum Descriptor {
    /// Writes all of `bytes`; returns 0, or the errno of the write that failed.
    @discardableResult
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return written < 0 ? errno : EIO }
            offset += written
        }
        return 0
    }

    @discardableResult
    static func writeAll(_ descriptor: Int32, _ bytes: some Collection<UInt8>) -> Int32 {
        let code = bytes.withContiguousStorageIfAvailable { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
        return code ?? Array(bytes).withUnsafeBytes { writeAll(descriptor, $0) }
    }

    /// Everything the descriptor gives until its end (or a read that fails).
    static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return bytes }
            bytes += chunk[..<count]
        }
    }
}
