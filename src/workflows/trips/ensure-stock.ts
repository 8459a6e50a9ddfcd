import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { createInventoryLevelsWorkflow } from "@medusajs/medusa/core-flows"
import type { LineResolution } from "../../modules/jwo/trip"
import type { TripStore } from "./resolve-lines"

export type StockGap = {
  variant_id: string
  sku: string | null
  inventory_item_id: string
  location_id: string
  required: string
  available: string
  added: string
}

export type EnsureStockResult = { ok: true; gaps: StockGap[]; need: StockNeed | null } | { ok: false; reason: string }

/**
 * Goods in a JWO trip have already left the store, so stock can never refuse a trip. Medusa's cart completion
 * reserves stock and refuses what is not available; so before pricing, where recorded stock is short of what was
 * taken, the recorded stock at the store's location is raised by the gap (the goods were physically there) and the
 * gap is returned, to be stored on the trip and shown to staff. Only variants that manage inventory are touched.
 *
 * The raise is an increment of the level by the gap, never a write of the level read: this runs while pricing
 * (outside the store stock lock, since Medusa's cart creation checks availability) and again under the lock before
 * completion, and a level written from a stale read would lower what another trip just raised and reserved (trips
 * failed again and again on short goods in the 300-shopper load run).
 */
export async function ensureStockForTrip(
  container: MedusaContainer,
  store: TripStore,
  lines: LineResolution[],
  managed: Record<string, boolean>
): Promise<EnsureStockResult> {
  const needed = new Map<string, string>() // variant id → units taken (a weighed line is one unit)
  for (const line of lines) {
    if (!line.matched || !managed[line.variant_id]) continue
    const units = line.read.kind === "count" ? String(line.read.count) : "1"
    needed.set(line.variant_id, MathBN.add(needed.get(line.variant_id) ?? 0, units).toFixed())
  }
  return ensureStockForUnits(container, store, needed)
}

/**
 * The same for units per stock-managed variant as read off a cart (its lines' quantities: a weighed line is one
 * unit), for a cart an earlier run made, whose lines may never have been checkpointed on the trip.
 */
export async function ensureStockForUnits(container: MedusaContainer, store: TripStore, needed: Map<string, string>): Promise<EnsureStockResult> {
  if (!needed.size) return { ok: true, gaps: [], need: null }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: channels } = await query.graph({
    entity: "sales_channel",
    fields: ["id", "stock_locations.id"],
    filters: { id: store.sales_channel_id },
  })
  const channelLocations: string[] = (channels[0]?.stock_locations ?? []).filter(Boolean).map((l: any) => l.id)
  const locationId = store.stock_location_id ?? channelLocations[0]
  if (!locationId) {
    return {
      ok: false,
      reason: `the store's sales channel ${store.sales_channel_id} has no stock location, and some goods manage inventory: link a stock location to the sales channel (Medusa Admin → Settings → Locations)`,
    }
  }
  if (!channelLocations.includes(locationId)) {
    return {
      ok: false,
      reason: `stock location ${locationId} is not linked to the store's sales channel ${store.sales_channel_id}: link them (Medusa Admin → Settings → Locations)`,
    }
  }

  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: [
      "id",
      "sku",
      "inventory_items.inventory_item_id",
      "inventory_items.required_quantity",
      "inventory_items.inventory.location_levels.location_id",
      "inventory_items.inventory.location_levels.stocked_quantity",
      "inventory_items.inventory.location_levels.reserved_quantity",
      "inventory_items.inventory.location_levels.raw_stocked_quantity",
      "inventory_items.inventory.location_levels.raw_reserved_quantity",
    ],
    filters: { id: [...needed.keys()] },
  })

  const need: StockNeed = { location_id: locationId, items: [] }
  const levels: StockLevel[] = []
  for (const variant of variants as any[]) {
    for (const link of variant.inventory_items ?? []) {
      if (!link) continue
      need.items.push({
        variant_id: variant.id,
        sku: variant.sku ?? null,
        inventory_item_id: link.inventory_item_id,
        required: MathBN.mult(needed.get(variant.id)!, link.required_quantity ?? 1).toFixed(),
      })
      const level = (link.inventory?.location_levels ?? []).find((l: any) => l?.location_id === locationId)
      if (level) {
        levels.push({
          inventory_item_id: link.inventory_item_id,
          stocked: MathBN.convert(level.raw_stocked_quantity ?? level.stocked_quantity ?? 0).toFixed(),
          reserved: MathBN.convert(level.raw_reserved_quantity ?? level.reserved_quantity ?? 0).toFixed(),
        })
      }
    }
  }
  const gaps = await raiseShortStock(container, need, levels)
  return { ok: true, gaps, need: need.items.length ? need : null }
}

