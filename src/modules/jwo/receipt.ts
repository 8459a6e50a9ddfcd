/**
 * Receipts of Just Walk Out orders (issue 17.6; docs/orders.md "Receipts"). Pure code, no I/O: the receipt is read
 * off the Medusa order alone, which carries everything it needs (the customer's email, the store's name and address
 * as the order's shipping address, Amazon's order id in its metadata, the lines with their weights, tax lines and
 * promotions). Amounts are rounded like the Checkout payload (`buildCheckoutPayload`, line mode), so the lines of a
 * receipt add up to its total and the total is what Amazon charged: the order total rounded.
 */
import { MathBN } from "@medusajs/framework/utils"
import { buildCheckoutPayload, formatAmount, minorUnitDigits, type ExactAmount } from "./checkout-payload"

/** The reference of the credit line that settles an order that is not charged (associates, staff resolve). */
export const NOT_CHARGED_CREDIT_LINE_REFERENCE = "jwo_not_charged"

/** What an order says when Amazon does not charge it: "not charged: associate", "not charged: resolved by staff: …". */
export function notChargedReason(why: "associate" | { resolvedBy: string; reason: string }): string {
  if (why === "associate") return "not charged: associate"
  return `not charged: resolved by staff: ${why.reason}`.slice(0, 500)
}

/**
 * The title of a weighed line as the order shows it: "Bananas — 0.455 kg at 1.52/kg". The price per unit has at
 * least the currency's decimals (1.5 → 1.50) and keeps any further exact digits (a price list at 1.519 shows 1.519).
 */
export function weighedLineTitle(productTitle: string, amount: string, unit: string, pricePerUnit: ExactAmount, currencyCode: string): string {
  return `${productTitle} — ${MathBN.convert(amount).toFixed()} ${unit} at ${unitPriceText(pricePerUnit, currencyCode)}/${unit}`
}

function unitPriceText(price: ExactAmount, currencyCode: string): string {
  const exact = MathBN.convert(price as any)
  const digits = minorUnitDigits(currencyCode)
  const plain = exact.toFixed()
  const decimals = plain.includes(".") ? plain.split(".")[1].length : 0
  return decimals >= digits ? plain : exact.toFixed(digits)
}

/** The order as the receipt reads it (a `query.graph` of the order; see `RECEIPT_ORDER_FIELDS`). */
export type ReceiptOrder = {
  id: string
  display_id?: number | null
  email?: string | null
  currency_code: string
  created_at?: string | Date | null
  status?: string | null
  metadata?: Record<string, unknown> | null
  raw_total?: ExactAmount | null
  total?: ExactAmount | null
  shipping_address?: {
    company?: string | null
    address_1?: string | null
    city?: string | null
    province?: string | null
    postal_code?: string | null
    country_code?: string | null
  } | null
  credit_lines?: ({ reference?: string | null; raw_amount?: ExactAmount | null; amount?: ExactAmount | null } | null)[] | null
  items?: ({
    id: string
    title: string
    variant_sku?: string | null
    product_title?: string | null
    quantity: ExactAmount
    raw_quantity?: ExactAmount | null
    unit_price: ExactAmount
    raw_unit_price?: ExactAmount | null
    raw_subtotal?: ExactAmount | null
    subtotal?: ExactAmount | null
    raw_tax_total?: ExactAmount | null
    tax_total?: ExactAmount | null
    metadata?: Record<string, unknown> | null
    adjustments?: ({ code?: string | null; description?: string | null; raw_amount?: ExactAmount | null; amount?: ExactAmount | null } | null)[] | null
    tax_lines?: ({ code?: string | null; description?: string | null; rate?: number | string | null } | null)[] | null
  } | null)[] | null
}

