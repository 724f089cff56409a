/// The store cannot be opened, read or written. The message names the file and what to do.
package struct StoreError: Error, CustomStringConvertible, Sendable {
    package enum Kind: Sendable, Hashable {
        /// The file is not a goald store, is corrupt, or was written by a newer goald: goald must not start.
        case unusable
        /// A write failed (disk full, read-only folder): nothing was stored.
        case writeFailed
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
