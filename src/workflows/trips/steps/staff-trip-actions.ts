import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
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
    const [full] = await jwo.listJwoShoppingTrips({ id: trip.id }, { take: 1, select: ["order_id", "amazon_order_id", "charge"] })
    if (full.order_id && !full.charge && !full.amazon_order_id) {
      // A trip that is not charged whose order could not be finished: finished again, never sent to Checkout.
      const moved = await jwo.transitionTrip(trip.id, {
        from: ["needs_attention"],
        to: "order_placed",
        reason: input.note ? `retried by staff: ${input.note}` : "retried by staff",
        actor: input.actor,
        set: { last_error: null, attempts: 0 },
      })
      if (!moved) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Only a trip that needs attention can be retried; this one is ${trip.status}`)
      }
      return new StepResponse({ id: trip.id })
    }
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

export type ResolveCheck = {
  trip_id: string
  /** The lease held while the trip is resolved, so no worker takes it meanwhile. */
  token: string
  /** The trip's order, if it has one: finished (as not charged) before the trip is resolved. */
  order_id: string | null
}

/**
 * Before staff close a trip by hand: it exists, is in a state staff may resolve from, and no worker is working on it
 * (it could be placing the order right now: refused, try again once it settles), and Amazon has not charged it (then
 * staff retry it, which books the charge). The trip is claimed for the time
 * of the resolve. Its order, if any (also one a run that died made from its cart), is looked up to be finished.
 */
export const checkTripResolvableStep = createStep(
  "jwo-check-trip-resolvable-step",
  async (input: { trip_id: string; actor: string; reason: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const trip = await requireTrip(jwo, input.trip_id)
    if (!RESOLVABLE.includes(trip.status)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `A trip that is ${trip.status} cannot be resolved by hand (allowed from: ${RESOLVABLE.join(", ")})`
      )
    }
    const [charged] = await jwo.listJwoShoppingTrips({ id: trip.id }, { take: 1, select: ["id", "amazon_order_id"] })
    if (charged?.amazon_order_id) {
      // Amazon charged it: resolving would settle as not charged an order Amazon was paid for.
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Amazon charged this trip (Amazon order ${charged.amazon_order_id}): retry it to book the charge and finish its order, rather than resolve it`
      )
    }
    const claim = await jwo.claimTrip(trip.id, RESOLVABLE)
    if (claim.token === null) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        claim.held_by
          ? `The trip is being worked on right now (${trip.status}); resolve it once it settles, if it still needs it`
          : `A trip that is ${claim.status ?? trip.status} cannot be resolved by hand (allowed from: ${RESOLVABLE.join(", ")})`
      )
    }
    const [full] = await jwo.listJwoShoppingTrips({ id: trip.id }, { take: 1, select: ["id", "order_id", "cart_id"] })
    let orderId = full.order_id ?? null
    if (!orderId && full.cart_id) {
      const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "cart", fields: ["id", "order.id"], filters: { id: full.cart_id } })
      orderId = (data[0] as any)?.order?.id ?? null
      if (orderId) await jwo.updateJwoShoppingTrips({ id: trip.id, order_id: orderId })
    }
    return new StepResponse<ResolveCheck, { id: string; token: string }>(
      { trip_id: trip.id, token: claim.token, order_id: orderId },
      { id: trip.id, token: claim.token }
    )
  },
  async (held, { container }) => {
    if (held) await container.resolve<JwoModuleService>(JWO_MODULE).releaseTrip(held.id, held.token)
  }
)

/**
 * Staff close a trip by hand, with a reason: no charge, and no order is placed for it from then on. Its order, if it
 * has one, was finished before (settled as not charged, fulfilled, completed: docs/orders.md).
 */
export const resolveTripStep = createStep(
  "jwo-resolve-trip-step",
  async (input: { check: ResolveCheck; actor: string; reason: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const moved = await jwo.transitionTrip(input.check.trip_id, {
      from: RESOLVABLE,
      to: "resolved",
      reason: `resolved by staff: ${input.reason}${input.check.order_id ? "; order settled, fulfilled and completed" : ""}`,
      actor: input.actor,
    })
    await jwo.releaseTrip(input.check.trip_id, input.check.token)
    if (!moved) {
      const trip = await requireTrip(jwo, input.check.trip_id)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `A trip that is ${trip.status} cannot be resolved by hand (allowed from: ${RESOLVABLE.join(", ")})`
      )
    }
    return new StepResponse({ id: input.check.trip_id })
  }
)
