import { BigNumber, MathBN } from "@medusajs/framework/utils"
import {
  buildCheckoutPayload,
  BuildCheckoutPayloadInput,
  checkCheckoutPayload,
  CheckoutCartPayload,
  CheckoutLineInput,
  CheckoutRule,
  ExpectedCartItem,
  formatAmount,
  minorUnitDigits,
  roundHalfUp,
} from "../checkout-payload"

const trip = { idempotentShoppingTripId: "trip-1", storeId: "store-1" }

function line(overrides: Partial<CheckoutLineInput> = {}): CheckoutLineInput {
  return {
    productId: "SKU-001",
    type: "SKU",
    quantity: { value: "1.0", unit: "unit" },
    unitPrice: "1",
    lineSubtotal: "1",
    promotions: [],
    taxTotal: "0",
    ...overrides,
  }
}

function build(lines: CheckoutLineInput[], extra: Partial<BuildCheckoutPayloadInput> = {}) {
  return buildCheckoutPayload({ ...trip, currencyCode: "usd", lines, ...extra })
}

function expectIdentities(payload: CheckoutCartPayload) {
  expect(checkCheckoutPayload(payload)).toEqual([])
}

/** Amazon's published example (contract §6), verbatim. */
const AMAZON_EXAMPLE = {
  idempotentShoppingTripId: "string",
  storeId: "string",
  lineItems: [
    {
      productId: "SKU-001",
      type: "SKU",
      quantity: { value: "1.0", unit: "unit" },
      unitPrice: {
        price: { amount: "1.00", currencyCode: "USD" },
        promotions: [{ promotionAmount: { amount: "0.01", currencyCode: "USD" }, promotionDescription: "Summer sale" }],
        salesTax: { amount: "0.00", currencyCode: "USD" },
        depositsAndFees: [
          {
            depositAndFeeAmount: { amount: "0.05", currencyCode: "USD" },
            depositAndFeeDescription: "Bottle deposit",
            salesTax: { amount: "0.00", currencyCode: "USD" },
          },
        ],
        totalPrice: { amount: "0.99", currencyCode: "USD" },
      },
    },
  ],
  orderTotals: {
    subTotal: { amount: "1.00", currencyCode: "USD" },
    promotionsTotal: { amount: "0.01", currencyCode: "USD" },
    salesTaxTotal: { amount: "0.00", currencyCode: "USD" },
    priceTotal: { amount: "0.99", currencyCode: "USD" },
  },
}

const amazonExampleInput: BuildCheckoutPayloadInput = {
  idempotentShoppingTripId: "string",
  storeId: "string",
  currencyCode: "usd",
  lines: [
    {
      productId: "SKU-001",
      type: "SKU",
      quantity: { value: "1.0", unit: "unit" },
      unitPrice: { value: "1", precision: 20 },
      lineSubtotal: { value: "1", precision: 20 },
      promotions: [{ amount: "0.01", description: "Summer sale" }],
      taxTotal: 0,
      depositsAndFees: [{ amount: "0.05", description: "Bottle deposit", taxTotal: "0" }],
    },
  ],
}

/** Line amounts of a payload, for compact assertions. */
function lineAmounts(payload: CheckoutCartPayload, i = 0) {
  const u = payload.lineItems[i].unitPrice
  return {
    price: u.price.amount,
    promotions: u.promotions.map((p) => p.promotionAmount.amount),
    salesTax: u.salesTax.amount,
    deposits: (u.depositsAndFees ?? []).map((d) => [d.depositAndFeeAmount.amount, d.salesTax.amount]),
    totalPrice: u.totalPrice.amount,
  }
}

function orderAmounts(payload: CheckoutCartPayload) {
  const t = payload.orderTotals
  return [t.subTotal.amount, t.promotionsTotal.amount, t.salesTaxTotal.amount, t.priceTotal.amount]
}