/** The fields of the order `buildReceipt` reads. */
export const RECEIPT_ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "currency_code",
  "created_at",
  "status",
  "metadata",
  "total",
  "shipping_address.company",
  "shipping_address.address_1",
  "shipping_address.city",
  "shipping_address.province",
  "shipping_address.postal_code",
  "shipping_address.country_code",
  "credit_lines.reference",
  "credit_lines.amount",
  "credit_lines.raw_amount",
  "items.id",
  "items.title",
  "items.variant_sku",
  "items.product_title",
  "items.quantity",
  "items.raw_quantity",
  "items.unit_price",
  "items.raw_unit_price",
  "items.subtotal",
  "items.raw_subtotal",
  "items.tax_total",
  "items.raw_tax_total",
  "items.metadata",
  "items.adjustments.code",
  "items.adjustments.description",
  "items.adjustments.amount",
  "items.adjustments.raw_amount",
  "items.tax_lines.code",
  "items.tax_lines.description",
  "items.tax_lines.rate",
]

export type ReceiptLine = {
  title: string
  sku: string | null
  /** Units bought, or the measured amount and unit of a weighed good. */
  quantity: string
  unit: string | null
  /** The shelf price of one unit (one kg), exact digits. */
  unit_price: string
  /** Weighed goods: the measured amount, its unit and the price per unit (exact, as on the order line's metadata). */
  measure: { amount: string; unit: string; price_per_unit: string } | null
  /** Rounded like Amazon's line: price − promotions + tax = total. */
  price: string
  promotions: { code: string | null; description: string; amount: string }[]
  tax: string
  total: string
}

export type Receipt = {
  order_id: string
  display_id: number | null
  placed_at: string | null
  currency_code: string
  customer_email: string | null
  store: { name: string | null; amazon_store_id: string | null; address: string | null }
  amazon_order_id: string | null
  lines: ReceiptLine[]
  promotions: { code: string | null; description: string; amount: string }[]
  taxes: { name: string; rate: string | null; amount: string }[]
  totals: { subtotal: string; promotions: string; tax: string; total: string; not_charged: string; to_pay: string }
  /** Amazon charged the shopper (`charged`), or the order is settled without a charge (`not_charged`, with why). */
  payment: { status: "charged" | "not_charged" | "pending"; charged: string | null; reason: string | null }
  /** The receipt as plain text (monospace, 48 columns): what a template or a terminal can show as it is. */
  text: string
}

const exactOf = (...values: (ExactAmount | null | undefined)[]): string => {
  for (const value of values) if (value !== null && value !== undefined) return MathBN.convert(value as any).toFixed()
  return "0"
}

/**
 * The receipt of a Just Walk Out order. Throws (from the payload builder) for an order without lines or in a
 * currency Amazon cannot carry; every JWO order has lines and a two-decimal (or zero-decimal) currency.
 */
