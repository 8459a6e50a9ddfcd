import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { JWO_WORKFLOW_IDS } from "../../../modules/jwo/queue/definitions"
import { tripNeedsAttention } from "../steps/trip-outcomes"

export const recordTripFailureWorkflowId = JWO_WORKFLOW_IDS.recordTripFailure

/**
 * A run of a trip's work failed (`jwo-process-trip` or `jwo-submit-checkout` threw, and was compensated): the failure
 * is counted on the trip and its work is due again after a growing delay (`trips.retryBaseMs`, doubling, at most
 * `trips.retryMaxMs`); after `trips.maxAttempts` failures the trip needs attention with the last error. Crashes are not
 * failures: a run that never ended is simply run again. Nor, for a while, are timeouts on a Medusa lock that a dead
 * run left behind (`isContention` in trip-states.ts): they are waited out.
 */
const recordTripFailureStep = createStep(
  "jwo-record-trip-failure-step",
  async (input: { trip_id: string; work: "process" | "checkout"; error: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const recorded = await jwo.recordTripFailure(input.trip_id, input.error)
    if (!recorded) return new StepResponse({ gave_up: false, attempts: 0 })
    const { maxAttempts } = jwo.getOptions().trips
    if (recorded.contention) {
      container.resolve("logger").info(`medusa-plugin-jwo: trip ${input.trip_id}: ${input.work} met another run (a Medusa lock or a stock check racing another trip: ${input.error}); not counted as a failure, tried again in a few seconds`)
      return new StepResponse({ gave_up: false, attempts: recorded.attempts })
    }
    container.resolve("logger").warn(`medusa-plugin-jwo: trip ${input.trip_id}: ${input.work} failed (${recorded.attempts}/${maxAttempts}): ${input.error}`)
    if (recorded.attempts < maxAttempts) return new StepResponse({ gave_up: false, attempts: recorded.attempts })
    const what =
      input.work === "process" ? "processing" : recorded.status === "order_placed" ? "finishing the order (not charged)" : "booking the Checkout"
    const reason = `${what} failed ${recorded.attempts} times; last error: ${input.error}`.slice(0, 2000)
    // Checkout work on a trip that is not charged is finishing its order, in order_placed.
    const from = input.work === "process" ? (["pricing"] as const) : (["checkout_pending", "order_placed"] as const)
    const moved = await tripNeedsAttention(container, input.trip_id, { from: [...from], reason })
    return new StepResponse({ gave_up: moved, attempts: recorded.attempts })
  }
)

export const recordTripFailureWorkflow = createWorkflow(
  recordTripFailureWorkflowId,
  (input: { trip_id: string; work: "process" | "checkout"; error: string }) => new WorkflowResponse(recordTripFailureStep(input))
)
