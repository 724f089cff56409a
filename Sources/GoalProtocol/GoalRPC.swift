/// Every method goald serves, by its full name. Router and client both use these values.
package enum GoalRPC {
    package static let healthCheck = RPCMethod<HealthCheckRequest, HealthCheckResponse>(
        "goald.v1.Health/Check",
        coding: FastCoders.healthCheck)
    package static let healthWatch = RPCMethod<HealthCheckRequest, HealthWatchMessage>(
        "goald.v1.Health/Watch",
        kind: .serverStreaming)
    package static let getPlan = RPCMethod<GetPlanRequest, PlanMessage>("goald.v1.Goals/GetPlan")
    package static let getIndicator = RPCMethod<GetIndicatorRequest, IndicatorDetail>("goald.v1.Goals/GetIndicator")
    package static let recordMeasurement =
        RPCMethod<RecordMeasurementRequest, MeasurementMessage>("goald.v1.Goals/RecordMeasurement")
    package static let importMeasurements =
        RPCMethod<ImportMeasurementsRequest, ImportMeasurementsResponse>("goald.v1.Goals/ImportMeasurements")
    package static let listMeasurements =
        RPCMethod<ListMeasurementsRequest, MeasurementHistory>("goald.v1.Goals/ListMeasurements")
    package static let setTarget = RPCMethod<SetTargetRequest, TargetChangeMessage>("goald.v1.Goals/SetTarget")
    package static let recordAssessment =
        RPCMethod<RecordAssessmentRequest, AssessmentMessage>("goald.v1.Goals/RecordAssessment")
    package static let listAssessments =
        RPCMethod<ListAssessmentsRequest, AssessmentHistory>("goald.v1.Goals/ListAssessments")
    package static let retractMeasurement =
        RPCMethod<RetractMeasurementRequest, RetractionMessage>("goald.v1.Goals/RetractMeasurement")
    package static let retractAssessment =
        RPCMethod<RetractAssessmentRequest, RetractionMessage>("goald.v1.Goals/RetractAssessment")
    package static let retractTarget =
        RPCMethod<RetractTargetRequest, RetractionMessage>("goald.v1.Goals/RetractTarget")
    package static let getStatus = RPCMethod<GetStatusRequest, StatusMessage>("goald.v1.Goals/GetStatus")
    package static let watch = RPCMethod<GetStatusRequest, StatusMessage>(
        "goald.v1.Goals/Watch", kind: .serverStreaming)

    package static let addTrips = RPCMethod<AddTripsRequest, AddTripsResponse>("goald.v1.Travel/AddTrips")
    package static let getFootprint = RPCMethod<GetFootprintRequest, FootprintMessage>("goald.v1.Travel/GetFootprint")
    package static let getReduction = RPCMethod<GetReductionRequest, ReductionMessage>(
        "goald.v1.Travel/GetReduction",
        coding: FastCoders.getReduction)
    package static let listFactorSets = RPCMethod<Empty, FactorSetsMessage>("goald.v1.Travel/ListFactorSets")
    package static let listModes = RPCMethod<Empty, ModesMessage>("goald.v1.Travel/ListModes")
    package static let listImports = RPCMethod<ListImportsRequest, ImportsMessage>("goald.v1.Travel/ListImports")
    package static let removeTrips = RPCMethod<RemoveTripsRequest, RemoveTripsResponse>("goald.v1.Travel/RemoveTrips")
    package static let exportTrips = RPCMethod<ExportTripsRequest, ExportTripsResponse>("goald.v1.Travel/ExportTrips")
    package static let replaceImport = RPCMethod<ReplaceImportRequest, ReplaceImportResponse>(
        "goald.v1.Travel/ReplaceImport")
    package static let explainReduction = RPCMethod<GetReductionRequest, ExplanationMessage>(
        "goald.v1.Travel/ExplainReduction")
    package static let commitImport = RPCMethod<CommitImportRequest, CommitImportResponse>(
        "goald.v1.Travel/CommitImport")
    package static let discardImport = RPCMethod<PendingImportRequest, DiscardImportResponse>(
        "goald.v1.Travel/DiscardImport")
    package static let restoreTrip = RPCMethod<RestoreTripRequest, RestoreTripResponse>("goald.v1.Travel/RestoreTrip")
    package static let listRemovals = RPCMethod<Empty, RemovalsMessage>("goald.v1.Travel/ListRemovals")
    package static let reload = RPCMethod<Empty, ReloadResponse>("goald.v1.Admin/Reload")
    package static let backup = RPCMethod<BackupRequest, BackupResponse>("goald.v1.Admin/Backup")
    package static let describe = RPCMethod<Empty, JSONValue>("goald.v1.Reflection/Describe")

    package static let setStaff = RPCMethod<StaffMessage, StaffMessage>("goald.v1.Travel/SetStaff")
    package static let renderReport = RPCMethod<RenderReportRequest, ReportMessage>("goald.v1.Reports/Render")
    package static let listCommittees = RPCMethod<Empty, CommitteesMessage>("goald.v1.Region/ListCommittees")
    package static let regionStatus = RPCMethod<RegionStatusRequest, RegionStatusMessage>(
        "goald.v1.Region/GetStatus", coding: FastCoders.regionStatus)
    package static let regionIndicator =
        RPCMethod<RegionIndicatorRequest, RegionIndicatorMessage>("goald.v1.Region/GetIndicator")
    package static let regionWatch = RPCMethod<RegionStatusRequest, RegionStatusMessage>(
        "goald.v1.Region/Watch", kind: .serverStreaming)
    package static let recordEffectGoalAssessment =
        RPCMethod<RecordEffectGoalAssessmentRequest, EffectGoalAssessmentMessage>("goald.v1.Region/RecordAssessment")
    package static let retractEffectGoalAssessment =
        RPCMethod<RetractEffectGoalAssessmentRequest, RetractionMessage>("goald.v1.Region/RetractAssessment")
    package static let markReady = RPCMethod<MarkReadyRequest, FollowUpStateMessage>("goald.v1.Goals/MarkReady")
    package static let decideFollowUp =
        RPCMethod<DecideFollowUpRequest, FollowUpStateMessage>("goald.v1.Goals/DecideFollowUp")
    package static let reopenFollowUp =
        RPCMethod<ReopenFollowUpRequest, FollowUpStateMessage>("goald.v1.Goals/ReopenFollowUp")
    package static let listFollowUpStates =
        RPCMethod<ListFollowUpStatesRequest, FollowUpStatesMessage>("goald.v1.Goals/ListFollowUpStates")
    package static let getPlanning = RPCMethod<GetPlanningRequest, PlanningMessage>("goald.v1.Region/GetPlanning")
    package static let submitAnswer = RPCMethod<SubmitAnswerRequest, AnswerMessage>("goald.v1.Region/SubmitAnswer")
    package static let decideAnswer = RPCMethod<DecideAnswerRequest, AnswerMessage>("goald.v1.Region/DecideAnswer")
    package static let renderAnswer = RPCMethod<RenderAnswerRequest, ReportMessage>("goald.v1.Reports/RenderAnswer")
    package static let getHTTPLogin = RPCMethod<Empty, HTTPLoginMessage>("goald.v1.Reports/GetHTTPLogin")

    /// Every method above, for what enumerates them (the fast coders' test, the catalogue's).
    package static let all: [any AnyRPCMethod] = [
        healthCheck,
        healthWatch,
        getPlan,
        getIndicator,
        recordMeasurement,
        importMeasurements,
        listMeasurements,
        setTarget,
        renderReport,
        listModes,
        listImports,
        removeTrips,
        exportTrips,
        replaceImport,
        explainReduction,
        commitImport,
        discardImport,
        restoreTrip,
        listRemovals,
        recordAssessment,
        listAssessments,
        retractMeasurement,
        retractAssessment,
        retractTarget,
        getStatus,
        watch,
        addTrips,
        getFootprint,
        getReduction,
        listFactorSets,
        reload,
        backup,
        describe,
        setStaff,
        listCommittees,
        regionStatus,
        regionIndicator,
        regionWatch,
        recordEffectGoalAssessment,
        retractEffectGoalAssessment,
        markReady,
        decideFollowUp,
        reopenFollowUp,
        listFollowUpStates,
        getPlanning,
        submitAnswer,
        decideAnswer,
        renderAnswer,
        getHTTPLogin,
    ]
}

/// A method without its types: what a list of them can tell.
package protocol AnyRPCMethod: Sendable {
    var name: String { get }
    var kind: RPCKind { get }
    /// Whether it has hand-written coders (`FastCoders`).
    var hasFastCoders: Bool { get }
}

extension RPCMethod: AnyRPCMethod {
    package var hasFastCoders: Bool { coding.isFast }
}
