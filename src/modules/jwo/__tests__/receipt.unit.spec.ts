import { MathBN } from "@medusajs/framework/utils"
import { buildReceipt, notChargedReason, weighedLineTitle, type ReceiptOrder } from "../receipt"

const NY = [{ code: "NY", description: "New York", rate: 8.875 }]

/** A Medusa order of a trip as query.graph reads it: water ×3 with 10 % off, 0.455 kg of bananas, New York tax. */
function order(overrides: Partial<ReceiptOrder> = {}): ReceiptOrder {
  return {
    id: "order_1",
    display_id: 42,
    email: "pat@jwo.test",
    currency_code: "usd",
    created_at: "2026-12-03T10:15:30.000Z",
    metadata: { jwo_trip_id: "jwotrip_1", jwo_amazon_store_id: "STORE-NYC-1", jwo_amazon_order_id: "amzn-1", jwo_charged_total: "6.60" },
    // (5.97 − 0.597) + 0.47685375 + 0.6916 + 0.0613795: exact, as Medusa keeps it.
    raw_total: "6.60283325",
    shipping_address: { company: "Manhattan 5th Ave", address_1: "350 5th Ave", city: "New York", province: "us-ny", postal_code: "10001", country_code: "us" },
    credit_lines: [],
    items: [
      {
        id: "ordli_banana",
        title: "Bananas — 0.455 kg at 1.52/kg",
        variant_sku: "SKU-BANANA",
        quantity: 1,
        unit_price: "0.6916",
        raw_subtotal: "0.6916",
        raw_tax_total: "0.0613795",
        metadata: { jwo_line_index: 1, jwo_measure: "0.455", jwo_measure_unit: "kg", jwo_price_per_unit: "1.52" },
        adjustments: [],
        tax_lines: NY,
      },
      {
        id: "ordli_water",
        title: "Sparkling Water 500ml",
        variant_sku: "SKU-WATER",
        quantity: 3,
        unit_price: "1.99",
        raw_subtotal: "5.97",
        raw_tax_total: "0.47685375",
        metadata: { jwo_line_index: 0 },
        adjustments: [{ code: "WATER-10", description: "10 % off water", raw_amount: "0.597" }],
        tax_lines: NY,
      },
    ],
    ...overrides,
  }
}

describe("weighedLineTitle", () => {
  it("shows the measured amount and the price per unit, with the currency's decimals at least", () => {
    expect(weighedLineTitle("Bananas", "0.455", "kg", "1.52", "usd")).toBe("Bananas — 0.455 kg at 1.52/kg")
    expect(weighedLineTitle("Bananas", "0.5000", "kg", "1.5", "usd")).toBe("Bananas — 0.5 kg at 1.50/kg")
    expect(weighedLineTitle("Cheese", "0.25", "lb", "7.999", "usd")).toBe("Cheese — 0.25 lb at 7.999/lb")
    expect(weighedLineTitle("Rice", "1.2", "kg", "300", "jpy")).toBe("Rice — 1.2 kg at 300/kg")
  })
})

describe("buildReceipt", () => {
  it("reads store, customer, Amazon's order id, lines with weights, promotions and tax off the order, in Amazon's line order", () => {
    const receipt = buildReceipt(order())
    expect(receipt).toMatchObject({
      order_id: "order_1",
      display_id: 42,
      placed_at: "2026-12-03T10:15:30.000Z",
      customer_email: "pat@jwo.test",
      store: { name: "Manhattan 5th Ave", amazon_store_id: "STORE-NYC-1", address: "350 5th Ave, New York US-NY 10001, US" },
      amazon_order_id: "amzn-1",
      payment: { status: "charged", charged: "6.60", reason: null },
    })
    expect(receipt.lines.map((l) => [l.title, l.quantity, l.unit, l.unit_price])).toEqual([
      ["Sparkling Water 500ml", "3", null, "1.99"],
      ["Bananas — 0.455 kg at 1.52/kg", "0.455", "kg", "1.52"],
    ])
    expect(receipt.lines[1].measure).toEqual({ amount: "0.455", unit: "kg", price_per_unit: "1.52" })
    expect(receipt.lines[0].promotions).toEqual([{ code: "WATER-10", description: "10 % off water", amount: "0.60" }])
    expect(receipt.promotions).toEqual([{ code: "WATER-10", description: "10 % off water", amount: "0.60" }])
    expect(receipt.taxes).toEqual([{ name: "New York", rate: "8.875", amount: receipt.totals.tax }])
  })

  it("adds up: every line is price − promotions + tax, the lines make the totals, and the total is the order total rounded", () => {
    const receipt = buildReceipt(order())
    const sum = (xs: string[]) => xs.reduce((a, x) => MathBN.add(a, x), MathBN.convert(0)).toFixed(2)
    for (const l of receipt.lines) {
      expect(MathBN.sub(MathBN.add(l.price, l.tax), sum(l.promotions.map((p) => p.amount))).toFixed(2)).toBe(l.total)
    }
    expect(sum(receipt.lines.map((l) => l.total))).toBe(receipt.totals.total)
    expect(receipt.totals).toEqual({ subtotal: "6.66", promotions: "0.60", tax: "0.54", total: "6.60", not_charged: "0.00", to_pay: "6.60" })
  })

  it("says plainly when Amazon did not charge the order, with nothing to pay", () => {
    const receipt = buildReceipt(
      order({
        metadata: { jwo_trip_id: "jwotrip_1", jwo_not_charged: true, jwo_not_charged_reason: notChargedReason("associate") },
        raw_total: "0",
        credit_lines: [{ reference: "jwo_not_charged", raw_amount: "6.60283325" }],
      })
    )
    expect(receipt.payment).toEqual({ status: "not_charged", charged: null, reason: "not charged: associate" })
    expect(receipt.totals).toMatchObject({ total: "6.60", not_charged: "6.60", to_pay: "0.00" })
    expect(receipt.text).toContain("Not charged: associate")
    expect(receipt.text).toMatch(/To pay USD +0\.00/)
    expect(receipt.amazon_order_id).toBeNull()
  })

  it("renders 48 columns of text with the weighed line, the promotion, the tax and the charge", () => {
    const { text } = buildReceipt(order())
    const lines = text.split("\n")
    expect(lines.every((l) => l.length <= 48)).toBe(true)
    expect(lines.slice(0, 5)).toEqual([
      "Manhattan 5th Ave",
      "350 5th Ave, New York US-NY 10001, US",
      "Order #42  2026-12-03 10:15 UTC",
      "Amazon order amzn-1",
      "pat@jwo.test",
    ])
    expect(text).toContain("  3 × 1.99")
    expect(text).toMatch(/Bananas — 0\.455 kg at 1\.52\/kg +0\.69/)
    expect(text).toMatch(/ {2}10 % off water +-0\.60/)
    expect(text).toMatch(/New York 8\.875 % +0\.54/)
    expect(text).toMatch(/Charged by Amazon +6\.60$/)
  })

  it("names a staff resolve as the reason, shortened", () => {
    expect(notChargedReason({ resolvedBy: "staff:user_1", reason: "paid at the counter" })).toBe("not charged: resolved by staff: paid at the counter")
    expect(notChargedReason({ resolvedBy: "staff:user_1", reason: "x".repeat(900) })).toHaveLength(500)
  })
})
