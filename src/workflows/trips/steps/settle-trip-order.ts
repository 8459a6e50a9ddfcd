import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import { medusaIdFloor } from "../../../modules/jwo/medusa-ids"
import type JwoModuleService from "../../../modules/jwo/service"
import type { TripRow } from "./claim-trip"

export type SettledTripOrder = { order_id: string; repaired: string[]; removed_orders: string[] }

/**
 * Medusa's cart completion is many writes, not one transaction: the order, then in parallel its links (cart, payment
 * collection, promotions), the cart's `completed_at`, the reservations and the `order.placed` event, then the
 * payment's authorisation. A worker killed in the middle leaves the order without some of them, and a re-run gets
 * the order back from the cart's link without doing the rest. A run that failed there (Postgres connections
 * terminated) may also leave an order its compensation could not delete, while the next run makes the real one.
 *
 * This step makes the trip's order whole, idempotently: the missing links, the cart's `completed_at`, the payment
 * session's authorisation, a reservation per stock-managed line at the JWO store's location, and `order.placed` if
 * the completion had been cut short. Other orders of the same trip that never got a payment collection (made by
 * failed or dead runs; found by the trip id Medusa copies from the cart's metadata) lose their reservations and are
 * deleted: a trip has exactly one order.
 * Found by the chaos run (`npm run chaos`); docs/trips.md "Durable work".
 */
export const settleTripOrderStep = createStep(
  "jwo-settle-trip-order-step",
  async (input: { trip: TripRow; store: { stock_location_id: string | null }; cart_id: string; order_id: string }, { container }) => {
    const settled = await settleTripOrder(container as unknown as MedusaContainer, input)
    if (settled.repaired.length || settled.removed_orders.length) {
      container
        .resolve("logger")
        .warn(
          `medusa-plugin-jwo: trip ${input.trip.id}: order ${input.order_id} made whole after an interrupted run` +
            `${settled.repaired.length ? ` (${settled.repaired.join(", ")})` : ""}` +
            `${settled.removed_orders.length ? `; removed the leftover order(s) ${settled.removed_orders.join(", ")}` : ""}`
        )
    }
    return new StepResponse(settled)
  }
)

async function settleTripOrder(
  container: MedusaContainer,
  input: { trip: TripRow; store: { stock_location_id: string | null }; cart_id: string; order_id: string }
): Promise<SettledTripOrder> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const { trip, cart_id, order_id } = input
  const repaired: string[] = []

  const {
    data: [cart],
  } = await query.graph({
    entity: "cart",
    fields: ["id", "completed_at", "promotions.id", "payment_collection.id", "payment_collection.payment_sessions.id", "payment_collection.payment_sessions.status"],
    filters: { id: cart_id },
  })
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    // An item's quantity is read through its detail: without `items.detail.quantity` it is not returned.
    fields: ["id", "payment_collections.id", "promotions.id", "items.id", "items.variant_id", "items.quantity", "items.detail.quantity"],
    filters: { id: order_id },
  })
  if (!cart || !order) return { order_id, repaired, removed_orders: [] }

  const links: Record<string, Record<string, string>>[] = []
  const collectionId: string | undefined = cart.payment_collection?.id
  if (collectionId && !(order.payment_collections ?? []).some((pc: { id: string } | null) => pc?.id === collectionId)) {
    links.push({ [Modules.ORDER]: { order_id }, [Modules.PAYMENT]: { payment_collection_id: collectionId } })
  }
  const orderPromotions = new Set((order.promotions ?? []).map((p: { id: string } | null) => p?.id))
  for (const promotion of cart.promotions ?? []) {
    if (promotion && !orderPromotions.has(promotion.id)) links.push({ [Modules.ORDER]: { order_id }, [Modules.PROMOTION]: { promotion_id: promotion.id } })
  }
  if (links.length) {
    await link.create(links)
    repaired.push(`${links.length} link(s)`)
  }

  const session = (cart.payment_collection?.payment_sessions ?? []).find(Boolean)
  if (session && session.status !== "authorized") {
    await container.resolve(Modules.PAYMENT).authorizePaymentSession(session.id, {})
    repaired.push("payment authorised")
  }

  const reserved = await reserveMissing(container, input.store, order.items ?? [])
  if (reserved) repaired.push(`${reserved} reservation(s)`)

  if (!cart.completed_at) {
    await container.resolve(Modules.CART).updateCarts(cart_id, { completed_at: new Date() })
    repaired.push("cart completed")
    // The completion was cut short before its events were released.
    await container.resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: order_id } })
  }

  const removed = await removeLeftoverOrders(container, trip, order_id)
  return { order_id, repaired, removed_orders: removed }
}

