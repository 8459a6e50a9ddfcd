import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import type { TripStatus } from "../../../modules/jwo/trip-states"
import type { PurchaseRequest } from "../../../modules/jwo/trip"
import type { TripStore } from "../resolve-lines"

/** The trip as the processing and checkout steps read it (a snapshot taken when it was claimed). */
export type TripRow = {
  id: string
  idempotent_shopping_trip_id: string
  jwo_store_id: string
  amazon_store_id: string
  status: TripStatus
  cart: PurchaseRequest
  visitor_id: string | null
  visitor_type: string | null
  entry_type: string | null
  group_size: number
  charge: boolean
  cart_id: string | null
  order_id: string | null
  amazon_order_id: string | null
  checkout_payload: Record<string, unknown> | null
  checkout_attempts: number
  checkout_in_flight_at: Date | null
  metadata: Record<string, unknown> | null
  created_at: Date
}

/** The trip's JWO store as the steps read it, taken with the claim (one read per run, not one per step). */
export type ClaimedStore = TripStore & { checkout_use_test_host: boolean; updated_at: string }

export type TripClaim =
  | { claimed: true; token: string; trip: TripRow; store: ClaimedStore }
  | { claimed: false; why: string }

const WORK_STATUSES: Record<"process" | "checkout", TripStatus[]> = {
  process: ["received", "pricing"],
  checkout: ["order_placed", "checkout_pending"],
}

/**
 * Claims the trip for this worker (a lease kept alive by a heartbeat: docs/trips.md "Durable work") if it is in a
 * state this work is for, and reads it. Processing moves a `received` trip to `pricing` here. A trip a live worker
 * holds is left alone: its work stays due in Postgres and is dispatched again later (never marked done). The
 * compensation gives the claim back, so a failed run frees the trip for its next attempt.
 */
export const claimTripStep = createStep(
  "jwo-claim-trip-step",
  async (input: { trip_id: string; work: "process" | "checkout" }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    // One statement: the lease, processing's first move (received → pricing, with its history row), the trip and its store.
    const claim = await jwo.claimTripForWork(
      input.trip_id,
      WORK_STATUSES[input.work],
      input.work === "process" ? { from: "received", to: "pricing", reason: "processing started" } : undefined
    )
    if (claim.token === null) {
      const why = claim.held_by ? `held by live worker ${claim.held_by}` : `trip is ${claim.status ?? "missing"}`
      if (claim.held_by) container.resolve("logger").debug?.(`medusa-plugin-jwo: trip ${input.trip_id}: ${why}; tried again later`)
      return new StepResponse<TripClaim, null>({ claimed: false, why }, null)
    }
    if (!claim.store) {
      await jwo.releaseTrip(input.trip_id, claim.token)
      throw new Error(`trip ${input.trip_id}: its JWO store ${String(claim.trip.jwo_store_id)} does not exist`)
    }
    const trip = claim.trip as unknown as TripRow
    const store = claim.store as unknown as ClaimedStore
    return new StepResponse<TripClaim, { id: string; token: string }>(
      { claimed: true, token: claim.token, trip, store },
      { id: input.trip_id, token: claim.token }
    )
  },
  async (held, { container }) => {
    if (!held) return
    await container.resolve<JwoModuleService>(JWO_MODULE).releaseTrip(held.id, held.token)
  }
)

/** Gives the claim back at the end of a run (the work's next due time was set by the step that decided it). */
export const releaseTripStep = createStep("jwo-release-trip-step", async (claim: TripClaim, { container }) => {
  if (claim.claimed) await container.resolve<JwoModuleService>(JWO_MODULE).releaseTrip(claim.trip.id, claim.token)
  return new StepResponse(null)
})
