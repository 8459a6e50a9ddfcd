import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import type { TripStatus } from "../../../modules/jwo/models/jwo-shopping-trip"
import { TRIP_QUEUE } from "../../../modules/jwo/queue/definitions"

async function requireTrip(jwo: JwoModuleService, id: string) {
  const [trip] = await jwo.listJwoShoppingTrips({ id }, { take: 1, select: ["id", "status"] })
  if (!trip) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Shopping trip with id "${id}" was not found`)
  return trip
}

/**
 * Staff retry: `needs_attention` → `pricing`, line resolution cleared (the cart is resolved again against the
 * catalog as it is now), and the trip queued again.
 */
export const retryTripStep = createStep(
  "jwo-retry-trip-step",
  async (input: { trip_id: string; actor: string; note?: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const trip = await requireTrip(jwo, input.trip_id)
    const moved = await jwo.transitionTrip(trip.id, {
      from: ["needs_attention"],
      to: "pricing",
      reason: input.note ? `retried by staff: ${input.note}` : "retried by staff",
      actor: input.actor,
      set: { last_error: null, attempts: 0 },
    })
    if (!moved) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Only a trip that needs attention can be retried; this one is ${trip.status}`
      )
    }
    await jwo.queues.add(TRIP_QUEUE, { trip_id: trip.id }, { jobId: `trip-${trip.id}-retry-${Date.now()}` })
    return new StepResponse({ id: trip.id })
  }
)

const RESOLVABLE: TripStatus[] = ["received", "pricing", "needs_attention", "checkout_rejected"]

/** Staff close a trip by hand, with a reason; from any state that is not final. */
export const resolveTripStep = createStep(
  "jwo-resolve-trip-step",
  async (input: { trip_id: string; actor: string; reason: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const trip = await requireTrip(jwo, input.trip_id)
    const moved = await jwo.transitionTrip(trip.id, {
      from: RESOLVABLE,
      to: "resolved",
      reason: `resolved by staff: ${input.reason}`,
      actor: input.actor,
    })
    if (!moved) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `A trip that is ${trip.status} cannot be resolved by hand (allowed from: ${RESOLVABLE.join(", ")})`
      )
    }
    return new StepResponse({ id: trip.id })
  }
)