/** A reservation for each stock-managed line that has none, at the JWO store's stock location. */
async function reserveMissing(container: MedusaContainer, store: { stock_location_id: string | null }, items: { id: string; variant_id: string | null; quantity: unknown }[]): Promise<number> {
  const withVariant = items.filter((i) => i?.variant_id)
  if (!withVariant.length) return 0
  const inventory = container.resolve(Modules.INVENTORY)
  const existing = await inventory.listReservationItems({ line_item_id: withVariant.map((i) => i.id) }, { select: ["id", "line_item_id"] })
  const reservedLines = new Set(existing.map((r) => r.line_item_id))
  const missing = withVariant.filter((i) => !reservedLines.has(i.id))
  if (!missing.length) return 0
  if (!store.stock_location_id) return 0
  const { data: variants } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "variant",
    fields: ["id", "manage_inventory", "inventory_items.inventory_item_id", "inventory_items.required_quantity"],
    filters: { id: missing.map((i) => i.variant_id!) },
  })
  const byId = new Map(variants.map((v: any) => [v.id, v]))
  const reservations = missing.flatMap((item) => {
    const variant: any = byId.get(item.variant_id!)
    if (!variant?.manage_inventory) return []
    return (variant.inventory_items ?? []).map((ii: { inventory_item_id: string; required_quantity: number }) => ({
      line_item_id: item.id,
      inventory_item_id: ii.inventory_item_id,
      location_id: store.stock_location_id!,
      quantity: MathBN.mult(item.quantity as number, ii.required_quantity ?? 1).toNumber(),
      allow_backorder: true,
    }))
  })
  if (!reservations.length) return 0
  await inventory.createReservationItems(reservations)
  return reservations.length
}

/**
 * Orders of this trip other than its own. Medusa's ids are ULIDs, so orders made since the trip was received are a
 * primary-key range: the search costs the same in a store with a million orders.
 */
async function removeLeftoverOrders(container: MedusaContainer, trip: TripRow, orderId: string): Promise<string[]> {
  const orderModule = container.resolve(Modules.ORDER)
  const since = new Date(trip.created_at as unknown as string).getTime() - 60_000
  const candidates = await orderModule.listOrders({ id: { $gte: medusaIdFloor("order", since) } } as any, { select: ["id", "metadata"], take: 10_000 })
  const named = candidates.filter((o) => o.id !== orderId && (o.metadata as Record<string, unknown> | null)?.jwo_trip_id === trip.id).map((o) => o.id)
  if (!named.length) return []
  // Only an order that never got its payment collection is a leftover: one with a payment is left to staff.
  const { data } = await container
    .resolve(ContainerRegistrationKeys.QUERY)
    .graph({ entity: "order", fields: ["id", "items.id", "payment_collections.id"], filters: { id: named } })
  const found = data.filter((o: any) => !(o.payment_collections ?? []).some(Boolean))
  if (!found.length) return []
  const leftovers = found.map((o: any) => o.id as string)
  const itemIds = found.flatMap((o: any) => (o.items ?? []).filter(Boolean).map((i: { id: string }) => i.id))
  if (itemIds.length) await container.resolve(Modules.INVENTORY).deleteReservationItemsByLineItem(itemIds)
  await orderModule.softDeleteOrders(leftovers)
  return leftovers
}
