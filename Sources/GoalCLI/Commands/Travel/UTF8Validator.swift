import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

/// Checks UTF-8 chunk by chunk: a character cut by a chunk's end is checked whole with the next chunk.
package struct UTF8Validator {
    private var carry: [UInt8] = []
    private var valid = true

    package init() {}

    package mutating func feed(_ chunk: ArraySlice<UInt8>) {
        guard valid else { return }
        let bytes = carry.isEmpty ? chunk : (carry + chunk)[...]
        // Where the last, possibly unfinished, character starts.
        var cut = bytes.endIndex
        var back = bytes.endIndex - 1
        while back >= bytes.startIndex, back >= bytes.endIndex - 4 {
            let byte = bytes[back]
            if byte & 0xC0 != 0x80 {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if back + length > bytes.endIndex { cut = back }
                break
            }
            back -= 1
        }
        valid = String(validating: bytes[..<cut], as: UTF8.self) != nil
        carry = Array(bytes[cut...])
    }

    package mutating func finish() -> Bool {
        valid && (carry.isEmpty || String(validating: carry, as: UTF8.self) != nil)
    }
}
