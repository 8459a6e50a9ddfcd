import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, QueryContext } from "@medusajs/framework/utils"
import {
  lookupCodes,
  resolveCartItem,
  type CandidateVariant,
  type LineResolution,
  type PurchaseCartItem,
} from "../../modules/jwo/trip"

export type TripStore = {
  id: string
  amazon_store_id: string
  name?: string | null
  sales_channel_id: string
  region_id: string
  stock_location_id: string | null
  address_country_code: string
  address_province: string | null
  address_city: string | null
  address_postal_code: string | null
  address_line_1: string | null
  checkout_pricing_mode: "line" | "unit"
}

/** What the cart lines matched, with the exact price Medusa gives each matched variant for this customer. */
export type ResolvedLines = {
  lines: LineResolution[]
  /** variant id → exact calculated unit price (decimal string) in the region's currency. */
  prices: Record<string, string>
  /** variant id → manage_inventory. */
  managed: Record<string, boolean>
  currency_code: string
}

/**
 * Finds the variant of every cart line (SKU, barcode/EAN/UPC; published; in the store's sales channel) and its
 * price for this customer in the store's region (price lists and customer-group prices through Medusa's pricing
 * context). Read-only. A line without a price in the region's currency is a NO_PRICE problem.
 */
export async function resolveTripLines(
  container: MedusaContainer,
  cartItems: PurchaseCartItem[],
  store: TripStore,
  /** The paying customer with their groups, as the caller read them (null: a guest). */
  shopper: { id: string; groups: { id: string }[] } | null
): Promise<ResolvedLines> {
  const customerId = shopper?.id ?? null
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const codes = cartItems.map(lookupCodes)
  const skus = [...new Set(codes.flatMap((c) => c.skus))]
  const barcodes = [...new Set(codes.flatMap((c) => c.barcodes))]
  const or: Record<string, string[]>[] = []
  if (skus.length) or.push({ sku: skus })
  if (barcodes.length) or.push({ barcode: barcodes }, { ean: barcodes }, { upc: barcodes })

  const { data: variants } = or.length
    ? await query.graph({
        entity: "product_variant",
        fields: [
          "id",
          "sku",
          "barcode",
          "ean",
          "upc",
          "title",
          "metadata",
          "manage_inventory",
          "product.id",
          "product.title",
          "product.status",
          "product.metadata",
          "product.sales_channels.id",
        ],
        filters: { $or: or },
      })
    : { data: [] as any[] }
  const candidates: CandidateVariant[] = variants.map((v: any) => ({
    id: v.id,
    sku: v.sku ?? null,
    barcode: v.barcode ?? null,
    ean: v.ean ?? null,
    upc: v.upc ?? null,
    title: v.title ?? null,
    metadata: v.metadata ?? null,
    product: {
      id: v.product?.id,
      title: v.product?.title ?? "",
      status: v.product?.status ?? "draft",
      metadata: v.product?.metadata ?? null,
      sales_channel_ids: (v.product?.sales_channels ?? []).filter(Boolean).map((sc: any) => sc.id),
    },
  }))
  const managed: Record<string, boolean> = Object.fromEntries(variants.map((v: any) => [v.id, Boolean(v.manage_inventory)]))

  let lines = cartItems.map((item, index) => resolveCartItem(item, index, candidates, store.sales_channel_id))

  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "currency_code"], filters: { id: store.region_id } })
  const currency_code = regions[0].currency_code
  const matchedIds = [...new Set(lines.flatMap((l) => (l.matched ? [l.variant_id] : [])))]
  const prices: Record<string, string> = {}
  if (matchedIds.length) {
    // Price lists with customer-group rules need the groups in the context (customer_id alone does not apply them).
    const customer = shopper ? { id: shopper.id, groups: shopper.groups } : undefined
    const { data: priced } = await query.graph({
      entity: "product_variant",
      fields: ["id", "calculated_price.calculated_amount", "calculated_price.raw_calculated_amount"],
      filters: { id: matchedIds },
      context: {
        calculated_price: QueryContext({
          region_id: store.region_id,
          currency_code,
          ...(customerId ? { customer_id: customerId, customer } : {}),
        }),
      },
    })
    for (const v of priced as any[]) {
      const raw = v.calculated_price?.raw_calculated_amount ?? v.calculated_price?.calculated_amount
      if (raw !== undefined && raw !== null) prices[v.id] = MathBN.convert(raw).toFixed()
    }
    lines = lines.map((line) =>
      line.matched && prices[line.variant_id] === undefined
        ? {
            index: line.index,
            cart_item_id: line.cart_item_id,
            line_item_id: line.line_item_id,
            type: line.type,
            quantity: line.quantity,
            matched: false as const,
            problem: "NO_PRICE" as const,
            reason: `variant ${line.variant_id} (${line.title}) has no price in ${currency_code.toUpperCase()} for this store's region`,
          }
        : line
    )
  }
  return { lines, prices, managed, currency_code }
}
