import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { buildCheckoutPayload, type CheckoutCartPayload, type CheckoutLineInput } from "../../../modules/jwo/checkout-payload"
import type { LineResolution } from "../../../modules/jwo/trip"
import { resolveTripLines, type TripStore } from "../resolve-lines"
import { ensureStockForTrip, ensureStockForUnits, restockNeed, stockGapEvent, type StockGap, type StockNeed } from "../ensure-stock"
import type { TripClaim, TripRow } from "./claim-trip"
import { TRIP_EVENTS } from "../../../modules/jwo/events"
import { weighedLineTitle } from "../../../modules/jwo/receipt"
import { releaseDeadRunCartLock, STOCK_KEY_FIELDS, stockKeysOf } from "../medusa-locks"

export { TRIP_EVENTS }

type Matched = Extract<LineResolution, { matched: true }>

export type PreparedCart =
  | { kind: "skip" }
  | { kind: "existing"; cart_id: string; stock_keys: string[] }
  | { kind: "problem"; reason: string; set: Record<string, unknown> }
  | {
      kind: "create"
      cart: Record<string, any>
      checkpoint: { customer_id: string | null; charge: boolean; line_resolution: LineResolution[]; stock_gaps: StockGap[] }
      /** What the check before the cart found of stock-managed goods (null: none), for the check under the lock. */
      stock: StockNeed | null
      /** The inventory items Medusa's completion locks (medusa-locks.ts). */
      stock_keys: string[]
    }

/**
 * Finds the trip's Medusa cart before anything makes one: the checkpointed cart, or a cart a run that died before
 * checkpointing it made (found by the trip id in its metadata; looked for only when a run got that far). Without
 * one, resolves the lines against the catalog, makes sure recorded stock covers what was taken (stock never refuses a
 * trip) and returns the cart to create. A line that cannot be priced is a problem for staff.
 */
export const prepareTripCartStep = createStep("jwo-prepare-trip-cart-step", async (claim: TripClaim, { container }) => {
  if (!claim.claimed) return new StepResponse<PreparedCart>({ kind: "skip" })
  const { trip, store } = claim
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const existing = await findTripCart(container as unknown as MedusaContainer, trip, store)
  if (existing) {
    if (existing !== trip.cart_id) await jwo.updateJwoShoppingTrips({ id: trip.id, cart_id: existing })
    const { data } = await query.graph({ entity: "cart", fields: ["id", ...STOCK_KEY_FIELDS], filters: { id: existing } })
    return new StepResponse<PreparedCart>({ kind: "existing", cart_id: existing, stock_keys: stockKeysOf((data[0] as any)?.items ?? []) })
  }

  // Who pays: the visitor our Identity Connector returned, if it is (still) a Medusa customer; else a guest.
  // With the groups, for the customer-group prices of price lists (read once, here).
  let customer: { id: string; email: string | null; groups: { id: string }[] } | null = null
  if (trip.visitor_id) {
    const { data } = await query.graph({ entity: "customer", fields: ["id", "email", "groups.id"], filters: { id: trip.visitor_id } })
    customer = data[0]
      ? { id: data[0].id, email: data[0].email ?? null, groups: ((data[0] as any).groups ?? []).filter(Boolean).map((g: any) => ({ id: g.id })) }
      : null
  }
  const charge = !(trip.visitor_type === "ASSOCIATE" && !jwo.getOptions().trips.chargeAssociates)

  const resolved = await resolveTripLines(container as unknown as MedusaContainer, trip.cart.cartItems, store, customer ? { id: customer.id, groups: customer.groups } : null)
  const problems = resolved.lines.filter((l) => !l.matched)
  if (problems.length) {
    // Line numbers are 1-based, as staff count them (the admin shows them so).
    const reason = problems.map((l) => `line ${l.index + 1} (${l.cart_item_id}): ${(l as { reason: string }).reason}`).join("; ")
    return new StepResponse<PreparedCart>({
      kind: "problem",
      reason,
      set: { line_resolution: resolved.lines, customer_id: customer?.id ?? null },
    })
  }
  const stock = await ensureStockForTrip(container as unknown as MedusaContainer, store, resolved.lines, resolved.managed)
  if (!stock.ok) return new StepResponse<PreparedCart>({ kind: "problem", reason: stock.reason, set: { line_resolution: resolved.lines } })

  // Marks that a cart is about to be made: a run that dies before the checkpoint leaves a cart the next run finds.
  await jwo.markTripCartRequested(trip.id, new Date())
  // The store's name and address travel with the order (its shipping address): what a receipt prints.
  const address = {
    company: store.name ?? undefined,
    country_code: store.address_country_code,
    province: store.address_province ?? undefined,
    city: store.address_city ?? undefined,
    postal_code: store.address_postal_code ?? undefined,
    address_1: store.address_line_1 ?? undefined,
  }
  return new StepResponse<PreparedCart>({
    kind: "create",
    cart: {
      region_id: store.region_id,
      sales_channel_id: store.sales_channel_id,
      currency_code: resolved.currency_code,
      ...(customer ? { customer_id: customer.id, email: customer.email ?? undefined } : {}),
      // Tax is computed at the JWO store's address, not the shopper's.
      shipping_address: address,
      billing_address: address,
      items: resolved.lines.map((line) => cartLineFor(line as Matched, resolved.prices, resolved.currency_code)),
      metadata: {
        jwo_trip_id: trip.id,
        jwo_idempotent_shopping_trip_id: trip.idempotent_shopping_trip_id,
        jwo_amazon_store_id: trip.amazon_store_id,
        jwo_store_id: store.id,
        jwo_store_name: store.name ?? null,
        jwo_entry_type: trip.entry_type,
        jwo_visitor_type: trip.visitor_type,
        jwo_charged: charge,
      },
    },
    checkpoint: { customer_id: customer?.id ?? null, charge, line_resolution: resolved.lines, stock_gaps: stock.gaps },
    stock: stock.need,
    stock_keys: (stock.need?.items ?? []).map((i) => i.inventory_item_id),
  })
})

