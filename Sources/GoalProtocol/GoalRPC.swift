/// Every method goald serves, by its full name. Router and client both use these values.
package enum GoalRPC {
    package static let healthCheck = RPCMethod<HealthCheckRequest, HealthCheckResponse>("goald.v1.Health/Check")
    package static let healthWatch = RPCMethod<HealthCheckRequest, HealthWatchMessage>("goald.v1.Health/Watch",
                                                                                       kind: .serverStreaming)
    package static let getPlan = RPCMethod<Empty, PlanMessage>("goald.v1.Goals/GetPlan")
    package static let getIndicator = RPCMethod<GetIndicatorRequest, IndicatorDetail>("goald.v1.Goals/GetIndicator")
    package static let recordMeasurement =
        RPCMethod<RecordMeasurementRequest, MeasurementMessage>("goald.v1.Goals/RecordMeasurement")
    package static let listMeasurements =
        RPCMethod<ListMeasurementsRequest, MeasurementHistory>("goald.v1.Goals/ListMeasurements")
    package static let setTarget = RPCMethod<SetTargetRequest, TargetChangeMessage>("goald.v1.Goals/SetTarget")
    package static let recordAssessment =
        RPCMethod<RecordAssessmentRequest, AssessmentMessage>("goald.v1.Goals/RecordAssessment")
    package static let getStatus = RPCMethod<GetStatusRequest, StatusMessage>("goald.v1.Goals/GetStatus")
    package static let watch = RPCMethod<GetStatusRequest, StatusMessage>("goald.v1.Goals/Watch", kind: .serverStreaming)

    package static let addTrips = RPCMethod<AddTripsRequest, AddTripsResponse>("goald.v1.Travel/AddTrips")
    package static let getFootprint = RPCMethod<GetFootprintRequest, FootprintMessage>("goald.v1.Travel/GetFootprint")
    package static let getReduction = RPCMethod<GetReductionRequest, ReductionMessage>("goald.v1.Travel/GetReduction")
    package static let listFactorSets = RPCMethod<Empty, FactorSetsMessage>("goald.v1.Travel/ListFactorSets")
    package static let reload = RPCMethod<Empty, ReloadResponse>("goald.v1.Admin/Reload")
    package static let backup = RPCMethod<BackupRequest, BackupResponse>("goald.v1.Admin/Backup")
    package static let describe = RPCMethod<Empty, JSONValue>("goald.v1.Reflection/Describe")

    package static let setStaff = RPCMethod<StaffMessage, StaffMessage>("goald.v1.Travel/SetStaff")
}
