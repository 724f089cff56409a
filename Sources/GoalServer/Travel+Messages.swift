import GoalDomain
import GoalProtocol

// Mapping travel values to the wire.

extension FootprintFiguresMessage {
    init(_ figures: FootprintFigures) {
        self.init(
            key: figures.key, kgCO2e: figures.kg, reportedKgCO2e: figures.reportedKg, trips: figures.trips,
            reportedTrips: figures.reportedTrips, passengerKm: figures.passengerKm, costSek: figures.costSEK)
    }
}

extension FactorSetUseMessage {
    init(_ use: FactorSetUse) {
        self.init(year: use.year, factorSet: use.set, yearsOwnSet: use.exact)
    }
}

extension FootprintMessage {
    init(_ footprint: Footprint) {
        self.init(
            from: footprint.from.description, through: footprint.through.description, unit: footprint.unit,
            total: FootprintFiguresMessage(footprint.total), groups: footprint.groups.map(FootprintFiguresMessage.init),
            factorSets: footprint.setsUsed.map(FactorSetUseMessage.init))
    }
}

extension ReductionSideMessage {
    init(_ side: Reduction.Side) {
        self.init(
            year: side.year, from: side.from.description, through: side.through.description, trips: side.trips,
            kgCO2e: side.kg, factorSet: FactorSetUseMessage(side.set), kgCO2eLikeForLike: side.kgLikeForLike,
            kgCO2eLikeForLikeAsReported: side.kgLikeForLikeAsReported, fte: side.fte,
            kgCO2ePerFte: side.fte.map { side.kg / $0 }.flatMap { $0.isFinite ? $0 : nil },
            lastTrip: side.lastTrip?.description)
    }
}

extension ReductionMessage {
    package init(_ reduction: Reduction) {
        self.init(
            unit: reduction.unit, baseline: ReductionSideMessage(reduction.baseline),
            current: ReductionSideMessage(reduction.current),
            asReported: ReductionFigure(
                method: "asReported", factorSet: nil, baselineKgCO2e: reduction.baseline.kg,
                currentKgCO2e: reduction.current.kg, reductionPercent: reduction.reductionPercent),
            likeForLike: ReductionFigure(
                method: "likeForLike", factorSet: reduction.likeForLikeSet,
                baselineKgCO2e: reduction.baseline.kgLikeForLike,
                currentKgCO2e: reduction.current.kgLikeForLike,
                reductionPercent: reduction.reductionPercentLikeForLike),
            byMode: reduction.byMode.map {
                ModeReductionMessage(
                    mode: $0.mode.rawValue, baselineKgCO2e: $0.baselineKg, currentKgCO2e: $0.currentKg,
                    baselineKgCO2eLikeForLike: $0.baselineKgLikeForLike,
                    currentKgCO2eLikeForLike: $0.currentKgLikeForLike)
            })
        provisionalThrough = reduction.provisionalThrough?.description
        units = reduction.units
    }
}

extension FactorSetMessage {
    init(_ set: EmissionFactorSet, loaded: Bool) {
        self.init(
            name: set.name, year: set.year, title: set.title, source: set.source, url: set.url,
            radiativeForcingIncluded: set.radiativeForcing.included,
            radiativeForcingMultiplier: set.radiativeForcing.multiplier, note: set.note, loaded: loaded,
            factors: TravelMode.allCases.map { mode in
                let factor = set.factor(for: mode)
                return FactorMessage(
                    mode: mode.rawValue, kgCO2ePerUnit: factor.kgCO2ePerUnit,
                    unit: factor.unit.rawValue, description: factor.description,
                    source: factor.source, url: factor.url)
            })
    }
}

extension ExplanationMessage {
    init(_ explanation: ReductionExplanation) {
        let reduction = explanation.reduction
        func side(_ side: Reduction.Side, passengerKm: Double) -> ExplainSideMessage {
            ExplainSideMessage(
                year: side.year, from: side.from.description, through: side.through.description,
                kgCO2e: side.kg, passengerKm: passengerKm, factorSet: side.set.set)
        }
        self.init(
            unit: reduction.unit, baseline: side(reduction.baseline, passengerKm: explanation.baselinePassengerKm),
            current: side(reduction.current, passengerKm: explanation.currentPassengerKm),
            likeForLikeFactorSet: reduction.likeForLikeSet, changeKgCO2e: explanation.change,
            changePercent: explanation.percentOfBaseline(explanation.change),
            effects: explanation.ranked.map {
                EffectMessage(
                    effect: $0.effect.rawValue, kgCO2e: $0.kg,
                    percentOfBaseline: explanation.percentOfBaseline($0.kg))
            },
            byMode: explanation.byMode.map { mode in
                ModeEffectsMessage(
                    mode: mode.mode.rawValue, baselinePassengerKm: mode.baselinePassengerKm,
                    currentPassengerKm: mode.currentPassengerKm, baselineShare: mode.baselineShare,
                    currentShare: mode.currentShare, baselineKgCO2e: mode.baselineKg,
                    currentKgCO2e: mode.currentKg, activity: mode.effects[.activity] ?? 0,
                    modeMix: mode.effects[.modeMix] ?? 0, intensity: mode.effects[.intensity] ?? 0,
                    supplierFigures: mode.effects[.supplierFigures] ?? 0,
                    factorRevision: mode.effects[.factorRevision] ?? 0)
            },
            shiftedTo: explanation.shiftedTo?.rawValue, method: "LMDI-I")
        provisionalThrough = reduction.provisionalThrough?.description
    }
}
