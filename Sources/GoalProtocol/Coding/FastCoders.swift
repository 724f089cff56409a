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

    /// The region's status is kept with the snapshot once made (`RPCRouter.registerKept`): what is left per call
    /// is reading its params, done here without a decoder.
    package static let regionStatus = MethodCoding<RegionStatusRequest, RegionStatusMessage>(
        readParams: { FlatObject.read($0).flatMap(RegionStatusRequest.init(flat:)) })

    /// The names of the methods that use them, for the test that enumerates them.
    package static var all: [String] {
        [GoalRPC.healthCheck.name, GoalRPC.getReduction.name, GoalRPC.regionStatus.name]
    }
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

    /// Reads the params with the one JSON reader (`JSONReader`, the envelope's): a payload it refuses, a key given
    /// twice or a member that is not plain gives nil.
    package static func read(_ bytes: UnsafeRawBufferPointer) -> FlatObject? {
        var reader = JSONReader(bytes: bytes, trackPath: false)
        var object = FlatObject()
        var plain = true
        let read: Void? = reader.readObject { key, member in
            guard plain, !key.escaped else {
                plain = false
                return
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[key.range]), as: UTF8.self)
            switch member.kind {
            case .string:
                let contents = UnsafeRawBufferPointer(rebasing: bytes[member.range])
                // Without escapes, in printable ASCII: else the general decoder reads it.
                guard contents.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else {
                    plain = false
                    return
                }
                object.members.append((name, .string(String(decoding: contents, as: UTF8.self))))
            case .null:
                object.members.append((name, .null))
            case .number:
                guard let value = integer(UnsafeRawBufferPointer(rebasing: bytes[member.range])) else {
                    plain = false
                    return
                }
                object.members.append((name, .integer(value)))
            case .object, .array, .bool:
                plain = false
            }
        }
        return read != nil && plain ? object : nil
    }

    /// A number the reader has checked, when it is whole and of at most 18 digits (no fraction or exponent).
    private static func integer(_ text: UnsafeRawBufferPointer) -> Int? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = negative ? UnsafeRawBufferPointer(rebasing: text.dropFirst()) : text
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return negative ? -value : value
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
            let through = flat.string("through"), let factors = flat.string("factors"),
            let committee = flat.string("committee")
        else { return nil }
        self.init(
            year: year, baseline: baseline, unit: unit, through: through, factors: factors, committee: committee)
    }
}

extension RegionStatusRequest {
    package init?(flat: FlatObject) {
        guard let period = flat.string("period") else { return nil }
        self.init(period: period)
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
            json.member("committee", committee)
            try json.member("current", current)
            try json.member("likeForLike", likeForLike)
            json.member("provisionalThrough", provisionalThrough)
            json.member("unit", unit)
            json.member("units", units)
            json.member("unmappedUnits", unmappedUnits)
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
