import { buildCheckoutPayload, checkCheckoutPayload, CheckoutLineInput } from "../../modules/jwo/checkout-payload"
import { formatCents, matchCart, normaliseQuantity, parseCents, validateCheckoutCart } from "../checkout"

/** Deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe("sandbox checkout rules (integer cents) against the plugin's payload builder and validator", () => {
  it("parses and formats money in integer cents, and normalises quantities, without floats", () => {
    expect(parseCents("0.10")).toBe(10n)
    expect(parseCents("90071992547409.93")).toBe(9007199254740993n) // beyond float precision
    expect([parseCents("1"), parseCents("1.0"), parseCents("0.999"), parseCents("-1.00"), parseCents(" 1.00")]).toEqual([undefined, undefined, undefined, undefined, undefined])
    expect([formatCents(5n), formatCents(-105n), formatCents(123456n)]).toEqual(["0.05", "-1.05", "1234.56"])
    expect([normaliseQuantity("1.0"), normaliseQuantity("002"), normaliseQuantity("0.4550"), normaliseQuantity("1e3")]).toEqual(["1", "2", "0.455", undefined])
  })

  it("accepts what the plugin builds in every mode: line/unit pricing, folded/separate deposits, weighed goods, JPY", () => {
    const lines: CheckoutLineInput[] = [
      { productId: "WATER", type: "SKU", quantity: { value: "3.0", unit: "unit" }, unitPrice: "1.99", lineSubtotal: "5.97", promotions: [{ amount: "0.597", description: "10% off" }], taxTotal: "0.46342125", depositsAndFees: [{ amount: "0.30", taxTotal: "0.0259", description: "Deposit" }] },
      { productId: "APPLES", type: "SKU", quantity: { value: "0.455", unit: "kg" }, unitPrice: "3.49", lineSubtotal: "1.58795", taxTotal: "0" },
      { productId: "0123456789012", type: "SCANCODE", quantity: { value: "1", unit: "unit" }, unitPrice: "2.675", lineSubtotal: "2.675", taxTotal: "0.2207" },
    ]
    const cart = lines.map((l) => ({ id: l.productId, type: l.type, quantity: l.quantity }))
    for (const mode of ["line", "unit"] as const) {
      for (const depositsMode of ["folded", "separate"] as const) {
        for (const currencyCode of ["usd", "jpy"]) {
          const payload = buildCheckoutPayload({ idempotentShoppingTripId: "t", storeId: "s", currencyCode, mode, depositsMode, lines })
          const result = validateCheckoutCart(payload)
          expect({ mode, depositsMode, currencyCode, problems: result.ok ? [] : result.problems }).toEqual({ mode, depositsMode, currencyCode, problems: [] })
          if (result.ok) {
            expect(matchCart(result.cart.lines, cart)).toEqual([])
            expect(formatCents(result.cart.priceTotalCents)).toBe(payload.orderTotals.priceTotal.amount)
          }
        }
      }
    }
  })

  it("agrees with the plugin's checkCheckoutPayload on 300 random carts and one-cent corruptions of them", () => {
    const random = prng(20261128)
    const cents = (max: number) => formatCents(BigInt(Math.floor(random() * max)))
    const targets = [
      (p: any, i: number) => p.lineItems[i].unitPrice.price,
      (p: any, i: number) => p.lineItems[i].unitPrice.salesTax,
      (p: any, i: number) => p.lineItems[i].unitPrice.totalPrice,
      (p: any) => p.orderTotals.subTotal,
      (p: any) => p.orderTotals.priceTotal,
      (p: any) => p.orderTotals.salesTaxTotal,
    ]
    for (let n = 0; n < 300; n++) {
      const lines: CheckoutLineInput[] = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) => {
        const subtotal = cents(10_000)
        return {
          productId: `SKU-${i}`,
          type: "SKU",
          quantity: { value: String(1 + Math.floor(random() * 4)), unit: "unit" },
          unitPrice: subtotal,
          lineSubtotal: subtotal,
          promotions: random() < 0.5 ? [{ amount: formatCents(BigInt(Math.floor(random() * Number(parseCents(subtotal)!)))) }] : [],
          taxTotal: `${cents(1000)}${Math.floor(random() * 1000)}`,
        }
      })
      const payload: any = buildCheckoutPayload({ idempotentShoppingTripId: "t", storeId: "s", currencyCode: "USD", lines })
      expect(validateCheckoutCart(payload).ok).toBe(true)
      expect(checkCheckoutPayload(payload)).toEqual([])

      const corrupt = JSON.parse(JSON.stringify(payload))
      const money = targets[Math.floor(random() * targets.length)](corrupt, Math.floor(random() * lines.length))
      money.amount = formatCents(parseCents(money.amount)! + 1n)
      expect({ n, sandbox: validateCheckoutCart(corrupt).ok }).toEqual({ n, sandbox: checkCheckoutPayload(corrupt).length === 0 })
      expect(validateCheckoutCart(corrupt).ok).toBe(false)
    }
  })
})
