import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to its end with `posix_spawn`, its standard input, output and error through pipes, and no other
/// descriptor of the test process open in it. Foundation's `Process.run()` on Linux reads `/proc/self/fd` with a
/// 256-byte copy of each `dirent` that can read past glibc's buffer, and the test process (which opens and closes
/// thousands of descriptors) crashed on it now and then; this path reads no directory.
/// - Returns: the exit status, or for a program ended by a signal the signal's number (as `Process` reports it).
func spawnToEnd(
    path: String, arguments: [String], environment: [String: String], stdin: Data?
) throws -> ProcessOutcome {
    var input: [Int32] = [-1, -1]
    var output: [Int32] = [-1, -1]
    var errors: [Int32] = [-1, -1]
    for index in 0..<3 {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // Not inherited by a program another thread starts meanwhile (the child's own are set by dup2).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        switch index {
        case 0: input = ends
        case 1: output = ends
        default: errors = ends
        }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input[0], 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
    // Every other descriptor the test process holds (another test's pipes and sockets) stays out of the child.
    guard let closeFrom = addCloseFrom else {
        throw POSIXError(.ENOSYS)  // glibc before 2.34
    }
    _ = closeFrom(&actions, 3)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // The child starts with no signal blocked and default dispositions, whatever the test's threads block.
    var empty = sigset_t()
    sigemptyset(&empty)
    var defaults = sigset_t()
    sigfillset(&defaults)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    close(input[0])
    close(output[1])
    close(errors[1])
    guard spawned == 0 else {
        close(input[1])
        close(output[0])
        close(errors[0])
        throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
    }
    // Standard error is read beside standard output, so that neither pipe can fill and hold the child.
    let errorEnd = errors[0]
    let errorRead = DispatchGroup()
    nonisolated(unsafe) var errorBytes = Data()
    errorRead.enter()
    DispatchQueue.global().async {
        errorBytes = readToEnd(errorEnd)
        errorRead.leave()
    }
    if let stdin, !stdin.isEmpty {
        stdin.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(input[1], buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    break  // the child stopped reading
                }
                offset += written
            }
        }
    }
    close(input[1])
    let outputBytes = readToEnd(output[0])
    errorRead.wait()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1, errno == EINTR {}
    let signal = status & 0x7f
    let code = signal == 0 ? (status >> 8) & 0xff : signal
    return ProcessOutcome(
        status: code, stdout: String(decoding: outputBytes, as: UTF8.self),
        stderr: String(decoding: errorBytes, as: UTF8.self))
}

/// Reads a descriptor to its end, then closes it.
private func readToEnd(_ descriptor: Int32) -> Data {
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            data.append(buffer, count: count)
        } else if count < 0, errno == EINTR {
            continue
        } else {
            break
        }
    }
    close(descriptor)
    return data
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 on), which Swift's Glibc module does not import.
private let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    else { return nil }
    return unsafeBitCast(
        symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()
