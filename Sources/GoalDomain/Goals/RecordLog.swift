import HashTreeCollections

/// The records of one subject in the order they were made: an append-only list whose copies share storage.
///
/// goald publishes a snapshot of the follow-up after every write and keeps writing to its own copy. With an `Array`,
/// the first append after a publish copies every record of the subject (the snapshot still holds the storage), so
/// n writes to one subject copy n²/2 records. Here the records sit in chunks of `chunkSize` in a persistent hash
/// tree: an append copies at most one chunk and O(log n) tree nodes, whatever the history's length, and reads walk
/// the chunks as they would an array.
package struct RecordLog<Element: Sendable>: Sendable {
    /// Records per chunk: what one append copies at most, besides the tree's path.
    package static var chunkSize: Int { 32 }
    private static var chunkShift: Int { 5 }

    private var chunks: TreeDictionary<Int, [Element]> = [:]
    package private(set) var count = 0

    package init() {}

    package init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    package mutating func append(_ element: Element) {
        chunks[count >> Self.chunkShift, default: []].append(element)
        count += 1
    }

    /// Takes the last record off (the stack of what stands: `FollowUp`'s records in force). Copies at most the chunk
    /// it was in.
    @discardableResult
    package mutating func removeLast() -> Element {
        precondition(count > 0, "RecordLog: removeLast of an empty log")
        count -= 1
        let number = count >> Self.chunkShift
        if count & (Self.chunkSize - 1) == 0 {
            guard let last = chunks.removeValue(forKey: number)?.last else {
                preconditionFailure("RecordLog: chunk \(number) missing")
            }
            return last
        }
        guard let last = chunks[number]?.removeLast() else { preconditionFailure("RecordLog: chunk \(number) missing") }
        return last
    }

    /// A chunk by its number (records `number × chunkSize` on).
    private func chunk(_ number: Int) -> [Element] {
        guard let chunk = chunks[number] else { preconditionFailure("RecordLog: chunk \(number) of \(count) records") }
        return chunk
    }

    /// The last record that satisfies `predicate`, searched from the end chunk by chunk.
    package func last(where predicate: (Element) throws -> Bool) rethrows -> Element? {
        guard count > 0 else { return nil }
        for number in stride(from: (count - 1) >> Self.chunkShift, through: 0, by: -1) {
            if let found = try chunk(number).last(where: predicate) { return found }
        }
        return nil
    }

    /// The storage of a chunk's records, for tests that check what a copy shares: equal for two logs that share
    /// the chunk.
    package func chunkStorage(_ number: Int) -> UnsafeRawPointer? {
        chunks[number]?.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }
}

extension RecordLog: RandomAccessCollection {
    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    package subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "RecordLog: index \(position) out of range 0..<\(count)")
        return chunk(position >> Self.chunkShift)[position & (Self.chunkSize - 1)]
    }

    /// Walks the chunks in order: one tree look-up per chunk, not per record.
    package struct Iterator: IteratorProtocol {
        private let log: RecordLog
        private var current: IndexingIterator<[Element]>
        private var following = 0

        init(_ log: RecordLog) {
            self.log = log
            self.current = [Element]().makeIterator()
        }

        package mutating func next() -> Element? {
            while true {
                if let element = current.next() { return element }
                guard following << RecordLog.chunkShift < log.count else { return nil }
                current = log.chunk(following).makeIterator()
                following += 1
            }
        }
    }

    package func makeIterator() -> Iterator { Iterator(self) }
}

extension RecordLog: ExpressibleByArrayLiteral {
    package init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension RecordLog: Equatable where Element: Equatable {
    package static func == (lhs: RecordLog, rhs: RecordLog) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }
}

extension RecordLog: CustomStringConvertible {
    package var description: String { Array(self).description }
}
