/// The hand-written coders, for the calls asked for most (`Health/Check`, `Travel/GetReduction`): params read
/// without a decoder, results written without an encoder. Each gives the values and bytes the general coders give
/// (Foundation's decoder, the compact encoder); `FastCoderTests` enumerates `FastCoders.all` against them.
/// A method takes them by naming them in its `GoalRPC` entry.
package enum FastCoders {
    package static let healthCheck = MethodCoding<HealthCheckRequest, HealthCheckResponse>(
        readParams: { FlatObject.read($0).flatMap(HealthCheckRequest.init(flat:)) },
        writeResult: { try JSONWriter.encode($0) })

    package static let getReduction = MethodCoding<GetReductionRequest, ReductionMessage>(
        readParams: { FlatObject.read($0).flatMap(GetReductionRequest.init(flat:)) },
        writeResult: { try JSONWriter.encode($0) })

    /// The names of the methods that use them, for the test that enumerates them.
    package static var all: [String] { [GoalRPC.healthCheck.name, GoalRPC.getReduction.name] }
}

// MARK: - Params from a flat object

/// A params object of plain members, read without a decoder: `{"year": 2024, "unit": "Kultur"}`.
/// Values are whole numbers, strings without escapes in printable ASCII, or null; anything else gives nil (the
/// general decoder then reads the params, and words any error). A key given twice gives nil.
package struct FlatObject {
    package enum Value: Equatable {
        case integer(Int)
        case string(String)
        case null
    }

    package private(set) var members: [(key: String, value: Value)] = []

    package static func read(_ bytes: UnsafeRawBufferPointer) -> FlatObject? {
        var position = 0
        func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }
        func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
        /// A string without escapes, in printable ASCII.
        func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    position += 1
                    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                position += 1
            }
            return nil
        }
        /// A whole number of at most 18 digits, without fraction or exponent.
        func integer() -> Int? {
            let negative = take(UInt8(ascii: "-"))
            let start = position
            var value = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                guard position - start < 18 else { return nil }
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            guard position > start, !(bytes[start] == 0x30 && position - start > 1) else { return nil }
            if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
                return nil
            }
            return negative ? -value : value
        }

        var object = FlatObject()
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            repeat {
                skipSpace()
                guard let key = string(), !object.members.contains(where: { $0.key == key }) else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard position < bytes.count else { return nil }
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard let text = string() else { return nil }
                    object.members.append((key, .string(text)))
                case UInt8(ascii: "n"):
                    guard bytes.count - position >= 4, bytes[position + 1] == UInt8(ascii: "u"),
                          bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") else { return nil }
                    position += 4
                    object.members.append((key, .null))
                default:
                    guard let number = integer() else { return nil }
                    object.members.append((key, .integer(number)))
                }
                skipSpace()
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipSpace()
        guard position == bytes.count else { return nil }
        return object
    }

    /// An optional whole-number member: `.some(nil)` when absent or null, `nil` when of another type.
    package func integer(_ key: String) -> Int?? {
        switch members.first(where: { $0.key == key })?.value {
        case nil, .null?: return .some(nil)
        case .integer(let value)?: return .some(value)
        case .string?: return nil
        }
    }

    /// An optional string member: `.some(nil)` when absent or null, `nil` when of another type.
    package func string(_ key: String) -> String?? {
        switch members.first(where: { $0.key == key })?.value {
        case nil, .null?: return .some(nil)
        case .string(let value)?: return .some(value)
        case .integer?: return nil
        }
    }
}

extension GetReductionRequest {
    package init?(flat: FlatObject) {
        guard let year = flat.integer("year"), let baseline = flat.integer("baseline"), let unit = flat.string("unit"),
              let through = flat.string("through"), let factors = flat.string("factors") else { return nil }
        self.init(year: year, baseline: baseline, unit: unit, through: through, factors: factors)
    }
}

extension HealthCheckRequest {
    package init?(flat: FlatObject) {
        guard let service = flat.string("service") else { return nil }
        self.init(service: service)
    }
}

// MARK: - Results written by hand (members in sorted key order)

extension HealthCheckResponse: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try json.object { json in
            json.member("plan", plan)
            json.member("status", status)
            try json.member("uptimeSeconds", uptimeSeconds)
            json.member("version", version)
            json.member("writable", writable)
        }
    }
}

extension ReductionMessage: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try json.object { json in
            try json.member("asReported", asReported)
            try json.member("baseline", baseline)
            json.key("byMode")
            try json.array(byMode) { json, mode in try mode.write(to: &json) }
            try json.member("current", current)
            try json.member("likeForLike", likeForLike)
            json.member("provisionalThrough", provisionalThrough)
            json.member("unit", unit)
        }
    }
}

extension ReductionSideMessage: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try json.object { json in
            try json.member("factorSet", factorSet)
            json.member("from", from)
            try json.member("fte", fte)
            try json.member("kgCO2e", kgCO2e)
            try json.member("kgCO2eLikeForLike", kgCO2eLikeForLike)
            try json.member("kgCO2eLikeForLikeAsReported", kgCO2eLikeForLikeAsReported)
            try json.member("kgCO2ePerFte", kgCO2ePerFte)
            json.member("lastTrip", lastTrip)
            json.member("through", through)
            json.member("trips", trips)
            json.member("year", year)
        }
    }
}

extension FactorSetUseMessage: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        json.object { json in
            json.member("factorSet", factorSet)
            json.member("year", year)
            json.member("yearsOwnSet", yearsOwnSet)
        }
    }
}

extension ReductionFigure: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try json.object { json in
            try json.member("baselineKgCO2e", baselineKgCO2e)
            try json.member("currentKgCO2e", currentKgCO2e)
            json.member("factorSet", factorSet)
            json.member("method", method)
            try json.member("reductionPercent", reductionPercent)
        }
    }
}

extension ModeReductionMessage: JSONWritable {
    package func write(to json: inout JSONWriter) throws {
        try json.object { json in
            try json.member("baselineKgCO2e", baselineKgCO2e)
            try json.member("baselineKgCO2eLikeForLike", baselineKgCO2eLikeForLike)
            try json.member("currentKgCO2e", currentKgCO2e)
            try json.member("currentKgCO2eLikeForLike", currentKgCO2eLikeForLike)
            json.member("mode", mode)
        }
    }
}
