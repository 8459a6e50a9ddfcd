import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  cancelPaymentStep,
  completeOrderWorkflow,
  createOrderCreditLinesWorkflow,
  createOrderFulfillmentWorkflow,
  markOrderFulfillmentAsDeliveredWorkflow,
  releaseLockStep,
  updateOrderWorkflow,
  updatePaymentCollectionStep,
} from "@medusajs/medusa/core-flows"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { buildReceipt, NOT_CHARGED_CREDIT_LINE_REFERENCE, RECEIPT_ORDER_FIELDS } from "../../modules/jwo/receipt"
import { STORE_STOCK_LOCK, storeStockLockKey } from "../trips/store-stock-lock"
import { awaitStockKeysStep, STOCK_KEY_FIELDS, STOCK_KEYS_WAIT, stockKeysOf } from "../trips/medusa-locks"
import { ensureStorePickupWorkflow, type StorePickup } from "./store-pickup"
import { storePickupMemo } from "./pickup-memo"

export const finishOrderWorkflowId = "jwo-finish-order"

/** Who the plugin is in the records it makes (fulfillments, order changes). */
const ACTOR = "medusa-plugin-jwo"

export type FinishOrderInput = {
  trip_id: string
  /**
   * `charged`: Amazon charged the trip and the capture is booked. `not_charged`: Amazon will not charge it
   * (associates, staff resolve); the order is settled by a credit line for its total and its payment is canceled.
   */
  settle: "charged" | "not_charged"
  /** For `not_charged`: what the order says, e.g. "not charged: associate" (receipt.ts `notChargedReason`). */
  reason?: string | null
  /** Send the receipt notification (`receipts.channel`) once finished. */
  receipt?: boolean
  /**
   * What the caller already read (the checkout run's claim): the trip's order and store, and the store row's
   * `updated_at` (the version the pickup memo is checked against). Without them the plan reads the trip and store.
   */
  known?: { order_id: string | null; jwo_store_id: string; store_version: string | null }
}

export type FinishOrderOutcome =
  | { outcome: "skipped"; why: string }
  | { outcome: "finished"; order_id: string; fulfilled: boolean; delivered: boolean; completed: boolean; not_fulfilled_why: string | null }

type FinishPlan = {
  trip_id: string
  order_id: string | null
  jwo_store_id: string
  /** Why nothing is done (no order; a canceled order). */
  skip: string | null
  metadata: Record<string, unknown> | null
  credit_line: { amount: string } | null
  payment_collection_id: string | null
  /** Its payments, authorised and never captured. */
  payment_ids: string[]
  /** Order lines still to fulfil, with what remains of each. */
  fulfil: { id: string; quantity: string }[]
  /** A fulfillment an earlier run made and did not mark delivered. */
  undelivered_fulfillment_id: string | null
  complete: boolean
  /** The store's pickup as remembered whole (pickup-memo.ts); null: `jwo-ensure-store-pickup` runs. */
  pickup: StorePickup | null
  /** The inventory items Medusa's fulfilment locks: those of the lines still to fulfil (medusa-locks.ts). */
  stock_keys: string[]
}

/**
 * What finishing the trip's order still needs, read off the order (the trip row and the order are the checkpoint:
 * a run that died half way is finished by the next one, each part done only if not done yet).
 */
