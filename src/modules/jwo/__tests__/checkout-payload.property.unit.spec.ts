/**
 * Property-based tests (fast-check) of the charge rule (issue 17.1): on thousands of random carts, Amazon's charge
 * is the exact Medusa order total rounded half-up, the line and order identities hold, every figure is its exact
 * value rounded down or up, and the sandbox's own validation (integer cents, written separately) accepts the
 * payload. The expected figures are computed here from the generated cart, not read back from the builder.
 */
import fc from "fast-check"
import { MathBN } from "@medusajs/framework/utils"
import { apportion, controlledRound } from "../apportion"
import {
  buildCheckoutPayload,
  checkCheckoutPayload,
  CheckoutCartPayload,
  CheckoutDepositsMode,
  CheckoutLineInput,
  CheckoutPricingMode,
  minorUnitDigits,
  roundHalfUp,
} from "../checkout-payload"
import { matchCart, parseCents, validateCheckoutCart } from "../../../sandbox/checkout"

type Decimal = ReturnType<typeof MathBN.convert>
const D = (x: string | number | Decimal) => MathBN.convert(x as any)
const sum = (xs: (string | Decimal)[]) => xs.reduce<Decimal>((a, x) => a.plus(D(x)), D(0))

/* ------------------------------------------------------------------------------------------------------------ */
/* Arbitraries: exact decimals are built from integers, never from floats                                        */
/* ------------------------------------------------------------------------------------------------------------ */

/** n / 10^scale, exactly. */
const decimal = (n: number | bigint, scale: number) => D(n.toString()).div(D(10).pow(scale))

const taxRate = fc.oneof(
  fc.constantFrom("0", "0.0725", "0.08625", "0.0825", "0.1", "0.2", "0.19", "0.055", "0.0475"),
  fc.integer({ min: 0, max: 300_000 }).map((n) => decimal(n, 6).toFixed()) // 0 – 30 %, up to 4 decimals of a percent
)

const quantity = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 24 }).chain((n) => fc.constantFrom(`${n}`, `${n}.0`)).map((value) => ({ value, unit: "unit", weighed: false })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9_999 }).map((g) => ({ value: decimal(g, 3).toFixed(), unit: "kg", weighed: true })) }
)

type GeneratedLine = { input: CheckoutLineInput; rate: string }

function lineArbitrary(index: number, zeroDecimal: boolean) {
  return fc
    .record({
      quantity,
      // Shelf price in minor units, sometimes with extra decimals (price lists, conversions).
      priceUnits: fc.integer({ min: 0, max: zeroDecimal ? 500_000 : 50_000 }),
      priceExtra: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 9_999 }) }),
      // Promotions as per-mille of the line subtotal; together at most 100 %.
      promotions: fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 3 }),
      fixedPromotion: fc.option(fc.integer({ min: 0, max: 1_000 }), { freq: 5 }),
      rate: taxRate,
      deposits: fc.array(fc.record({ perUnit: fc.integer({ min: 0, max: 50 }), taxed: fc.boolean() }), { maxLength: 2 }),
      type: fc.constantFrom("SKU" as const, "SCANCODE" as const),
      product: fc.integer({ min: 1, max: 30 }),
    })
    .map(({ quantity, priceUnits, priceExtra, promotions, fixedPromotion, rate, deposits, type, product }): GeneratedLine => {
      const scale = zeroDecimal ? 0 : 2
      const unitPrice = decimal(priceUnits, scale).plus(decimal(priceExtra, scale + 4))
      const lineSubtotal = unitPrice.times(quantity.value)
      let left = D(1000)
      const promos: { amount: string; description?: string }[] = []
      for (const pm of promotions) {
        const share = D(pm).lt(left) ? D(pm) : left
        left = left.minus(share)
        promos.push({ amount: lineSubtotal.times(share).div(1000).toFixed(), description: pm % 2 ? "Deal" : undefined })
      }
      if (fixedPromotion !== null) {
        // A fixed amount off (in minor units), at most what is left of the line.
        const fixed = decimal(fixedPromotion, scale)
        const room = lineSubtotal.minus(sum(promos.map((p) => p.amount)))
        promos.push({ amount: (fixed.lt(room) ? fixed : room).toFixed(), description: "Coupon" })
      }
      const taxable = lineSubtotal.minus(sum(promos.map((p) => p.amount)))
      const depositsAndFees = deposits.map((d) => {
        const amount = decimal(d.perUnit, scale).times(quantity.value)
        return { amount: amount.toFixed(), taxTotal: (d.taxed ? amount.times(rate) : D(0)).toFixed(), description: "Deposit" }
      })
      return {
        rate,
        input: {
          productId: `P-${index}-${product}`,
          type,
          quantity: { value: quantity.value, unit: quantity.unit },
          unitPrice: unitPrice.toFixed(),
          lineSubtotal: lineSubtotal.toFixed(),
          promotions: promos,
          taxTotal: taxable.times(rate).toFixed(),
          depositsAndFees: depositsAndFees.length ? depositsAndFees : undefined,
        },
      }
    })
}