/** What the check under the lock knows from this run: the need found before its own cart (a first run), or nothing. */
export type RestockInput = {
  trip: TripRow
  store: TripStore
  cart_id: string
  /**
   * The cart was made by this run: `need` is what its check before the cart found (null: no stock-managed goods,
   * nothing to check), and `gaps` the gaps stored at its checkpoint. Absent for a cart an earlier run made.
   */
  fresh?: { need: StockNeed | null; gaps: StockGap[] }
}

/**
 * Just before the cart is completed, under the store's stock lock: the cart reserves its stock only when completed,
 * and what the stock check before the cart raised may have been reserved by another trip since (or by the time an
 * earlier run's cart is completed now). So the check runs again (stock never refuses a trip), and a new gap is added
 * to the trip's. Every trip of the store waits for this section, so it reads as little as it can: for a cart this
 * run made, nothing when no line is stock-managed, else only the levels of the items at the location found before
 * the cart; for an earlier run's cart, the lines checkpointed on the trip.
 */
export const restockTripCartStep = createStep("jwo-restock-trip-cart-step", async (input: RestockInput, { container }) => {
  // A cart made by an earlier run: that run may have died inside its completion, holding Medusa's cart lock.
  if (!input.fresh) await releaseDeadRunCartLock(container as unknown as MedusaContainer, input.cart_id)
  const problem = input.fresh
    ? await restockFreshCart(container as unknown as MedusaContainer, input.trip, input.fresh)
    : await restockOpenCart(container as unknown as MedusaContainer, input.trip, input.store, input.cart_id)
  if (problem) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, problem)
  return new StepResponse(true)
})

async function restockFreshCart(container: MedusaContainer, trip: TripRow, fresh: NonNullable<RestockInput["fresh"]>): Promise<string | null> {
  if (!fresh.need) return null
  const gaps = await restockNeed(container, fresh.need)
  if (gaps.length) await recordNewGaps(container, trip, fresh.gaps, gaps)
  return null
}