describe("roundHalfUp / formatAmount", () => {
  it.each([
    ["0.125", "0.13"],
    ["2.675", "2.68"],
    ["1.005", "1.01"],
    ["1.115", "1.12"],
    ["0.005", "0.01"],
    ["0.0049999999", "0.00"],
    ["0.124999999999999999999", "0.12"],
    ["5.83642125", "5.84"],
    ["0.597", "0.60"],
    ["0.46342125", "0.46"],
    ["0", "0.00"],
    ["12345678901234567890.995", "12345678901234567891.00"],
  ])("formats %s as %s (USD)", (exact, expected) => {
    expect(formatAmount(exact, "USD")).toBe(expected)
  })

  it("reads numbers by their decimal representation, not their binary float", () => {
    // 2.675, 1.005 and 0.125 + floats: Number.prototype.toFixed gives "2.67" and "1.00" here.
    expect(formatAmount(2.675, "usd")).toBe("2.68")
    expect(formatAmount(1.005, "usd")).toBe("1.01")
    expect(formatAmount({ value: "2.675", precision: 20 }, "usd")).toBe("2.68")
  })

  it("rounds to the currency's minor unit", () => {
    expect(roundHalfUp("2.675", "USD")).toBe("2.68")
    expect(roundHalfUp("100.5", "JPY")).toBe("101")
    expect(roundHalfUp("99.4999", "krw")).toBe("99")
    expect(roundHalfUp("1.2345", "BHD")).toBe("1.235")
    expect(roundHalfUp("1.2345", "XYZ")).toBe("1.23") // unknown: 2
    expect(minorUnitDigits("jpy")).toBe(0)
    expect(minorUnitDigits("KWD")).toBe(3)
    expect(minorUnitDigits("EUR")).toBe(2)
  })

  it("writes zero-decimal currencies with two decimals for Amazon", () => {
    expect(formatAmount("100", "JPY")).toBe("100.00")
    expect(formatAmount("100.5", "JPY")).toBe("101.00")
    expect(formatAmount("100.49", "jpy")).toBe("100.00")
  })

  it("refuses three-decimal currencies: Amazon cannot represent them", () => {
    expect(() => formatAmount("1.234", "BHD")).toThrow(/BHD has 3 decimals.*exactly 2/)
    expect(() => formatAmount("1.234", "KWD")).toThrow(/KWD/)
  })

  it("rejects anything that is not a finite decimal or a currency code", () => {
    expect(() => formatAmount("abc", "USD")).toThrow(/finite decimal/)
    expect(() => formatAmount("", "USD")).toThrow(/finite decimal/)
    expect(() => formatAmount(Number.NaN, "USD")).toThrow(/finite decimal/)
    expect(() => formatAmount(Number.POSITIVE_INFINITY, "USD")).toThrow(/finite decimal/)
    expect(() => formatAmount(null as never, "USD")).toThrow(/finite decimal/)
    expect(() => formatAmount("1", "US")).toThrow(/ISO 4217/)
    expect(() => formatAmount("1", "US1")).toThrow(/ISO 4217/)
  })
})

