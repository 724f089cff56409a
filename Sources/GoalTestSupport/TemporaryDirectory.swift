import Foundation

/// A fresh folder under /tmp, short enough for Unix socket paths (108 bytes), removed on `remove()`.
package struct TemporaryDirectory: Sendable {
    package let path: String

    package init(prefix: String = "goald") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: result)
    }

    package func file(_ name: String) -> String { path + "/" + name }

    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
