import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { shopperOf, tripFingerprint, type PurchaseRequest } from "../../../modules/jwo/trip"

export type ReceiveTripResult =
  | { kind: "unknown_store" }
  | { kind: "conflict" }
  | { kind: "stored"; trip_id: string; purchase_id: string; created: boolean; status: string }

/**
 * Commits a Create Purchases delivery to Postgres, once per idempotentShoppingTripId: a new trip is stored as
 * `received` (or `empty` for an empty cart, which goes no further); a replay with the same content gets the stored
 * trip back; the same id with other content is a conflict and changes nothing. No pricing happens here.
 */
export const receiveTripStep = createStep(
  "jwo-receive-trip-step",
  async (request: PurchaseRequest, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const [store] = await jwo.listJwoStores({ amazon_store_id: request.storeId }, { take: 1, select: ["id"] })
    if (!store) return new StepResponse<ReceiveTripResult>({ kind: "unknown_store" })

    const fingerprint = tripFingerprint(request)
    const empty = request.cartItems.length === 0
    const shopper = shopperOf(request.shoppingTrip.authEvents)
    const { trip, created } = await jwo.receiveTrip({
      idempotent_shopping_trip_id: request.idempotentShoppingTripId,
      request_id: request.requestId,
      jwo_store_id: store.id,
      amazon_store_id: request.storeId,
      status: empty ? "empty" : "received",
      status_reason: empty ? "Amazon sent an empty cart: nothing to charge" : null,
      cart: request as unknown as Record<string, unknown>,
      cart_fingerprint: fingerprint,
      item_count: request.cartItems.length,
      start_time: new Date(request.shoppingTrip.startTime),
      end_time: new Date(request.shoppingTrip.endTime),
      ...shopper,
    })
    if (!created && trip.cart_fingerprint !== fingerprint) {
      return new StepResponse<ReceiveTripResult>({ kind: "conflict" })
    }
    // An empty cart's purchaseId is "" (contract §5), also on replay.
    const purchase_id = trip.status === "empty" ? "" : trip.id
    return new StepResponse<ReceiveTripResult>({ kind: "stored", trip_id: trip.id, purchase_id, created, status: trip.status })
  }
)
