import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import type { TripStatus } from "../../../modules/jwo/trip-states"
import { TRIP_EVENTS, type PricedTrip } from "./price-trip"

/** A trip staff must look at: moved to `needs_attention` with the reason, an alert event and a warning in the log. */
export async function tripNeedsAttention(
  container: { resolve: (key: string) => any },
  tripId: string,
  move: { from: TripStatus[]; reason: string; set?: Record<string, unknown>; actor?: string }
): Promise<boolean> {
  const jwo = container.resolve(JWO_MODULE) as JwoModuleService
  const moved = await jwo.transitionTrip(tripId, { from: move.from, to: "needs_attention", reason: move.reason, set: move.set, actor: move.actor })
  if (moved) {
    await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.needsAttention, data: { id: tripId, reason: move.reason } })
    container.resolve("logger").warn(`medusa-plugin-jwo: trip ${tripId} needs attention: ${move.reason}`)
  }
  return moved
}

export const tripNeedsAttentionStep = createStep(
  "jwo-trip-needs-attention-step",
  async (input: { trip_id: string; reason: string; set?: Record<string, unknown> }, { container }) => {
    const moved = await tripNeedsAttention(container, input.trip_id, { from: ["pricing"], reason: input.reason, set: input.set })
    return new StepResponse({ outcome: "needs_attention" as const, reason: input.reason, moved })
  }
)

/**
 * The trip's Medusa order is placed: `pricing` → `order_placed` with the priced lines and the Checkout payload; its
 * hand-over to Checkout is due at once.
 */
export const placeTripOrderStep = createStep(
  "jwo-place-trip-order-step",
  async (input: { priced: PricedTrip; order_id: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const { priced, order_id } = input
    const moved = await jwo.transitionTrip(priced.trip_id, {
      from: ["pricing"],
      to: "order_placed",
      reason: `Medusa order ${order_id} placed`,
      set: { order_id, priced_lines: priced.priced_lines, checkout_payload: priced.checkout_payload, last_error: null },
    })
    if (moved) {
      await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.orderPlaced, data: { id: priced.trip_id, order_id } })
    }
    return new StepResponse({ outcome: "order_placed" as const, order_id })
  }
)
