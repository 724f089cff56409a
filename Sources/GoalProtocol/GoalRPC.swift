/// Every method goald serves, by its full name. Router and client both use these values.
package enum GoalRPC {
    package static let healthCheck = RPCMethod<HealthCheckRequest, HealthCheckResponse>("goald.v1.Health/Check")
    package static let getPlan = RPCMethod<Empty, PlanMessage>("goald.v1.Goals/GetPlan")
    package static let getIndicator = RPCMethod<GetIndicatorRequest, IndicatorDetail>("goald.v1.Goals/GetIndicator")
}
