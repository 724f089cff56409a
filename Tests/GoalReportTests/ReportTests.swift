import Foundation
import GoalDomain
import GoalReport
import Testing

@Suite struct ReportFormatTests {
    let sv = ReportFormat(language: .sv, groupSeparator: " ")
    let en = ReportFormat(language: .en)

    @Test func swedishNumbersHaveADecimalCommaAndSpacedThousands() {
        #expect(sv.number(1250) == "1 250")
        #expect(sv.number(37.94, decimals: 1) == "37,9")
        #expect(sv.number(-250_000) == "−250 000")
        #expect(sv.number(1_234_567.891, decimals: 2) == "1 234 567,89")
        #expect(sv.number(0.04, decimals: 1) == "0,0")
        #expect(sv.compact(3.4) == "3,4" && sv.compact(80) == "80")
        #expect(en.number(1250.5, decimals: 1) == "1,250.5")
        #expect(ReportFormat(language: .sv).number(1250) == "1\u{00A0}250", "a report keeps a figure on one line")
    }

    @Test func co2eIsInTonnesFromATonne() {
        #expect(sv.mass(834.4) == "834\u{00A0}kg")
        #expect(sv.mass(34_912) == "34,9\u{00A0}t")
        #expect(sv.percent(15.975) == "16,0\u{00A0}%")
    }

    @Test func timesAreLocal() throws {
        let instant = Date(timeIntervalSince1970: 1_764_590_400)  // 2025-12-01 12:00 UTC
        let stockholm = try #require(TimeZone(identifier: "Europe/Stockholm"))
        #expect(sv.time(instant, in: stockholm) == "2025-12-01 13:00")
        #expect(sv.time(instant, in: TimeZone(secondsFromGMT: 0)!) == "2025-12-01 12:00")
    }
}

@Suite struct TrendLineTests {
    @Test func theLeastSquaresLineOfExactPointsIsTheirLine() throws {
        let trend = try #require(LinearTrend.fit([(2020, 100), (2021, 90), (2022, 80), (2023, 70)]))
        #expect(abs(trend.slope + 10) < 1e-9 && abs(trend.value(at: 2026) - 40) < 1e-9)
        #expect(LinearTrend.fit([(2020, 5)]) == nil)
    }

    @Test func aScatterIsFittedByHand() throws {
        // x̄ = 2021, ȳ = 4; Sxy = (−1)(−2) + 0 + (1)(2) = 4; Sxx = 2 → slope 2
        let trend = try #require(LinearTrend.fit([(2020, 2), (2021, 4), (2022, 6)]))
        #expect(abs(trend.slope - 2) < 1e-12 && abs(trend.value(at: 2021) - 4) < 1e-9)
    }
}

@Suite struct RenderedReportTests {
    let day = Date(timeIntervalSince1970: 1_735_000_000)
    let clerk = Author(uid: 1000, name: "anna")

    func sample() throws -> (FollowUp, TravelAccounts) {
        var followUp = FollowUp(plan: .embeddedDefault())
        for (period, value) in [("2024-annual", 3.8), ("2025-annual", 2.9)] {
            _ = try followUp.recordMeasurement(
                indicator: "5.6.3.1", period: period, value: .number(value),
                note: "från HR", source: "Syntetiskt exempel, HR-systemet", at: day,
                by: clerk)
        }
        _ = try followUp.recordMeasurement(
            indicator: "5.3.1.5", period: "2025-annual", value: .yesNo(true), note: nil,
            source: "protokoll, \"styrgruppen\"", at: day, by: clerk)
        _ = try followUp.recordAssessment(
            subject: "5.6.3", period: "2025-annual", level: .partlyMet,
            analysis: "Sjukfrånvaron <minskar> & skyddsronderna ökar.", at: day, by: clerk)
        _ = try followUp.setTarget(
            indicator: "5.6.4.1", value: .number(25), direction: nil, from: "2025-interim",
            today: CivilDate("2025-01-05")!, at: day, by: clerk)
        var travel = TravelAccounts(library: try FactorLibrary())
        for (year, km) in [(2020, 4000.0), (2021, 3000), (2022, 3500), (2023, 3000), (2024, 3800), (2025, 3600)] {
            for (index, mode) in [TravelMode.rail, .carPrivate].enumerated() {
                travel.add(
                    Trip(
                        id: "T\(year)-\(index)", date: CivilDate(year: year, month: 3, day: 10)!, mode: mode,
                        distanceKm: km, unit: "Regional utveckling"))
            }
        }
        return (followUp, travel)
    }

