/// Every method goald serves, by its full name. Router and client both use these values.
package enum GoalRPC {
    package static let healthCheck = RPCMethod<HealthCheckRequest, HealthCheckResponse>("goald.v1.Health/Check")
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
}