/**
 * What a trip takes of stock-managed goods at the store's location, per inventory item: what the check before the
 * cart found (so the check under the store stock lock reads only the levels of these items at this location).
 */
export type StockNeed = {
  location_id: string
  items: { variant_id: string; sku: string | null; inventory_item_id: string; required: string }[]
}

/** A location level as read: exact decimal strings. */
export type StockLevel = { inventory_item_id: string; stocked: string; reserved: string }

/**
 * Pure: the gaps between what is needed and what is available (stocked − reserved) at the need's location, the
 * increments of existing levels and the levels to create (an item with no level there). Several variants can share
 * an inventory item: each is checked against the level as read, as Medusa's reservation does per line.
 */
export function stockGapsFor(need: StockNeed, levels: StockLevel[]) {
  const byItem = new Map(levels.map((l) => [l.inventory_item_id, l]))
  const gaps: StockGap[] = []
  const raises: { inventoryItemId: string; locationId: string; adjustment: string }[] = []
  const creates: { inventory_item_id: string; location_id: string; stocked_quantity: number }[] = []
  for (const item of need.items) {
    const level = byItem.get(item.inventory_item_id)
    const stocked = MathBN.convert(level?.stocked ?? 0)
    const available = MathBN.sub(stocked, MathBN.convert(level?.reserved ?? 0))
    if (MathBN.gte(available, item.required)) continue
    const added = MathBN.sub(item.required, available)
    gaps.push({
      variant_id: item.variant_id,
      sku: item.sku,
      inventory_item_id: item.inventory_item_id,
      location_id: need.location_id,
      required: MathBN.convert(item.required).toFixed(),
      available: available.toFixed(),
      added: added.toFixed(),
    })
    if (level) raises.push({ inventoryItemId: item.inventory_item_id, locationId: need.location_id, adjustment: added.toFixed() })
    else creates.push({ inventory_item_id: item.inventory_item_id, location_id: need.location_id, stocked_quantity: MathBN.add(stocked, added).toNumber() })
  }
  return { gaps, raises, creates }
}

async function raiseShortStock(container: MedusaContainer, need: StockNeed, levels: StockLevel[]): Promise<StockGap[]> {
  const { gaps, raises, creates } = stockGapsFor(need, levels)
  if (creates.length) await createInventoryLevelsWorkflow(container).run({ input: { inventory_levels: creates } })
  if (raises.length) await container.resolve(Modules.INVENTORY).adjustInventory(raises)
  return gaps
}

/**
 * The check again, for a need found before the cart: one read of the items' levels at the location (no catalog, no
 * sales channel), then the same raise. For the check under the store stock lock.
 */
export async function restockNeed(container: MedusaContainer, need: StockNeed): Promise<StockGap[]> {
  const rows = await container.resolve(Modules.INVENTORY).listInventoryLevels(
    { inventory_item_id: [...new Set(need.items.map((i) => i.inventory_item_id))], location_id: need.location_id },
    { select: ["id", "inventory_item_id", "location_id", "stocked_quantity", "reserved_quantity"] }
  )
  const levels: StockLevel[] = (rows as any[]).map((l) => ({
    inventory_item_id: l.inventory_item_id,
    stocked: MathBN.convert(l.raw_stocked_quantity ?? l.stocked_quantity ?? 0).toFixed(),
    reserved: MathBN.convert(l.raw_reserved_quantity ?? l.reserved_quantity ?? 0).toFixed(),
  }))
  return raiseShortStock(container, need, levels)
}

/** The payload of `jwo.trip.stock_gap`: which goods were short of recorded stock, where, and by how much. */
export function stockGapEvent(trip: { id: string; jwo_store_id: string; amazon_store_id: string }, gaps: StockGap[]) {
  return {
    id: trip.id,
    jwo_store_id: trip.jwo_store_id,
    amazon_store_id: trip.amazon_store_id,
    gaps: gaps.map((g) => ({ variant_id: g.variant_id, sku: g.sku, location_id: g.location_id, gap: g.added })),
  }
}