describe("buildCheckoutPayload", () => {
  it("reproduces Amazon's published example exactly (deposits listed separately)", () => {
    const payload = buildCheckoutPayload({ ...amazonExampleInput, depositsMode: "separate" })
    // Same fields, same values, same order.
    expect(JSON.stringify(payload)).toBe(JSON.stringify(AMAZON_EXAMPLE))
    expectIdentities(payload)
  })

  it("folds the same deposit into price by default, so it is charged and the identities still hold", () => {
    const payload = buildCheckoutPayload(amazonExampleInput)
    expect(lineAmounts(payload)).toEqual({
      price: "1.05",
      promotions: ["0.01"],
      salesTax: "0.00",
      deposits: [["0.05", "0.00"]],
      totalPrice: "1.04",
    })
    expect(orderAmounts(payload)).toEqual(["1.05", "0.01", "0.00", "1.04"])
    expectIdentities(payload)
  })

  it("prices 3 × 1.99 with 10% off and 8.625% tax from exact Medusa figures (line mode)", () => {
    // Medusa: subtotal 5.97, discount 0.597, tax (5.97 − 0.597) × 0.08625 = 0.46342125, total 5.83642125.
    const payload = build([
      line({
        quantity: { value: "3.0", unit: "unit" },
        unitPrice: "1.99",
        lineSubtotal: { value: "5.97", precision: 20 },
        promotions: [{ amount: { value: "0.597", precision: 20 }, description: "10% off" }],
        taxTotal: { value: "0.46342125", precision: 20 },
      }),
    ])
    expect(payload.lineItems[0].quantity).toEqual({ value: "3.0", unit: "unit" })
    // The charge is the exact total rounded: 5.84. Rounded on its own, each figure would give 5.97 − 0.60 + 0.46 =
    // 5.83; the figure with the largest remainder (tax, 0.46342125 → ….342 of a cent) is rounded up instead.
    expect(lineAmounts(payload)).toEqual({
      price: "5.97",
      promotions: ["0.60"],
      salesTax: "0.47",
      deposits: [],
      totalPrice: "5.84",
    })
    expect(payload.lineItems[0].unitPrice.promotions[0].promotionDescription).toBe("10% off")
    expect(orderAmounts(payload)).toEqual(["5.97", "0.60", "0.47", "5.84"])
    expectIdentities(payload)
  })

  it("charges the order total rounded where the rounded lines add up to a cent more (Amazon CP-1.3-like)", () => {
    // Water 1.99 and 0.5 kg of bananas at 1.52/kg, 8.875 % tax: exact total 2.9940625 → 2.99. Each line rounded on
    // its own gives 1.99 + 0.18 and 0.76 + 0.07 = 3.00, a cent more than the order. The order's tax 0.2440625 is
    // 0.24: of the two taxes rounded up, the one with the smaller remainder (water's 0.1766125) goes down.
    const payload = build(
      [
        line({ productId: "SKU-WATER", unitPrice: "1.99", lineSubtotal: "1.99", taxTotal: "0.1766125" }),
        line({ productId: "SKU-BANANA", quantity: { value: "0.5", unit: "kg" }, unitPrice: "1.52", lineSubtotal: "0.76", taxTotal: "0.06745" }),
      ],
      { orderTotal: "2.9940625" }
    )
    expect([lineAmounts(payload, 0), lineAmounts(payload, 1)].map((l) => [l.price, l.salesTax, l.totalPrice])).toEqual([
      ["1.99", "0.17", "2.16"],
      ["0.76", "0.07", "0.83"],
    ])
    expect(orderAmounts(payload)).toEqual(["2.75", "0.00", "0.24", "2.99"])
    expectIdentities(payload)
  })

  it("refuses lines that do not add up to Medusa's order total, instead of charging another amount", () => {
    const lines = [line({ lineSubtotal: "1.99", taxTotal: "0.1766125" })]
    expect(build(lines, { orderTotal: { value: "2.1666125", precision: 20 } }).orderTotals.priceTotal.amount).toBe("2.17")
    expect(build(lines, { orderTotal: "2.165" }).orderTotals.priceTotal.amount).toBe("2.17") // the same once rounded
    expect(() => build(lines, { orderTotal: "2.16" })).toThrow(
      /lines add up to 2\.17 USD, but the order total "2\.16" rounds to 2\.16: the charge must be the order total/
    )
    expect(() => build(lines, { orderTotal: "abc" })).toThrow(/orderTotal must be a finite decimal/)
  })

  it("never makes a line negative: a 100 % promotion with a half-cent price", () => {
    // 0.455 kg at 0.59/kg = 0.26845, all of it off, next to a taxed line.
    const payload = build([
      line({ productId: "FREE", quantity: { value: "0.455", unit: "kg" }, unitPrice: "0.59", lineSubtotal: "0.26845", promotions: [{ amount: "0.26845" }] }),
      line({ productId: "PAID", unitPrice: "0.26845", lineSubtotal: "0.26845", taxTotal: "0.023" }),
    ])
    expect(lineAmounts(payload, 0)).toMatchObject({ price: "0.27", promotions: ["0.27"], totalPrice: "0.00" })
    expect(orderAmounts(payload)).toEqual(["0.54", "0.27", "0.02", "0.29"])
    expectIdentities(payload)
  })

  it("rounds half-up exactly at .005 boundaries, where floats go wrong", () => {
    const payload = build([
      line({ productId: "A", lineSubtotal: "0.125", taxTotal: "0.005" }),
      line({ productId: "B", lineSubtotal: "2.675", taxTotal: "0.0049999", promotions: [{ amount: "1.005" }] }),
      line({ productId: "C", lineSubtotal: 2.675, taxTotal: 0.115 }),
    ])
    // Exact: subtotal 5.475 → 5.48, promotions 1.005 → 1.01, tax 0.1249999 → 0.12, total 4.5949999 → 4.59 (they add
    // up). Three prices end in half a cent (0.125, 2.675, 2.675) but their sum rounds up only twice, so one price
    // (A's) is rounded down; A's tax (0.005) is rounded up to keep its line at its exact 0.13, and C's tax (0.115)
    // down to keep the order's tax at 0.12.
    expect(lineAmounts(payload, 0)).toMatchObject({ price: "0.12", salesTax: "0.01", totalPrice: "0.13" })
    expect(lineAmounts(payload, 1)).toMatchObject({ price: "2.68", promotions: ["1.01"], salesTax: "0.00", totalPrice: "1.67" })
    expect(lineAmounts(payload, 2)).toMatchObject({ price: "2.68", salesTax: "0.11", totalPrice: "2.79" })
    expect(orderAmounts(payload)).toEqual(["5.48", "1.01", "0.12", "4.59"])
    expectIdentities(payload)
  })

  it("prices a weighed good: 0.455 kg × 12.99/kg", () => {
    const weighed = line({
      productId: "BANANAS",
      type: "SCANCODE",
      quantity: { value: "0.455", unit: "kg" },
      unitPrice: "12.99",
      lineSubtotal: MathBN.mult("12.99", "0.455").toFixed(), // 5.91045
      promotions: [{ amount: "0.5", description: "Loyalty" }],
      taxTotal: "0.0541045", // (5.91045 − 0.5) × 1%
    })
    const byLine = build([weighed])
    expect(byLine.lineItems[0]).toMatchObject({ productId: "BANANAS", type: "SCANCODE", quantity: { value: "0.455", unit: "kg" } })
    expect(lineAmounts(byLine)).toEqual({ price: "5.91", promotions: ["0.50"], salesTax: "0.05", deposits: [], totalPrice: "5.46" })
    expect(orderAmounts(byLine)).toEqual(["5.91", "0.50", "0.05", "5.46"])
    expectIdentities(byLine)

    // Unit mode: per kg. promotion 0.5 / 0.455 = 1.0989… → 1.10; tax 0.0541045 / 0.455 = 0.118911 → 0.12.
    // Contributions: 12.99 × 0.455 = 5.91045 → 5.91; 1.10 × 0.455 = 0.5005 → 0.50; 0.12 × 0.455 = 0.0546 → 0.05.
    const byUnit = build([weighed], { mode: "unit" })
    expect(lineAmounts(byUnit)).toEqual({ price: "12.99", promotions: ["1.10"], salesTax: "0.12", deposits: [], totalPrice: "12.01" })
    expect(orderAmounts(byUnit)).toEqual(["5.91", "0.50", "0.05", "5.46"])
    expect(checkCheckoutPayload(byUnit, undefined, { mode: "unit" })).toEqual([])
  })

  it("apportions the rounded order tax across many lines (largest remainder), so the lines add up to it", () => {
    // Ten lines of 0.99 at 8.25% tax: 0.081675 per line. Rounded on its own, each line's tax is 0.08 and they add
    // up to 0.80, but the order's exact tax is 0.81675 → 0.82 and its total 10.71675 → 10.72. Two lines carry the
    // two missing cents (equal remainders: the first lines).
    const lines = Array.from({ length: 10 }, (_, i) =>
      line({ productId: `SKU-${i}`, unitPrice: "0.99", lineSubtotal: "0.99", taxTotal: MathBN.mult("0.99", "0.0825").toFixed() })
    )
    expect(roundHalfUp(MathBN.mult("9.9", "0.0825").toFixed(), "USD")).toBe("0.82") // the order's tax, rounded
    const payload = build(lines)
    for (let i = 0; i < 10; i++) {
      expect(lineAmounts(payload, i)).toMatchObject(
        i < 2 ? { price: "0.99", salesTax: "0.09", totalPrice: "1.08" } : { price: "0.99", salesTax: "0.08", totalPrice: "1.07" }
      )
    }
    expect(orderAmounts(payload)).toEqual(["9.90", "0.00", "0.82", "10.72"])
    const sumOfLineTotals = MathBN.sum(...payload.lineItems.map((l) => l.unitPrice.totalPrice.amount)).toFixed(2)
    expect(sumOfLineTotals).toBe(payload.orderTotals.priceTotal.amount)
    expect(checkCheckoutPayload(payload, undefined, { mode: "line" })).toEqual([])
  })

  it("unit mode: quantity 3, unit figures, the same order totals as line mode", () => {
    const payload = build(
      [
        line({
          quantity: { value: "3.0", unit: "unit" },
          unitPrice: "1.99",
          lineSubtotal: "5.97",
          promotions: [{ amount: "0.597", description: "10% off" }],
          taxTotal: "0.46342125",
        }),
      ],
      { mode: "unit" }
    )
    // Per unit: total 5.83642125 / 3 = 1.94547375 → 1.95; 0.597 / 3 = 0.199 → 0.20; 0.46342125 / 3 = 0.15447375,
    // rounded up to 0.16 (largest remainder) so that 1.99 − 0.20 + 0.16 = 1.95.
    expect(lineAmounts(payload)).toEqual({ price: "1.99", promotions: ["0.20"], salesTax: "0.16", deposits: [], totalPrice: "1.95" })
    // The order totals do not depend on the mode: the charge is the order total, 5.84 (not 1.95 × 3 = 5.85).
    expect(orderAmounts(payload)).toEqual(["5.97", "0.60", "0.47", "5.84"])
    expectIdentities(payload)
    expect(checkCheckoutPayload(payload, undefined, { mode: "unit" })).toEqual([])
    // The line-mode sum check rightly fails for a unit-mode payload with quantity 3.
    expect(checkCheckoutPayload(payload, undefined, { mode: "line" }).map((v) => v.rule)).toContain("totals-consistency")
  })

  it("handles deposits: folded (default), separate, and per unit", () => {
    // A 6-pack: 3.49 at 7.25% tax (0.253025), 0.30 deposit taxed 0.02175.
    const sixPack = line({
      productId: "WATER-6",
      unitPrice: "3.49",
      lineSubtotal: "3.49",
      taxTotal: "0.253025",
      depositsAndFees: [{ amount: "0.30", description: "CRV", taxTotal: "0.02175" }],
    })
    const folded = build([sixPack])
    expect(lineAmounts(folded)).toEqual({ price: "3.79", promotions: [], salesTax: "0.27", deposits: [["0.30", "0.02"]], totalPrice: "4.06" })
    expect(folded.lineItems[0].unitPrice.depositsAndFees?.[0].depositAndFeeDescription).toBe("CRV")
    expect(orderAmounts(folded)).toEqual(["3.79", "0.00", "0.27", "4.06"])
    expectIdentities(folded)

    const separate = build([sixPack], { depositsMode: "separate" })
    expect(lineAmounts(separate)).toEqual({ price: "3.49", promotions: [], salesTax: "0.25", deposits: [["0.30", "0.02"]], totalPrice: "3.74" })
    expect(orderAmounts(separate)).toEqual(["3.49", "0.00", "0.25", "3.74"])
    expectIdentities(separate)

    // Two bottles, 0.10 deposit each (0.20 for the line), no description → default; a zero deposit is omitted.
    const bottles = line({
      productId: "SODA",
      quantity: { value: "2", unit: "each" },
      unitPrice: "1.25",
      lineSubtotal: "2.5",
      taxTotal: "0",
      depositsAndFees: [
        { amount: "0.20", taxTotal: "0" },
        { amount: "0", description: "Nothing", taxTotal: "0.001" },
      ],
    })
    const perUnit = build([bottles], { mode: "unit" })
    expect(lineAmounts(perUnit)).toEqual({ price: "1.35", promotions: [], salesTax: "0.00", deposits: [["0.10", "0.00"]], totalPrice: "1.35" })
    expect(perUnit.lineItems[0].unitPrice.depositsAndFees?.[0].depositAndFeeDescription).toBe("Deposit or fee")
    expect(orderAmounts(perUnit)).toEqual(["2.70", "0.00", "0.00", "2.70"])
    expect(checkCheckoutPayload(perUnit, undefined, { mode: "unit" })).toEqual([])
  })

  it("prices JPY in whole yen, written with two decimals", () => {
    const payload = buildCheckoutPayload({
      ...trip,
      currencyCode: "jpy",
      lines: [
        line({ quantity: { value: "3", unit: "unit" }, unitPrice: "100", lineSubtotal: "300", promotions: [{ amount: "30" }], taxTotal: "27" }),
        line({ productId: "ONIGIRI", unitPrice: "149", lineSubtotal: "149", taxTotal: "11.92" }), // 8%
        line({ productId: "TEA", unitPrice: "245", lineSubtotal: "245", taxTotal: "24.5" }), // 10%
      ],
    })
    expect(lineAmounts(payload, 0)).toEqual({ price: "300.00", promotions: ["30.00"], salesTax: "27.00", deposits: [], totalPrice: "297.00" })
    expect(lineAmounts(payload, 1)).toMatchObject({ price: "149.00", salesTax: "12.00", totalPrice: "161.00" })
    // Tax 27 + 11.92 + 24.5 = 63.42 → 63 yen, total 727.42 → 727: of the two roundings up (11.92 → 12, 24.5 → 25),
    // the one with the smaller remainder (24.5) goes down.
    expect(lineAmounts(payload, 2)).toMatchObject({ price: "245.00", salesTax: "24.00", totalPrice: "269.00" })
    expect(payload.orderTotals.priceTotal).toEqual({ amount: "727.00", currencyCode: "JPY" })
    expect(orderAmounts(payload)).toEqual(["694.00", "30.00", "63.00", "727.00"])
    expectIdentities(payload)
  })

  it("omits zero promotions, defaults missing descriptions and keeps the rest", () => {
    const payload = build([
      line({
        lineSubtotal: "10",
        promotions: [
          { amount: "0" },
          { amount: "0.004", description: "rounds to nothing" },
          { amount: "1.5", description: "  " },
          { amount: "2", description: null },
          { amount: "0.25", description: "Coupon" },
        ],
      }),
    ])
    expect(payload.lineItems[0].unitPrice.promotions).toEqual([
      { promotionAmount: { amount: "1.50", currencyCode: "USD" }, promotionDescription: "Promotion" },
      { promotionAmount: { amount: "2.00", currencyCode: "USD" }, promotionDescription: "Promotion" },
      { promotionAmount: { amount: "0.25", currencyCode: "USD" }, promotionDescription: "Coupon" },
    ])
    expect(lineAmounts(payload).totalPrice).toBe("6.25")
    expectIdentities(payload)
  })

  it("accepts Medusa BigNumber values", () => {
    const payload = build([line({ lineSubtotal: new BigNumber("2.675"), taxTotal: new BigNumber({ value: "0.125" }) })])
    // 2.675 + 0.125 = 2.80 exactly: both halves cannot round up; the later figure (tax) goes down.
    expect(lineAmounts(payload)).toMatchObject({ price: "2.68", salesTax: "0.12", totalPrice: "2.80" })
  })

  it("refuses bad input with a clear error", () => {
    expect(() => build([])).toThrow(/without lines: Amazon rejects empty carts/)
    expect(() => build([line({ lineSubtotal: "-1" })])).toThrow(/lines\[0\]\.lineSubtotal must not be negative/)
    expect(() => build([line({ promotions: [{ amount: "-0.10" }] })])).toThrow(/promotions\[0\]\.amount must not be negative/)
    expect(() => build([line({ taxTotal: "1,00" })])).toThrow(/lines\[0\]\.taxTotal must be a finite decimal/)
    expect(() => build([line({ quantity: { value: "0", unit: "unit" } })], { mode: "unit" })).toThrow(/quantity\.value must be positive/)
    expect(() => build([line({ quantity: { value: "abc", unit: "unit" } })])).toThrow(/quantity\.value must be a finite decimal/)
    expect(() => build([line({ lineSubtotal: "1", promotions: [{ amount: "2" }] })])).toThrow(/line total would be negative/)
    expect(() => build([line()], { currencyCode: "BHD" })).toThrow(/BHD has 3 decimals/)
    expect(() => build([line()], { currencyCode: "dollars" })).toThrow(/ISO 4217/)
    expect(() => build([line()], { mode: "per-unit" as never })).toThrow(/mode must be/)
    expect(() => build([line({ type: "UPC" as never })])).toThrow(/type must be "SKU" or "SCANCODE"/)
  })
})