    func report(_ period: String, language: ReportLanguage = .sv) throws -> (FollowUpReport, String) {
        let (followUp, travel) = try sample()
        let report = FollowUpReport(
            followUp: followUp, travel: travel, period: Period(period)!, madeAt: day,
            timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        return (report, HTMLReport.render(report, language: language))
    }

    @Test func theHTMLHasEveryIndicatorAndFetchesNothing() throws {
        let (report, html) = try report("2025-annual")
        for (_, _, indicator) in report.plan.allIndicators {
            #expect(html.contains("data-indicator=\"\(indicator.number)\""), "\(indicator.number)")
        }
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
        for external in ["http:", "https:", "<script", "src=", "@import", "url("] {
            #expect(!html.contains(external), "\(external)")
        }
        #expect(html.contains("Sjukfrånvaron &lt;minskar&gt; &amp; skyddsronderna ökar."), "the analysis, escaped")
        #expect(html.contains("Delvis uppnått") && html.contains("#f9a825"))
        #expect(html.contains("Årsredovisning 2025") && html.contains("anna"))
        #expect(html.contains("synthetic") && html.contains("syntetiska exempeldata"), "the sample is marked")
    }

    /// The travel section's waterfall: the baseline, the five effects, the compared year; the steps lead from the
    /// one bar to the other, and the table beside it says the same kg.
    @Test func theDecompositionIsAWaterfall() throws {
        let (report, html) = try report("2025-annual")
        let explanation = try #require(report.travel?.explanation)
        #expect(html.contains("<svg class=\"waterfall\""))
        let steps = html.matches(of: /data-step="([a-zA-Z]+)" data-kg="(-?[0-9.]+)"/).map {
            (String($0.1), Double($0.2)!)
        }
        #expect(steps.map(\.0) == ["baseline"] + explanation.ranked.map(\.effect.rawValue) + ["current"])
        let moved = steps.dropFirst().dropLast().map(\.1).reduce(steps.first!.1, +)
        #expect(abs(moved - steps.last!.1) < 0.01 * max(1, steps.last!.1), "the steps end at the compared year's bar")
        #expect(abs(steps.first!.1 - explanation.reduction.baseline.kg) <= 0.05, "data-kg has one decimal")
        #expect(html.contains("Varför utsläppen förändrades") && html.contains("data-effect=\"modeMix\""))
        let english = try self.report("2025-annual", language: .en).1
        #expect(english.contains("Why the emissions changed") && english.contains("Activity (passenger-km)"))
    }

    @Test func theTrendArrowComparesWithTheSamePeriodAYearEarlier() throws {
        let (_, html) = try report("2025-annual")
        let row = try #require(html.split(separator: "\n").first { $0.contains("data-indicator=\"5.6.3.1\"") })
        #expect(row.contains("↑"), "3,8 % → 2,9 % against ≤ 3 % is better")
        #expect(row.contains("2,9\u{00A0}%") && row.contains("Uppnått"))
        #expect(row.contains("<svg class=\"spark\""))
        let (_, first) = try report("2024-annual")
        #expect(
            !first.split(separator: "\n").first { $0.contains("data-indicator=\"5.6.3.1\"") }!.contains("↑"),
            "2023 is outside the plan: no arrow")
    }