const cartArbitrary = fc
  .record({
    currencyCode: fc.constantFrom("usd", "USD", "eur", "gbp", "cad", "jpy", "KRW"),
    mode: fc.constantFrom<CheckoutPricingMode>("line", "unit"),
    depositsMode: fc.constantFrom<CheckoutDepositsMode>("folded", "separate"),
    size: fc.integer({ min: 1, max: 50 }),
  })
  .chain((cart) => {
    const zeroDecimal = minorUnitDigits(cart.currencyCode) === 0
    return fc
      .tuple(...Array.from({ length: cart.size }, (_, i) => lineArbitrary(i, zeroDecimal)))
      .map((lines) => ({ ...cart, lines }))
  })

/* ------------------------------------------------------------------------------------------------------------ */
/* Expected figures, computed from the cart                                                                       */
/* ------------------------------------------------------------------------------------------------------------ */

type Exact = { price: Decimal; promotions: Decimal; tax: Decimal; total: Decimal }

function exactOf(line: CheckoutLineInput, folded: boolean): Exact {
  const deposits = folded ? line.depositsAndFees ?? [] : []
  const price = sum([line.lineSubtotal as string, ...deposits.map((d) => d.amount as string)])
  const promotions = sum((line.promotions ?? []).map((p) => p.amount as string))
  const tax = sum([line.taxTotal as string, ...deposits.map((d) => d.taxTotal as string)])
  return { price, promotions, tax, total: price.minus(promotions).plus(tax) }
}

/** |shown − exact ÷ per| < one minor unit (cross-multiplied, so exact): the figure is rounded down or up. */
function adjacent(shown: string, exact: Decimal, digits: number, per: Decimal = D(1)): boolean {
  return D(shown).times(per).minus(exact).abs().lt(D(10).pow(-digits).times(per))
}

const amounts = (payload: CheckoutCartPayload): string[] => {
  const out: string[] = []
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk)
    else if (x && typeof x === "object") {
      for (const [k, v] of Object.entries(x)) {
        if (k === "amount") out.push(v as string)
        else walk(v)
      }
    }
  }
  walk(payload)
  return out
}

const cents = (amount: string) => {
  const c = parseCents(amount)
  if (c === undefined) throw new Error(`not a two-decimal amount: ${amount}`)
  return c
}

/** Plain assertions in the hot loops: jest's expect costs more than the code under test. */
function ok(condition: boolean, what: string): void {
  if (!condition) throw new Error(`property failed: ${what}`)
}
function same<T>(actual: T, expected: T): void {
  if (actual !== expected) throw new Error(`expected ${String(expected)}, got ${String(actual)}`)
}

/** Random carts per property (JWO_PROPERTY_RUNS to run more, e.g. before a release). */
const RUNS = Number(process.env.JWO_PROPERTY_RUNS || 1000)

