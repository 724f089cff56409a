import ArgumentParser
import FoundationEssentials
import Glibc
import GoalClient
import GoalProtocol

/// Splits CSV text into batches of whole records, each led by the header, keeping file line numbers.
package enum CSVBatches {
    package struct Batch {
        package var text: String
        /// The file line the batch's header stands for: its first row is on the next line.
        package var firstLine: Int
        /// `[line, occurrence]` of each row of the batch alike in every byte to an earlier row of the file (2 for the
        /// second such row …): what goald numbers a derived id with (`AddTripsRequest.occurrences`).
        package var occurrences: [[Int]] = []
    }

    /// Counts the rows of a file alike in every byte, for the occurrence of each in a derived id: a 64-bit hash of
    /// each row seen (a set of them, some 11 to 21 bytes a row while counting; `stop()` frees them once goald says
    /// the file has ids).
    package final class Occurrences {
        private var seen = Set<UInt64>()
        private var more: [UInt64: Int] = [:]
        private(set) var counting = true

        package init() {}

        /// The row's place among the file's rows alike to it so far: 1 for the first.
        func count(_ row: [UInt8]) -> Int {
            guard counting else { return 1 }
            var hasher = Hasher()
            row.withUnsafeBytes { hasher.combine(bytes: $0) }
            let hash = UInt64(truncatingIfNeeded: hasher.finalize())
            if seen.insert(hash).inserted { return 1 }
            let occurrence = more[hash, default: 1] + 1
            more[hash] = occurrence
            return occurrence
        }

        /// No more counting: the file has ids.
        package func stop() {
            counting = false
            seen = []
            more = [:]
        }
    }

    /// A batch stays under this many bytes, well within goald's frame limit (4 MiB by default).
    package static let maxBatchBytes = 2 << 20
    /// A row longer than this is a row error (named by its line), not sent.
    package static let maxRowBytes = 1 << 20

    /// The first records of a file, whole (a quoted line break does not end one), for the header search.
    struct Head {
        struct Full: Error {}
        let records: Int
        private(set) var bytes: [UInt8] = []
        private(set) var count = 0
        private var quoted = false
        var full: Bool { count >= records || bytes.count >= maxBatchBytes }

        init(records: Int) { self.records = records }

        mutating func feed(_ chunk: ArraySlice<UInt8>) {
            for byte in chunk where !full {
                bytes.append(byte)
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if byte == UInt8(ascii: "\n"), !quoted {
                    count += 1
                }
            }
        }
    }

    /// Splits bytes held whole into batches (the streaming splitter fed one chunk).
    package static func split(_ bytes: [UInt8], rowsPerBatch: Int) -> [Batch] {
        var batcher = Batcher(rowsPerBatch: rowsPerBatch)
        var batches: [Batch] = []
        batcher.feed(bytes[...]) { batches.append($0) }
        batcher.finish { batches.append($0) }
        return batches
    }

    /// Splits a file into batches of whole records as its bytes arrive, each batch led by the header, keeping the
    /// file's line numbers: a record ends at a line end outside quotes (`\n`, or `\r\n`). Holds one record and
    /// one batch at most, whatever the file's size; a record over `maxRowBytes` is skipped and its line kept in
    /// `longRows`.
    package struct Batcher {
        let rowsPerBatch: Int
        let occurrences: Occurrences?
        /// The file line of the header: records that start before it are left out.
        let headerLine: Int
        private var header: [UInt8]?
        private var record: [UInt8] = []
        private var recordLine = 1
        private var line = 1
        private var quoted = false
        private var tooLong = false
        private var batch: [UInt8] = []
        private var batchRows = 0
        private var batchFirstLine = 0
        private var batchOccurrences: [[Int]] = []
        private var emitted = false
        /// Lines of the rows over `maxRowBytes`.
        private(set) var longRows: [Int] = []
        /// Rows seen so far (the header not counted).
        private(set) var rows = 0

        package init(rowsPerBatch: Int, headerLine: Int = 1, occurrences: Occurrences? = nil) {
            self.occurrences = occurrences
            self.rowsPerBatch = rowsPerBatch
            self.headerLine = headerLine
        }

        package mutating func feed(_ bytes: ArraySlice<UInt8>, emit: (Batch) throws -> Void) rethrows {
            var start = bytes.startIndex
            for index in bytes.indices {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if byte == UInt8(ascii: "\n") {
                    line += 1
                    if !quoted {
                        append(bytes[start..<index])
                        start = index + 1
                        try endRecord(emit: emit)
                    }
                }
            }
            append(bytes[start..<bytes.endIndex])
        }

        /// Ends the last record and sends what is left.
        package mutating func finish(emit: (Batch) throws -> Void) rethrows {
            if !record.isEmpty || tooLong { try endRecord(emit: emit) }
            if batchRows > 0 {
                try flush(emit: emit)
            } else if !emitted {
                try emit(Batch(text: String(decoding: header ?? [], as: UTF8.self), firstLine: headerLine))
            }
        }

        private mutating func append(_ bytes: ArraySlice<UInt8>) {
            guard !tooLong else { return }
            if record.count + bytes.count > CSVBatches.maxRowBytes {
                tooLong = true
                record.removeAll()
                return
            }
            record.append(contentsOf: bytes)
        }

        private mutating func endRecord(emit: (Batch) throws -> Void) rethrows {
            defer {
                record.removeAll(keepingCapacity: true)
                tooLong = false
                recordLine = line
            }
            if record.last == UInt8(ascii: "\r") { record.removeLast() }
            guard let header else {
                if recordLine >= headerLine { self.header = record }
                return
            }
            rows += 1
            if tooLong {
                longRows.append(recordLine)
                return
            }
            if batchRows > 0, batchRows >= rowsPerBatch || batch.count + record.count + 1 >= CSVBatches.maxBatchBytes {
                try flush(emit: emit)
            }
            if batchRows == 0 {
                batch = header + [UInt8(ascii: "\n")]
                batchFirstLine = recordLine
            }
            batch.append(contentsOf: record)
            batch.append(UInt8(ascii: "\n"))
            batchRows += 1
            // A blank row (or one of separators only) is no row to goald: never numbered.
            if let occurrences, occurrences.counting, !Self.isBlank(record) {
                let occurrence = occurrences.count(record)
                if occurrence > 1 { batchOccurrences.append([recordLine, occurrence]) }
            }
        }

        /// Nothing but separators, quotes and white space: a row goald skips as blank.
        static func isBlank(_ record: [UInt8]) -> Bool {
            record.allSatisfy { byte in
                byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\t")
                    || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r")
            }
        }

        private mutating func flush(emit: (Batch) throws -> Void) rethrows {
            try emit(
                Batch(
                    text: String(decoding: batch, as: UTF8.self), firstLine: batchFirstLine - 1,
                    occurrences: batchOccurrences))
            emitted = true
            batchOccurrences.removeAll()
            batch.removeAll(keepingCapacity: true)
            batchRows = 0
        }
    }
}
