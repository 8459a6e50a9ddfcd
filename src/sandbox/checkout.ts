/**
 * Amazon's Checkout Cart validation (contract §6), as the sandbox applies it. Pure, no I/O.
 *
 * Money is parsed from its two-decimal string into integer cents (BigInt) and all arithmetic is exact integer
 * arithmetic: no float ever touches an amount. This is written independently of the plugin's
 * `checkCheckoutPayload` (which uses bignumber.js) on purpose, so the sandbox cross-checks the plugin's builder and
 * validator instead of agreeing with them by construction.
 */

export type CheckoutRule =
  | "body"
  | "non-empty"
  | "pricing"
  | "precision"
  | "line-arithmetic"
  | "order-arithmetic"
  | "unknown-trip"
  | "expired-trip"
  | "cart-mismatch"

export type CheckoutProblem = { rule: CheckoutRule; path: string; message: string }

/**
 * How deposits and fees may enter the line identity. Amazon's own example leaves them out of `totalPrice`; the
 * plugin's default (`folded`) adds them into `price`/`salesTax`, which satisfies the same identity; the contract's
 * wording also allows adding them on top (`totalPrice = price − Σ promotions + salesTax + Σ deposits + Σ their tax`).
 * - `either` (default): both identities are accepted.
 * - `folded`: only `totalPrice = price − Σ promotions + salesTax`.
 * - `added`: lines with deposits must use the additive form.
 */
export type DepositsRule = "either" | "folded" | "added"

export type CartItem = { id: string; type?: string; quantity: { value: string; unit: string } }

export type ValidCheckout = {
  idempotentShoppingTripId: string
  storeId: string
  lines: { productId: string; type: string; quantity: { value: string; unit: string } }[]
  priceTotalCents: bigint
  currencyCode: string
}

/** Order in which problems are reported: the first one becomes `errorMsg`. */
const RULE_ORDER: CheckoutRule[] = [
  "body",
  "non-empty",
  "pricing",
  "precision",
  "line-arithmetic",
  "order-arithmetic",
  "unknown-trip",
  "expired-trip",
  "cart-mismatch",
]

const AMOUNT = /^(\d+)\.(\d{2})$/
const CURRENCY = /^[A-Z]{3}$/
const QUANTITY = /^(\d+)(?:\.(\d+))?$/

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)

/** "12.34" → 1234n; undefined for anything but a non-negative string with exactly two decimals. */
export function parseCents(amount: string): bigint | undefined {
  const m = AMOUNT.exec(amount)
  return m ? BigInt(m[1]) * 100n + BigInt(m[2]) : undefined
}

/** 1234n → "12.34"; -5n → "-0.05". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? "-" : ""
  const abs = cents < 0n ? -cents : cents
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`
}

/** "1.0", "01", "1.000" → "1"; "0.4550" → "0.455"; undefined when not a plain non-negative decimal. */
export function normaliseQuantity(value: string): string | undefined {
  const m = QUANTITY.exec(value.trim())
  if (!m) return undefined
  const int = m[1].replace(/^0+(?=\d)/, "")
  const frac = (m[2] ?? "").replace(/0+$/, "")
  return frac ? `${int}.${frac}` : int
}

/**
 * Checks everything that does not need the trip: structure, non-empty, pricing, precision, line and order
 * arithmetic. Returns every problem found, most important first, or the parsed cart.
 */