export function buildReceipt(order: ReceiptOrder): Receipt {
  const currency = order.currency_code
  const metadata = order.metadata ?? {}
  const items = (order.items ?? []).filter((i): i is NonNullable<typeof i> => Boolean(i))
  // Amazon's order of lines, as the trip's cart had them.
  items.sort((a, b) => Number(a.metadata?.jwo_line_index ?? 0) - Number(b.metadata?.jwo_line_index ?? 0))
  const creditLines = (order.credit_lines ?? []).filter((c): c is NonNullable<typeof c> => Boolean(c))
  const credit = creditLines.reduce((sum, c) => MathBN.add(sum, exactOf(c.raw_amount, c.amount)), MathBN.convert(0))
  // The total before credit lines: what the goods came to (for an order that is not charged, too).
  const goodsTotal = MathBN.add(exactOf(order.raw_total, order.total), credit).toFixed()

  const payload = buildCheckoutPayload({
    idempotentShoppingTripId: String(metadata.jwo_idempotent_shopping_trip_id ?? order.id),
    storeId: String(metadata.jwo_amazon_store_id ?? "receipt"),
    currencyCode: currency,
    mode: "line",
    lines: items.map((item) => ({
      productId: item.id,
      type: "SKU" as const,
      quantity: { value: exactOf(item.raw_quantity, item.quantity), unit: "unit" },
      unitPrice: exactOf(item.raw_unit_price, item.unit_price),
      lineSubtotal: exactOf(item.raw_subtotal, item.subtotal),
      taxTotal: exactOf(item.raw_tax_total, item.tax_total),
      promotions: (item.adjustments ?? []).filter(Boolean).map((a) => ({ amount: exactOf(a!.raw_amount, a!.amount), description: a!.code ?? a!.description ?? null })),
    })),
    orderTotal: goodsTotal,
  })

  const taxes = new Map<string, { name: string; rate: string | null; amount: ReturnType<typeof MathBN.convert> }>()
  const promotions = new Map<string, { code: string | null; description: string; amount: ReturnType<typeof MathBN.convert> }>()
  const lines: ReceiptLine[] = items.map((item, i) => {
    const figures = payload.lineItems[i].unitPrice
    const adjustments = (item.adjustments ?? []).filter(Boolean)
    const linePromotions = figures.promotions.map((p, k) => {
      const adjustment = adjustments.find((a) => (a!.code ?? a!.description) === p.promotionDescription) ?? adjustments[k]
      return { code: adjustment?.code ?? null, description: adjustment?.description || adjustment?.code || p.promotionDescription, amount: p.promotionAmount.amount }
    })
    for (const p of linePromotions) {
      const key = p.code ?? p.description
      const seen = promotions.get(key) ?? { code: p.code, description: p.description, amount: MathBN.convert(0) }
      seen.amount = MathBN.add(seen.amount, p.amount)
      promotions.set(key, seen)
    }
    const taxLines = (item.tax_lines ?? []).filter(Boolean)
    if (!MathBN.eq(figures.salesTax.amount, 0) || taxLines.length) {
      const rates = taxLines.map((t) => (t!.rate === null || t!.rate === undefined ? null : MathBN.convert(t!.rate).toFixed()))
      const name = taxLines.map((t) => t!.description || t!.code || "Tax").join(" + ") || "Tax"
      const rate = rates.every((r) => r !== null) && rates.length ? rates.join(" + ") : null
      const key = `${name}|${rate}`
      const seen = taxes.get(key) ?? { name, rate, amount: MathBN.convert(0) }
      seen.amount = MathBN.add(seen.amount, figures.salesTax.amount)
      taxes.set(key, seen)
    }
    const measured = item.metadata?.jwo_measure !== undefined && item.metadata?.jwo_measure !== null
    const measure = measured
      ? {
          amount: MathBN.convert(String(item.metadata!.jwo_measure)).toFixed(),
          unit: String(item.metadata!.jwo_measure_unit ?? "kg"),
          price_per_unit: MathBN.convert(String(item.metadata!.jwo_price_per_unit ?? exactOf(item.raw_unit_price, item.unit_price))).toFixed(),
        }
      : null
    return {
      title: item.title,
      sku: item.variant_sku ?? null,
      quantity: measure ? measure.amount : exactOf(item.raw_quantity, item.quantity),
      unit: measure ? measure.unit : null,
      unit_price: measure ? measure.price_per_unit : exactOf(item.raw_unit_price, item.unit_price),
      measure,
      price: figures.price.amount,
      promotions: linePromotions,
      tax: figures.salesTax.amount,
      total: figures.totalPrice.amount,
    }
  })

  const total = payload.orderTotals.priceTotal.amount
  const reasonLine = creditLines.find((c) => c.reference === NOT_CHARGED_CREDIT_LINE_REFERENCE)
  const notChargedText = (typeof metadata.jwo_not_charged_reason === "string" && metadata.jwo_not_charged_reason) || null
  const notCharged = MathBN.gt(credit, 0) ? formatAmount(credit.toFixed(), currency) : "0.00"
  const toPay = formatAmount(exactOf(order.raw_total, order.total), currency)
  const amazonOrderId = typeof metadata.jwo_amazon_order_id === "string" ? metadata.jwo_amazon_order_id : null
  const payment: Receipt["payment"] = amazonOrderId
    ? { status: "charged", charged: typeof metadata.jwo_charged_total === "string" ? metadata.jwo_charged_total : total, reason: null }
    : reasonLine || notChargedText
      ? { status: "not_charged", charged: null, reason: notChargedText ?? "not charged" }
      : { status: "pending", charged: null, reason: null }

  const address = order.shipping_address
  const addressText = address
    ? [address.address_1, [address.city, address.province?.toUpperCase(), address.postal_code].filter(Boolean).join(" "), address.country_code?.toUpperCase()]
        .filter(Boolean)
        .join(", ") || null
    : null
  const placedAt = order.created_at ? new Date(order.created_at).toISOString() : null

  const receipt: Omit<Receipt, "text"> = {
    order_id: order.id,
    display_id: order.display_id ?? null,
    placed_at: placedAt,
    currency_code: currency,
    customer_email: order.email ?? null,
    store: {
      name: address?.company ?? (typeof metadata.jwo_store_name === "string" ? metadata.jwo_store_name : null),
      amazon_store_id: typeof metadata.jwo_amazon_store_id === "string" ? metadata.jwo_amazon_store_id : null,
      address: addressText,
    },
    amazon_order_id: amazonOrderId,
    lines,
    promotions: [...promotions.values()].map((p) => ({ code: p.code, description: p.description, amount: formatAmount(p.amount.toFixed(), currency) })),
    taxes: [...taxes.values()].map((t) => ({ name: t.name, rate: t.rate, amount: formatAmount(t.amount.toFixed(), currency) })),
    totals: {
      subtotal: payload.orderTotals.subTotal.amount,
      promotions: payload.orderTotals.promotionsTotal.amount,
      tax: payload.orderTotals.salesTaxTotal.amount,
      total,
      not_charged: notCharged,
      to_pay: toPay,
    },
    payment,
  }
  return { ...receipt, text: receiptText(receipt) }
}