    @Test func theTravelSectionShowsBothReductionsTheBaselineAndTheTarget() throws {
        let (report, html) = try report("2025-annual")
        let travel = try #require(report.travel)
        let reduction = try #require(travel.reduction)
        let format = ReportFormat(language: .sv)
        #expect(html.contains(format.percent(try #require(reduction.reductionPercentLikeForLike))))
        #expect(html.contains(format.percent(try #require(reduction.reductionPercent))))
        #expect(html.contains("data-year=\"2020\"") && html.contains(">basår "))
        #expect(
            travel.targetPercent == 25 && html.contains("class=\"target\"") && html.contains("class=\"path\""),
            "2025 is above the target level: the path down to it is drawn")
        #expect(travel.trend != nil && html.contains("class=\"trend\""))
        #expect(travel.years.map(\.year) == Array(2020...2025))
    }

    /// "If we go on" is fitted through the years after the pandemic, not through 2020–2021's empty trains; the
    /// target level is the share of the baseline the indicator is judged by: like for like, 2020's trips computed
    /// with the report year's factors.
    @Test func theTrendLeavesOutThePandemicAndTheTargetLevelIsLikeForLike() throws {
        let (report, html) = try report("2025-annual")
        let travel = try #require(report.travel)
        #expect(travel.trendYears == 2022...2025)
        let fitted = LinearTrend.fit(travel.years.filter { $0.year >= 2022 }.map { ($0.year, $0.totalKg) })
        #expect(travel.trend == fitted)
        #expect(
            html.contains("data-from=\"2022\" data-to=\"2025\"") && html.contains("pandemiåren 2020–2021 utanför"))
        let likeForLike = try #require(travel.reduction?.baseline.kgLikeForLike)
        let asReported = try #require(travel.baselineKg)
        #expect(abs(likeForLike - asReported) > 1, "the sample's 2020 and 2025 factor sets differ")
        #expect(travel.baselineKgLikeForLike == likeForLike)
        let level = try #require(travel.targetLevelKg)
        #expect(abs(level - likeForLike * 0.75) < 1e-9)
        let drawn = try #require(html.firstMatch(of: /class="target" data-kg="([0-9.]+)"/).map { Double($0.1)! })
        #expect(abs(drawn - level) <= 0.05)
        #expect(html.contains("räknat med desnz-2024, som indikatorn jämförs"), "the legend says what the level is")
    }

    /// A value for January to August is not a point on the line through whole years: each kind of period has its
    /// own line, and an interim value a hollow dot.
    @Test func theSparklineKeepsInterimValuesOffTheYearsLine() throws {
        let (recorded, travel) = try sample()
        var followUp = recorded
        for (period, value) in [("2024-interim", 4.4), ("2025-interim", 3.1)] {
            _ = try followUp.recordMeasurement(
                indicator: "5.6.3.1", period: period, value: .number(value), note: nil,
                source: nil, at: day, by: clerk)
        }
        let report = FollowUpReport(
            followUp: followUp, travel: travel, period: Period("2025-annual")!, madeAt: day,
            timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        let html = HTMLReport.render(report, language: .sv)
        let row = try #require(html.split(separator: "\n").first { $0.contains("data-indicator=\"5.6.3.1\"") })
        let lines = row.matches(of: /<polyline class="(annual|interim)" points="([^"]*)"/).map {
            (String($0.1), $0.2.split(separator: " ").count)
        }
        #expect(lines.count == 2 && lines.allSatisfy { $0.1 == 2 }, "two lines of two points: \(lines)")
        #expect(row.matches(of: /<circle class="interim"[^>]*fill="#ffffff"/).count == 2)
        #expect(row.matches(of: /<circle class="annual"/).count == 2)
    }

    @Test func theInterimReportCountsTheYearToDate() throws {
        let (report, html) = try report("2025-interim")
        let travel = try #require(report.travel)
        #expect(travel.years.last?.partial == true && travel.years.last?.through == CivilDate("2025-08-31"))
        #expect(travel.reduction?.baseline.through == CivilDate("2020-08-31"))
        #expect(html.contains("jan–aug") && html.contains("Delårsrapport 2025"))
    }

    @Test func englishIsAskedFor() throws {
        let (_, html) = try report("2025-annual", language: .en)
        #expect(
            html.contains("<html lang=\"en\">") && html.contains("Annual report 2025") && html.contains("Partly met"))
    }

    @Test func theCSVHasEveryIndicatorOfEveryPeriodUpToTheReport() throws {
        let (report, _) = try report("2025-annual")
        let csv = CSVReport.render(report, language: .sv)
        #expect(
            csv.hasPrefix("\u{FEFF}period;typ;nummer;titel;utfall;kvinnor;män;målvärde;status;bedömning;"),
            "Swedish Excel: ;")
        let lines = csv.dropFirst().split(separator: "\r\n")
        #expect(lines.count == 1 + 4 * (21 + 8), "2024-interim … 2025-annual, 8 result goals and 21 indicators each")
        let row = try #require(lines.first { $0.hasPrefix("2025-annual;indikator;5.6.3.1;") })
        #expect(
            row.contains(";2,9;;;≤3;Uppnått;") && row.contains(";anna;")
                && row.contains(";Syntetiskt exempel, HR-systemet;"),
            "decimal comma, Swedish status: \(row)")
        let judged = try #require(lines.first { $0.hasPrefix("2025-annual;resultatmål;5.6.3;") })
        #expect(judged.contains(";Delvis uppnått;Sjukfrånvaron <minskar> & skyddsronderna ökar.;anna;"), "\(judged)")
        #expect(lines.contains { $0.contains(";\"protokoll, \"\"styrgruppen\"\"\";") }, "quotes doubled")
        let english = CSVReport.render(report, language: .en)
        #expect(
            english.contains("\r\n2025-annual,indicator,5.6.3.1,Sjukfrånvarokvot,2.9,,,≤3,Met,"),
            "English: , and a point"
        )
    }

    @Test func theMarkdownHasTheJudgementsAndTables() throws {
        let (report, _) = try report("2025-annual")
        let markdown = MarkdownReport.render(report, language: .sv)
        #expect(markdown.hasPrefix("# Årsredovisning 2025"))
        #expect(
            markdown.contains("**Delvis uppnått**") && markdown.contains("| 5.6.3.1 Sjukfrånvarokvot | 2,9\u{00A0}%"))
        #expect(markdown.contains("Sjukfrånvaron \\<minskar\\> \\& skyddsronderna ökar."), "no HTML passes through")
        #expect(markdown.contains("| År | Utsläpp, CO2e |"))
    }

    /// A difference says its unit in every report (percentage points: "p.e." / "pp"), a yes/no value reads Ja/Nej or
    /// Yes/No in the charts' tooltips, the Markdown lists the target changes as the HTML does, and a provisional value
    /// says so in English and carries its day in the CSV.
    @Test func unitsWordsAndTargetChangesReachEveryReport() throws {
        let (report, swedish) = try report("2025-annual")
        let english = HTMLReport.render(report, language: .en)
        #expect(swedish.contains("−0,1\u{00A0}p.e.") && english.contains("−0.1\u{00A0}pp"))
        let tooltip = try #require(swedish.split(separator: "\n").first { $0.contains("data-indicator=\"5.3.1.5\"") })
        #expect(tooltip.contains("5.3.1.5: ") && tooltip.contains(" Ja") && !tooltip.contains(" 1<"), "\(tooltip)")
        let englishTooltip = try #require(
            english.split(separator: "\n").first { $0.contains("data-indicator=\"5.3.1.5\"") })
        #expect(englishTooltip.contains(" Yes") && !englishTooltip.contains(" Ja"), "\(englishTooltip)")

        let markdown = MarkdownReport.render(report, language: .sv)
        #expect(
            markdown.contains(
                "| 5.6.3.1 Sjukfrånvarokvot | 2,9\u{00A0}% | ≤\u{00A0}3\u{00A0}% | Uppnått | −0,1\u{00A0}p.e. |"),
            "\(markdown)")
        #expect(markdown.contains("### Ändrade målvärden under planperioden"))
        #expect(markdown.contains("| 5.6.4.1 | delår 2025 |"), "\(markdown)")
        #expect(MarkdownReport.render(report, language: .en).contains("−0.1\u{00A0}pp"))

        // Made on 1 June 2025, when the sample's 2025 trips end on 10 March: 2025 is provisional through that day.
        let (followUp, travel) = try sample()
        let june = FollowUpReport(
            followUp: followUp, travel: travel, period: Period("2025-annual")!,
            madeAt: Date(timeIntervalSince1970: 1_748_736_000), timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        let derived = try #require(
            june.status.effectGoals.flatMap(\.resultGoals).flatMap(\.indicators).first {
                $0.indicator.number == "5.6.4.1"
            })
        #expect(derived.provisionalThrough == CivilDate("2025-03-10"))
        #expect(
            HTMLReport.render(june, language: .en).contains("provisional, through 10 Mar 2025")
                && HTMLReport.render(june, language: .sv).contains("preliminärt, t.o.m. 10 mar 2025"))
        let csv = CSVReport.render(june, language: .sv)
        #expect(csv.contains(";preliminärt t.o.m.;beslut\r\n"), "the columns")
        let row = try #require(csv.split(separator: "\r\n").first { $0.hasPrefix("2025-annual;indikator;5.6.4.1;") })
        #expect(row.hasSuffix(";2025-03-10;UTKAST"), "\(row)")
        let earlier = try #require(
            csv.split(separator: "\r\n").first { $0.hasPrefix("2024-annual;indikator;5.6.4.1;") })
        #expect(earlier.hasSuffix(";;UTKAST"), "2024 is whole: \(earlier)")
    }

    /// A qualitative indicator is judged by the committee: its level, its reason, who and when reach every report.
    @Test func aQualitativeIndicatorsJudgementHasItsReasonInEveryReport() throws {
        let (recorded, travel) = try sample()
        var followUp = recorded
        _ = try followUp.recordAssessment(
            subject: "5.5.1.2", period: "2025-annual", level: .notMet,
            analysis: "Digital Well Arena: testbäddarna försenade.\nNytt beslut i vår.",
            at: day, by: clerk)
        let report = FollowUpReport(
            followUp: followUp, travel: travel, period: Period("2025-annual")!, madeAt: day,
            timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        let html = HTMLReport.render(report, language: .sv)
        let row = try #require(html.split(separator: "\n").first { $0.contains("data-indicator=\"5.5.1.2\"") })
        #expect(
            row.contains("<p>Digital Well Arena: testbäddarna försenade.</p><p>Nytt beslut i vår.</p>")
                && row.contains("Ej uppnått") && row.contains("anna, 2024-12-24"), "\(row)")
        let markdown = MarkdownReport.render(report, language: .sv)
        #expect(
            markdown.contains(
                "**5.5.1.2 Kvalitativ uppföljning av satsningen Digital Well Arena: Ej uppnått**\n\n"
                    + "Digital Well Arena: testbäddarna försenade.\n\nNytt beslut i vår.\n\n*anna, 2024-12-24"))
        let csv = CSVReport.render(report, language: .sv)
        #expect(
            csv.contains(
                """
                ;Ej uppnått;Ej uppnått;\"Digital Well Arena: testbäddarna försenade.\nNytt beslut i vår.\";anna;
                """))
    }

    /// A prepended mark (U+0600) and `<` are one Character but two scalars: the escaper works by scalar.
    @Test func markupCannotBeSmuggledInAGraphemeCluster() throws {
        let (recorded, travel) = try sample()
        var followUp = recorded
        _ = try followUp.recordAssessment(
            subject: "5.6.4", period: "2025-annual", level: .met,
            analysis: "Analys \u{0600}<img src=x onerror=alert(1) \u{0600}>", at: day,
            by: clerk)
        let report = FollowUpReport(
            followUp: followUp, travel: travel, period: Period("2025-annual")!, madeAt: day,
            timeZone: TimeZone(identifier: "Europe/Stockholm")!)
        let html = HTMLReport.render(report, language: .sv)
        #expect(!html.contains("<img") && html.contains("\u{0600}&lt;img src=x onerror=alert(1) \u{0600}&gt;"))
    }
}