const planFinishOrderStep = createStep("jwo-plan-finish-order-step", async (input: FinishOrderInput, { container }) => {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const [trip] = input.known
    ? [{ id: input.trip_id, order_id: input.known.order_id, jwo_store_id: input.known.jwo_store_id }]
    : await jwo.listJwoShoppingTrips({ id: input.trip_id }, { take: 1, select: ["id", "order_id", "jwo_store_id"] })
  const none = (skip: string): FinishPlan => ({
    trip_id: input.trip_id,
    order_id: trip?.order_id ?? null,
    jwo_store_id: trip?.jwo_store_id ?? "",
    skip,
    metadata: null,
    credit_line: null,
    payment_collection_id: null,
    payment_ids: [],
    fulfil: [],
    undelivered_fulfillment_id: null,
    complete: false,
    pickup: null,
    stock_keys: [],
  })
  if (!trip?.order_id) return new StepResponse<FinishPlan, string | null>(none("the trip has no order"), null)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "metadata",
      "total",
      "summary.*",
      "credit_lines.id",
      "credit_lines.reference",
      "payment_collections.id",
      "payment_collections.status",
      "payment_collections.payments.id",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.canceled_at",
      "items.id",
      "items.quantity",
      "items.raw_quantity",
      "items.detail.fulfilled_quantity",
      "items.detail.raw_fulfilled_quantity",
      ...STOCK_KEY_FIELDS,
      "fulfillments.id",
      "fulfillments.canceled_at",
      "fulfillments.delivered_at",
    ],
    filters: { id: trip.order_id },
  })
  const order = data[0] as any
  if (!order) return new StepResponse<FinishPlan, string | null>(none(`order ${trip.order_id} does not exist`), null)
  if (order.status === "canceled") {
    container.resolve("logger").warn(`medusa-plugin-jwo: trip ${trip.id}: its order ${order.id} was canceled in Medusa; it is left as it is`)
    return new StepResponse<FinishPlan, string | null>(none(`order ${order.id} is canceled`), null)
  }

  let metadata: Record<string, unknown> | null = null
  let creditLine: FinishPlan["credit_line"] = null
  let paymentCollectionId: string | null = null
  let paymentIds: string[] = []
  if (input.settle === "not_charged") {
    const reason = input.reason || "not charged"
    if (order.metadata?.jwo_not_charged_reason !== reason) metadata = { ...(order.metadata ?? {}), jwo_not_charged: true, jwo_not_charged_reason: reason }
    const credited = (order.credit_lines ?? []).some((c: any) => c?.reference === NOT_CHARGED_CREDIT_LINE_REFERENCE)
    // Nothing was paid: what is pending is the whole exact total.
    const pending = MathBN.convert(order.summary?.raw_pending_difference ?? order.summary?.pending_difference ?? order.raw_total ?? order.total ?? 0)
    if (!credited && MathBN.gt(pending, 0)) creditLine = { amount: pending.toFixed() }
    const open = (order.payment_collections ?? []).find(
      (c: any) => c && c.status !== "canceled" && !(c.payments ?? []).some((p: any) => p?.captured_at)
    )
    paymentCollectionId = open?.id ?? null
    paymentIds = (open?.payments ?? []).filter((p: any) => p && !p.canceled_at).map((p: any) => p.id)
  }

  const fulfil = (order.items ?? [])
    .filter(Boolean)
    .map((item: any) => ({
      id: item.id as string,
      quantity: MathBN.sub(
        MathBN.convert(item.raw_quantity ?? item.quantity),
        MathBN.convert(item.detail?.raw_fulfilled_quantity ?? item.detail?.fulfilled_quantity ?? 0)
      ),
    }))
    .filter((line: { quantity: ReturnType<typeof MathBN.convert> }) => MathBN.gt(line.quantity, 0))
    .map((line: { id: string; quantity: ReturnType<typeof MathBN.convert> }) => ({ id: line.id, quantity: line.quantity.toFixed() }))
  const undelivered = (order.fulfillments ?? []).find((f: any) => f && !f.canceled_at && !f.delivered_at)
  let pickup: StorePickup | null = null
  if (fulfil.length) {
    const version = input.known
      ? input.known.store_version
      : ((await jwo.listJwoStores({ id: trip.jwo_store_id }, { take: 1, select: ["id", "updated_at"] }))[0]?.updated_at as unknown as string | null) ?? null
    const remembered = storePickupMemo.get(trip.jwo_store_id, version)
    pickup = remembered ? { jwo_store_id: trip.jwo_store_id, ...remembered, missing: null } : null
  }
  const plan: FinishPlan = {
    trip_id: trip.id,
    order_id: order.id,
    jwo_store_id: trip.jwo_store_id,
    skip: null,
    metadata,
    credit_line: creditLine,
    payment_collection_id: paymentCollectionId,
    payment_ids: paymentIds,
    fulfil,
    undelivered_fulfillment_id: undelivered?.id ?? null,
    complete: order.status !== "completed",
    pickup,
    stock_keys: stockKeysOf((order.items ?? []).filter((item: any) => item && fulfil.some((line: { id: string }) => line.id === item.id))),
  }
  // A later step failing (e.g. a remembered shipping option deleted since) forgets the store's pickup.
  return new StepResponse<FinishPlan, string | null>(plan, trip.jwo_store_id)
}, async (storeId, _context) => {
  if (storeId) storePickupMemo.forget(storeId)
})

