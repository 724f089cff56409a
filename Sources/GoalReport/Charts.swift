import GoalDomain
import GoalNumbers

/// Text made safe inside HTML and SVG.
enum Markup {
    /// Escapes by Unicode scalar, not by `Character`: a grapheme cluster can hold `<` behind a prepended mark
    /// (U+0600 then `<` is one Character that equals neither `<` nor `>`), and the scalar is what a browser reads.
    /// Control characters are shown as escapes (`VisibleText`): the page printed to a terminal runs none of them.
    static func escape(_ text: String) -> String {
        // Printable ASCII without a character markup gives meaning to (most of a report: numbers, keys, words
        // without å, ä, ö) stands as it is.
        let plain = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<")
                && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "'")
        }
        if plain { return text }
        var out = String.UnicodeScalarView()
        for scalar in VisibleText.escaped(text, keepingLineBreaks: true).unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// The colours of the judgements as Region Värmland prints them.
enum Palette {
    static func status(_ status: IndicatorStatus) -> String {
        switch status {
        case .met: "#2e7d32"
        case .partlyMet: "#f9a825"
        case .notMet: "#c62828"
        case .noData, .targetPending, .needsAssessment, .measuredAnnually: "#9e9e9e"
        }
    }

    static func level(_ level: Assessment.Level?) -> String {
        switch level {
        case .met?: "#2e7d32"
        case .partlyMet?: "#f9a825"
        case .notMet?: "#c62828"
        case nil: "#9e9e9e"
        }
    }

    static func mode(_ mode: TravelMode) -> String {
        switch mode {
        case .flightDomestic: "#b71c1c"
        case .flightShortHaul: "#e53935"
        case .flightLongHaul: "#ef9a9a"
        case .rail: "#2e7d32"
        case .bus: "#00897b"
        case .carPrivate: "#1565c0"
        case .carPetrol: "#1e88e5"
        case .carDiesel: "#5e35b1"
        case .carHybrid: "#7e57c2"
        case .carElectric: "#64b5f6"
        case .carBiogas: "#9ccc65"
        case .carHvo: "#c0ca33"
        case .taxi: "#fbc02d"
        case .ferry: "#6d4c41"
        }
    }
}