describe("charge = Medusa's order total rounded (fast-check, random carts)", () => {
  it(`holds on ${RUNS} random carts of 1 to 50 lines: identities, adjacency, sandbox acceptance`, () => {
    fc.assert(
      fc.property(cartArbitrary, ({ currencyCode, mode, depositsMode, lines }) => {
        const input = lines.map((l) => l.input)
        const folded = depositsMode === "folded"
        const digits = minorUnitDigits(currencyCode)
        const exact = input.map((l) => exactOf(l, folded))
        const orderExact = sum(exact.map((e) => e.total))

        const payload = buildCheckoutPayload({
          idempotentShoppingTripId: "trip",
          storeId: "store",
          currencyCode,
          mode,
          depositsMode,
          lines: input,
          orderTotal: orderExact.toFixed(),
        })
        const t = payload.orderTotals

        // The charge is the order total, rounded half-up once.
        ok(D(t.priceTotal.amount).eq(D(roundHalfUp(orderExact.toFixed(), currencyCode))), `priceTotal ${t.priceTotal.amount} = round(${orderExact.toFixed()})`)

        // Every amount is a string with exactly two decimals, one currency.
        for (const a of amounts(payload)) ok(/^\d+\.\d{2}$/.test(a), `two decimals: ${a}`)

        // Amazon's identities, in integer cents.
        const lineCents = payload.lineItems.map((l) => {
          const u = l.unitPrice
          const price = cents(u.price.amount)
          const promotions = u.promotions.reduce((a, p) => a + cents(p.promotionAmount.amount), 0n)
          const tax = cents(u.salesTax.amount)
          same(cents(u.totalPrice.amount), price - promotions + tax)
          return { price, promotions, tax, total: cents(u.totalPrice.amount) }
        })
        same(cents(t.priceTotal.amount), cents(t.subTotal.amount) - cents(t.promotionsTotal.amount) + cents(t.salesTaxTotal.amount))

        // The order totals are each their exact sum rounded down or up …
        const orderSums = {
          price: sum(exact.map((e) => e.price)),
          promotions: sum(exact.map((e) => e.promotions)),
          tax: sum(exact.map((e) => e.tax)),
        }
        ok(adjacent(t.subTotal.amount, orderSums.price, digits), "subTotal adjacent")
        ok(adjacent(t.promotionsTotal.amount, orderSums.promotions, digits), "promotionsTotal adjacent")
        ok(adjacent(t.salesTaxTotal.amount, orderSums.tax, digits), "salesTaxTotal adjacent")
        // … and the half-up rounding of it whenever those add up to the charge.
        const halfUp = (x: Decimal) => D(roundHalfUp(x.toFixed(), currencyCode))
        if (halfUp(orderSums.price).minus(halfUp(orderSums.promotions)).plus(halfUp(orderSums.tax)).eq(D(t.priceTotal.amount))) {
          expect([t.subTotal.amount, t.promotionsTotal.amount, t.salesTaxTotal.amount].map((a) => D(a).toFixed())).toEqual(
            [orderSums.price, orderSums.promotions, orderSums.tax].map((x) => halfUp(x).toFixed())
          )
        }

        payload.lineItems.forEach((l, i) => {
          const u = l.unitPrice
          const e = exact[i]
          const per = mode === "line" ? D(1) : D(input[i].quantity.value)
          // Each line figure is its exact value (÷ quantity in unit mode) rounded down or up; a zero stays zero.
          ok(adjacent(u.price.amount, e.price, digits, per), `line ${i} price adjacent`)
          ok(adjacent(u.salesTax.amount, e.tax, digits, per), `line ${i} salesTax adjacent`)
          ok(adjacent(sum(u.promotions.map((p) => p.promotionAmount.amount)).toFixed(), e.promotions, digits, per), `line ${i} promotions adjacent`)
          ok(adjacent(u.totalPrice.amount, e.total, digits, per), `line ${i} totalPrice adjacent`)
          if (e.tax.isZero()) same(u.salesTax.amount, D(0).toFixed(2))
          if (e.promotions.isZero()) same(u.promotions.length, 0)
          // Deposits: folded ones are part of price and salesTax; separate ones are only listed.
          const listed = u.depositsAndFees ?? []
          const depositsIn = input[i].depositsAndFees ?? []
          ok(listed.length <= depositsIn.length, `line ${i} deposits listed`)
          const listedAmount = listed.reduce((a, d) => a + cents(d.depositAndFeeAmount.amount), 0n)
          const listedTax = listed.reduce((a, d) => a + cents(d.salesTax.amount), 0n)
          const exactDeposits = sum(depositsIn.map((d) => d.amount as string))
          const exactDepositTax = sum(depositsIn.map((d) => d.taxTotal as string))
          // Each listed deposit is rounded down or up, so the list is within a unit per deposit of the exact one.
          const unitsOff = (listedC: bigint, exactD: Decimal) =>
            D(listedC.toString()).div(100).times(per).minus(exactD).abs().lte(D(10).pow(-digits).times(per).times(depositsIn.length))
          ok(unitsOff(listedAmount, exactDeposits) && unitsOff(listedTax, exactDepositTax), `line ${i} deposits near their exact amounts`)
          if (folded) ok(listedAmount <= lineCents[i].price && listedTax <= lineCents[i].tax, `line ${i} folded deposits are part of price and tax`)
          same(JSON.stringify(l.quantity), JSON.stringify(input[i].quantity))
        })

        if (mode === "line") {
          // The order totals are the sums of the line figures.
          same(lineCents.reduce((a, l) => a + l.price, 0n), cents(t.subTotal.amount))
          same(lineCents.reduce((a, l) => a + l.promotions, 0n), cents(t.promotionsTotal.amount))
          same(lineCents.reduce((a, l) => a + l.tax, 0n), cents(t.salesTaxTotal.amount))
          same(lineCents.reduce((a, l) => a + l.total, 0n), cents(t.priceTotal.amount))
        } else {
          // Unit mode: a line's totalPrice is its exact total ÷ quantity, rounded half-up.
          payload.lineItems.forEach((l, i) => {
            const perUnit = exact[i].total.times(D(10).pow(digits))
            const q = D(input[i].quantity.value)
            const floor = perUnit.idiv(q)
            const rem = perUnit.minus(floor.times(q))
            const expected = (rem.times(2).gte(q) ? floor.plus(1) : floor).div(D(10).pow(digits))
            same(D(l.unitPrice.totalPrice.amount).toFixed(), expected.toFixed())
          })
        }

        // The plugin's own validator, with the totals check of the mode and the cart Amazon sent (any order).
        const cart = input.map((l) => ({ id: l.productId, type: l.type, quantity: l.quantity })).reverse()
        expect(checkCheckoutPayload(payload, cart, { mode })).toEqual([])

        // The sandbox (Amazon's stand-in, integer cents): accepted, same cart, charges priceTotal.
        const sandbox = validateCheckoutCart(payload, folded ? "folded" : "either")
        if (!sandbox.ok) throw new Error(`sandbox refused: ${JSON.stringify(sandbox.problems)}`)
        expect(matchCart(sandbox.cart.lines, cart)).toEqual([])
        same(sandbox.cart.priceTotalCents, cents(t.priceTotal.amount))

        // The same lines against an order total a minor unit off are refused, not charged.
        const off = orderExact.plus(D(10).pow(-digits)).toFixed()
        expect(() =>
          buildCheckoutPayload({ idempotentShoppingTripId: "trip", storeId: "store", currencyCode, mode, depositsMode, lines: input, orderTotal: off })
        ).toThrow(/the charge must be the order total/)
      }),
      { numRuns: RUNS }
    )
  })

  it("line and unit mode charge the same amount for the same cart", () => {
    fc.assert(
      fc.property(cartArbitrary, ({ currencyCode, depositsMode, lines }) => {
        const build = (mode: CheckoutPricingMode) =>
          buildCheckoutPayload({ idempotentShoppingTripId: "t", storeId: "s", currencyCode, mode, depositsMode, lines: lines.map((l) => l.input) })
        expect(build("unit").orderTotals).toEqual(build("line").orderTotals)
      }),
      { numRuns: RUNS }
    )
  })
})

