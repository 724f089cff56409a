import FoundationEssentials
import Glibc
import GoalProtocol

/// Temporary files for `travel import`: standard input copied to disk (it can be read once, an import reads it
/// up to three times), and a workbook's sheet as CSV (read by the `goal-xlsx` helper). Each is unlinked as soon as
/// it is made and read through `/proc/PID/fd`, so nothing is left behind however goalctl ends, and memory stays
/// bounded by a chunk.
enum TravelFiles {
    /// An unlinked temporary file, open for reading and writing; `path` opens it again.
    struct Spool {
        let descriptor: Int32
        /// By goalctl's process id, not /proc/self: the `goal-xlsx` helper opens it too.
        var path: String { "/proc/\(getpid())/fd/\(descriptor)" }

        init() throws {
            let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            var template = Array((directory + "/goalctl-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                throw ValueError(
                    message: "cannot make a temporary file in \(directory): \(String(cString: strerror(errno)))")
            }
            unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            self.descriptor = descriptor
        }

        func write(_ bytes: some Collection<UInt8>) throws {
            let code = Descriptor.writeAll(descriptor, bytes)
            guard code == 0 else {
                throw ValueError(message: "cannot write a temporary file: \(String(cString: strerror(code)))")
            }
        }
    }

    /// Standard input copied to a spool, a MiB at a time.
    static func spoolStandardInput() throws -> Spool {
        let spool = try Spool()
        var chunk = [UInt8](repeating: 0, count: ChunkedFile.chunkBytes)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 {
                throw ValueError(message: "cannot read standard input: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return spool }
            try spool.write(chunk[..<count])
        }
    }

    /// Whether a file starts as a zip archive does (an .xlsx workbook is one).
    static func isZip(path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4, 0) }
        return count == 4 && magic == [0x50, 0x4B, 0x03, 0x04]
    }

    /// Why goal-xlsx could not read a workbook, in its words.
    struct WorkbookProblem: Error {
        var message: String
    }

    /// A workbook's sheet as UTF-8 CSV in a spool, by the `goal-xlsx` helper (one line per sheet row, so that a
    /// line number is the row's number); returns the spool and the sheet's name.
    static func sheetAsCSV(path: String, sheet: String?) throws -> (spool: Spool, sheet: String) {
        let helper = try Helper.find()
        let spool = try Spool()
        var errors: [Int32] = [0, 0]
        guard pipe(&errors) == 0 else {
            throw ValueError(message: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for end in errors { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let pid = try helper.start(
            ["read", path] + (sheet.map { ["--sheet", $0] } ?? []),
            stdin: nil, stdout: spool.descriptor, stderr: errors[1])
        close(errors[1])
        // What the helper says is read to its end before it is waited for: it never blocks on a full pipe.
        let said = String(decoding: Descriptor.readAll(errors[0]), as: UTF8.self)
        close(errors[0])
        let status = Helper.wait(pid)
        guard status == 0 else {
            let reason = said.split(separator: "\n").last.map { String($0) } ?? "exit status \(status)"
            throw WorkbookProblem(message: reason.hasPrefix("goal-xlsx: ") ? String(reason.dropFirst(11)) : reason)
        }
        let name =
            said.split(separator: "\n").first { $0.hasPrefix("sheet\t") }.map { String($0.dropFirst(6)) } ?? sheet
            ?? "?"
        return (spool, name)
    }

    /// goal-xlsx cannot be found or started: exit status 69 (a service goalctl needs is unavailable).
    struct HelperMissing: Error {
        var message: String
    }

    /// `goal-xlsx`, the program that reads and writes Excel workbooks for goalctl: next to goalctl, else on PATH.
    struct Helper {
        static let name = "goal-xlsx"
        let path: String

        static func find() throws -> Helper {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            var candidates: [String] = []
            if length > 0 {
                let own = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                candidates.append(
                    own.split(separator: "/", omittingEmptySubsequences: false).dropLast()
                        .joined(separator: "/") + "/" + name)
            }
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            candidates += path.split(separator: ":").map { "\($0)/\(name)" }
            guard let found = candidates.first(where: { access($0, X_OK) == 0 }) else {
                throw HelperMissing(
                    message: "\(name), which reads and writes Excel workbooks, is not installed next "
                        + "to goalctl or on PATH (make install puts it beside goalctl)")
            }
            return Helper(path: found)
        }

        /// Runs the helper with the given descriptors as its standard input, output and error (nil: goalctl's
        /// own); returns its exit status.
        func run(_ arguments: [String], stdin: Int32?, stdout: Int32?, stderr: Int32?) throws -> Int32 {
            let pid = try start(arguments, stdin: stdin, stdout: stdout, stderr: stderr)
            return Self.wait(pid)
        }

        func start(_ arguments: [String], stdin: Int32?, stdout: Int32?, stderr: Int32?) throws -> pid_t {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for (descriptor, target) in [(stdin, STDIN_FILENO), (stdout, STDOUT_FILENO), (stderr, STDERR_FILENO)] {
                if let descriptor { posix_spawn_file_actions_adddup2(&actions, descriptor, target) }
            }
            let argv = ([path] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
            guard code == 0 else {
                throw HelperMissing(message: "cannot start \(path): \(String(cString: strerror(code)))")
            }
            return pid
        }

        static func wait(_ pid: pid_t) -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // WIFEXITED / WEXITSTATUS, spelled out (the C macros do not come through to Swift).
            return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        }
    }
}

extension ConnectionOptions {
    /// A workbook's sheet as CSV in a spool (`TravelFiles.sheetAsCSV`), goalctl's failures said as a command says
    /// them: a sheet that cannot be read (65), the helper missing (69), a spool that cannot be written (74); the
    /// sheet read is noted unless the output is JSON.
    func workbookSheet(_ path: String, named file: String, sheet: String?) throws -> TravelFiles.Spool {
        do {
            let (spool, sheetName) = try TravelFiles.sheetAsCSV(path: path, sheet: sheet)
            if !json { Output.error("note: \(file) is an Excel workbook: read its sheet \"\(sheetName)\"") }
            return spool
        } catch let error as TravelFiles.WorkbookProblem {
            throw failure(.invalidArgument, "\(file): \(error.message)", field: "sheet", exit: 65)
        } catch let error as TravelFiles.HelperMissing {
            throw failure(.unavailable, error.message, exit: 69)
        } catch let error as ValueError {
            throw failure(.unavailable, error.message, field: "file", exit: 74)
        }
    }
}
