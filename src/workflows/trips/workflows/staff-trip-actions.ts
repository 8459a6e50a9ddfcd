import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { notChargedReason } from "../../../modules/jwo/receipt"
import { finishOrderWorkflow } from "../../orders/finish-order"
import { checkTripResolvableStep, resolveTripStep, retryTripStep } from "../steps/staff-trip-actions"

export const retryTripWorkflow = createWorkflow("jwo-retry-trip", (input: { trip_id: string; actor: string; note?: string }) => {
  return new WorkflowResponse(retryTripStep(input))
})

/**
 * `jwo-resolve-trip`: staff close a trip by hand. A trip with an order has it finished first (`jwo-finish-order`):
 * settled as "not charged: resolved by staff: <reason>", fulfilled from the store and completed, so stock reflects
 * what left and nothing can be captured. No receipt is sent for it. A trip Amazon charged is not resolved (retry it).
 */
export const resolveTripWorkflow = createWorkflow("jwo-resolve-trip", (input: { trip_id: string; actor: string; reason: string }) => {
  const check = checkTripResolvableStep(input)
  when({ check }, ({ check }) => Boolean(check.order_id)).then(() => {
    finishOrderWorkflow.runAsStep({
      input: transform({ check, input }, ({ check, input }) => ({
        trip_id: check.trip_id,
        settle: "not_charged" as const,
        reason: notChargedReason({ resolvedBy: input.actor, reason: input.reason }),
        receipt: false,
      })),
    })
  })
  return new WorkflowResponse(resolveTripStep(transform({ check, input }, ({ check, input }) => ({ check, actor: input.actor, reason: input.reason }))))
})