describe("checkCheckoutPayload (Amazon's validation table)", () => {
  const clone = (): any => JSON.parse(JSON.stringify(AMAZON_EXAMPLE))
  const expectedCart: ExpectedCartItem[] = [{ id: "SKU-001", quantity: { value: "1.0", unit: "unit" } }]

  /** Exactly the given rule fires, at least once, and nothing else. */
  function expectOnly(payload: unknown, rule: CheckoutRule, cart?: ExpectedCartItem[]) {
    const violations = checkCheckoutPayload(payload, cart)
    expect(violations.length).toBeGreaterThan(0)
    expect(violations.map((v) => v.rule)).toEqual(violations.map(() => rule))
    for (const v of violations) expect(v.message).toEqual(expect.any(String))
    return violations
  }

  it("accepts Amazon's example, with and without the expected cart", () => {
    expect(checkCheckoutPayload(AMAZON_EXAMPLE)).toEqual([])
    expect(checkCheckoutPayload(AMAZON_EXAMPLE, expectedCart)).toEqual([])
    // "1" and "1.0" are the same quantity.
    expect(checkCheckoutPayload(AMAZON_EXAMPLE, [{ id: "SKU-001", quantity: { value: "1", unit: "unit" } }])).toEqual([])
  })

  describe("cart match", () => {
    it("flags a product Amazon did not send", () => {
      const p = clone()
      p.lineItems[0].productId = "SKU-999"
      const v = expectOnly(p, "cart-match", expectedCart)
      expect(v.map((x) => x.path)).toEqual(["lineItems[0]", "lineItems"])
    })

    it("flags a different quantity", () => {
      const p = clone()
      p.lineItems[0].quantity.value = "2.0"
      expectOnly(p, "cart-match", expectedCart)
    })

    it("flags a different unit", () => {
      const p = clone()
      p.lineItems[0].quantity.unit = "kg"
      expectOnly(p, "cart-match", expectedCart)
    })

    it("flags a missing line (multiset: the same item twice in the cart)", () => {
      const v = expectOnly(clone(), "cart-match", [...expectedCart, ...expectedCart])
      expect(v).toEqual([expect.objectContaining({ path: "lineItems", message: expect.stringMatching(/no matching line/) })])
    })

    it("flags an extra line", () => {
      const p = clone()
      p.lineItems.push(clone().lineItems[0])
      p.orderTotals = {
        subTotal: { amount: "2.00", currencyCode: "USD" },
        promotionsTotal: { amount: "0.02", currencyCode: "USD" },
        salesTaxTotal: { amount: "0.00", currencyCode: "USD" },
        priceTotal: { amount: "1.98", currencyCode: "USD" },
      }
      expect(checkCheckoutPayload(p, [...expectedCart, ...expectedCart])).toEqual([])
      expectOnly(p, "cart-match", expectedCart)
    })

    it("compares the type when the expected cart gives it", () => {
      expect(checkCheckoutPayload(AMAZON_EXAMPLE, [{ ...expectedCart[0], type: "SKU" }])).toEqual([])
      expectOnly(AMAZON_EXAMPLE, "cart-match", [{ ...expectedCart[0], type: "SCANCODE" }])
    })
  })

  it("line arithmetic: totalPrice must equal price − Σ promotions + salesTax", () => {
    const p = clone()
    p.lineItems[0].unitPrice.totalPrice.amount = "1.00"
    // Order totals that hold on their own (1.00 − 0.00 + 0.00), so only the line identity is broken.
    p.orderTotals.priceTotal.amount = "1.00"
    p.orderTotals.promotionsTotal.amount = "0.00"
    const v = expectOnly(p, "line-arithmetic")
    expect(v[0].path).toBe("lineItems[0].unitPrice.totalPrice.amount")
    expect(v[0].message).toContain("0.99")
  })

  it("line arithmetic: promotion amounts are positive", () => {
    const p = clone()
    p.lineItems[0].unitPrice.promotions[0].promotionAmount.amount = "-0.01"
    p.lineItems[0].unitPrice.totalPrice.amount = "1.01"
    p.orderTotals.promotionsTotal.amount = "-0.01"
    p.orderTotals.priceTotal.amount = "1.01"
    expectOnly(p, "line-arithmetic")
  })

  it("order arithmetic: priceTotal must equal subTotal − promotionsTotal + salesTaxTotal", () => {
    const p = clone()
    p.orderTotals.priceTotal.amount = "1.04"
    const v = expectOnly(p, "order-arithmetic")
    expect(v[0].path).toBe("orderTotals.priceTotal.amount")
  })

  describe("precision: every amount is a string with exactly two decimals", () => {
    it.each([
      ["a number", 1],
      ["a number with decimals", 1.0],
      ['"1"', "1"],
      ['"1.0"', "1.0"],
      ['"0.999"', "0.999"],
      ['"1.000"', "1.000"],
      ['"1,00"', "1,00"],
      ['" 1.00"', " 1.00"],
      ['"+1.00"', "+1.00"],
      ['".50"', ".50"],
    ])("rejects %s", (_label, amount) => {
      const p = clone()
      p.lineItems[0].unitPrice.salesTax.amount = amount
      const v = expectOnly(p, "precision")
      expect(v.map((x) => x.path)).toEqual(["lineItems[0].unitPrice.salesTax.amount"])
    })

    it("checks promotion, deposit and order amounts too", () => {
      const p = clone()
      p.lineItems[0].unitPrice.promotions[0].promotionAmount.amount = "0.010"
      p.lineItems[0].unitPrice.depositsAndFees[0].depositAndFeeAmount.amount = "0.05000"
      p.lineItems[0].unitPrice.depositsAndFees[0].salesTax.amount = 0
      p.orderTotals.subTotal.amount = "1"
      const v = expectOnly(p, "precision")
      expect(v.map((x) => x.path)).toEqual([
        "lineItems[0].unitPrice.promotions[0].promotionAmount.amount",
        "lineItems[0].unitPrice.depositsAndFees[0].depositAndFeeAmount.amount",
        "lineItems[0].unitPrice.depositsAndFees[0].salesTax.amount",
        "orderTotals.subTotal.amount",
      ])
    })

    it("accepts negative two-decimal amounts syntactically", () => {
      const p = clone()
      p.lineItems[0].unitPrice.salesTax.amount = "-0.00"
      expect(checkCheckoutPayload(p)).toEqual([])
    })
  })

  it("non-empty: lineItems must not be empty", () => {
    const p = clone()
    p.lineItems = []
    const v = expectOnly(p, "non-empty")
    expect(v[0].path).toBe("lineItems")
    const q = clone()
    delete q.lineItems
    expectOnly(q, "non-empty")
  })

  it("pricing: every line has a price", () => {
    const p = clone()
    delete p.lineItems[0].unitPrice.price
    const v = expectOnly(p, "pricing")
    expect(v[0].path).toBe("lineItems[0].unitPrice.price")
    const q = clone()
    delete q.lineItems[0].unitPrice
    expectOnly(q, "pricing")
  })

  describe("currency", () => {
    it("must be 3 upper-case ISO 4217 letters", () => {
      for (const code of ["usd", "US", "USDD", "", 840]) {
        const p = clone()
        p.lineItems[0].unitPrice.price.currencyCode = code
        const v = expectOnly(p, "currency")
        expect(v.map((x) => x.path)).toEqual(["lineItems[0].unitPrice.price.currencyCode"])
      }
    })

    it("must be the same in every amount", () => {
      const p = clone()
      p.orderTotals.salesTaxTotal.currencyCode = "EUR"
      const v = expectOnly(p, "currency")
      expect(v[0]).toEqual({
        rule: "currency",
        path: "orderTotals.salesTaxTotal.currencyCode",
        message: "currencyCode EUR differs from USD used elsewhere in the cart",
      })
    })
  })

  it("structure: required fields and shapes, without throwing on garbage", () => {
    expectOnly(null, "structure")
    expectOnly("cart", "structure")
    const p = clone()
    delete p.storeId
    delete p.lineItems[0].quantity
    expectOnly(p, "structure")
    const q = clone()
    delete q.orderTotals
    expectOnly(q, "structure")
    const r = clone()
    delete r.lineItems[0].unitPrice.totalPrice
    expectOnly(r, "structure")
    expect(() => checkCheckoutPayload({ lineItems: [null, 1, { unitPrice: [] }], orderTotals: [] }, expectedCart)).not.toThrow()
  })

  it("totals consistency (opt-in): order totals are the sums of the line figures", () => {
    const p = clone()
    p.orderTotals.subTotal.amount = "2.00"
    p.orderTotals.priceTotal.amount = "1.99"
    expect(checkCheckoutPayload(p)).toEqual([]) // Amazon's table alone cannot see this
    const v = checkCheckoutPayload(p, undefined, { mode: "line" })
    expect(v).toEqual([expect.objectContaining({ rule: "totals-consistency", path: "orderTotals.subTotal.amount" })])
  })
})

