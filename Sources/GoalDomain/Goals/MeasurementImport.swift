import Foundation

/// A follow-up file's rows recorded at once, for every committee they name: all or nothing. Each row is checked
/// as `goalctl measure` would be (its committee, indicator and period; its value for the indicator's kind and
/// range; women and men only where the indicator is split), a row whose value is already the one in force is left
/// as it is (so importing the same file again changes nothing), and any problem keeps the whole file out. Pure:
/// the caller stores the measurements returned and publishes the follow-ups.
package struct MeasurementImport: Sendable {
    /// The measurements to store, in the order recorded (the follow-ups given already hold them).
    package var recorded: [RecordedMeasurement] = []
    /// Rows whose value, women's and men's values and note were already the ones in force.
    package var unchanged = 0
    /// The committees the file has rows for, by abbreviation, in order of first appearance.
    package var committees: [String] = []
    /// Every row's problem; when any, nothing is recorded.
    package var problems: [TravelCSV.RowProblem] = []

    /// - Parameters:
    ///   - followUps: every committee's follow-up by abbreviation, and the region's own under `Region.ownKey` (a row
    ///     whose committee is "region" records there); changed only when the whole file is good.
    ///   - committee: the committee a row means when the file has no committee column or its cell is empty.
    ///   - source: what each value is recorded as coming from (the file), after the row's own `källa`.
    ///   - lastSequence: the store's last sequence across every part of the state.
    package init(
        _ parsed: MeasurementFile.Parsed, into followUps: inout [String: FollowUp], region: Region,
        committee defaultCommittee: String, source: String?, lastSequence: Int64, at date: Date, by author: Author
    ) {
        problems = parsed.problems
        var working = followUps
        var sequence = lastSequence
        var seen: [String: Int] = [:]
        let headings = parsed.headings
        func heading(_ column: MeasurementColumn) -> String { headings[column] ?? column.heading }
        func fail(_ row: MeasurementFileRow, _ column: MeasurementColumn?, _ message: String) {
            problems.append(.init(line: row.line, column: column.map(heading), message: message))
        }
        for row in parsed.rows {
            // The committee: its abbreviation in any case, or its name; or the region itself, for its own value of
            // one of its indicators.
            let named = row[.committee] ?? defaultCommittee
            let abbreviation: String
            if Self.meansRegion(named, region) {
                abbreviation = Region.ownKey
            } else if let committee = region.committee(named: named)
                ?? region.committees.first(where: { $0.name.lowercased() == named.lowercased() })
            {
                abbreviation = committee.abbreviation
            } else {
                fail(
                    row, .committee,
                    "no committee \"\(named)\"; committees: "
                        + region.committees.map(\.abbreviation).joined(separator: ", ")
                        + ", or \"region\" for the region's own value")
                continue
            }
            guard var followUp = working[abbreviation] else {
                let name = region.committee(named: abbreviation)?.name ?? region.organisation
                fail(
                    row, .committee,
                    abbreviation == Region.ownKey
                        ? "\(region.organisation) has no indicators of its own (regionIndicators) to record a value of"
                        : "no answer of \(abbreviation) (\(name)) to the planning directive is loaded")
                continue
            }
            guard let key = row[.indicator] else {
                fail(row, .indicator, "is empty: give the indicator's number or id, such as 5.6.3.1")
                continue
            }
            guard let periodText = row[.period] else {
                fail(row, .period, "is empty: give the period, such as 2025-annual")
                continue
            }
            let period: Period
            let indicator: Indicator
            do {
                _ = try followUp.indicator(key)
                period = try followUp.period(periodText)
                indicator = try followUp.indicator(key, in: period)
            } catch {
                let prefix = error.field + ": "
                fail(
                    row, error.field == "period" ? .period : .indicator,
                    error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message)
                continue
            }
            // One value per committee, indicator and period in a file.
            let identity = "\(abbreviation)\u{1F}\(indicator.id)\u{1F}\(period)"
            if let earlier = seen[identity] {
                fail(
                    row, .indicator,
                    "\(indicator.number) of \(abbreviation) for \(period) is on line \(earlier) already")
                continue
            }
            seen[identity] = row.line
            let target = followUp.target(of: indicator.id, in: period)
            guard let totalText = row[.total] else {
                fail(
                    row, .total,
                    row[.women] != nil || row[.men] != nil
                        ? "is empty: women's and men's values are given beside a total, never without it"
                        : "is empty: give the value")
                continue
            }
            guard let value = MeasurementValue(cell: totalText, kind: target.kind, unit: target.unit) else {
                fail(row, .total, "\"\(totalText)\" is not \(Self.expected(target.kind)) for \(indicator.number)")
                continue
            }
            var gender = GenderValues()
            var unreadable = false
            for (column, text) in [(MeasurementColumn.women, row[.women]), (.men, row[.men])] {
                guard let text else { continue }
                guard let number = MeasurementValue.number(text, unit: target.unit) else {
                    fail(row, column, "\"\(text)\" is not a number")
                    unreadable = true
                    continue
                }
                if column == .women { gender.women = number } else { gender.men = number }
            }
            if unreadable { continue }
            if let current = followUp.currentMeasurement(indicator.id, in: period), current.value == value,
                current.women == gender.women, current.men == gender.men, current.note == row[.note]
            {
                unchanged += 1
                if !committees.contains(abbreviation) { committees.append(abbreviation) }
                continue
            }
            let recordedSource = [row[.source], source].compactMap { $0 }.joined(separator: " · ")
            followUp.sequencesUsed(through: sequence)
            do {
                let measurement = try followUp.recordMeasurement(
                    indicator: indicator.id, period: period.description, value: value, gender: gender,
                    note: row[.note], source: recordedSource.isEmpty ? nil : recordedSource, at: date, by: author)
                sequence = measurement.sequence
                recorded.append(measurement)
                working[abbreviation] = followUp
                if !committees.contains(abbreviation) { committees.append(abbreviation) }
            } catch {
                let column: MeasurementColumn? =
                    switch error.field {
                    case "value": .total
                    case "women": .women
                    case "men": .men
                    case "period": .period
                    case "note": .note
                    case "source": .source
                    default: .indicator
                    }
                let prefix = error.field + ": "
                fail(
                    row, column,
                    error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message)
            }
        }
        if problems.isEmpty {
            followUps = working
        } else {
            recorded = []
        }
    }

    /// "region", "@region" or the organisation's name ("Region Värmland"), in any case.
    package static func meansRegion(_ named: String, _ region: Region) -> Bool {
        let folded = named.trimmingCharacters(in: .whitespaces).lowercased()
        return folded == "region" || folded == Region.ownKey || folded == region.organisation.lowercased()
    }

    private static func expected(_ kind: TargetKind) -> String {
        switch kind {
        case .yesNo: "ja or nej"
        case .qualitative: "a text"
        default: "a number (6,41 or 6.41)"
        }
    }
}