/**
 * The receipt notification (`receipts.channel`, template `receipts.template`, data `{ receipt }`), once per order
 * (Medusa's notification idempotency key). A failure to send is logged, not thrown: the order is finished either way,
 * and the receipt stays readable at `GET /admin/jwo/orders/:id/receipt`.
 */
const sendOrderReceiptStep = createStep(
  "jwo-send-order-receipt-step",
  async (input: { order_id: string | null; send: boolean }, { container }) => {
    const { channel, template } = container.resolve<JwoModuleService>(JWO_MODULE).getOptions().receipts
    if (!input.send || !channel || !input.order_id) return new StepResponse({ sent: false })
    const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "order", fields: RECEIPT_ORDER_FIELDS, filters: { id: input.order_id } })
    const order = data[0] as any
    if (!order?.email) return new StepResponse({ sent: false })
    try {
      await container.resolve(Modules.NOTIFICATION).createNotifications({
        to: order.email,
        channel,
        template,
        trigger_type: finishOrderWorkflowId,
        resource_id: order.id,
        resource_type: "order",
        data: { receipt: buildReceipt(order) },
        idempotency_key: `jwo-receipt:${order.id}`,
      })
      return new StepResponse({ sent: true })
    } catch (error) {
      container.resolve("logger").warn(`medusa-plugin-jwo: the receipt of order ${order.id} was not sent on "${channel}": ${(error as Error).message}`)
      return new StepResponse({ sent: false })
    }
  }
)

/**
 * `jwo-finish-order`: makes a trip's order a finished Medusa order once Amazon's answer is known. Run by
 * `jwo-submit-checkout` after Amazon's charge is booked (before the trip counts as `charged`), for a trip that is not
 * charged (before `not_charged`), and by a staff resolve.
 *
 * 1. Not charged: the order says why (`metadata.jwo_not_charged_reason`, e.g. "not charged: associate"), a credit line
 *    (reference `jwo_not_charged`) brings its total to 0, and its payment collection is canceled: nothing is
 *    outstanding and nothing can be captured.
 * 2. The goods have left the store: a fulfillment of every line from the store's stock location with the store's
 *    "Just Walk Out" pickup option (made here if missing: `jwo-ensure-store-pickup`), which consumes the reservations
 *    and lowers the stocked quantities by what was taken, then marked delivered. Medusa's fulfilment locks the
 *    inventory items with a multi-key lock, which deadlocks under concurrent completions, so it runs under the
 *    store's stock lock, like the cart completion (STORE_STOCK_LOCK).
 * 3. The order is completed: the sale is over (docs/decisions.md "Finished orders").
 * 4. The receipt is sent (`receipts.channel`), once.
 *
 * Every part is done only if not done yet, so a re-run after a crash finishes what is left and changes nothing else.
 */
