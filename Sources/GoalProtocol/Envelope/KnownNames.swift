import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Names a decoder meets often (the methods served), so that reading one gives the same string each time
/// instead of making a new one.
package struct KnownNames: Sendable {
    private let names: [(String, [UInt8])]

    package init(_ names: [String]) {
        self.names = names.map { ($0, Array($0.utf8)) }
    }

    /// The known name with these bytes, if any.
    package func name(_ bytes: UnsafeRawBufferPointer) -> String? {
        for (name, utf8) in names where utf8.count == bytes.count {
            if utf8.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 { return name }
        }
        return nil
    }
}
