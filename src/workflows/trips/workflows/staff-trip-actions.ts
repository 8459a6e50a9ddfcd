import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolveTripStep, retryTripStep } from "../steps/staff-trip-actions"

export const retryTripWorkflow = createWorkflow("jwo-retry-trip", (input: { trip_id: string; actor: string; note?: string }) => {
  return new WorkflowResponse(retryTripStep(input))
})

export const resolveTripWorkflow = createWorkflow("jwo-resolve-trip", (input: { trip_id: string; actor: string; reason: string }) => {
  return new WorkflowResponse(resolveTripStep(input))
})