export function validateCheckoutCart(
  body: unknown,
  deposits: DepositsRule = "either"
): { ok: true; cart: ValidCheckout } | { ok: false; problems: CheckoutProblem[] } {
  const problems: CheckoutProblem[] = []
  const add = (rule: CheckoutRule, path: string, message: string) => problems.push({ rule, path, message })

  if (!isObj(body)) {
    add("body", "", "Request body must be a JSON object")
    return { ok: false, problems }
  }
  for (const field of ["idempotentShoppingTripId", "storeId"] as const) {
    if (typeof body[field] !== "string" || body[field] === "") add("body", field, `Missing required field ${field}`)
  }

  let currency: string | undefined
  /** Reads a money object into cents, recording what is wrong with it. */
  const money = (value: unknown, path: string, missingRule: CheckoutRule = "body"): bigint | undefined => {
    if (value === undefined || value === null) {
      add(missingRule, path, missingRule === "pricing" ? `Missing price: ${path} is required` : `Missing required field ${path}`)
      return undefined
    }
    if (!isObj(value)) {
      add("body", path, `${path} must be {"amount": "<string>", "currencyCode": "<ISO 4217>"}`)
      return undefined
    }
    const code = value.currencyCode
    if (typeof code !== "string" || !CURRENCY.test(code)) {
      add("body", `${path}.currencyCode`, `${path}.currencyCode must be a 3-letter upper-case ISO 4217 code`)
    } else if (currency === undefined) {
      currency = code
    } else if (code !== currency) {
      add("body", `${path}.currencyCode`, `${path}.currencyCode ${code} differs from ${currency} used elsewhere in the cart`)
    }
    const amount = value.amount
    const cents = typeof amount === "string" ? parseCents(amount) : undefined
    if (cents === undefined) {
      add(
        "precision",
        `${path}.amount`,
        `Invalid amount at ${path}.amount: must be a non-negative string with exactly two decimals (like "1.00"), got ${JSON.stringify(amount) ?? "undefined"}`
      )
    }
    return cents
  }

  const lines: ValidCheckout["lines"] = []
  const lineItems = body.lineItems
  if (lineItems === undefined) {
    add("body", "lineItems", "Missing required field lineItems")
  } else if (!Array.isArray(lineItems)) {
    add("body", "lineItems", "lineItems must be an array")
  } else if (lineItems.length === 0) {
    add("non-empty", "lineItems", "lineItems must not be empty")
  } else {
    lineItems.forEach((line, i) => checkLine(line, `lineItems[${i}]`))
  }

  function checkLine(line: unknown, path: string) {
    if (!isObj(line)) return add("body", path, `${path} must be an object`)
    const { productId, type, quantity } = line
    if (typeof productId !== "string" || productId === "") add("body", `${path}.productId`, `Missing required field ${path}.productId`)
    if (type !== "SKU" && type !== "SCANCODE") add("body", `${path}.type`, `${path}.type must be "SKU" or "SCANCODE"`)
    const quantityOk =
      isObj(quantity) &&
      typeof quantity.value === "string" &&
      typeof quantity.unit === "string" &&
      (normaliseQuantity(quantity.value) ?? "0") !== "0"
    if (!quantityOk) add("body", `${path}.quantity`, `${path}.quantity must be {"value": "<positive decimal string>", "unit": "<string>"}`)
    else lines.push({ productId: String(productId), type: String(type), quantity: { value: String(quantity.value), unit: String(quantity.unit) } })

    const up = line.unitPrice
    if (!isObj(up) || up.price === undefined || up.price === null) {
      return add("pricing", `${path}.unitPrice.price`, `Missing price: ${path}.unitPrice.price is required`)
    }
    const base = `${path}.unitPrice`
    const price = money(up.price, `${base}.price`, "pricing")
    const salesTax = money(up.salesTax, `${base}.salesTax`)
    const totalPrice = money(up.totalPrice, `${base}.totalPrice`)

    let promotions: bigint | undefined = 0n
    if (up.promotions !== undefined && !Array.isArray(up.promotions)) {
      add("body", `${base}.promotions`, `${base}.promotions must be an array`)
      promotions = undefined
    } else {
      const list = (up.promotions ?? []) as unknown[]
      for (let j = 0; j < list.length; j++) {
        const p = list[j]
        const cents = money(isObj(p) ? p.promotionAmount : undefined, `${base}.promotions[${j}].promotionAmount`)
        promotions = cents === undefined || promotions === undefined ? undefined : promotions + cents
      }
    }

    let depositSum: bigint | undefined = 0n
    let hasDeposits = false
    if (up.depositsAndFees !== undefined && !Array.isArray(up.depositsAndFees)) {
      add("body", `${base}.depositsAndFees`, `${base}.depositsAndFees must be an array`)
      depositSum = undefined
    } else {
      const list = (up.depositsAndFees ?? []) as unknown[]
      for (let j = 0; j < list.length; j++) {
        const d = list[j]
        hasDeposits = true
        const dPath = `${base}.depositsAndFees[${j}]`
        const amount = money(isObj(d) ? d.depositAndFeeAmount : undefined, `${dPath}.depositAndFeeAmount`)
        const tax = isObj(d) && d.salesTax !== undefined ? money(d.salesTax, `${dPath}.salesTax`) : 0n
        depositSum = amount === undefined || tax === undefined || depositSum === undefined ? undefined : depositSum + amount + tax
      }
    }

    if (price === undefined || salesTax === undefined || totalPrice === undefined) return
    if (promotions === undefined || depositSum === undefined) return
    const folded = price - promotions + salesTax
    const added = folded + depositSum
    const accepted =
      deposits === "folded" || !hasDeposits
        ? [folded]
        : deposits === "added"
          ? [added]
          : [folded, added]
    if (!accepted.includes(totalPrice)) {
      const withDeposits = hasDeposits && deposits !== "folded" ? ` (+ deposits and their tax ${formatCents(depositSum)})` : ""
      add(
        "line-arithmetic",
        `${base}.totalPrice`,
        `Line arithmetic does not hold at ${path}: totalPrice ${formatCents(totalPrice)} != price ${formatCents(price)} - promotions ${formatCents(promotions)} + salesTax ${formatCents(salesTax)}${withDeposits}`
      )
    }
  }

  let priceTotal: bigint | undefined
  const totals = body.orderTotals
  if (!isObj(totals)) {
    add("body", "orderTotals", "Missing required field orderTotals")
  } else {
    const subTotal = money(totals.subTotal, "orderTotals.subTotal")
    const promotionsTotal = money(totals.promotionsTotal, "orderTotals.promotionsTotal")
    const salesTaxTotal = money(totals.salesTaxTotal, "orderTotals.salesTaxTotal")
    priceTotal = money(totals.priceTotal, "orderTotals.priceTotal")
    if (subTotal !== undefined && promotionsTotal !== undefined && salesTaxTotal !== undefined && priceTotal !== undefined) {
      const expected = subTotal - promotionsTotal + salesTaxTotal
      if (expected !== priceTotal) {
        add(
          "order-arithmetic",
          "orderTotals.priceTotal",
          `Order arithmetic does not hold: priceTotal ${formatCents(priceTotal)} != subTotal ${formatCents(subTotal)} - promotionsTotal ${formatCents(promotionsTotal)} + salesTaxTotal ${formatCents(salesTaxTotal)} = ${formatCents(expected)}`
        )
      }
    }
  }

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) }
  return {
    ok: true,
    cart: {
      idempotentShoppingTripId: body.idempotentShoppingTripId as string,
      storeId: body.storeId as string,
      lines,
      priceTotalCents: priceTotal as bigint,
      currencyCode: currency as string,
    },
  }
}