async function recordNewGaps(container: MedusaContainer, trip: TripRow, before: StockGap[], gaps: StockGap[]) {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  await jwo.updateJwoShoppingTrips({ id: trip.id, stock_gaps: [...before, ...gaps] as unknown as Record<string, unknown> })
  await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.stockGap, data: stockGapEvent(trip, gaps) })
}

async function restockOpenCart(container: MedusaContainer, trip: TripRow, store: TripStore, cartId: string): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  // The cart's own lines, not the trip's checkpointed ones: a run that died between making the cart and its
  // checkpoint left a cart whose lines the trip never recorded (the chaos run: such a trip was refused "Not enough
  // stock" on every later run).
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "completed_at", "items.variant_id", "items.quantity", "items.raw_quantity", "items.variant.manage_inventory"],
    filters: { id: cartId },
  })
  const cart = data[0] as any
  if (!cart || cart.completed_at) return null
  const needed = new Map<string, string>()
  for (const item of cart.items ?? []) {
    if (!item?.variant_id || !item.variant?.manage_inventory) continue
    needed.set(item.variant_id, MathBN.add(needed.get(item.variant_id) ?? 0, MathBN.convert(item.raw_quantity ?? item.quantity)).toFixed())
  }
  if (!needed.size) return null
  const stock = await ensureStockForUnits(container, store, needed)
  if (!stock.ok) return stock.reason
  if (stock.gaps.length) {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const [row] = await jwo.listJwoShoppingTrips({ id: trip.id }, { select: ["id", "stock_gaps"] })
    await recordNewGaps(container, trip, Array.isArray(row?.stock_gaps) ? (row.stock_gaps as unknown as StockGap[]) : [], stock.gaps)
  }
  return null
}

async function findTripCart(container: MedusaContainer, trip: TripRow, store: TripStore): Promise<string | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  if (trip.cart_id) {
    const { data } = await query.graph({ entity: "cart", fields: ["id"], filters: { id: trip.cart_id } })
    if (data[0]) return data[0].id
  }
  if (!trip.metadata?.cart_requested_at) return null
  const since = new Date(new Date(String(trip.metadata.cart_requested_at)).getTime() - 60_000)
  const { data } = await query.graph({
    entity: "cart",
    fields: ["id", "metadata", "completed_at"],
    filters: { sales_channel_id: store.sales_channel_id, created_at: { $gte: since } },
  })
  const mine = data.filter((cart: any) => cart.metadata?.jwo_trip_id === trip.id)
  // A completed one first (it has the order), else the newest.
  mine.sort((a: any, b: any) => Number(Boolean(b.completed_at)) - Number(Boolean(a.completed_at)))
  return mine[0]?.id ?? null
}

/**
 * Checkpoint: the cart's id on the trip, so every later run completes this cart instead of making another. Reports
 * a stock gap once, here. The compensation forgets the cart (Medusa's cart compensation deletes it when a later
 * step of the same run fails).
 */
export const checkpointTripCartStep = createStep(
  "jwo-checkpoint-trip-cart-step",
  async (input: { trip: TripRow; cart_id: string; checkpoint: Extract<PreparedCart, { kind: "create" }>["checkpoint"] }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const { checkpoint } = input
    await jwo.updateJwoShoppingTrips({
      id: input.trip.id,
      cart_id: input.cart_id,
      customer_id: checkpoint.customer_id,
      charge: checkpoint.charge,
      // json columns: arrays are stored as they are.
      line_resolution: checkpoint.line_resolution as unknown as Record<string, unknown>,
      stock_gaps: checkpoint.stock_gaps.length ? (checkpoint.stock_gaps as unknown as Record<string, unknown>) : null,
    })
    if (checkpoint.stock_gaps.length) {
      await container.resolve(Modules.EVENT_BUS).emit({ name: TRIP_EVENTS.stockGap, data: stockGapEvent(input.trip, checkpoint.stock_gaps) })
    }
    return new StepResponse(input.cart_id, { id: input.trip.id, cart_id: input.cart_id })
  },
  async (saved, { container }) => {
    if (!saved) return
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const [trip] = await jwo.listJwoShoppingTrips({ id: saved.id }, { take: 1, select: ["id", "cart_id"] })
    if (trip?.cart_id === saved.cart_id) await jwo.updateJwoShoppingTrips({ id: saved.id, cart_id: null })
  }
)

