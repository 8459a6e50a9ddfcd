import { createHook, createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { JWO_WORKFLOW_IDS } from "../../../modules/jwo/queue/definitions"
import { claimTripStep, releaseTripStep } from "../steps/claim-trip"
import { checkpointTripCartStep, prepareTripCartStep, priceTripStep, restockTripCartStep, setTripPaymentAmountStep } from "../steps/price-trip"
import { settleTripOrderStep } from "../steps/settle-trip-order"
import { STORE_STOCK_LOCK, storeStockLockKey } from "../store-stock-lock"
import { awaitStockKeysStep, STOCK_KEYS_WAIT } from "../medusa-locks"
import { placeTripOrderStep, tripNeedsAttentionStep } from "../steps/trip-outcomes"

export const processTripWorkflowId = JWO_WORKFLOW_IDS.processTrip

export type ProcessTripOutcome =
  | { outcome: "skipped"; why: string }
  | { outcome: "needs_attention"; reason: string }
  | { outcome: "order_placed"; order_id: string }

/**
 * `jwo-process-trip`: one run of a trip's processing, from `received`/`pricing` to `order_placed` (or
 * `needs_attention`). Started by the trip queue by id (input `{ trip_id }`); the dispatcher enqueues due trips.
 *
 * The trip row is the checkpoint, not the workflow engine: the run claims the trip, finds the cart it already has
 * (or that a dead run made) before making one, checkpoints the cart id, and completes the cart with Medusa's own
 * workflows (cart, payment collection, payment session, complete cart: each `runAsStep`). A run that dies at any
 * point is finished by the next run with exactly one cart and one order, whichever workflow engine module is used;
 * a run that fails is compensated (Medusa deletes the cart it made; the claim is given back) and its failure
 * recorded by `jwo-record-trip-failure`.
 *
 * Medusa's cart completion is not one transaction, so before the order counts as placed `settleTripOrderStep` makes
 * it whole (links, authorisation, reservations, `completed_at`) and deletes any other order of the trip a failed run
 * left behind. It runs only after an earlier run got as far as asking for a cart: a first run that completed its
 * own cart has a whole order and no leftovers.
 *
 * Hook `tripPriced` ({ trip_id, cart_id, checkout_payload }): after pricing, before the order is placed. Throw in it
 * to stop the order (the run fails and is retried, then needs attention); read the cart to add your own records.
 */
export const processTripWorkflow = createWorkflow(processTripWorkflowId, (input: { trip_id: string }) => {
  const claim = claimTripStep({ trip_id: input.trip_id, work: "process" })
  const prepared = prepareTripCartStep(claim)

  when({ prepared }, ({ prepared }) => prepared?.kind === "problem").then(() => {
    tripNeedsAttentionStep(
      transform({ input, prepared }, ({ input, prepared }) => ({
        trip_id: input.trip_id,
        reason: prepared?.kind === "problem" ? prepared.reason : "",
        set: prepared?.kind === "problem" ? prepared.set : undefined,
      }))
    )
  })

  const created = when({ prepared }, ({ prepared }) => prepared?.kind === "create").then(() => {
    const cartInput = transform({ prepared }, ({ prepared }) => (prepared?.kind === "create" ? prepared.cart : {}))
    const cart = createCartWorkflow.runAsStep({ input: cartInput as any })
    checkpointTripCartStep(
      transform({ claim, prepared, cart }, ({ claim, prepared, cart }) => ({
        trip: claim.claimed ? claim.trip : (null as never),
        cart_id: cart.id,
        checkpoint: prepared?.kind === "create" ? prepared.checkpoint : (null as never),
      }))
    )
    return cart
  })

  const cartId = transform({ prepared, created }, ({ prepared, created }) =>
    prepared?.kind === "existing" ? prepared.cart_id : prepared?.kind === "create" ? (created as { id: string } | undefined)?.id ?? null : null
  )

  const priced = when({ cartId }, ({ cartId }) => Boolean(cartId)).then(() =>
    priceTripStep(
      transform({ claim, cartId, prepared }, ({ claim, cartId, prepared }) => ({
        trip: claim.claimed ? claim.trip : (null as never),
        store: claim.claimed ? claim.store : (null as never),
        cart_id: cartId!,
        // A cart this run made has no payment collection or order yet.
        fresh: prepared?.kind === "create",
      }))
    )
  )

  const tripPriced = createHook("tripPriced", {
    trip_id: input.trip_id,
    cart_id: cartId,
    checkout_payload: transform({ priced }, ({ priced }) => priced?.checkout_payload ?? null),
  })

  // The order, unless an earlier run already placed it.
  const needsOrder = transform({ priced }, ({ priced }) => Boolean(priced && !priced.order_id))
  const collection = when({ needsOrder, priced }, ({ needsOrder, priced }) => needsOrder && !priced!.payment_collection_id).then(() =>
    createPaymentCollectionForCartWorkflow.runAsStep({ input: transform({ cartId }, ({ cartId }) => ({ cart_id: cartId! })) })
  )
  const collectionId = transform({ priced, collection }, ({ priced, collection }) => priced?.payment_collection_id ?? (collection as { id: string } | undefined)?.id ?? null)
  // The payment for what Amazon will charge, before the stock lock: it touches no stock.
  when({ needsOrder }, ({ needsOrder }) => needsOrder).then(() => {
    setTripPaymentAmountStep(
      transform({ priced, collectionId }, ({ priced, collectionId }) => ({
        payment_collection_id: collectionId!,
        amount: priced!.checkout_payload.orderTotals.priceTotal.amount,
      }))
    )
    createPaymentSessionsWorkflow.runAsStep({
      input: transform({ claim, priced, collectionId }, ({ claim, priced, collectionId }) => ({
        payment_collection_id: collectionId!,
        provider_id: priced!.payment_provider_id,
        data: claim.claimed ? { jwo_trip_id: claim.trip.id, jwo_idempotent_shopping_trip_id: claim.trip.idempotent_shopping_trip_id } : {},
      })),
    })
  })
  // One trip of a store at a time from the last stock check to the order's reservations (see STORE_STOCK_LOCK), and
  // nothing else under the lock: every trip of the store waits for this section (the chaos run's recovery time).
  const stockLock = transform({ claim, needsOrder }, ({ claim, needsOrder }) =>
    claim.claimed && needsOrder ? { key: storeStockLockKey(claim.trip.jwo_store_id), ownerId: claim.trip.id } : { key: undefined, ownerId: undefined }
  )
  // Medusa's inventory locks of this cart's goods free first (a dead run's are waited out here, not under the store
  // lock), then checked again under it (the previous holder may have died in its section): medusa-locks.ts.
  const stockKeys = transform({ prepared, needsOrder }, ({ prepared, needsOrder }) =>
    needsOrder && (prepared?.kind === "create" || prepared?.kind === "existing") ? prepared.stock_keys : null
  )
  awaitStockKeysStep({ keys: stockKeys, timeout_ms: STOCK_KEYS_WAIT.beforeLockMs }).config({ name: "jwo-await-stock-keys-before-lock" })
  acquireLockStep({ key: stockLock.key as any, ownerId: stockLock.ownerId as any, timeout: STORE_STOCK_LOCK.waitSeconds, ttl: STORE_STOCK_LOCK.ttlSeconds })
  awaitStockKeysStep({ keys: stockKeys, timeout_ms: STOCK_KEYS_WAIT.underLockMs }).config({ name: "jwo-await-stock-keys-under-lock" })
  const order = when({ needsOrder }, ({ needsOrder }) => needsOrder).then(() => {
    restockTripCartStep(
      transform({ claim, cartId, prepared }, ({ claim, cartId, prepared }) => ({
        trip: claim.claimed ? claim.trip : (null as never),
        store: claim.claimed ? claim.store : (null as never),
        cart_id: cartId!,
        // What this run's check before its cart found: under the lock, only those levels are read again.
        fresh: prepared?.kind === "create" ? { need: prepared.stock, gaps: prepared.checkpoint.stock_gaps } : undefined,
      }))
    )
    return completeCartWorkflow.runAsStep({ input: transform({ cartId }, ({ cartId }) => ({ id: cartId! })) })
  })
  releaseLockStep({ key: stockLock.key as any, ownerId: stockLock.ownerId as any })

  const orderId = transform({ priced, order }, ({ priced, order }) => priced?.order_id ?? (order as { id: string } | undefined)?.id ?? null)
  // Only a run that follows an interrupted or failed one can find the order half made or a leftover order: a cart was
  // asked for before this run claimed the trip (a first run that completed its own cart has a whole order).
  const settle = transform({ claim, order, orderId }, ({ claim, order, orderId }) =>
    Boolean(orderId) && !(order && claim.claimed && !claim.trip.cart_id && !claim.trip.metadata?.cart_requested_at)
  )
  // Whatever an interrupted run left half done in Medusa's cart completion, and any leftover order, first. (Flat, not
  // nested: the workflow composer does not nest `when` blocks.)
  when({ settle }, ({ settle }) => settle).then(() => {
    settleTripOrderStep(
      transform({ claim, cartId, orderId }, ({ claim, cartId, orderId }) => ({
        trip: claim.claimed ? claim.trip : (null as never),
        store: claim.claimed ? claim.store : (null as never),
        cart_id: cartId!,
        order_id: orderId!,
      }))
    )
  })
  const placed = when({ orderId }, ({ orderId }) => Boolean(orderId)).then(() =>
    placeTripOrderStep(transform({ priced, orderId }, ({ priced, orderId }) => ({ priced: priced!, order_id: orderId! })))
  )
  releaseTripStep(claim)

  const outcome = transform({ claim, prepared, placed }, ({ claim, prepared, placed }): ProcessTripOutcome => {
    if (!claim.claimed) return { outcome: "skipped", why: claim.why }
    if (prepared?.kind === "problem") return { outcome: "needs_attention", reason: prepared.reason }
    return (placed as ProcessTripOutcome | undefined) ?? { outcome: "skipped", why: "no order" }
  })
  return new WorkflowResponse(outcome, { hooks: [tripPriced] })
})
