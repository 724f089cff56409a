import GoalDomain
import GoalNumbers

/// The words of a report, in Swedish (the default) and English.
package struct ReportText: Sendable {
    let language: ReportLanguage

    init(_ language: ReportLanguage) { self.language = language }

    private func pick(_ sv: String, _ en: String) -> String { language == .sv ? sv : en }

    func periodTitle(_ period: Period) -> String {
        switch period.kind {
        case .interim:
            pick(
                "Delårsrapport \(period.year) (1 januari–31 augusti)",
                "Interim report \(period.year) (1 January–31 August)")
        case .annual: pick("Årsredovisning \(period.year)", "Annual report \(period.year)")
        }
    }

    /// A period as a reader says it: "helår 2025", "delår 2025" (the id, `2025-annual`, is for machines).
    func periodName(_ period: Period) -> String {
        switch period.kind {
        case .interim: pick("delår \(period.year)", "interim \(period.year)")
        case .annual: pick("helår \(period.year)", "annual \(period.year)")
        }
    }

    /// The days a period covers: "1 januari–31 augusti 2025".
    func periodSpan(_ period: Period) -> String {
        switch period.kind {
        case .interim: pick("1 januari–31 augusti \(period.year)", "1 January–31 August \(period.year)")
        case .annual: pick("1 januari–31 december \(period.year)", "1 January–31 December \(period.year)")
        }
    }

    /// After a difference of two percentages: procentenheter, percentage points.
    var percentagePoints: String { pick("p.e.", "pp") }

    var followUp: String { pick("Uppföljning av mål och indikatorer", "Follow-up of goals and indicators") }
    var made: String { pick("Framtagen", "Made") }
    /// Before the time zone every time in the report is in.
    var timeZoneLabel: String { pick("tid:", "time:") }
    var synthetic: String {
        pick(
            "Rapporten innehåller syntetiska exempeldata: siffrorna och texterna är påhittade för att visa "
                + "rapporten, inte uppmätta.",
            "This report contains synthetic sample data: the figures and texts are made up to show the report, "
                + "not measured."
        )
    }
    var liveBadge: String { pick("live", "live") }
    var liveNote: String {
        pick(
            "Sidan uppdateras av sig själv när goald ändras.",
            "The page updates itself when goald's state changes.")
    }
    var summary: String { pick("Sammanfattning", "Summary") }
    var resultGoalsJudged: String {
        pick("Resultatmål, nämndens bedömning", "Result goals, the committee's judgement")
    }
    var indicatorsTitle: String { pick("Indikatorer", "Indicators") }
    var analysis: String { pick("Analys", "Analysis") }
    var notJudged: String { pick("Ej bedömt", "Not yet judged") }

    // The region's coordinated report.
    var allCommittees: String { pick("Samtliga nämnder", "All committees") }
    func coordinated(mandate: String) -> String {
        pick(
            "Uppföljning samordnad för samtliga nämnder, effektmål för mandatperioden \(mandate)",
            "Follow-up coordinated for all committees, effect goals for the mandate period \(mandate)")
    }
    var attainmentSummary: String { pick("Sammanfattning måluppfyllelse", "Summary of goal attainment") }
    var effectGoalColumn: String { pick("Effektmål", "Effect goal") }
    var judgementColumn: String { pick("Bedömning", "Judgement") }
    var regionJudgesNote: String {
        pick(
            "Bedömningen av effektmålen är regionstyrelsens, inte en summering av nämndernas bedömningar av "
                + "sina resultatmål.",
            "The effect goals are judged by the regional board, not summed from the committees' judgements of "
                + "their result goals."
        )
    }
    var regionJudgement: String { pick("Regionens bedömning", "The region's judgement") }
    var regionNotJudged: String {
        pick("Effektmålet är ännu inte bedömt för perioden.", "The effect goal is not yet judged for the period.")
    }
    var noResultGoalHere: String {
        pick("Inget resultatmål under effektmålet:", "No result goal under this effect goal:")
    }
    var committeesWithoutPlanTitle: String {
        pick("Nämnder utan plan för perioden", "Committees without a plan for the period")
    }
    var committeesWithoutPlanNote: String {
        pick(
            "Inget svar på planeringsdirektivet som omfattar perioden är inläst för dessa nämnder.",
            "No answer to the planning directive covering the period is loaded for these committees.")
    }

    var sharedIndicatorsTitle: String {
        pick("Regiongemensamma indikatorer per nämnd", "The region's shared indicators by committee")
    }
    func sharedIndicatorsNote(earlier: String) -> String {
        pick(
            "Varje nämnds utfall av regionens gemensamma indikatorer, bäst först efter målets riktning, och "
                + "regionens eget utfall (inte ett medelvärde av nämndernas). Trendpilen jämför med \(earlier): "
                + "↑ bättre, → oförändrat, ↓ sämre.",
            "Each committee's value of the region's shared indicators, best first by the target's direction, and the "
                + "region's own value (not an average of the committees'). The trend arrow compares with \(earlier): "
                + "↑ better, → unchanged, ↓ worse.")
    }
    func sharedIndicatorColumns(earlier: String) -> [String] {
        language == .sv
            ? ["Nämnd", "Utfall", "Kvinnor", "Män", "Målvärde", "Status", "Trend (\(earlier))"]
            : ["Committee", "Value", "Women", "Men", "Target", "Status", "Trend (\(earlier))"]
    }
    func regionsOwnValue(_ organisation: String) -> String {
        pick("\(organisation), hela regionen", "\(organisation), the whole region")
    }
    var withoutIndicator: String {
        pick("Utan indikatorn för perioden:", "Without the indicator for the period:")
    }

    func level(_ level: Assessment.Level?) -> String {
        switch level {
        case .met?: pick("Uppnått", "Met")
        case .partlyMet?: pick("Delvis uppnått", "Partly met")
        case .notMet?: pick("Ej uppnått", "Not met")
        case nil: notJudged
        }
    }

    func status(_ status: IndicatorStatus) -> String {
        switch status {
        case .met: pick("Uppnått", "Met")
        case .partlyMet: pick("Delvis uppnått", "Partly met")
        case .notMet: pick("Ej uppnått", "Not met")
        case .noData: pick("Inget utfall", "No data")
        case .measuredAnnually: pick("Mäts årsvis", "Measured annually")
        case .targetPending: pick("Målvärde saknas", "Target not set")
        case .needsAssessment: pick("Att bedöma", "To be judged")
        }
    }

    func trend(_ trend: Trend?) -> String {
        switch trend {
        case .better?: pick("bättre", "better")
        case .unchanged?: pick("oförändrat", "unchanged")
        case .worse?: pick("sämre", "worse")
        case nil: pick("ingen jämförelse", "no comparison")
        }
    }

    /// The indicator table's headings; what the trend compares with is said once, by `trendNote`.
    var columns: [String] {
        language == .sv
            ? ["Indikator", "Utfall", "Målvärde", "Status", "Differens", "Trend", "Utveckling"]
            : ["Indicator", "Value", "Target", "Status", "Difference", "Trend", "Over time"]
    }

    /// What the trend arrows compare with.
    func trendNote(_ earlier: Period) -> String {
        pick(
            "Trendpilarna jämför med \(periodName(earlier)): ↑ bättre, → oförändrat, ↓ sämre, "
                + "bedömt efter målets riktning.",
            "The trend arrows compare with \(periodName(earlier)): ↑ better, → unchanged, ↓ worse, "
                + "judged by the target's direction."
        )
    }

    var noEarlier: String {
        pick(
            "Planen har ingen period ett år tidigare: inga trendpilar.",
            "The plan has no period a year earlier: no trend arrows.")
    }

    var derivedNote: String {
        pick("beräknat av goald ur tjänsteresorna", "computed by goald from the business-travel data")
    }

    // Travel
    var travelTitle: String { pick("Klimatavtryck från tjänsteresor", "Climate footprint of business travel") }
    func travelIntro(_ unit: String?, baseline: Int) -> String {
        pick(
            "Utsläpp i kg CO2e per år och färdsätt för \(unit ?? "alla enheter"), var år med sina egna "
                + "emissionsfaktorer. Basår \(baseline).",
            "Emissions in kg CO2e per year and mode for \(unit ?? "every unit"), each year with its own "
                + "emission factors. Baseline \(baseline)."
        )
    }
    var asReported: String { pick("Som rapporterat", "As reported") }
    var likeForLike: String {
        pick("Jämförbart (samma faktorer båda åren)", "Like for like (the same factors for both years)")
    }
    func fell(_ text: String) -> String { pick("minskat \(text)", "fell \(text)") }
    func rose(_ text: String) -> String { pick("ökat \(text)", "rose \(text)") }
    var yearToDate: String {
        pick("hittills i år, 1 januari–31 augusti båda åren", "year to date, 1 January–31 August in both years")
    }
    var perFte: String { pick("per årsarbetare", "per FTE") }
    var baselineMark: String { pick("basår", "baseline") }
    /// The trend's legend, with the years it is fitted through (the pandemic years left out).
    func trendLine(_ years: ClosedRange<Int>, baseline: Int) -> String {
        let left = TravelSection.pandemicYears.contains(baseline)
        let span = "\(years.lowerBound)–\(years.upperBound)"
        return left
            ? pick(
                "trend om vi fortsätter som \(span) (pandemiåren 2020–2021 utanför)",
                "trend if we go on as in \(span) (the pandemic years 2020–2021 left out)")
            : pick("trend om vi fortsätter som \(span)", "trend if we go on as in \(span)")
    }

    /// The target level's legend: what it is a share of.
    func targetLevel(_ travel: TravelSection, format: ReportFormat) -> String {
        let level = travel.targetLevelKg.map { format.mass($0) } ?? ""
        guard travel.method == .likeForLike, let set = travel.years.last?.factorSet else {
            return pick(
                "målnivå \(level) (basåret \(travel.baselineYear) som rapporterat)",
                "target level \(level) (the baseline \(travel.baselineYear) as reported)")
        }
        return pick(
            "målnivå \(level) (basåret \(travel.baselineYear) räknat med \(set), som indikatorn jämförs)",
            "target level \(level) (the baseline \(travel.baselineYear) computed with \(set), as the indicator "
                + "compares)")
    }
    var pathToTarget: String { pick("väg till målet", "path to the target") }
    var noTrips: String { pick("Inga tjänsteresor är registrerade.", "No business trips are recorded.") }
    var noReduction: String {
        pick(
            "Minskningen kan inte beräknas: basåret eller året saknar resor.",
            "The reduction cannot be computed: the baseline or the year has no trips.")
    }
    var factorSets: String { pick("emissionsfaktorer", "emission factors") }
    var explanationTitle: String { pick("Varför utsläppen förändrades", "Why the emissions changed") }
    func explanationIntro(baseline: Int, year: Int, set: String) -> String {
        pick(
            "Förändringen från \(baseline) till \(year), som rapporterat, delad i sina orsaker: "
                + "resandets omfattning, fördelningen mellan färdsätt och utsläppen per personkilometer inom varje "
                + "färdsätt (alla tre med \(set) båda åren, LMDI-I enligt Ang 2005), leverantörernas egna siffror "
                + "och nya emissionsfaktorer. Delarna summerar exakt till förändringen.",
            "The change from \(baseline) to \(year), as reported, split into its causes: how much was travelled, "
                + "the mix of modes and the emissions per passenger-km within each mode (all three with \(set) for "
                + "both years, LMDI-I after Ang 2005), suppliers' own figures and new emission factors. The parts "
                + "add up exactly to the change.")
    }
    func effectName(_ effect: ReductionExplanation.Effect, shiftedTo: TravelMode?) -> String {
        switch effect {
        case .activity: pick("Resandets omfattning (personkm)", "Activity (passenger-km)")
        case .modeMix:
            pick("Fördelning mellan färdsätt", "Mode mix")
                + (shiftedTo.map {
                    pick(" (mot \(modeName($0).lowercased()))", " (toward \(modeName($0).lowercased()))")
                } ?? "")
        case .intensity: pick("Utsläpp per personkm inom färdsätt", "Emissions per passenger-km within modes")
        case .supplierFigures: pick("Leverantörers siffror", "Supplier figures")
        case .factorRevision: pick("Nya emissionsfaktorer", "New emission factors")
        }
    }
    var targetNotSet: String { pick("Målvärdet är ännu inte fastställt.", "The target is not set yet.") }
    func targetIs(_ text: String) -> String {
        pick("Målet: minst \(text) lägre än basåret.", "The target: at least \(text) below the baseline.")
    }

    /// A day as a reader writes it: "20 nov 2026", "20 Nov 2026".
    func day(_ day: CivilDate, year: Bool = true) -> String {
        DayText.short(year: day.year, month: day.month, day: day.day, swedish: language == .sv, withYear: year)
            ?? day.description
    }

    /// The label of a figure whose year's data is not complete.
    func provisional(_ through: CivilDate) -> String {
        pick("preliminärt, t.o.m. \(day(through))", "provisional, through \(day(through))")
    }

    /// A note under the travel figures when the year compared is provisional.
    func provisionalNote(_ through: CivilDate, baseline: Int) -> String {
        pick(
            "Preliminärt: \(through.year) har resor t.o.m. \(day(through)); båda åren jämförs 1 januari–"
                + "\(day(through, year: false)) (också \(baseline)). Siffran blir slutlig när årets resor är "
                + "importerade.",
            "Provisional: \(through.year) has trips through \(day(through)); both years are compared 1 January–"
                + "\(day(through, year: false)) (\(baseline) too). The figure is final once the year's trips are "
                + "imported."
        )
    }

    /// A year of the travel chart or table, with its span when it is counted only in part.
    func yearSpan(_ year: Int, through: CivilDate) -> String {
        through == .lastOf(year: year) ? String(year) : "\(year) " + spanLabel(through)
    }

    /// Under a partial year's bar: "jan–aug", "t.o.m. 20 nov".
    func spanLabel(_ through: CivilDate) -> String {
        if through.month == 8, through.day == 31 { return pick("jan–aug", "Jan–Aug") }
        return pick("t.o.m. \(day(through, year: false))", "to \(day(through, year: false))")
    }

    // Sources
    var sourcesTitle: String { pick("Källor", "Sources") }
    var sourceColumns: [String] {
        language == .sv
            ? ["Indikator", "Period", "Utfall", "Registrerat av", "Registrerat", "Källa", "Anteckning"]
            : ["Indicator", "Period", "Value", "Recorded by", "Recorded", "Source", "Note"]
    }
    /// Under a target that was changed after the period closed.
    func changedAfterClose(on day: CivilDate, by name: String, reason: String?) -> String {
        pick(
            "Målvärdet ändrat efter periodens slut, \(day) av \(name)",
            "Target changed after the period closed, \(day) by \(name)")
            + (reason.map { ": " + $0 } ?? "")
    }
    var targetChangesTitle: String {
        pick("Ändrade målvärden under planperioden", "Target changes during the plan period")
    }
    var targetChangeColumns: [String] {
        language == .sv
            ? ["Indikator", "Gäller från", "Tidigare", "Nytt", "Av", "Registrerat", "Motivering"]
            : ["Indicator", "In force from", "Before", "New", "By", "Recorded", "Reason"]
    }
    var afterCloseMark: String { pick("efter periodens slut", "after the period closed") }
    var judgementsTitle: String { pick("Bedömningar", "Judgements") }
    var judgementColumns: [String] {
        language == .sv ? ["Mål", "Bedömning", "Av", "Registrerat"] : ["Goal", "Judgement", "By", "Recorded"]
    }
    var nothingRecorded: String { pick("Inget registrerat för perioden.", "Nothing recorded for the period.") }

    func modeName(_ mode: TravelMode) -> String {
        switch mode {
        case .flightDomestic: pick("Flyg inrikes", "Flight, domestic")
        case .flightShortHaul: pick("Flyg kortdistans", "Flight, short haul")
        case .flightLongHaul: pick("Flyg långdistans", "Flight, long haul")
        case .rail: pick("Tåg", "Rail")
        case .bus: pick("Buss", "Bus")
        case .carPrivate: pick("Privat bil", "Private car")
        case .carPetrol: pick("Bil, bensin", "Car, petrol")
        case .carDiesel: pick("Bil, diesel", "Car, diesel")
        case .carHybrid: pick("Bil, hybrid", "Car, hybrid")
        case .carElectric: pick("Elbil", "Electric car")
        case .carBiogas: pick("Bil, biogas", "Car, biogas")
        case .carHvo: pick("Bil, HVO", "Car, HVO")
        case .taxi: pick("Taxi", "Taxi")
        case .ferry: pick("Färja", "Ferry")
        }
    }

    // CSV / Markdown
    var csvColumns: [String] {
        language == .sv
            ? [
                "period", "typ", "nummer", "titel", "utfall", "kvinnor", "män", "målvärde", "status", "bedömning",
                "bedömningens motivering",
                "bedömt av", "bedömt", "registrerat av", "registrerat", "källa", "anteckning", "preliminärt t.o.m.",
                "beslut",
            ]
            : [
                "period", "kind", "number", "title", "value", "women", "men", "target", "status", "judgement",
                "reason for the judgement",
                "judged by", "judged at", "recorded by", "recorded at", "source", "note", "provisional through",
                "decision",
            ]
    }
    var resultGoalRow: String { pick("resultatmål", "result goal") }

    // The follow-up's state
    /// On every page of a report not decided.
    var draftMark: String { pick("UTKAST", "DRAFT") }
    func stateNote(_ change: FollowUpStateChange?, committee: String) -> String {
        switch change?.state {
        case .decided?: decidedBy(change, committee: committee)
        case .ready?:
            pick("Klarmarkerad, ännu ej beslutad av nämnden", "Marked ready, not yet decided by the committee")
        default: pick("Utkast, ännu ej beslutat av nämnden", "Draft, not yet decided by the committee")
        }
    }
    /// "Beslutad av Regionala utvecklingsnämnden 2025-10-14, § 87".
    func decidedBy(_ decision: FollowUpStateChange?, committee: String) -> String {
        pick(
            "Beslutad av \(committee) \(self.decision(decision))",
            "Decided by \(committee) on \(self.decision(decision))")
    }

    /// The CSV's word for a period's state: UTKAST, or the decision (and whether it changed after it).
    func csvState(_ change: FollowUpStateChange?, changed: Bool = false) -> String {
        guard let change, change.state == .decided else { return draftMark }
        return pick("beslutad", "decided") + " " + decision(change)
            + (changed ? pick(" (ändrat efter beslut)", " (changed after the decision)") : "")
    }

    /// A decision's day and paragraph: "2025-10-14, § 87".
    func decision(_ change: FollowUpStateChange?) -> String {
        "\(change?.decidedOn?.description ?? "?"), § \(change?.paragraph ?? "?")"
    }

    /// In *Ändrat efter beslut*, a value goald derives: "utfall 5.6.4.1 (beräknat ur tjänsteresorna)".
    func derivedValueOf(_ number: String) -> String {
        pick("utfall \(number) (beräknat ur tjänsteresorna)", "value of \(number) (computed from the trips)")
    }

    /// Why a derived value changed after the decision: "vid beslutet 12,3, nu 11,8: …".
    func derivedChanged(then: String?, now: String?) -> String {
        pick(
            "vid beslutet \(then ?? "inget värde"), nu \(now ?? "inget värde"): tjänsteresorna eller "
                + "emissionsfaktorerna har ändrats efter beslutet",
            "when decided \(then ?? "none"), now \(now ?? "none"): the trips or the emission factors changed "
                + "after the decision")
    }
    /// In the region's report, before the committees whose follow-up of the period is not decided.
    var committeesUndecided: String {
        pick(
            "Nämnder vars uppföljning av perioden ännu inte är beslutad:",
            "Committees whose follow-up of the period is not yet decided:")
    }
    var changedAfterDecisionTitle: String { pick("Ändrat efter beslut", "Changed after the decision") }
    var changedAfterDecisionNote: String {
        pick(
            "Uppgifter som återkallats efter nämndens beslut; rapporten visar läget efter ändringen.",
            "Records withdrawn after the committee's decision; the report shows them as they stand after the change.")
    }
    var changedAfterDecisionColumns: [String] {
        [pick("Återkallat", "Withdrawn"), pick("Avser", "Concerns"), pick("Skäl", "Reason"), pick("Av", "By")]
    }
    func retracted(_ kind: Retraction.Kind) -> String {
        switch kind {
        case .measurement: pick("utfall", "value")
        case .assessment: pick("bedömning", "judgement")
        case .target: pick("målvärde", "target")
        case .effectGoalAssessment: pick("regionens bedömning", "the region's judgement")
        }
    }
    /// Beside a judgement at an interim period: it judges where the year is heading.
    var forecast: String { pick("Prognos helår", "Forecast for the year") }
    var indicatorRow: String { pick("indikator", "indicator") }
    var targetPendingWord: String { pick("ej fastställt", "not set") }
}