export type PricedTrip = {
  trip_id: string
  cart_id: string
  order_id: string | null
  payment_collection_id: string | null
  /** The payment provider of JWO orders (`trips.paymentProviderId`). */
  payment_provider_id: string
  priced_lines: Record<string, unknown>[]
  checkout_payload: CheckoutCartPayload
}

/** The exact figures of every cart line as Medusa priced them, the Checkout payload built from them, and what exists. */
export const priceTripStep = createStep(
  "jwo-price-trip-step",
  async (input: { trip: TripRow; store: TripStore; cart_id: string; fresh: boolean }, { container }) => {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const priced = await priceFromCart(container as unknown as MedusaContainer, input.cart_id, input.trip, input.store, input.fresh)
  return new StepResponse<PricedTrip>({ trip_id: input.trip.id, payment_provider_id: jwo.getOptions().trips.paymentProviderId, ...priced })
  }
)

/**
 * The payment is for what Amazon will charge: the payload's `priceTotal`, which is Medusa's order total rounded to the
 * currency's minor unit (the builder refuses lines that do not add up to it; docs/money.md). Medusa's own providers
 * charge the same figure (Stripe: the total in the smallest unit). The payment is authorised and captured for this
 * amount, so the order has nothing outstanding. Medusa completes a cart whatever its payment's amount.
 */
export const setTripPaymentAmountStep = createStep(
  "jwo-set-trip-payment-amount-step",
  async (input: { payment_collection_id: string; amount: string }, { container }) => {
    await container.resolve(Modules.PAYMENT).updatePaymentCollections(input.payment_collection_id, { amount: input.amount })
    return new StepResponse(input.payment_collection_id)
  }
)

/**
 * One Medusa cart line per Amazon cart line; a weighed good is one custom-priced unit: price per unit × amount,
 * titled with what was taken ("Bananas — 0.455 kg at 1.52/kg", shown so in Medusa Admin and on receipts; the exact
 * figures stay in the metadata).
 */
function cartLineFor(line: Matched, prices: Record<string, string>, currencyCode: string) {
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
    title: weighedLineTitle(line.product_title ?? line.title, line.read.amount, line.read.unit, unitPrice, currencyCode),
    requires_shipping: false,
    metadata: { ...metadata, jwo_measure: line.read.amount, jwo_measure_unit: line.read.unit, jwo_price_per_unit: unitPrice },
  }
}

/**
 * `fresh`: the cart was made by this run a moment ago, so it has no payment collection and no order yet; their links
 * are not read (two link lookups saved).
 */
async function priceFromCart(container: MedusaContainer, cartId: string, trip: TripRow, store: TripStore, fresh: boolean) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    // Line totals are computed only when a cart total is asked for too; raw_* are the exact values.
    fields: [
      "id",
      "currency_code",
      "total",
      "raw_total",
      "subtotal",
      "tax_total",
      "discount_total",
      ...(fresh ? [] : ["payment_collection.id", "order.id"]),
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
  if (!cart) throw new Error(`cart ${cartId} of trip ${trip.id} does not exist`)
  const byIndex = new Map<number, any>(cart.items.map((item: any) => [Number(item.metadata?.jwo_line_index), item]))
  const exact = (value: unknown) => MathBN.convert(value as any).toFixed()
  const priced_lines = trip.cart.cartItems.map((cartItem, index) => {
    const item = byIndex.get(index)
    if (!item) throw new Error(`cart ${cartId} has no line for cart item ${index} (${cartItem.id})`)
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
    // The charge is the order total rounded: refused (the trip's work fails) if the lines do not add up to it.
    orderTotal: cart.raw_total ?? cart.total,
  })
  return {
    cart_id: cartId,
    order_id: (cart.order?.id as string | undefined) ?? null,
    payment_collection_id: (cart.payment_collection?.id as string | undefined) ?? null,
    priced_lines: priced_lines as unknown as Record<string, unknown>[],
    checkout_payload,
  }
}