const WIDTH = 48

function row(left: string, right: string): string {
  const room = WIDTH - right.length - 1
  const text = left.length > room ? `${left.slice(0, Math.max(room - 1, 1))}…` : left
  return `${text.padEnd(room)} ${right}`
}

/** The plain-text rendering (48 columns). */
export function receiptText(r: Omit<Receipt, "text">): string {
  const cur = r.currency_code.toUpperCase()
  const out: string[] = []
  if (r.store.name) out.push(r.store.name)
  if (r.store.address) out.push(r.store.address)
  out.push(`Order ${r.display_id !== null ? `#${r.display_id}` : r.order_id}${r.placed_at ? `  ${r.placed_at.slice(0, 16).replace("T", " ")} UTC` : ""}`)
  if (r.amazon_order_id) out.push(`Amazon order ${r.amazon_order_id}`)
  if (r.customer_email) out.push(r.customer_email)
  out.push("-".repeat(WIDTH))
  for (const line of r.lines) {
    out.push(row(line.title, line.price))
    if (!line.measure && line.quantity !== "1") out.push(`  ${line.quantity} × ${line.unit_price}`)
    for (const p of line.promotions) out.push(row(`  ${p.description}`, `-${p.amount}`))
  }
  out.push("-".repeat(WIDTH))
  out.push(row("Subtotal", r.totals.subtotal))
  if (r.totals.promotions !== "0.00") out.push(row("Promotions", `-${r.totals.promotions}`))
  for (const t of r.taxes) out.push(row(`${t.name}${t.rate ? ` ${t.rate} %` : ""}`, t.amount))
  if (!r.taxes.length) out.push(row("Tax", r.totals.tax))
  out.push(row(`Total ${cur}`, r.totals.total))
  if (r.payment.status === "charged") out.push(row("Charged by Amazon", r.payment.charged ?? r.totals.total))
  if (r.payment.status === "not_charged") {
    out.push(row(r.payment.reason ? capitalise(r.payment.reason) : "Not charged", `-${r.totals.not_charged}`))
    out.push(row(`To pay ${cur}`, r.totals.to_pay))
  }
  if (r.payment.status === "pending") out.push("Payment pending at Amazon")
  return out.join("\n")
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
