/**
 * Shopping trips (Create Purchases): pure code, no I/O. Fingerprint of a cart for idempotency, who shops (from the
 * auth events) and how a cart line's quantity is read (count or measure). The state rules are in trip-states.ts.
 */
import { createHash } from "node:crypto"
import { MathBN } from "@medusajs/framework/utils"

export type PurchaseAuthEvent = {
  id: string
  timestamp?: string
  location?: string
  payloadType: "FINANCIAL" | "SCAN_CODE"
  scanResult?: { id?: string; type?: "SHOPPER" | "ASSOCIATE" | "CASH_SHOPPER" }
}

export type PurchaseCartItem = {
  id: string
  type: "SKU" | "SCANCODE"
  quantity: { value: string; unit: string }
  externalIdentifiers?: { id: string; type: string }[]
  lineItemId?: string
}

export type PurchaseRequest = {
  requestId: string
  idempotentShoppingTripId: string
  storeId: string
  shoppingTrip: { startTime: string; endTime: string; authEvents: PurchaseAuthEvent[] }
  cartItems: PurchaseCartItem[]
  shopperIdentity?: { id?: string }
  shopperDeviceId?: string
  paymentSource?: { id?: string }
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order on the wire. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value)
}

/**
 * The content of a delivery, without its `requestId` (new for every delivery): two deliveries of the same trip with
 * the same fingerprint are a replay; with another fingerprint, an idempotency conflict.
 */
export function tripFingerprint(request: PurchaseRequest): string {
  const { requestId: _ignored, ...content } = request
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex")
}

export type Shopper = {
  entry_type: "SCAN_CODE" | "FINANCIAL" | null
  /** The visitor id our Identity Connector returned (a Medusa customer id, or the connectivity-test visitor). */
  visitor_id: string | null
  visitor_type: "SHOPPER" | "ASSOCIATE" | "CASH_SHOPPER" | null
  /** Everyone who entered on this trip (a group trip has several auth events). */
  group_size: number
}

/**
 * Who pays for a trip: the visitor of the first `SCAN_CODE` auth event that carries a scan result (the shopper who
 * brought the group scanned first); with none, a card entry (`FINANCIAL`) is a guest.
 */
export function shopperOf(authEvents: PurchaseAuthEvent[]): Shopper {
  const group_size = Math.max(authEvents.length, 1)
  const scanned = authEvents.find((e) => e.payloadType === "SCAN_CODE" && e.scanResult?.id)
  if (scanned) {
    return {
      entry_type: "SCAN_CODE",
      visitor_id: scanned.scanResult!.id!,
      visitor_type: scanned.scanResult!.type ?? "SHOPPER",
      group_size,
    }
  }
  const first = authEvents[0]
  return { entry_type: first ? first.payloadType : null, visitor_id: null, visitor_type: null, group_size }
}

/** Weight units Amazon may send for weighed goods, in kilograms (exact factors). */
const KG_PER_UNIT: Record<string, string> = {
  kg: "1",
  kilogram: "1",
  kilograms: "1",
  g: "0.001",
  gram: "0.001",
  grams: "0.001",
  lb: "0.45359237",
  lbs: "0.45359237",
  pound: "0.45359237",
  pounds: "0.45359237",
  oz: "0.028349523125",
  ounce: "0.028349523125",
  ounces: "0.028349523125",
}
const COUNT_UNITS = new Set(["unit", "units", "each", "ea", "item", "items", "piece", "pieces", "pc", "pcs", "count"])

export type ReadQuantity =
  | { kind: "count"; count: number }
  | { kind: "measure"; amount: string; unit: string }
  | { kind: "invalid"; reason: string }

/**
 * How a cart line's quantity is priced: a whole count of units ("2", "2.0", unit "unit"/"each"), or a measure
 * (`"0.455"` kg) priced as unit price × amount, the amount converted to the unit the variant is priced in.
 */
export function readQuantity(quantity: { value: string; unit: string }, pricedPer = "kg"): ReadQuantity {
  const unit = quantity.unit.trim().toLowerCase()
  const value = MathBN.convert(quantity.value)
  if (COUNT_UNITS.has(unit)) {
    if (!value.isInteger()) {
      return { kind: "invalid", reason: `quantity ${quantity.value} ${quantity.unit} is not a whole number of units` }
    }
    return { kind: "count", count: value.toNumber() }
  }
  const from = KG_PER_UNIT[unit]
  const to = KG_PER_UNIT[pricedPer.trim().toLowerCase()]
  if (!from || !to) {
    return {
      kind: "invalid",
      reason: `quantity unit "${quantity.unit}" cannot be priced per "${pricedPer}" (known: units, kg, g, lb, oz)`,
    }
  }
  const amount = MathBN.div(MathBN.mult(value, from), to)
  return { kind: "measure", amount: amount.toFixed(), unit: pricedPer }
}

