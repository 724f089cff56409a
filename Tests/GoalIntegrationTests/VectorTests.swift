import Foundation
import GoalClient
import GoalProtocol
import GoalTestSupport
import Testing

/// Protocol/vectors/frames.json against a live goald: the bytes as given, the answers as described.
@Suite struct VectorTests {
    struct Document: Decodable {
        var vectors: [Vector]
    }

    struct Vector: Decodable {
        var name: String
        var hex: String
        var expect: JSONValue
    }

    static func load() throws -> [Vector] {
        var url = URL(fileURLWithPath: #filePath)
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        let data = try Data(contentsOf: url.appendingPathComponent("Protocol/vectors/frames.json"))
        return try JSONDecoder().decode(Document.self, from: data).vectors
    }

    static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test func everyVectorIsAnsweredAsDescribed() async throws {
        try await inProcess { daemon in
            let vectors = try Self.load()
            #expect(vectors.count >= 16)
            let connection = try daemon.connect()
            for vector in vectors {
                let target = vector.expect["closes"] == .bool(true) ? try daemon.connect() : connection
                try target.sendBytes(Self.bytes(vector.hex))
                if vector.expect["none"] == .bool(true) {
                    // Nothing comes back: the next call's answer is the next frame.
                    try target.send(Array(#"{"id":4242,"method":"goald.v1.Health/Check"}"#.utf8))
                    let next = try JSONDecoder().decode(
                        JSONValue.self, from: Data(target.receive(deadline: .now + .seconds(5))))
                    #expect(next["id"] == .number(4242), "\(vector.name)")
                    continue
                }
                let answer = try JSONDecoder().decode(
                    JSONValue.self, from: Data(target.receive(deadline: .now + .seconds(5))))
                #expect(answer["id"] == vector.expect["id"], "\(vector.name): id")
                if case .string(let code)? = vector.expect["error"] {
                    #expect(answer["error"]?["code"] == .string(code), "\(vector.name): code")
                }
                if case .string(let field)? = vector.expect["field"] {
                    #expect(answer["error"]?["details"]?["field"] == .string(field), "\(vector.name): field")
                }
                if case .array(let keys)? = vector.expect["result"] {
                    for case .string(let key) in keys {
                        #expect(answer["result"]?[key] != nil, "\(vector.name): result.\(key)")
                    }
                }
                if vector.expect["closes"] == .bool(true) {
                    #expect(target.isClosedByPeer(deadline: .now + .seconds(5)), "\(vector.name): closes")
                }
            }
        }
    }
}
