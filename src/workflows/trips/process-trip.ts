import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import {
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { buildCheckoutPayload, type CheckoutLineInput } from "../../modules/jwo/checkout-payload"
import type { LineResolution, PurchaseRequest } from "../../modules/jwo/trip"
import { resolveTripLines, type TripStore } from "./resolve-lines"
import { ensureStockForTrip, stockGapEvent } from "./ensure-stock"
import { enqueueCheckout } from "../checkout/submit-checkout"

/** How long one worker may hold a trip before another may take over (a crashed worker's lease runs out). */
export const TRIP_LEASE_MS = 5 * 60 * 1000

export const TRIP_EVENTS = {
  needsAttention: "jwo.trip.needs_attention",
  orderPlaced: "jwo.trip.order_placed",
  stockGap: "jwo.trip.stock_gap",
} as const

export type ProcessTripOutcome =
  | { outcome: "skipped"; why: string }
  | { outcome: "needs_attention"; reason: string }
  | { outcome: "order_placed"; order_id: string }

/**
 * Background processing of one trip, from `received` to `order_placed` (or `needs_attention`). Crash-safe by
 * checkpoints committed between Medusa's own workflows: the cart id is stored on the trip before the cart is
 * completed, and completing a cart is idempotent in Medusa (an already completed cart returns its order), so a run
 * that dies anywhere is finished by the next one with exactly one order. A lease in the database keeps two
 * workers off the same trip.
 */
export async function processTrip(
  container: MedusaContainer,
  tripId: string,
  job: { attempt: number; isLastAttempt: boolean }
): Promise<ProcessTripOutcome> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const outcome = await processLeased(container, jwo, tripId, job)
  // After the lease is released, so the checkout job can take the trip.
  if (outcome.outcome === "order_placed") await handOverToCheckout(jwo, tripId)
  return outcome
}

async function processLeased(
  container: MedusaContainer,
  jwo: JwoModuleService,
  tripId: string,
  job: { attempt: number; isLastAttempt: boolean }
): Promise<ProcessTripOutcome> {
  const lease = await jwo.leaseTrip(tripId, TRIP_LEASE_MS)
  if (!lease) return { outcome: "skipped", why: "another worker holds the trip" }
  try {
    const trip = await jwo.retrieveJwoShoppingTrip(tripId)
    if (trip.status !== "received" && trip.status !== "pricing") {
      return { outcome: "skipped", why: `trip is ${trip.status}` }
    }
    if (trip.status === "received") {
      await jwo.transitionTrip(tripId, { from: ["received"], to: "pricing", reason: "processing started" })
    }
    return await priceAndPlaceOrder(container, jwo, trip as unknown as TripRow)
  } catch (error) {
    const message = (error as Error).message
    await jwo.updateJwoShoppingTrips({ id: tripId, last_error: message.slice(0, 2000) })
    if (!job.isLastAttempt) throw error // the queue retries with backoff
    const reason = `processing failed ${job.attempt} times; last error: ${message}`.slice(0, 2000)
    await moveToNeedsAttention(container, jwo, tripId, reason)
    return { outcome: "needs_attention", reason }
  } finally {
    await jwo.releaseTrip(tripId, lease)
  }
}

type TripRow = {
  id: string
  idempotent_shopping_trip_id: string
  jwo_store_id: string
  amazon_store_id: string
  status: string
  cart: PurchaseRequest
  visitor_id: string | null
  visitor_type: string | null
  entry_type: string | null
  group_size: number
  cart_id: string | null
  order_id: string | null
}

async function moveToNeedsAttention(container: MedusaContainer, jwo: JwoModuleService, tripId: string, reason: string, set?: Record<string, unknown>) {
  const moved = await jwo.transitionTrip(tripId, { from: ["received", "pricing"], to: "needs_attention", reason, set })
  if (moved) {
    await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.needsAttention, data: { id: tripId, reason } })
    container.resolve("logger").warn(`medusa-plugin-jwo: trip ${tripId} needs attention: ${reason}`)
  }
}