/** A product variant as line resolution needs it. */
export type CandidateVariant = {
  id: string
  sku: string | null
  barcode: string | null
  ean: string | null
  upc: string | null
  title: string | null
  metadata: Record<string, unknown> | null
  product: {
    id: string
    title: string
    status: string
    metadata: Record<string, unknown> | null
    sales_channel_ids: string[]
  }
}

export const LINE_PROBLEMS = [
  "UNKNOWN_ITEM",
  "AMBIGUOUS_ITEM",
  "NOT_PUBLISHED",
  "NOT_IN_SALES_CHANNEL",
  "BAD_QUANTITY",
  "NO_PRICE",
] as const
export type LineProblem = (typeof LINE_PROBLEMS)[number]

export type LineResolution = {
  index: number
  cart_item_id: string
  line_item_id: string | null
  type: "SKU" | "SCANCODE"
  quantity: { value: string; unit: string }
} & (
  | {
      matched: true
      variant_id: string
      sku: string | null
      title: string
      /** The product's title alone (what an order line is titled; absent on trips resolved before it was kept). */
      product_title?: string
      read: Exclude<ReadQuantity, { kind: "invalid" }>
    }
  | { matched: false; problem: LineProblem; reason: string }
)

/** The same barcode written as UPC-A (12), EAN-13 (13) or GTIN-14 (14 digits): one number, different paddings. */
export function barcodeForms(code: string): string[] {
  const trimmed = code.trim()
  if (!/^\d+$/.test(trimmed)) return [trimmed]
  const bare = trimmed.replace(/^0+/, "") || "0"
  const forms = new Set([trimmed])
  for (const length of [8, 12, 13, 14]) if (bare.length <= length) forms.add(bare.padStart(length, "0"))
  return [...forms]
}

/** The codes a cart item can be found by: its SKU, or (SCANCODE) its scanned code and external identifiers. */
export function lookupCodes(item: PurchaseCartItem): { skus: string[]; barcodes: string[] } {
  if (item.type === "SKU") {
    return { skus: [item.id], barcodes: (item.externalIdentifiers ?? []).flatMap((e) => barcodeForms(e.id)) }
  }
  return { skus: [], barcodes: [item.id, ...(item.externalIdentifiers ?? []).map((e) => e.id)].flatMap(barcodeForms) }
}

function variantBarcodes(variant: CandidateVariant): string[] {
  return [variant.barcode, variant.ean, variant.upc].filter((c): c is string => Boolean(c)).flatMap(barcodeForms)
}

/**
 * Matches one cart line to a variant: by SKU for `SKU` items (external identifiers as a fallback), by barcode
 * (any of barcode/EAN/UPC, padding-insensitive) for `SCANCODE` items. The variant must be in a published product
 * sold in the store's sales channel.
 */
export function resolveCartItem(
  item: PurchaseCartItem,
  index: number,
  candidates: CandidateVariant[],
  salesChannelId: string
): LineResolution {
  const base = {
    index,
    cart_item_id: item.id,
    line_item_id: item.lineItemId ?? null,
    type: item.type,
    quantity: item.quantity,
  }
  const fail = (problem: LineProblem, reason: string): LineResolution => ({ ...base, matched: false, problem, reason })
  const { skus, barcodes } = lookupCodes(item)
  let found = candidates.filter((v) => v.sku !== null && skus.includes(v.sku))
  if (!found.length) found = candidates.filter((v) => variantBarcodes(v).some((c) => barcodes.includes(c)))
  if (!found.length) {
    return fail("UNKNOWN_ITEM", `no product variant has ${item.type === "SKU" ? "SKU" : "barcode"} "${item.id}"`)
  }
  const sellable = found.filter((v) => v.product.status === "published" && v.product.sales_channel_ids.includes(salesChannelId))
  if (!sellable.length) {
    const v = found[0]
    return v.product.status !== "published"
      ? fail("NOT_PUBLISHED", `product "${v.product.title}" (${v.product.id}) is ${v.product.status}, not published`)
      : fail("NOT_IN_SALES_CHANNEL", `product "${v.product.title}" (${v.product.id}) is not in the store's sales channel`)
  }
  if (sellable.length > 1) {
    return fail("AMBIGUOUS_ITEM", `"${item.id}" matches ${sellable.length} variants: ${sellable.map((v) => v.id).join(", ")}`)
  }
  const variant = sellable[0]
  const pricedPer = String(variant.metadata?.jwo_unit ?? variant.product.metadata?.jwo_unit ?? "kg")
  const read = readQuantity(item.quantity, pricedPer)
  if (read.kind === "invalid") return fail("BAD_QUANTITY", read.reason)
  return {
    ...base,
    matched: true,
    variant_id: variant.id,
    sku: variant.sku,
    title: variant.title ? `${variant.product.title} — ${variant.title}` : variant.product.title,
    product_title: variant.product.title,
    read,
  }
}