export const finishOrderWorkflow = createWorkflow(finishOrderWorkflowId, (input: FinishOrderInput) => {
  const plan = planFinishOrderStep(input)

  when({ plan }, ({ plan }) => Boolean(plan.metadata)).then(() => {
    updateOrderWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({ id: plan.order_id!, user_id: ACTOR, metadata: plan.metadata! })),
    })
  })
  when({ plan }, ({ plan }) => Boolean(plan.credit_line)).then(() => {
    createOrderCreditLinesWorkflow.runAsStep({
      input: transform({ plan }, ({ plan }) => ({
        id: plan.order_id!,
        credit_lines: [
          {
            amount: plan.credit_line!.amount,
            reference: NOT_CHARGED_CREDIT_LINE_REFERENCE,
            reference_id: plan.trip_id,
          },
        ],
      })),
    })
  })
  // Medusa's own cancel of an order does the same: the authorised payments canceled, the collection canceled.
  when({ plan }, ({ plan }) => Boolean(plan.payment_collection_id)).then(() => {
    cancelPaymentStep(transform({ plan }, ({ plan }) => ({ paymentIds: plan.payment_ids })))
    updatePaymentCollectionStep(
      transform({ plan }, ({ plan }) => ({ selector: { id: plan.payment_collection_id! }, update: { status: "canceled" as any } }))
    )
  })

  const ensured = when({ plan }, ({ plan }) => !plan.skip && plan.fulfil.length > 0 && !plan.pickup).then(() =>
    ensureStorePickupWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => ({ jwo_store_id: plan.jwo_store_id })) })
  )
  const pickup = transform({ plan, ensured }, ({ plan, ensured }) => plan.pickup ?? (ensured as StorePickup | undefined) ?? null)
  // One trip of a store at a time touches its stock (see STORE_STOCK_LOCK), for the fulfilment only; nothing to
  // fulfil, no lock.
  const lock = transform({ plan, pickup }, ({ plan, pickup }) =>
    !plan.skip && plan.fulfil.length && pickup?.shipping_option_id ? { key: storeStockLockKey(plan.jwo_store_id), ownerId: plan.trip_id } : { key: undefined, ownerId: undefined }
  )
  // Medusa's inventory locks of these goods free first, then again under the store lock (medusa-locks.ts).
  const stockKeys = transform({ plan, pickup }, ({ plan, pickup }) =>
    !plan.skip && plan.fulfil.length && pickup?.shipping_option_id ? plan.stock_keys : null
  )
  awaitStockKeysStep({ keys: stockKeys, timeout_ms: STOCK_KEYS_WAIT.beforeLockMs }).config({ name: "jwo-await-order-stock-keys-before-lock" })
  acquireLockStep({
    key: lock.key as any,
    ownerId: lock.ownerId as any,
    timeout: STORE_STOCK_LOCK.waitSeconds,
    ttl: STORE_STOCK_LOCK.ttlSeconds,
    executeOnSubWorkflow: true,
  })
  awaitStockKeysStep({ keys: stockKeys, timeout_ms: STOCK_KEYS_WAIT.underLockMs }).config({ name: "jwo-await-order-stock-keys-under-lock" })
  const fulfillment = when({ plan, pickup }, ({ plan, pickup }) => !plan.skip && plan.fulfil.length > 0 && Boolean(pickup?.shipping_option_id)).then(() =>
    createOrderFulfillmentWorkflow.runAsStep({
      input: transform({ plan, pickup }, ({ plan, pickup }) => ({
        order_id: plan.order_id!,
        items: plan.fulfil,
        location_id: pickup!.location_id!,
        shipping_option_id: pickup!.shipping_option_id!,
        requires_shipping: false,
        created_by: ACTOR,
        // A trip's goods left with the shopper: no "shipped" message to send.
        no_notification: true,
        metadata: { jwo_trip_id: plan.trip_id },
      })),
    })
  )
  releaseLockStep({ key: lock.key as any, ownerId: lock.ownerId as any, executeOnSubWorkflow: true })

  const deliverId = transform({ plan, fulfillment }, ({ plan, fulfillment }) => (fulfillment as { id: string } | undefined)?.id ?? plan.undelivered_fulfillment_id)
  when({ plan, deliverId }, ({ plan, deliverId }) => !plan.skip && Boolean(deliverId)).then(() => {
    markOrderFulfillmentAsDeliveredWorkflow.runAsStep({
      input: transform({ plan, deliverId }, ({ plan, deliverId }) => ({ orderId: plan.order_id!, fulfillmentId: deliverId!, no_notification: true })),
    })
  })
  when({ plan }, ({ plan }) => !plan.skip && plan.complete).then(() => {
    completeOrderWorkflow.runAsStep({ input: transform({ plan }, ({ plan }) => ({ orderIds: [plan.order_id!] })) })
  })
  sendOrderReceiptStep(transform({ plan, input }, ({ plan, input }) => ({ order_id: plan.order_id, send: !plan.skip && Boolean(input.receipt) })))

  const outcome = transform({ plan, pickup, fulfillment, deliverId }, ({ plan, pickup, fulfillment, deliverId }): FinishOrderOutcome => {
    if (plan.skip) return { outcome: "skipped", why: plan.skip }
    const notFulfilled = plan.fulfil.length && !fulfillment ? pickup?.missing ?? "no pickup option" : null
    return {
      outcome: "finished",
      order_id: plan.order_id!,
      fulfilled: !notFulfilled,
      delivered: Boolean(deliverId),
      completed: true,
      not_fulfilled_why: notFulfilled,
    }
  })
  return new WorkflowResponse(outcome)
})