async function priceAndPlaceOrder(container: MedusaContainer, jwo: JwoModuleService, trip: TripRow): Promise<ProcessTripOutcome> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const options = jwo.getOptions()
  const store = (await jwo.retrieveJwoStore(trip.jwo_store_id)) as unknown as TripStore

  // Who pays: the visitor our Identity Connector returned, if it is (still) a Medusa customer; else a guest.
  let customer: { id: string; email: string | null } | null = null
  if (trip.visitor_id) {
    const { data } = await query.graph({ entity: "customer", fields: ["id", "email"], filters: { id: trip.visitor_id } })
    customer = data[0] ? { id: data[0].id, email: data[0].email ?? null } : null
  }
  const charge = !(trip.visitor_type === "ASSOCIATE" && !options.trips.chargeAssociates)

  let cartId = trip.cart_id
  if (!cartId) {
    const resolved = await resolveTripLines(container, trip.cart.cartItems, store, customer?.id ?? null)
    const problems = resolved.lines.filter((l) => !l.matched)
    if (problems.length) {
      const reason = problems.map((l) => `line ${l.index} (${l.cart_item_id}): ${(l as { reason: string }).reason}`).join("; ")
      await moveToNeedsAttention(container, jwo, trip.id, reason, { line_resolution: resolved.lines, customer_id: customer?.id ?? null })
      return { outcome: "needs_attention", reason }
    }
    const stock = await ensureStockForTrip(container, store, resolved.lines, resolved.managed)
    if (!stock.ok) {
      await moveToNeedsAttention(container, jwo, trip.id, stock.reason, { line_resolution: resolved.lines })
      return { outcome: "needs_attention", reason: stock.reason }
    }

    const address = {
      country_code: store.address_country_code,
      province: store.address_province ?? undefined,
      city: store.address_city ?? undefined,
      postal_code: store.address_postal_code ?? undefined,
      address_1: store.address_line_1 ?? undefined,
    }
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: store.region_id,
        sales_channel_id: store.sales_channel_id,
        currency_code: resolved.currency_code,
        ...(customer ? { customer_id: customer.id, email: customer.email ?? undefined } : {}),
        // Tax is computed at the JWO store's address, not the shopper's.
        shipping_address: address,
        billing_address: address,
        items: resolved.lines.map((line) => cartLineFor(line as Matched, resolved.prices)),
        metadata: {
          jwo_trip_id: trip.id,
          jwo_idempotent_shopping_trip_id: trip.idempotent_shopping_trip_id,
          jwo_amazon_store_id: trip.amazon_store_id,
          jwo_entry_type: trip.entry_type,
          jwo_visitor_type: trip.visitor_type,
          jwo_charged: charge,
        },
      },
    })
    cartId = cart.id
    // Checkpoint: from here on a retry completes this cart instead of making another.
    await jwo.updateJwoShoppingTrips({
      id: trip.id,
      cart_id: cartId,
      customer_id: customer?.id ?? null,
      charge,
      // json columns: arrays are stored as they are.
      line_resolution: resolved.lines as unknown as Record<string, unknown>,
      stock_gaps: stock.gaps.length ? (stock.gaps as unknown as Record<string, unknown>) : null,
    })
    if (stock.gaps.length) {
      // Reported once, after the checkpoint: a retry with the stored cart does not report it again.
      await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.stockGap, data: stockGapEvent(trip, stock.gaps) })
    }
  }

  const { priced_lines, checkout_payload } = await priceFromCart(container, cartId, trip, store)

  const { data: carts } = await query.graph({
    entity: "cart",
    fields: ["id", "payment_collection.id", "order.id"],
    filters: { id: cartId },
  })
  let orderId: string | undefined = carts[0]?.order?.id
  if (!orderId) {
    let paymentCollectionId: string | undefined = carts[0]?.payment_collection?.id
    if (!paymentCollectionId) {
      const { result } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cartId } })
      paymentCollectionId = (result as { id: string }).id
    }
    // The payment is for what Amazon will charge: priceTotal, the sum of the rounded line figures (Medusa's total is
    // unrounded and can differ by a cent from that sum). Medusa completes a cart whatever its payment's amount.
    await container.resolve(Modules.PAYMENT).updatePaymentCollections(paymentCollectionId!, {
      amount: checkout_payload.orderTotals.priceTotal.amount,
    })
    await createPaymentSessionsWorkflow(container).run({
      input: {
        payment_collection_id: paymentCollectionId!,
        provider_id: options.trips.paymentProviderId,
        data: { jwo_trip_id: trip.id, jwo_idempotent_shopping_trip_id: trip.idempotent_shopping_trip_id },
      },
    })
    const { result } = await completeCartWorkflow(container).run({ input: { id: cartId } })
    orderId = result.id
  }

  await jwo.transitionTrip(trip.id, {
    from: ["pricing"],
    to: "order_placed",
    reason: `Medusa order ${orderId} placed`,
    set: { order_id: orderId, priced_lines, checkout_payload, last_error: null },
  })
  await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.orderPlaced, data: { id: trip.id, order_id: orderId } })
  return { outcome: "order_placed", order_id: orderId! }
}

