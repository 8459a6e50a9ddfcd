import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { staffCanMoveFrom } from "../../../modules/jwo/trip-states"

async function requireTrip(jwo: JwoModuleService, id: string) {
  const [trip] = await jwo.listJwoShoppingTrips({ id }, { take: 1, select: ["id", "status"] })
  if (!trip) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Shopping trip with id "${id}" was not found`)
  return trip
}

/**
 * Staff retry, once the cause is fixed. A trip with an order (Checkout refused it, or gave up after retries) is
 * submitted to Checkout again: `checkout_rejected` / `needs_attention` → `checkout_pending`, attempts counted from
 * zero, same payload and trip id. A trip without an order is priced again: `needs_attention` → `pricing` (the cart is
 * resolved against the catalog as it is now).
 */
export const retryTripStep = createStep(
  "jwo-retry-trip-step",
  async (input: { trip_id: string; actor: string; note?: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const trip = await requireTrip(jwo, input.trip_id)
    const [full] = await jwo.listJwoShoppingTrips({ id: trip.id }, { take: 1, select: ["order_id", "amazon_order_id"] })
    if (full.order_id) {
      const resubmitted = await jwo.transitionTrip(trip.id, {
        from: ["checkout_rejected", "needs_attention"],
        to: "checkout_pending",
        reason: input.note ? `resubmitted to Checkout by staff: ${input.note}` : "resubmitted to Checkout by staff",
        actor: input.actor,
        set: { checkout_attempts: 0, checkout_last_error: null, checkout_in_flight_at: null, attempts: 0 },
      })
      if (!resubmitted) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Only a trip that Checkout refused or that needs attention can be resubmitted; this one is ${trip.status}`
        )
      }
      // Due at once: the dispatcher of a worker puts it on the checkout queue.
      return new StepResponse({ id: trip.id })
    }
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
    return new StepResponse({ id: trip.id })
  }
)

/** The states staff may resolve from, as the state machine says (received, pricing, needs_attention, checkout_rejected). */
const RESOLVABLE = staffCanMoveFrom("resolved")

/**
 * Staff close a trip by hand, with a reason: no charge, and no order is placed for it from then on. Refused while a
 * worker is working on the trip (it could be placing the order right now): try again once it settles.
 */
export const resolveTripStep = createStep(
  "jwo-resolve-trip-step",
  async (input: { trip_id: string; actor: string; reason: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const trip = await requireTrip(jwo, input.trip_id)
    const [lease] = await jwo.listJwoShoppingTrips({ id: trip.id }, { take: 1, select: ["lease_until", "lease_owner"] })
    if (lease?.lease_until && new Date(lease.lease_until).getTime() > Date.now()) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `The trip is being worked on right now (${trip.status}); resolve it once it settles, if it still needs it`
      )
    }
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