describe("every built payload passes the validator (seeded property test)", () => {
  /** mulberry32: small deterministic PRNG. */
  function prng(seed: number) {
    let a = seed >>> 0
    return () => {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  it("holds for 400 random carts in every mode and currency", () => {
    const random = prng(20240322)
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
    const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]
    /** An exact decimal with up to `scale` decimals, from an integer: no floats involved. */
    const decimal = (maxUnits: number, scale: number) => MathBN.div(int(0, maxUnits * 10 ** scale), 10 ** scale).toFixed()

    for (let n = 0; n < 400; n++) {
      const currencyCode = pick(["usd", "EUR", "gbp", "JPY", "krw", "CAD"])
      const mode = pick(["line", "unit"] as const)
      const depositsMode = pick(["folded", "separate"] as const)
      const lines: CheckoutLineInput[] = []
      const expected: ExpectedCartItem[] = []
      for (let i = int(1, 8); i > 0; i--) {
        const weighed = random() < 0.25
        const quantityValue = weighed ? MathBN.div(int(1, 5000), 1000).toFixed() : `${int(1, 12)}.0`
        const quantity = { value: quantityValue, unit: weighed ? "kg" : "unit" }
        const unitPrice = decimal(currencyCode.toUpperCase() === "JPY" || currencyCode === "krw" ? 5000 : 50, int(0, 4))
        const lineSubtotal = MathBN.mult(unitPrice, quantityValue)
        const promotions = Array.from({ length: int(0, 3) }, () => ({
          amount: MathBN.mult(lineSubtotal, MathBN.div(int(0, 15), 100)).toFixed(), // ≤ 15% each
          description: random() < 0.5 ? "Deal" : undefined,
        }))
        const discounted = MathBN.sub(lineSubtotal, MathBN.sum(...promotions.map((p) => p.amount)))
        const taxTotal = MathBN.mult(discounted, pick(["0", "0.0725", "0.08625", "0.2", "0.1"])).toFixed()
        const depositsAndFees =
          random() < 0.3
            ? [{ amount: MathBN.mult("0.05", quantityValue).toFixed(), taxTotal: MathBN.mult("0.0036", quantityValue).toFixed(), description: "Deposit" }]
            : undefined
        const productId = `P-${int(1, 20)}`
        const type = pick(["SKU", "SCANCODE"] as const)
        lines.push({ productId, type, quantity, unitPrice, lineSubtotal: lineSubtotal.toFixed(), promotions, taxTotal, depositsAndFees })
        expected.push({ id: productId, type, quantity: { ...quantity } })
      }
      // Amazon's cart may come in any order.
      expected.reverse()

      const payload = buildCheckoutPayload({ ...trip, currencyCode, mode, depositsMode, lines })
      const violations = checkCheckoutPayload(payload, expected, { mode })
      if (violations.length > 0) throw new Error(`cart #${n}: ${JSON.stringify({ violations, lines, mode, depositsMode, currencyCode })}`)

      // Quantities are echoed unchanged, line order kept.
      expect(payload.lineItems.map((l) => l.quantity)).toEqual(lines.map((l) => l.quantity))

      // The charge is the exact total rounded half-up once; in line mode each line figure is its exact value
      // rounded down or up (fast-check goes further: checkout-payload.property.unit.spec.ts).
      const digits = minorUnitDigits(currencyCode)
      const unit = MathBN.exp(10, -digits)
      let exactTotal = MathBN.convert(0)
      lines.forEach((l, i) => {
        const deposits = depositsMode === "folded" ? l.depositsAndFees ?? [] : []
        const price = MathBN.sum(l.lineSubtotal, ...deposits.map((d) => d.amount))
        const tax = MathBN.sum(l.taxTotal, ...deposits.map((d) => d.taxTotal))
        const promotions = MathBN.sum(0, ...(l.promotions ?? []).map((p) => p.amount))
        exactTotal = MathBN.sum(exactTotal, price, MathBN.mult(-1, promotions), tax)
        if (mode === "line") {
          const shown = payload.lineItems[i].unitPrice
          for (const [figure, exact] of [
            [shown.price.amount, price],
            [shown.salesTax.amount, tax],
            [MathBN.sum(0, ...shown.promotions.map((p) => p.promotionAmount.amount)), promotions],
          ] as const) {
            expect(MathBN.lt(MathBN.abs(MathBN.sub(figure, exact)), unit)).toBe(true)
          }
        }
      })
      expect(payload.orderTotals.priceTotal.amount).toBe(formatAmount(exactTotal.toFixed(), currencyCode))
    }
  })
})
