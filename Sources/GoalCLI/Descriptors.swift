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

    /// A new file beside `path` that no one else made: `PATH.part-XXXXXX`, created with O_EXCL (mkstemp), so a
    /// link or file planted under a guessable name is never followed or overwritten. Readable by all, as a file
    /// written in place would be. Returns its descriptor and name, or the errno.
    static func createBeside(_ path: String) -> Result<(descriptor: Int32, path: String), Errno> {
        var template = Array((path + ".part-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return .failure(Errno(code: errno)) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fchmod(descriptor, 0o644)
        return .success((descriptor, Self.string(template)))
    }

    /// A private folder beside `path` (`PATH.part-XXXXXX`, mode 0700, made by mkdtemp): a helper program writes its
    /// file in it, where no one else can plant anything, and goalctl moves the file out into place.
    static func folderBeside(_ path: String) -> Result<String, Errno> {
        var template = Array((path + ".part-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { return .failure(Errno(code: errno)) }
        return .success(Self.string(template))
    }

    /// A C string filled in by the system, as a String.
    private static func string(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    struct Errno: Error {
        var code: Int32
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