/// Small inline charts, drawn on the server as SVG.
package enum Charts {
    /// An indicator's values over the periods: a line through the whole years' values and a dotted one through
    /// the interim values (a part of the year is not a point on the years' line), a dot per period coloured by its
    /// status (hollow at an interim period), and the target dashed; a row of squares for yes/no and qualitative
    /// indicators.
    package static func sparkline(
        _ points: [FollowUpReport.SeriesPoint], target: Double?, kind: TargetKind,
        title: String
    ) -> String {
        let width = 150.0
        let height = 36.0
        let pad = 5.0
        let step = points.count > 1 ? (width - 2 * pad) / Double(points.count - 1) : 0
        func x(_ index: Int) -> Double { points.count > 1 ? pad + Double(index) * step : width / 2 }
        var body = "<title>\(Markup.escape(title))</title>"
        if kind.isNumeric {
            let values = points.compactMap(\.value) + (target.map { [$0] } ?? [])
            let low = values.min() ?? 0
            let high = values.max() ?? 1
            let span = high - low > 0 ? high - low : max(abs(high), 1)
            func y(_ value: Double) -> Double {
                height - pad - (value - (low - (high - low > 0 ? 0 : span / 2))) / span * (height - 2 * pad)
            }
            if let target {
                body +=
                    "<line x1=\"0\" x2=\"\(Markup.n(width))\" y1=\"\(Markup.n(y(target)))\" "
                    + "y2=\"\(Markup.n(y(target)))\" stroke=\"#757575\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"
            }
            // One line per kind of period, broken where a period of that kind has no value.
            for kind in [Period.Kind.annual, .interim] {
                var path: [String] = []
                func draw() {
                    if path.count > 1 { body += polyline(path, interim: kind == .interim) }
                    path = []
                }
                for (index, point) in points.enumerated() where point.period.kind == kind {
                    guard let value = point.value else {
                        draw()
                        continue
                    }
                    path.append("\(Markup.n(x(index))),\(Markup.n(y(value)))")
                }
                draw()
            }
            for (index, point) in points.enumerated() {
                guard let value = point.value else { continue }
                let colour = Palette.status(point.status)
                let fill =
                    point.period.kind == .interim
                    ? "fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\""
                    : "fill=\"\(colour)\""
                body +=
                    "<circle class=\"\(point.period.kind == .interim ? "interim" : "annual")\" "
                    + "cx=\"\(Markup.n(x(index)))\" cy=\"\(Markup.n(y(value)))\" r=\"3\" \(fill)/>"
            }
        } else {
            let side = min(12.0, points.count > 1 ? step - 2 : 12)
            // Each square drawn whole: its centre half a side and a little more in from either edge (the chart is
            // printed at about half its size, where half a unit of room was lost to the pixel grid).
            let inset = max(pad, side / 2 + 3)
            let squareStep = points.count > 1 ? (width - 2 * inset) / Double(points.count - 1) : 0
            func squareX(_ index: Int) -> Double { points.count > 1 ? inset + Double(index) * squareStep : width / 2 }
            for (index, point) in points.enumerated() {
                let fill =
                    point.value == nil && [.noData, .measuredAnnually].contains(point.status)
                    ? "none" : Palette.status(point.status)
                body +=
                    "<rect x=\"\(Markup.n(squareX(index) - side / 2))\" y=\"\(Markup.n(height / 2 - side / 2))\" "
                    + "width=\"\(Markup.n(side))\" height=\"\(Markup.n(side))\" fill=\"\(fill)\" stroke=\"#9e9e9e\"/>"
            }
        }
        return "<svg class=\"spark\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\">\(body)</svg>"
    }

    private static func polyline(_ points: [String], interim: Bool) -> String {
        "<polyline class=\"\(interim ? "interim" : "annual")\" "
            + "points=\"\(points.joined(separator: " "))\" fill=\"none\" "
            + (interim
                ? "stroke=\"#9e9e9e\" stroke-width=\"1\" stroke-dasharray=\"2 2\"/>"
                : "stroke=\"#424242\" stroke-width=\"1.5\"/>")
    }

    /// Steps for an axis: about five round values from 0 up to at least `high`.
    static func ticks(upTo high: Double) -> [Double] {
        guard high > 0 else { return [0, 1] }
        let raw = high / 5
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        var values: [Double] = []
        var value = 0.0
        while value < high + step * 0.999 {
            values.append(value)
            value += step
        }
        return values
    }

    /// kg CO2e per year by mode, stacked, from the first year with trips; the baseline marked; the trend line
    /// extended to the plan's last year; the target level and the path to it once a target is set.
    static func travel(_ section: TravelSection, text: ReportText, format: ReportFormat) -> String {
        guard let first = section.years.first?.year else { return "" }
        let lastYear = max(section.planLastYear, section.years.last?.year ?? first)
        let width = 760.0
        let height = 330.0
        let left = 70.0
        let right = 16.0
        let top = 20.0
        let bottom = 46.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let slots = Double(lastYear - first + 1)
        let slot = plotWidth / slots
        func x(_ year: Int) -> Double { left + (Double(year - first) + 0.5) * slot }
        let targetLevel = section.targetLevelKg
        var high = section.years.map(\.totalKg).max() ?? 0
        if let trend = section.trend {
            high = max(high, trend.value(at: section.trendYears?.lowerBound ?? first), trend.value(at: lastYear))
        }
        if let targetLevel { high = max(high, targetLevel) }
        let ticks = Self.ticks(upTo: high)
        let top_ = ticks.last ?? 1
        func y(_ kg: Double) -> Double { top + plotHeight - max(0, kg) / top_ * plotHeight }

        var svg =
            "<svg class=\"travel-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "width=\"100%\" role=\"img\" aria-labelledby=\"travel-chart-title\">"
            + "<title id=\"travel-chart-title\">\(Markup.escape(text.travelTitle))</title>"
        for tick in ticks {
            svg +=
                "<line x1=\"\(Markup.n(left))\" x2=\"\(Markup.n(width - right))\" "
                + "y1=\"\(Markup.n(y(tick)))\" y2=\"\(Markup.n(y(tick)))\" stroke=\"#e0e0e0\"/>"
            svg +=
                "<text x=\"\(Markup.n(left - 6))\" y=\"\(Markup.n(y(tick) + 4))\" text-anchor=\"end\" class=\"axis\">"
                + "\(Markup.escape(format.mass(tick)))</text>"
        }
        let barWidth = slot * 0.62
        for year in section.years {
            var base = 0.0
            for part in year.byMode where part.kg > 0 {
                let y0 = y(base)
                let y1 = y(base + part.kg)
                svg +=
                    "<rect class=\"bar\" data-year=\"\(year.year)\" data-mode=\"\(part.mode.rawValue)\" "
                    + "x=\"\(Markup.n(x(year.year) - barWidth / 2))\" y=\"\(Markup.n(y1))\" "
                    + "width=\"\(Markup.n(barWidth))\" height=\"\(Markup.n(max(0, y0 - y1)))\" "
                    + "fill=\"\(Palette.mode(part.mode))\"\(year.partial ? " fill-opacity=\"0.55\"" : "")>"
                    + "<title>\(year.year) \(Markup.escape(text.modeName(part.mode))): "
                    + "\(Markup.escape(format.mass(part.kg)))</title></rect>"
                base += part.kg
            }
            if year.year == section.baselineYear {
                svg +=
                    "<rect x=\"\(Markup.n(x(year.year) - barWidth / 2 - 3))\" y=\"\(Markup.n(y(year.totalKg) - 3))\" "
                    + "width=\"\(Markup.n(barWidth + 6))\" height=\"\(Markup.n(y(0) - y(year.totalKg) + 3))\" "
                    + "fill=\"none\" stroke=\"#212121\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>"
                svg +=
                    "<text x=\"\(Markup.n(x(year.year)))\" y=\"\(Markup.n(y(year.totalKg) - 8))\" "
                    + "text-anchor=\"middle\" class=\"mark\">"
                    + "\(Markup.escape(text.baselineMark)) \(Markup.escape(format.mass(year.totalKg)))</text>"
            } else {
                svg +=
                    "<text x=\"\(Markup.n(x(year.year)))\" y=\"\(Markup.n(y(year.totalKg) - 5))\" "
                    + "text-anchor=\"middle\" class=\"value\">\(Markup.escape(format.mass(year.totalKg)))</text>"
            }
        }
        for year in first...lastYear {
            let shown = section.years.first { $0.year == year }
            svg +=
                "<text x=\"\(Markup.n(x(year)))\" y=\"\(Markup.n(height - bottom + 16))\" "
                + "text-anchor=\"middle\" class=\"axis\">\(year)</text>"
            if let shown, shown.partial {
                svg +=
                    "<text x=\"\(Markup.n(x(year)))\" y=\"\(Markup.n(height - bottom + 29))\" "
                    + "text-anchor=\"middle\" class=\"axis\">\(Markup.escape(text.spanLabel(shown.through)))</text>"
            }
        }
        if let trend = section.trend, let years = section.trendYears {
            let from = years.lowerBound
            svg +=
                "<line class=\"trend\" data-from=\"\(years.lowerBound)\" data-to=\"\(years.upperBound)\" "
                + "x1=\"\(Markup.n(x(from)))\" y1=\"\(Markup.n(y(trend.value(at: from))))\" "
                + "x2=\"\(Markup.n(x(lastYear)))\" y2=\"\(Markup.n(y(trend.value(at: lastYear))))\" stroke=\"#424242\" "
                + "stroke-width=\"2\" stroke-dasharray=\"6 4\">"
                + "<title>\(Markup.escape(text.trendLine(years, baseline: section.baselineYear)))</title></line>"
        }
        if let targetLevel {
            let title = text.targetLevel(section, format: format)
            svg +=
                "<line class=\"target\" data-kg=\"\(Markup.n(targetLevel))\" x1=\"\(Markup.n(left))\" "
                + "x2=\"\(Markup.n(width - right))\" y1=\"\(Markup.n(y(targetLevel)))\" "
                + "y2=\"\(Markup.n(y(targetLevel)))\" stroke=\"#c62828\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\">"
                + "<title>\(Markup.escape(title))</title></line>"
            // The path from the latest whole year down to the target level, while the year is above it.
            if let latest = section.years.last(where: { !$0.partial }), latest.totalKg > targetLevel,
                latest.year < lastYear
            {
                svg +=
                    "<line class=\"path\" x1=\"\(Markup.n(x(latest.year)))\" y1=\"\(Markup.n(y(latest.totalKg)))\" "
                    + "x2=\"\(Markup.n(x(lastYear)))\" y2=\"\(Markup.n(y(targetLevel)))\" "
                    + "stroke=\"#c62828\" stroke-width=\"2\"><title>\(Markup.escape(text.pathToTarget))</title></line>"
            }
        }
        svg +=
            "<line x1=\"\(Markup.n(left))\" x2=\"\(Markup.n(width - right))\" "
            + "y1=\"\(Markup.n(y(0)))\" y2=\"\(Markup.n(y(0)))\" stroke=\"#616161\"/>"
        svg += "</svg>"
        return svg
    }

    /// The decomposition as a waterfall: the baseline's bar, each effect as a step down (a fall) or up from where
    /// the one before ended, largest first, and the compared year's bar, where the steps end.
    static func waterfall(_ explanation: ReductionExplanation, text: ReportText, format: ReportFormat) -> String {
        let reduction = explanation.reduction
        let steps = explanation.ranked
        let width = 760.0
        let height = 300.0
        let left = 70.0
        let right = 16.0
        let top = 20.0
        let bottom = 64.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let slot = plotWidth / Double(steps.count + 2)
        func x(_ index: Int) -> Double { left + (Double(index) + 0.5) * slot }
        var running = reduction.baseline.kg
        var levels = [running]
        for step in steps {
            running += step.kg
            levels.append(running)
        }
        let ticks = Self.ticks(upTo: max(levels.max() ?? 0, reduction.current.kg))
        let top_ = ticks.last ?? 1
        func y(_ kg: Double) -> Double { top + plotHeight - max(0, kg) / top_ * plotHeight }
        let barWidth = slot * 0.6
        var svg =
            "<svg class=\"waterfall\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" "
            + "aria-labelledby=\"waterfall-title\">"
            + "<title id=\"waterfall-title\">\(Markup.escape(text.explanationTitle))</title>"
        for tick in ticks {
            svg +=
                "<line x1=\"\(Markup.n(left))\" x2=\"\(Markup.n(width - right))\" "
                + "y1=\"\(Markup.n(y(tick)))\" y2=\"\(Markup.n(y(tick)))\" stroke=\"#e0e0e0\"/>"
            svg +=
                "<text x=\"\(Markup.n(left - 6))\" y=\"\(Markup.n(y(tick) + 4))\" text-anchor=\"end\" class=\"axis\">"
                + "\(Markup.escape(format.mass(tick)))</text>"
        }
        func label(_ index: Int, _ lines: [String]) {
            for (row, line) in lines.enumerated() {
                svg +=
                    "<text x=\"\(Markup.n(x(index)))\" y=\"\(Markup.n(height - bottom + 16 + Double(row) * 13))\" "
                    + "text-anchor=\"middle\" class=\"axis\" font-size=\"10\">\(Markup.escape(line))</text>"
            }
        }
        func total(_ index: Int, _ kg: Double, year: Int, kind: String) {
            svg +=
                "<rect class=\"step\" data-step=\"\(kind)\" data-kg=\"\(Markup.n(kg))\" "
                + "x=\"\(Markup.n(x(index) - barWidth / 2))\" y=\"\(Markup.n(y(kg)))\" width=\"\(Markup.n(barWidth))\" "
                + "height=\"\(Markup.n(y(0) - y(kg)))\" fill=\"#546e7a\">"
                + "<title>\(year): \(Markup.escape(format.mass(kg)))</title></rect>"
            svg +=
                "<text x=\"\(Markup.n(x(index)))\" y=\"\(Markup.n(y(kg) - 5))\" text-anchor=\"middle\" class=\"value\">"
                + "\(Markup.escape(format.mass(kg)))</text>"
            label(index, ["\(year)"])
        }
        total(0, reduction.baseline.kg, year: reduction.baseline.year, kind: "baseline")
        for (index, step) in steps.enumerated() {
            let from = levels[index]
            let to = levels[index + 1]
            let upper = max(from, to)
            let lower = min(from, to)
            let name = text.effectName(step.effect, shiftedTo: explanation.shiftedTo)
            let signed = (step.kg < 0 ? "−" : "+") + format.mass(abs(step.kg))
            svg +=
                "<rect class=\"step\" data-step=\"\(step.effect.rawValue)\" data-kg=\"\(Markup.n(step.kg))\" "
                + "x=\"\(Markup.n(x(index + 1) - barWidth / 2))\" y=\"\(Markup.n(y(upper)))\" "
                + "width=\"\(Markup.n(barWidth))\" height=\"\(Markup.n(max(0.5, y(lower) - y(upper))))\" "
                + "fill=\"\(step.kg < 0 ? "#2e7d32" : "#c62828")\">"
                + "<title>\(Markup.escape(name)): \(Markup.escape(signed))</title></rect>"
            // The connector from this step's end to the next bar.
            svg +=
                "<line x1=\"\(Markup.n(x(index + 1) + barWidth / 2))\" x2=\"\(Markup.n(x(index + 2) - barWidth / 2))\" "
                + "y1=\"\(Markup.n(y(to)))\" y2=\"\(Markup.n(y(to)))\" stroke=\"#9e9e9e\" stroke-dasharray=\"2 2\"/>"
            svg +=
                "<text x=\"\(Markup.n(x(index + 1)))\" y=\"\(Markup.n(y(upper) - 5))\" "
                + "text-anchor=\"middle\" class=\"value\">\(Markup.escape(signed))</text>"
            label(index + 1, Self.wrap(name, width: 15))
        }
        total(steps.count + 1, reduction.current.kg, year: reduction.current.year, kind: "current")
        svg +=
            "<line x1=\"\(Markup.n(left))\" x2=\"\(Markup.n(width - right))\" "
            + "y1=\"\(Markup.n(y(0)))\" y2=\"\(Markup.n(y(0)))\" stroke=\"#616161\"/>"
        return svg + "</svg>"
    }

    /// Words in lines of at most `width` characters (a word longer than that on a line of its own), at most three.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        if lines.count > 3 { lines = Array(lines.prefix(2)) + [lines.dropFirst(2).joined(separator: " ")] }
        return lines
    }
}