export function sortProblems(problems: CheckoutProblem[]): CheckoutProblem[] {
  return [...problems].sort((a, b) => RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule))
}

/**
 * Cart match: the lines must be the cart Amazon sent, as a multiset of (product, quantity, unit) — and type where the
 * registered cart has one. Quantities compare as decimals ("1.0" = "1"), units exactly.
 */
export function matchCart(lines: ValidCheckout["lines"], cart: CartItem[]): CheckoutProblem[] {
  const key = (id: string, type: string | undefined, q: { value: string; unit: string }) =>
    JSON.stringify([id, type ?? null, normaliseQuantity(q.value) ?? q.value, q.unit])
  const label = (id: string, q: { value: string; unit: string }) => `${id} x ${q.value} ${q.unit}`
  const remaining = new Map<string, number>()
  for (const item of cart) {
    const k = key(item.id, item.type, item.quantity)
    remaining.set(k, (remaining.get(k) ?? 0) + 1)
  }
  const problems: CheckoutProblem[] = []
  lines.forEach((line, i) => {
    // A registered item without a type matches either type.
    const candidates = [key(line.productId, line.type, line.quantity), key(line.productId, undefined, line.quantity)]
    const hit = candidates.find((k) => (remaining.get(k) ?? 0) > 0)
    if (hit) remaining.set(hit, (remaining.get(hit) as number) - 1)
    else problems.push({ rule: "cart-mismatch", path: `lineItems[${i}]`, message: `Cart mismatch: line ${label(line.productId, line.quantity)} is not in the shopper's cart` })
  })
  for (const item of cart) {
    const k = key(item.id, item.type, item.quantity)
    const left = remaining.get(k) ?? 0
    if (left > 0) {
      remaining.set(k, left - 1)
      problems.push({ rule: "cart-mismatch", path: "lineItems", message: `Cart mismatch: cart item ${label(item.id, item.quantity)} has no line` })
    }
  }
  return problems
}
