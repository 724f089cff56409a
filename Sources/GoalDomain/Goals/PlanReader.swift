import Foundation

/// Reads a model file from its JSON tree, collecting every problem with its path instead of stopping at
/// the first, so that `goald --check-model` can list them all.
struct PlanReader {
    /// The region's indicators by id (`regionIndicators`), which a plan's indicator names with `regionIndicator`.
    var library: [String: Indicator] = [:]
    /// A JSON value as parsed, before it is given meaning.
    enum Node {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Node])
        case object([String: Node])

        /// Parses a model file's JSON. Foundation's `JSONSerialization` builds the tree in one pass (a region of many
        /// plans reads about ten times faster than through `Decodable`, which must try each kind in turn and pays a
        /// thrown error for each miss); `true` and `false` come back as Foundation's boolean numbers (`objCType`
        /// "c"), told apart here from 1 and 0.
        /// - Throws: `PlanError` "not valid JSON", with the parser's reason (what is wrong and where).
        static func parse(_ data: Data) throws(PlanError) -> Node {
            do {
                return Node(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
            } catch {
                let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey].map { "\($0)" } ?? "\(error)"
                throw PlanError(problems: [PlanProblem(path: "", message: "not valid JSON (\(reason))")])
            }
        }

        /// The parser's kinds in the order a model holds most of them; a failed cast to a collection may try to
        /// bridge the value, so the collections are asked for before a number.
        private init(_ value: Any) {
            if let object = value as? [String: Any] {
                self = .object(object.mapValues(Node.init))
            } else if let text = value as? String {
                self = .string(text)
            } else if let array = value as? [Any] {
                self = .array(array.map(Node.init))
            } else if let number = value as? NSNumber {
                self =
                    number.objCType.pointee == CChar(UInt8(ascii: "c"))
                    ? .bool(number.boolValue) : .number(number.doubleValue)
            } else {
                self = .null
            }
        }

        var kindName: String {
            switch self {
            case .null: "null"
            case .bool: "true/false"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }

    private(set) var problems: [PlanProblem] = []

    mutating func problem(_ path: String, _ message: String) {
        problems.append(PlanProblem(path: path, message: message))
    }

    /// The fields of an object node; records a problem and returns nil when the node is something else.
    /// Fields not in `known` are reported, so that a misspelt field name is not silently ignored.
    mutating func fields(_ node: Node?, _ path: String, known: [String]) -> [String: Node]? {
        guard let node else { return nil }
        guard case .object(let fields) = node else {
            problem(path, "expected an object, found \(node.kindName)")
            return nil
        }
        for key in fields.keys.sorted() where !known.contains(key) {
            problem(
                path.isEmpty ? key : "\(path).\(key)", "unknown field; known fields: \(known.joined(separator: ", "))")
        }
        return fields
    }

    mutating func string(_ fields: [String: Node], _ key: String, _ path: String, required: Bool = true) -> String? {
        let at = path.isEmpty ? key : "\(path).\(key)"
        switch fields[key] {
        case .string(let text)?: return text
        case nil, .null?:
            if required { problem(at, "is required") }
            return nil
        case let other?:
            problem(at, "expected a string, found \(other.kindName)")
            return nil
        }
    }

    mutating func number(_ fields: [String: Node], _ key: String, _ path: String, required: Bool = true) -> Double? {
        let at = path.isEmpty ? key : "\(path).\(key)"
        switch fields[key] {
        case .number(let number)?: return number
        case nil, .null?:
            if required { problem(at, "is required") }
            return nil
        case let other?:
            problem(at, "expected a number, found \(other.kindName)")
            return nil
        }
    }

    mutating func integer(_ fields: [String: Node], _ key: String, _ path: String) -> Int? {
        guard let number = number(fields, key, path) else { return nil }
        guard number == number.rounded(), abs(number) < 1e9 else {
            problem(path.isEmpty ? key : "\(path).\(key)", "expected a whole number, found \(Target.format(number))")
            return nil
        }
        return Int(number)
    }

    mutating func array(_ fields: [String: Node], _ key: String, _ path: String, required: Bool = true) -> [Node]? {
        let at = path.isEmpty ? key : "\(path).\(key)"
        switch fields[key] {
        case .array(let items)?: return items
        case nil, .null?:
            if required { problem(at, "is required") }
            return nil
        case let other?:
            problem(at, "expected an array, found \(other.kindName)")
            return nil
        }
    }

    // MARK: - The plan

    mutating func plan(_ root: Node) -> Plan? {
        guard
            let fields = fields(
                root, "",
                known: [
                    "format", "id", "title", "organisation", "committee", "committeeAbbreviation",
                    "firstYear", "lastYear", "followUp", "effectGoals",
                ])
        else {
            return nil
        }
        let format = string(fields, "format", "")
        let id = string(fields, "id", "")
        let title = string(fields, "title", "")
        let organisation = string(fields, "organisation", "")
        let committee = string(fields, "committee", "")
        let abbreviation = string(fields, "committeeAbbreviation", "", required: false)
        let firstYear = integer(fields, "firstYear", "")
        let lastYear = integer(fields, "lastYear", "")
        let followUp = string(fields, "followUp", "", required: false)
        let effects = (array(fields, "effectGoals", "") ?? []).enumerated().map { index, node in
            effectGoal(node, "effectGoals[\(index)]")
        }
        guard let format, let id, let title, let organisation, let committee, let firstYear, let lastYear,
            problems.isEmpty
        else { return nil }
        return Plan(
            format: format, id: id, title: title, organisation: organisation, committee: committee,
            committeeAbbreviation: abbreviation, firstYear: firstYear, lastYear: lastYear, followUp: followUp,
            effectGoals: effects.compactMap { $0 })
    }

    private mutating func effectGoal(_ node: Node, _ path: String) -> EffectGoal? {
        guard
            let fields = fields(
                node, path,
                known: [
                    "id", "number", "title", "strategyLinks", "explanation", "note", "agenda2030",
                    "resultGoals",
                ])
        else { return nil }
        let id = string(fields, "id", path, required: false)
        let agenda = agenda2030(fields, path)
        let number = string(fields, "number", path)
        let title = string(fields, "title", path)
        let links = (array(fields, "strategyLinks", path, required: false) ?? []).enumerated().map { index, node in
            strategyLink(node, "\(path).strategyLinks[\(index)]")
        }
        let explanation = string(fields, "explanation", path, required: false)
        let note = string(fields, "note", path, required: false)
        let results = (array(fields, "resultGoals", path) ?? []).enumerated().map { index, node in
            resultGoal(node, "\(path).resultGoals[\(index)]")
        }
        guard let number, let title else { return nil }
        return EffectGoal(
            id: id, number: number, title: title, strategyLinks: links.compactMap { $0 },
            explanation: explanation, note: note, agenda2030: agenda, resultGoals: results.compactMap { $0 })
    }

    /// The Agenda 2030 goals an effect goal serves: whole numbers from 1 to 17.
    mutating func agenda2030(_ fields: [String: Node], _ path: String) -> [Int] {
        var goals: [Int] = []
        for (index, node) in (array(fields, "agenda2030", path, required: false) ?? []).enumerated() {
            let at = "\(path).agenda2030[\(index)]"
            guard case .number(let number) = node else {
                problem(at, "expected a number from 1 to 17, found \(node.kindName)")
                continue
            }
            guard number == number.rounded(), (1...17).contains(number) else {
                problem(at, "expected one of Agenda 2030's goals, 1 to 17, found \(Target.format(number))")
                continue
            }
            goals.append(Int(number))
        }
        return goals
    }

    mutating func strategyLink(_ node: Node, _ path: String) -> StrategyLink? {
        guard let fields = fields(node, path, known: ["priorityArea", "goals"]) else { return nil }
        let area = string(fields, "priorityArea", path)
        var goals: [String] = []
        for (index, goal) in (array(fields, "goals", path) ?? []).enumerated() {
            if case .string(let text) = goal {
                goals.append(text)
            } else {
                problem("\(path).goals[\(index)]", "expected a string, found \(goal.kindName)")
            }
        }
        guard let area else { return nil }
        return StrategyLink(priorityArea: area, goals: goals)
    }

    /// A result goal; `requireIds` when the format says every goal and indicator names its stable id.
    mutating func resultGoal(_ node: Node, _ path: String, requireIds: Bool = false) -> ResultGoal? {
        guard
            let fields = fields(
                node, path, known: ["id", "number", "title", "indicators", "regionCommon", "firstYear", "lastYear"])
        else { return nil }
        let id = string(fields, "id", path, required: requireIds)
        let number = string(fields, "number", path)
        let title = string(fields, "title", path)
        let indicators = (array(fields, "indicators", path) ?? []).enumerated().map { index, node in
            indicator(node, "\(path).indicators[\(index)]", requireIds: requireIds)
        }
        var common: Bool?
        if let node = fields["regionCommon"] {
            if case .bool(let flag) = node {
                common = flag
            } else {
                problem("\(path).regionCommon", "expected true or false, found \(node.kindName)")
            }
        }
        let first = fields["firstYear"] == nil ? nil : integer(fields, "firstYear", path)
        let last = fields["lastYear"] == nil ? nil : integer(fields, "lastYear", path)
        if (first == nil) != (last == nil) {
            problem("\(path).\(first == nil ? "firstYear" : "lastYear")", "is required beside the other")
        }
        let years = first.flatMap { first in last.map { YearSpan(firstYear: first, lastYear: $0) } }
        guard let number, let title else { return nil }
        return ResultGoal(
            id: id, number: number, title: title, indicators: indicators.compactMap { $0 }, regionCommon: common,
            years: years)
    }

    private mutating func indicator(_ node: Node, _ path: String, requireIds: Bool) -> Indicator? {
        if case .object(let object) = node, object["regionIndicator"] != nil {
            return sharedIndicator(object, path)
        }
        guard
            let fields = fields(
                node, path,
                known: [
                    "id", "number", "title", "target", "valueRange", "derivedFrom", "note", "measured", "byGender",
                    "shared", "definition", "source", "kolada", "agenda2030",
                ])
        else {
            return nil
        }
        let id = string(fields, "id", path, required: requireIds)
        let number = string(fields, "number", path)
        let title = string(fields, "title", path)
        let note = string(fields, "note", path, required: false)
        if fields["target"] == nil { problem("\(path).target", "is required") }
        let target = target(fields["target"], "\(path).target")
        var range: ValueRange?
        if let rangeNode = fields["valueRange"],
            let bounds = self.fields(rangeNode, "\(path).valueRange", known: ["min", "max"])
        {
            range = ValueRange(
                min: self.number(bounds, "min", "\(path).valueRange", required: false),
                max: self.number(bounds, "max", "\(path).valueRange", required: false))
        }
        let derived = fields["derivedFrom"].flatMap { derivedSource($0, "\(path).derivedFrom") }
        var measured: Indicator.Measured?
        if let text = string(fields, "measured", path, required: false) {
            measured = Indicator.Measured(rawValue: text)
            if measured == nil {
                problem("\(path).measured", "expected \"annual\" or \"interimAndAnnual\", found \"\(text)\"")
            }
        }
        var byGender: Bool?
        if let node = fields["byGender"] {
            if case .bool(let flag) = node {
                byGender = flag
            } else {
                problem("\(path).byGender", "expected true or false, found \(node.kindName)")
            }
        }
        guard let number, let title, let target else { return nil }
        var indicator = Indicator(
            id: id, number: number, title: title, target: target, valueRange: range, derivedFrom: derived, note: note,
            measured: measured, byGender: byGender)
        // A plan file written from a region's plan keeps a region indicator's definition (`goald.plan/1`).
        if case .bool(true)? = fields["shared"] { indicator.shared = true }
        indicator.definition = string(fields, "definition", path, required: false)
        indicator.sourceSystem = string(fields, "source", path, required: false)
        indicator.kolada = string(fields, "kolada", path, required: false)
        indicator.agenda2030 = agenda2030(fields, path)
        return indicator
    }

    /// A plan's use of one of the region's indicators: its number in the plan (and a note); the definition and
    /// target are the region's.
    private mutating func sharedIndicator(_ object: [String: Node], _ path: String) -> Indicator? {
        let own = ["title", "target", "valueRange", "derivedFrom", "measured", "byGender", "id"]
        for key in own where object[key] != nil {
            problem(
                "\(path).\(key)",
                "a region indicator's definition and target are the region's (regionIndicators): a plan gives its "
                    + "number, and a note, alone")
        }
        guard let fields = fields(.object(object), path, known: own + ["regionIndicator", "number", "note"]) else {
            return nil
        }
        let id = string(fields, "regionIndicator", path)
        let number = string(fields, "number", path)
        let note = string(fields, "note", path, required: false)
        guard let id, let number else { return nil }
        guard var indicator = library[id] else {
            let known = library.keys.sorted().joined(separator: ", ")
            problem(
                "\(path).regionIndicator",
                "\"\(id)\" is not one of the region's indicators"
                    + (known.isEmpty ? " (the model has no regionIndicators)" : "; they are: \(known)"))
            return nil
        }
        indicator.number = number
        if let note { indicator.note = note }
        return indicator
    }

    /// One of the region's indicators (`regionIndicators`): defined once, used by every committee's plan that
    /// names it.
    mutating func regionIndicator(_ node: Node, _ path: String) -> Indicator? {
        guard
            let fields = fields(
                node, path,
                known: [
                    "id", "title", "definition", "unit", "source", "target", "valueRange", "byGender", "measured",
                    "kolada", "agenda2030", "note",
                ])
        else { return nil }
        let id = string(fields, "id", path)
        // Read as a plan's indicator (its own number is its id; definition, source, kolada and agenda2030 are
        // fields of it too), then the unit, the region's alone.
        var own = fields
        own["unit"] = nil
        if let id { own["number"] = .string(id) }
        guard var indicator = indicator(.object(own), path, requireIds: true) else { return nil }
        indicator.shared = true
        if let unit = string(fields, "unit", path, required: false), indicator.target.unit == nil {
            indicator.target.unit = unit
        }
        return indicator
    }

    private mutating func derivedSource(_ node: Node, _ path: String) -> DerivedSource? {
        guard let fields = fields(node, path, known: ["travelReduction"]) else { return nil }
        guard
            let reduction = self.fields(
                fields["travelReduction"], "\(path).travelReduction",
                known: ["baseline", "unit", "method"])
        else {
            problem("\(path).travelReduction", "is required")
            return nil
        }
        let at = "\(path).travelReduction"
        let baseline = integer(reduction, "baseline", at)
        let unit = string(reduction, "unit", at, required: false)
        var method = TravelReductionSource.Method.likeForLike
        if let text = string(reduction, "method", at, required: false) {
            if let parsed = TravelReductionSource.Method(rawValue: text) {
                method = parsed
            } else {
                problem("\(at).method", "\"\(text)\" is not a method; expected asReported or likeForLike")
            }
        }
        guard let baseline else { return nil }
        return DerivedSource(travelReduction: TravelReductionSource(baseline: baseline, unit: unit, method: method))
    }

    private mutating func target(_ node: Node?, _ path: String) -> Target? {
        guard let fields = fields(node, path, known: ["kind", "value", "direction", "unit", "text"]) else { return nil }
        var kind: TargetKind?
        if let text = string(fields, "kind", path) {
            kind = TargetKind(rawValue: text)
            if kind == nil {
                let kinds = TargetKind.allCases.map(\.rawValue).joined(separator: ", ")
                problem("\(path).kind", "\"\(text)\" is not a target kind; expected one of \(kinds)")
            }
        }
        var value: TargetValue?
        switch fields["value"] {
        case .number(let number)?: value = .number(number)
        case .bool(let flag)?: value = .yesNo(flag)
        case nil, .null?: value = nil
        case let other?: problem("\(path).value", "expected a number or true/false, found \(other.kindName)")
        }
        var direction: Direction?
        if let text = string(fields, "direction", path, required: false) {
            direction = Direction(rawValue: text)
            if direction == nil {
                problem("\(path).direction", "\"\(text)\" is not a direction; expected atLeast (≥) or atMost (≤)")
            }
        }
        let unit = string(fields, "unit", path, required: false)
        let text = string(fields, "text", path, required: false)
        guard let kind else { return nil }
        return Target(kind: kind, value: value, direction: direction, unit: unit, text: text)
    }
}