describe("controlled rounding of a table (fast-check)", () => {
  const cell = fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 0, max: 3 })).map(([n, s]) => decimal(n, s))
  const table = fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 40 }))

  it("rounds every cell, row, column and the total to an adjacent whole number, for either rounding of the total", () => {
    fc.assert(
      fc.property(table, fc.boolean(), (cells, ceil) => {
        const exactTotal = sum(cells.flat())
        const target = ceil ? exactTotal.integerValue(2 /* ROUND_CEIL */) : exactTotal.integerValue(3 /* ROUND_FLOOR */)
        const rounded = controlledRound(cells, target)
        const near = (r: Decimal, x: Decimal) => r.isInteger() && r.minus(x).abs().lt(1)
        rounded.forEach((row, i) => {
          row.forEach((r, j) => expect(near(r, cells[i][j])).toBe(true))
          expect(near(sum(row), sum(cells[i]))).toBe(true)
        })
        cells[0].forEach((_, j) => expect(near(sum(rounded.map((r) => r[j])), sum(cells.map((r) => r[j])))).toBe(true))
        expect(sum(rounded.flat()).eq(target)).toBe(true)
      }),
      { numRuns: RUNS }
    )
  })

  it("apportion: adjacent parts that add up to the total, half-up kept when it adds up", () => {
    const parts = fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3 })).map(([n, s]) => decimal(n, s)), { minLength: 1, maxLength: 20 })
    fc.assert(
      fc.property(parts, fc.boolean(), (xs, ceil) => {
        const exactTotal = sum(xs)
        const target = ceil ? exactTotal.integerValue(2) : exactTotal.integerValue(3)
        const out = apportion(xs, target)
        out.forEach((r, i) => expect(r.isInteger() && r.minus(xs[i]).abs().lt(1)).toBe(true))
        expect(sum(out).eq(target)).toBe(true)
        const halfUps = xs.map((x) => x.integerValue(5 /* ROUND_HALF_CEIL */))
        if (sum(halfUps).eq(target)) expect(out.map((r) => r.toFixed())).toEqual(halfUps.map((r) => r.toFixed()))
      }),
      { numRuns: RUNS }
    )
  })
})