/**
 * After the order: a charged trip goes to Checkout (`checkout_pending`, queued); a trip that is not charged
 * (associates, by default) ends `not_charged`. Also run by the reconcile job for a trip left in `order_placed`.
 */
export async function handOverToCheckout(jwo: JwoModuleService, tripId: string) {
  const [trip] = await jwo.listJwoShoppingTrips({ id: tripId }, { take: 1, select: ["id", "status", "charge"] })
  if (!trip || trip.status !== "order_placed") return
  if (!trip.charge) {
    await jwo.transitionTrip(tripId, { from: ["order_placed"], to: "not_charged", reason: "recorded, not charged (associate trip)" })
    return
  }
  if (await jwo.transitionTrip(tripId, { from: ["order_placed"], to: "checkout_pending", reason: "submitting to Amazon Checkout" })) {
    await enqueueCheckout(jwo, tripId, 1)
  }
}

type Matched = Extract<LineResolution, { matched: true }>

/** One Medusa cart line per Amazon cart line; a weighed good is one custom-priced unit: price per unit × amount. */
function cartLineFor(line: Matched, prices: Record<string, string>) {
  const metadata: Record<string, unknown> = {
    jwo_line_index: line.index,
    jwo_cart_item_id: line.cart_item_id,
    jwo_line_item_id: line.line_item_id,
  }
  if (line.read.kind === "count") {
    return { variant_id: line.variant_id, quantity: line.read.count, requires_shipping: false, metadata }
  }
  const unitPrice = prices[line.variant_id]
  return {
    variant_id: line.variant_id,
    quantity: 1,
    unit_price: MathBN.mult(unitPrice, line.read.amount).toFixed(),
    requires_shipping: false,
    metadata: { ...metadata, jwo_measure: line.read.amount, jwo_measure_unit: line.read.unit, jwo_price_per_unit: unitPrice },
  }
}

/** The exact figures of every cart line as Medusa priced them, and the Checkout payload built from them. */
async function priceFromCart(container: MedusaContainer, cartId: string, trip: TripRow, store: TripStore) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    // Line totals are computed only when a cart total is asked for too; raw_* are the exact values.
    fields: [
      "id",
      "currency_code",
      "total",
      "subtotal",
      "tax_total",
      "discount_total",
      "items.id",
      "items.variant_id",
      "items.metadata",
      "items.quantity",
      "items.unit_price",
      "items.raw_unit_price",
      "items.raw_subtotal",
      "items.raw_discount_subtotal",
      "items.raw_tax_total",
      "items.raw_total",
      "items.adjustments.amount",
      "items.adjustments.raw_amount",
      "items.adjustments.code",
      "items.adjustments.description",
      "items.adjustments.promotion_id",
    ],
    filters: { id: cartId },
  })
  const cart = data[0] as any
  const byIndex = new Map<number, any>(cart.items.map((item: any) => [Number(item.metadata?.jwo_line_index), item]))
  const priced_lines = trip.cart.cartItems.map((cartItem, index) => {
    const item = byIndex.get(index)
    if (!item) throw new Error(`cart ${cartId} has no line for cart item ${index} (${cartItem.id})`)
    const exact = (value: unknown) => MathBN.convert(value as any).toFixed()
    return {
      index,
      cart_item_id: cartItem.id,
      type: cartItem.type,
      quantity: cartItem.quantity,
      line_item_id: item.id,
      variant_id: item.variant_id,
      unit_price: exact(item.metadata?.jwo_price_per_unit ?? item.raw_unit_price ?? item.unit_price),
      subtotal: exact(item.raw_subtotal),
      discount_subtotal: exact(item.raw_discount_subtotal ?? 0),
      tax_total: exact(item.raw_tax_total),
      total: exact(item.raw_total),
      promotions: (item.adjustments ?? []).filter(Boolean).map((a: any) => ({
        amount: exact(a.raw_amount ?? a.amount),
        code: a.code ?? null,
        description: a.description || a.code || "Promotion",
      })),
    }
  })
  const lines: CheckoutLineInput[] = priced_lines.map((line) => ({
    productId: line.cart_item_id,
    type: line.type,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    lineSubtotal: line.subtotal,
    promotions: line.promotions.map((p: { amount: string; description: string }) => ({ amount: p.amount, description: p.description })),
    taxTotal: line.tax_total,
  }))
  const checkout_payload = buildCheckoutPayload({
    idempotentShoppingTripId: trip.idempotent_shopping_trip_id,
    storeId: trip.amazon_store_id,
    currencyCode: cart.currency_code,
    mode: store.checkout_pricing_mode,
    lines,
  })
  return { priced_lines, checkout_payload }
}
