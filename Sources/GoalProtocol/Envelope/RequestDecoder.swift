import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Reads request envelopes: the one way a frame becomes a call.
///
/// It reads the whole payload once, checking it is UTF-8 JSON (RFC 8259) with no object holding the same key
/// twice and no more than `maxDepth` levels of nesting, and locates the envelope's members. Then it checks the
/// envelope: `id` a whole number from 1 to 2^53−1, `method` a string, `timeoutMs` a whole number from 0,
/// `metadata` an object of strings within `Limits`, `params` an object (or absent or `null`), and not both a call
/// and `cancel`. Every error names its field as a path from the frame's root (`params.items[3].date`), and is
/// answered on the call's id whenever the id could be read.
package enum RequestDecoder {
    /// The largest id a client may use: 2^53−1, the largest integer every JSON parser keeps exact.
    package static let maxID: UInt64 = (1 << 53) - 1
    /// The deepest nesting of arrays and objects a frame may have, the envelope itself counting as one.
    package static let maxDepth = 512
    /// The most metadata members, and the longest key and value, in bytes.
    package static let maxMetadataEntries = 32
    package static let maxMetadataKeyBytes = 64
    package static let maxMetadataValueBytes = 1024

    /// Room the decoder reuses from frame to frame (one per connection), so that a frame costs no allocation for
    /// the duplicate-key check.
    package struct Scratch {
        fileprivate var keys: [JSONReader.KeyRef] = []

        package init() {
            keys.reserveCapacity(32)
        }
    }

    /// Reads a frame. A method named in `methods` gets that name's string (no string is made per call).
    package static func decode(_ payload: Data, methods: KnownNames? = nil) -> Result<RequestFrame, EnvelopeError> {
        var scratch = Scratch()
        return payload.withUnsafeBytes { decode($0, methods: methods, scratch: &scratch) }
    }

    /// Reads a frame from its bytes, reusing `scratch`; only non-empty params are copied out.
    package static func decode(_ bytes: UnsafeRawBufferPointer, methods: KnownNames?, scratch: inout Scratch)
        -> Result<RequestFrame, EnvelopeError>
    {
        var reader = JSONReader(bytes: bytes, trackPath: false, keys: scratch.keys)
        let read = reader.readEnvelope()
        scratch.keys = reader.takeKeys()
        switch read {
        case .success(let members):
            return check(members, bytes: bytes, methods: methods)
        case .failure(let syntax):
            // Read again with paths kept, to name where the problem is (errors are rare; paths cost).
            var locating = JSONReader(bytes: bytes, trackPath: true)
            var located = syntax
            if case .failure(let error) = locating.readEnvelope() { located = error }
            return .failure(
                EnvelopeError(
                    id: located.id ?? connectionErrorID,
                    .invalidArgument(located.message, field: located.field)))
        }
    }

    private static func check(
        _ members: Members, bytes: UnsafeRawBufferPointer,
        methods: KnownNames?
    ) -> Result<RequestFrame, EnvelopeError> {
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        /// A member's value as the message names it: a number as written, anything else by its kind too (`"7"` is
        /// a string, not the number 7).
        func found(_ member: Member) -> String {
            switch member.kind {
            case .number, .bool, .null: text(member.range)
            case .string: "a string, \"\(text(member.range).prefix(40))\""
            case .object, .array: member.kind.described
            }
        }
        func fail(_ id: UInt64, _ field: String, _ message: String) -> Result<RequestFrame, EnvelopeError> {
            .failure(EnvelopeError(id: id, .invalidArgument("\(field): \(message)", field: field)))
        }
        let id = members.id.flatMap { JSONReader.wholeNumber($0, in: bytes) }.flatMap {
            (1...maxID).contains($0) ? $0 : nil
        }
        if let cancel = members.cancel {
            if members.id != nil || members.method != nil {
                return fail(
                    id ?? connectionErrorID, "cancel",
                    "a frame is a call (id, method, params) or a cancel "
                        + "frame ({\"cancel\": id}), not both; send the cancel in a frame of its own")
            }
            guard let target = JSONReader.wholeNumber(cancel, in: bytes), (1...maxID).contains(target) else {
                return fail(
                    connectionErrorID, "cancel",
                    "must be the id of a call in flight, a whole number from 1 "
                        + "to 2^53-1, found \(found(cancel))")
            }
            return .success(.cancel(target))
        }
        guard let idValue = members.id else {
            return fail(connectionErrorID, "id", "is required, a whole number from 1 to 2^53-1")
        }
        guard let id else {
            return fail(
                connectionErrorID, "id", "must be a whole number from 1 to 2^53-1, found \(found(idValue))")
        }
        guard let methodValue = members.method else {
            return fail(id, "method", "is required, such as \"goald.v1.Health/Check\"")
        }
        guard methodValue.kind == .string, let method = string(methodValue, in: bytes, known: methods) else {
            return fail(id, "method", "must be a string, such as \"goald.v1.Health/Check\"")
        }
        var timeoutMs: UInt64?
        if let timeout = members.timeoutMs, timeout.kind != .null {
            guard let value = JSONReader.wholeNumber(timeout, in: bytes), value <= maxID else {
                return fail(
                    id, "timeoutMs",
                    "must be a whole number of milliseconds from 0 to 2^53-1, found "
                        + text(timeout.range))
            }
            timeoutMs = value
        }
        var metadata: [String: String] = [:]
        if let value = members.metadata, value.kind != .null {
            switch readMetadata(value, in: bytes) {
            case .success(let read): metadata = read
            case .failure(let problem): return fail(id, problem.field, problem.message)
            }
        }
        var params = ParamsBytes.none
        if let value = members.params, value.kind != .null {
            guard value.kind == .object else {
                return fail(id, "params", "must be an object, found \(value.kind.described)")
            }
            if !value.isEmptyObject { params.data = Data(UnsafeRawBufferPointer(rebasing: bytes[value.range])) }
        }
        return .success(
            .call(
                RequestEnvelope(
                    id: id, method: method, timeoutMs: timeoutMs, metadata: metadata,
                    params: params)))
    }

    private static func string(_ value: Member, in bytes: UnsafeRawBufferPointer, known: KnownNames? = nil) -> String? {
        let contents = UnsafeRawBufferPointer(rebasing: bytes[value.range])
        guard contents.contains(UInt8(ascii: "\\")) else {
            return known?.name(contents) ?? String(decoding: contents, as: UTF8.self)
        }
        return JSONReader.unescape(contents).map { String(decoding: $0, as: UTF8.self) }
    }

    private struct MetadataProblem: Error {
        var field: String
        var message: String
    }

    private static func readMetadata(_ value: Member, in bytes: UnsafeRawBufferPointer)
        -> Result<[String: String], MetadataProblem>
    {
        guard value.kind == .object else {
            return .failure(
                MetadataProblem(
                    field: "metadata",
                    message: "must be an object of strings, such as "
                        + "{\"requestId\": \"…\"}, found \(value.kind.described)"))
        }
        var reader = JSONReader(bytes: bytes, trackPath: false)
        let entries = reader.members(ofObjectAt: value.range.lowerBound)
        guard entries.count <= maxMetadataEntries else {
            return .failure(MetadataProblem(field: "metadata", message: "at most \(maxMetadataEntries) members"))
        }
        var metadata: [String: String] = [:]
        for entry in entries {
            guard entry.key.utf8.count <= maxMetadataKeyBytes, !entry.key.isEmpty,
                entry.key.utf8.allSatisfy({ isKeyByte($0) })
            else {
                return .failure(
                    MetadataProblem(
                        field: "metadata",
                        message: "keys are 1 to \(maxMetadataKeyBytes) "
                            + "letters, digits, '-', '_' or '.' (ASCII), found \"\(entry.key.prefix(80))\""))
            }
            let field = "metadata.\(entry.key)"
            guard entry.value.kind == .string, let text = string(entry.value, in: bytes) else {
                return .failure(
                    MetadataProblem(
                        field: field,
                        message: "must be a string, found "
                            + entry.value.kind.described))
            }
            guard text.utf8.count <= maxMetadataValueBytes else {
                return .failure(MetadataProblem(field: field, message: "at most \(maxMetadataValueBytes) bytes"))
            }
            metadata[entry.key] = text
        }
        return .success(metadata)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }
}
