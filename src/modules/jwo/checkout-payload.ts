/**
 * Amazon Just Walk Out — Checkout Cart payload (contract §6).
 *
 * Pure module, no I/O. Turns exact (unrounded) Medusa totals into Amazon's Checkout Cart payload, and checks a
 * payload against Amazon's validation table (`checkCheckoutPayload`).
 *
 * Money is exact: every amount is handled as a decimal (`MathBN`, backed by bignumber.js), never as a JavaScript
 * float. The charge is the exact order total rounded half-up once to the currency's minor unit; the line figures
 * and order totals are rounded so that they add up to it (`apportion.ts`), so Amazon's identities hold exactly and
 * the charge is Medusa's order total rounded. See docs/money.md.
 */
import { BigNumber, MathBN, MedusaError } from "@medusajs/framework/utils"
import { apportion, controlledRound, roundUnits } from "./apportion"

/* ------------------------------------------------------------------------------------------------------------ */
/* Types                                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

/**
 * An exact decimal as Medusa hands it over: a decimal string (`"5.83642125"`), a number (read by its shortest
 * decimal representation, so `2.675` is 2.675 and not the binary float below it), a raw value
 * (`{ value: "5.83642125", precision: 20 }`) or a Medusa `BigNumber`.
 */
export type ExactAmount = string | number | { value: string | number; precision?: number } | BigNumber

/** How the amounts in `unitPrice` are read. See docs/money.md. */
export type CheckoutPricingMode = "line" | "unit"

/**
 * Where deposits and fees enter the totals.
 * - `folded` (default): deposit amounts are added to the line `price` and deposit taxes to the line `salesTax`, so
 *   they are charged (line `totalPrice`, `subTotal`, `salesTaxTotal`, `priceTotal`) while Amazon's literal
 *   identities still hold. `depositsAndFees` lists them for the receipt.
 * - `separate`: deposits are only listed in `depositsAndFees`; no total includes them (Amazon's published example).
 */
export type CheckoutDepositsMode = "folded" | "separate"

export type AmazonItemType = "SKU" | "SCANCODE"

export type AmazonQuantity = { value: string; unit: string }

export type AmazonMoney = { amount: string; currencyCode: string }

export type CheckoutPromotion = {
  promotionAmount: AmazonMoney
  promotionDescription: string
}

export type CheckoutDepositAndFee = {
  depositAndFeeAmount: AmazonMoney
  depositAndFeeDescription: string
  salesTax: AmazonMoney
}

export type CheckoutLineItem = {
  productId: string
  type: AmazonItemType
  quantity: AmazonQuantity
  unitPrice: {
    price: AmazonMoney
    promotions: CheckoutPromotion[]
    salesTax: AmazonMoney
    depositsAndFees?: CheckoutDepositAndFee[]
    totalPrice: AmazonMoney
  }
}

export type CheckoutOrderTotals = {
  subTotal: AmazonMoney
  promotionsTotal: AmazonMoney
  salesTaxTotal: AmazonMoney
  priceTotal: AmazonMoney
}

export type CheckoutCartPayload = {
  idempotentShoppingTripId: string
  storeId: string
  lineItems: CheckoutLineItem[]
  orderTotals: CheckoutOrderTotals
}

export type CheckoutPromotionInput = {
  /** Exact, positive (it is subtracted), for the whole line. */
  amount: ExactAmount
  description?: string | null
}

export type CheckoutDepositInput = {
  /** Exact, for the whole line. */
  amount: ExactAmount
  description?: string | null
  /** Exact tax on the deposit, for the whole line. */
  taxTotal: ExactAmount
}

export type CheckoutLineInput = {
  productId: string
  type: AmazonItemType
  /** Exactly as Amazon sent it in Create Purchases; echoed unchanged. */
  quantity: AmazonQuantity
  /**
   * Exact shelf price of one unit before promotions. Checked (a non-negative decimal) but not used for amounts:
   * `unit` mode divides `lineSubtotal` by the quantity, so that the figures of both modes come from one total.
   */
  unitPrice: ExactAmount
  /** Exact unit price × quantity (quantity may be decimal for weighed goods). Used by `line` mode. */
  lineSubtotal: ExactAmount
  promotions?: CheckoutPromotionInput[]
  /** Exact tax for the whole line. */
  taxTotal: ExactAmount
  depositsAndFees?: CheckoutDepositInput[]
}

export type BuildCheckoutPayloadInput = {
  idempotentShoppingTripId: string
  storeId: string
  /** ISO 4217, any case (Medusa stores "usd"); sent upper-case. */
  currencyCode: string
  /** Default `line` (contract §6 Decision). */
  mode?: CheckoutPricingMode
  /** Default `folded`. */
  depositsMode?: CheckoutDepositsMode
  lines: CheckoutLineInput[]
  /**
   * Medusa's exact order total. When given, the builder refuses lines that do not add up to it once rounded, so
   * the charge can only ever be the order total rounded.
   */
  orderTotal?: ExactAmount | null
}

/** One line of the cart Amazon sent in Create Purchases (`cartItems[]`). */
export type ExpectedCartItem = {
  id: string
  quantity: AmazonQuantity
  /** When given, the line's `type` must match too. */
  type?: string
}

export type CheckoutRule =
  | "structure"
  | "non-empty"
  | "pricing"
  | "precision"
  | "currency"
  | "line-arithmetic"
  | "order-arithmetic"
  | "cart-match"
  | "totals-consistency"

export type CheckoutViolation = { path: string; message: string; rule: CheckoutRule }

export type CheckCheckoutPayloadOptions = {
  /**
   * When given, also check that `orderTotals` agree with the line figures as `buildCheckoutPayload` makes them in
   * that mode (rule `totals-consistency`): in `line` mode they are the sums of the line figures; in `unit` mode each
   * is less than (1 + Σ quantities) minor units from Σ unit figure × quantity. Amazon's own table does not state
   * this, so it is opt-in.
   */
  mode?: CheckoutPricingMode
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Decimal helpers                                                                                              */
/* ------------------------------------------------------------------------------------------------------------ */

type Decimal = ReturnType<typeof MathBN.convert>

/** bignumber.js ROUND_HALF_UP: ties go away from zero (i.e. up, for the non-negative amounts we send). */
const ROUND_HALF_UP = 4

const DECIMAL_STRING = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** Amazon: every amount is a string with exactly two decimals. */
export const AMAZON_AMOUNT_PATTERN = /^-?\d+\.\d{2}$/

const CURRENCY_PATTERN = /^[A-Z]{3}$/

/** Digits of the minor unit (ISO 4217) for currencies that do not have 2. Anything not listed has 2. */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals (Amazon's two-decimal strings cannot carry them: refused by formatAmount)
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals
  CLF: 4, UYW: 4,
}

const AMAZON_DECIMALS = 2

const ZERO = MathBN.convert(0)
const ONE = MathBN.convert(1)

function invalid(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

/** Parses an exact amount; throws a clear error (naming `what`) for anything that is not a finite decimal. */
function toDecimal(input: ExactAmount | null | undefined, what: string): Decimal {
  let value: Decimal | undefined
  if (typeof input === "string") {
    const s = input.trim()
    if (DECIMAL_STRING.test(s)) value = MathBN.convert(s)
  } else if (typeof input === "number") {
    if (Number.isFinite(input)) value = MathBN.convert(input)
  } else if (input instanceof BigNumber) {
    value = MathBN.convert(input)
  } else if (input !== null && typeof input === "object" && "value" in input) {
    const inner = (input as { value: unknown }).value
    if (typeof inner === "string" || typeof inner === "number") return toDecimal(inner, what)
  }
  if (!value || !value.isFinite()) {
    throw invalid(`${what} must be a finite decimal (string, number or { value }), got ${describe(input)}`)
  }
  return value
}

function describe(x: unknown): string {
  try {
    return typeof x === "string" ? JSON.stringify(x) : String(JSON.stringify(x) ?? x)
  } catch {
    return String(x)
  }
}

function normaliseCurrency(currencyCode: string): string {
  const code = typeof currencyCode === "string" ? currencyCode.trim().toUpperCase() : ""
  if (!CURRENCY_PATTERN.test(code)) {
    throw invalid(`currencyCode must be a 3-letter ISO 4217 code, got ${describe(currencyCode)}`)
  }
  return code
}

/** Digits of the currency's minor unit (USD 2, JPY 0, BHD 3; 2 when unknown). */
export function minorUnitDigits(currencyCode: string): number {
  return MINOR_UNIT_DIGITS[normaliseCurrency(currencyCode)] ?? 2
}

function roundTo(value: Decimal, digits: number): Decimal {
  return value.decimalPlaces(digits, ROUND_HALF_UP)
}

function fixedAmazon(value: Decimal): string {
  return value.toFixed(AMAZON_DECIMALS)
}

/**
 * Rounds an exact amount half-up to the currency's minor unit. Returns the plain decimal string with the
 * currency's number of decimals ("0.13" for USD, "100" for JPY, "1.235" for BHD). The one rounding function.
 */
export function roundHalfUp(exact: ExactAmount, currencyCode: string): string {
  const digits = minorUnitDigits(currencyCode)
  return roundTo(toDecimal(exact, "amount"), digits).toFixed(digits)
}

/**
 * The Amazon amount string for an exact amount: rounded half-up once to the currency's minor unit, then written
 * with exactly two decimals ("1.00"; "100.00" for JPY). Throws for currencies with more than two decimals
 * (BHD, KWD, …): Amazon's two-decimal strings cannot carry them without a second, silent rounding.
 */
export function formatAmount(exact: ExactAmount, currencyCode: string): string {
  const digits = amazonDigits(currencyCode)
  return fixedAmazon(roundTo(toDecimal(exact, "amount"), digits))
}

function amazonDigits(currencyCode: string): number {
  const code = normaliseCurrency(currencyCode)
  const digits = minorUnitDigits(code)
  if (digits > AMAZON_DECIMALS) {
    throw invalid(
      `Currency ${code} has ${digits} decimals, but Amazon Just Walk Out amounts carry exactly ${AMAZON_DECIMALS}; ` +
        `${code} cannot be sent to Amazon Checkout without losing money to a second rounding`
    )
  }
  return digits
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Builder                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

const DEFAULT_PROMOTION_DESCRIPTION = "Promotion"
const DEFAULT_DEPOSIT_DESCRIPTION = "Deposit or fee"

type ParsedLine = {
  line: CheckoutLineInput
  quantity: Decimal
  goods: Decimal
  goodsTax: Decimal
  promotions: { amount: Decimal; description: string }[]
  deposits: { amount: Decimal; taxTotal: Decimal; description: string }[]
}

/**
 * Builds Amazon's Checkout Cart payload from exact Medusa totals.
 *
 * The charge (`priceTotal`) is the exact order total (Σ line subtotal − promotions + tax, and folded deposits)
 * rounded half-up once to the currency's minor unit: Medusa's order total rounded. The order totals and the line
 * figures are then apportioned so that they add up to it (see `controlledRound`, docs/money.md): every figure is
 * its exact value rounded down or up, `subTotal`, `promotionsTotal` and `salesTaxTotal` are the half-up roundings
 * of their exact sums whenever those add up to the charge, and `totalPrice = price − Σ promotions + salesTax`,
 * `priceTotal = subTotal − promotionsTotal + salesTaxTotal` hold exactly.
 *
 * `line` mode (default): the `unitPrice` amounts are the line's share of the order totals, which are their sums.
 * `unit` mode: they are for one unit (one kg): the line's exact figures ÷ quantity, apportioned the same way within
 * the line (so `totalPrice` is the exact line total ÷ quantity, rounded half-up); the order totals are the same as
 * in line mode.
 *
 * With `orderTotal` (Medusa's exact order total), throws unless the lines add up to it once rounded: the charge
 * must be the order's total.
 *
 * Throws a MedusaError (INVALID_DATA) for an empty cart, a malformed or negative amount, a non-positive quantity,
 * a currency Amazon cannot represent, a line whose exact total is negative, or a mismatch with `orderTotal`.
 */
export function buildCheckoutPayload(input: BuildCheckoutPayloadInput): CheckoutCartPayload {
  const currencyCode = normaliseCurrency(input.currencyCode)
  const digits = amazonDigits(currencyCode)
  const mode: CheckoutPricingMode = input.mode ?? "line"
  const depositsMode: CheckoutDepositsMode = input.depositsMode ?? "folded"
  if (mode !== "line" && mode !== "unit") throw invalid(`mode must be "line" or "unit", got ${describe(mode)}`)
  if (depositsMode !== "folded" && depositsMode !== "separate") {
    throw invalid(`depositsMode must be "folded" or "separate", got ${describe(depositsMode)}`)
  }
  if (!Array.isArray(input.lines) || input.lines.length === 0) {
    throw invalid("Cannot build a Checkout Cart without lines: Amazon rejects empty carts (do not call Checkout)")
  }

  const scale = MathBN.convert(MathBN.exp(10, digits))
  /** Exact amount → exact number of minor units. */
  const minor = (amount: Decimal): Decimal => amount.times(scale)
  /** Whole minor units → Amazon money. */
  const money = (units: Decimal): AmazonMoney => ({ amount: fixedAmazon(units.div(scale)), currencyCode })
  const folded = depositsMode === "folded"

  const parsed = input.lines.map((line, i) => parseLine(line, `lines[${i}]`))

  // The table to round: one row per line; columns price, −promotions, tax (exact minor units, deposits folded in).
  const cells = parsed.map((p, i) => {
    const price = MathBN.sum(p.goods, ...(folded ? p.deposits.map((d) => d.amount) : []))
    const promotions = MathBN.sum(ZERO, ...p.promotions.map((x) => x.amount))
    const tax = MathBN.sum(p.goodsTax, ...(folded ? p.deposits.map((d) => d.taxTotal) : []))
    if (MathBN.lt(MathBN.add(MathBN.sub(price, promotions), tax), 0)) {
      throw invalid(`lines[${i}]: promotions (${promotions.toFixed()}) exceed price plus tax; line total would be negative`)
    }
    return [minor(price), minor(promotions).negated(), minor(tax)]
  })
  const charge = roundUnits(MathBN.sum(ZERO, ...cells.flat()))
  if (input.orderTotal !== undefined && input.orderTotal !== null) {
    const expected = roundUnits(minor(toDecimal(input.orderTotal, "orderTotal")))
    if (!MathBN.eq(expected, charge)) {
      throw invalid(
        `The lines add up to ${fixedAmazon(charge.div(scale))} ${currencyCode}, but the order total ${describe(input.orderTotal)} ` +
          `rounds to ${fixedAmazon(expected.div(scale))}: the charge must be the order total`
      )
    }
  }
  const table = controlledRound(cells, charge)

  const lineItems = parsed.map((p, i): CheckoutLineItem => {
    // Figures shown in `unitPrice`, in minor units: the line's row of the table, or the line ÷ quantity.
    const per = mode === "line" ? ONE : p.quantity
    const [price, negativePromotions, tax] =
      mode === "line" ? table[i] : apportion(cells[i], roundUnits(MathBN.sum(ZERO, ...cells[i]), per), per)
    const deposits = folded
      ? (() => {
          const amounts = apportion([p.goods, ...p.deposits.map((d) => d.amount)].map(minor), price, per).slice(1)
          const taxes = apportion([p.goodsTax, ...p.deposits.map((d) => d.taxTotal)].map(minor), tax, per).slice(1)
          return p.deposits.map((d, k) => ({ amount: amounts[k], taxTotal: taxes[k], description: d.description }))
        })()
      : p.deposits.map((d) => ({ amount: roundUnits(minor(d.amount), per), taxTotal: roundUnits(minor(d.taxTotal), per), description: d.description }))
    const promotionsSum = negativePromotions.negated()
    const promotions = apportion(p.promotions.map((x) => minor(x.amount)), promotionsSum, per).map((amount, k) => ({
      amount,
      description: p.promotions[k].description,
    }))
    const listedDeposits = deposits.filter((d) => !(d.amount.isZero() && d.taxTotal.isZero()))
    const totalPrice = price.minus(promotionsSum).plus(tax)

    return {
      productId: p.line.productId,
      type: p.line.type,
      quantity: { value: p.line.quantity.value, unit: p.line.quantity.unit },
      unitPrice: {
        price: money(price),
        promotions: promotions
          .filter((x) => !x.amount.isZero())
          .map((x) => ({ promotionAmount: money(x.amount), promotionDescription: x.description })),
        salesTax: money(tax),
        ...(listedDeposits.length > 0
          ? {
              depositsAndFees: listedDeposits.map((d) => ({
                depositAndFeeAmount: money(d.amount),
                depositAndFeeDescription: d.description,
                salesTax: money(d.taxTotal),
              })),
            }
          : {}),
        totalPrice: money(totalPrice),
      },
    }
  })

  const column = (j: number) => MathBN.sum(ZERO, ...table.map((row) => row[j]))
  return {
    idempotentShoppingTripId: input.idempotentShoppingTripId,
    storeId: input.storeId,
    lineItems,
    orderTotals: {
      subTotal: money(column(0)),
      promotionsTotal: money(column(1).negated()),
      salesTaxTotal: money(column(2)),
      priceTotal: money(charge),
    },
  }
}

function nonNegative(amount: ExactAmount, what: string): Decimal {
  const value = toDecimal(amount, what)
  if (value.isNegative() && !value.isZero()) throw invalid(`${what} must not be negative, got ${describe(amount)}`)
  return value
}

function description(text: string | null | undefined, fallback: string): string {
  const trimmed = typeof text === "string" ? text.trim() : ""
  return trimmed === "" ? fallback : trimmed
}

function parseLine(line: CheckoutLineInput, path: string): ParsedLine {
  if (!line || typeof line.productId !== "string" || line.productId === "") {
    throw invalid(`${path}.productId is required`)
  }
  if (line.type !== "SKU" && line.type !== "SCANCODE") {
    throw invalid(`${path}.type must be "SKU" or "SCANCODE", got ${describe(line.type)}`)
  }
  if (!line.quantity || typeof line.quantity.value !== "string" || typeof line.quantity.unit !== "string") {
    throw invalid(`${path}.quantity must be { value: string, unit: string } as Amazon sent it`)
  }
  const quantity = toDecimal(line.quantity.value, `${path}.quantity.value`)
  if (!quantity.isGreaterThan(0)) throw invalid(`${path}.quantity.value must be positive, got ${describe(line.quantity.value)}`)

  nonNegative(line.unitPrice, `${path}.unitPrice`)
  return {
    line,
    quantity,
    goods: nonNegative(line.lineSubtotal, `${path}.lineSubtotal`),
    goodsTax: nonNegative(line.taxTotal, `${path}.taxTotal`),
    promotions: (line.promotions ?? []).map((p, j) => ({
      amount: nonNegative(p.amount, `${path}.promotions[${j}].amount`),
      description: description(p.description, DEFAULT_PROMOTION_DESCRIPTION),
    })),
    deposits: (line.depositsAndFees ?? []).map((d, j) => ({
      amount: nonNegative(d.amount, `${path}.depositsAndFees[${j}].amount`),
      taxTotal: nonNegative(d.taxTotal, `${path}.depositsAndFees[${j}].taxTotal`),
      description: description(d.description, DEFAULT_DEPOSIT_DESCRIPTION),
    })),
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Validator (Amazon's table, §6)                                                                               */
/* ------------------------------------------------------------------------------------------------------------ */

type Obj = Record<string, unknown>

const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)

/**
 * Checks a Checkout Cart payload against Amazon's validation table (contract §6) and returns every violation
 * (empty when Amazon would accept it). Never throws, whatever the input.
 *
 * Rules: `structure` (required fields), `non-empty`, `pricing` (every line has a price), `precision` (every amount
 * a string with exactly two decimals), `currency` (3-letter ISO 4217, the same everywhere), `line-arithmetic`
 * (`totalPrice = price − Σ promotions + salesTax`, promotions not negative), `order-arithmetic`
 * (`priceTotal = subTotal − promotionsTotal + salesTaxTotal`), `cart-match` (with `expectedCart`: same products
 * and quantities, as a multiset; quantities compared as decimals, units exactly) and, with `options.mode`,
 * `totals-consistency` (order totals agree with the line figures; see the option).
 */
export function checkCheckoutPayload(
  payload: unknown,
  expectedCart?: readonly ExpectedCartItem[],
  options: CheckCheckoutPayloadOptions = {}
): CheckoutViolation[] {
  const violations: CheckoutViolation[] = []
  const add = (rule: CheckoutRule, path: string, message: string) => violations.push({ rule, path, message })

  if (!isObj(payload)) {
    add("structure", "", "payload must be a JSON object")
    return violations
  }
  for (const field of ["idempotentShoppingTripId", "storeId"] as const) {
    if (typeof payload[field] !== "string" || payload[field] === "") add("structure", field, `${field} is required`)
  }

  let currency: string | undefined
  /** Reads a money object: records precision/currency problems, returns the decimal when usable. */
  const readMoney = (value: unknown, path: string, required: boolean, missingRule: CheckoutRule = "structure") => {
    if (value === undefined || value === null) {
      if (required) add(missingRule, path, `${path || "amount"} is required`)
      return undefined
    }
    if (!isObj(value)) {
      add("structure", path, 'money must be { "amount": "<string>", "currencyCode": "<ISO 4217>" }')
      return undefined
    }
    const code = value.currencyCode
    if (typeof code !== "string" || !CURRENCY_PATTERN.test(code)) {
      add("currency", `${path}.currencyCode`, `currencyCode must be 3 upper-case ISO 4217 letters, got ${describe(code)}`)
    } else if (currency === undefined) {
      currency = code
    } else if (code !== currency) {
      add("currency", `${path}.currencyCode`, `currencyCode ${code} differs from ${currency} used elsewhere in the cart`)
    }
    const amount = value.amount
    if (typeof amount !== "string") {
      add("precision", `${path}.amount`, `amount must be a string with exactly two decimals, got ${typeof amount} ${describe(amount)}`)
      return undefined
    }
    if (!AMAZON_AMOUNT_PATTERN.test(amount)) {
      add("precision", `${path}.amount`, `amount must have exactly two decimals (like "1.00"), got ${describe(amount)}`)
      return undefined
    }
    return MathBN.convert(amount)
  }

  const lineItems = payload.lineItems
  const lineFigures: { price: Decimal; promotions: Decimal; salesTax: Decimal; quantity?: Decimal }[] = []
  let linesComplete = true
  if (!Array.isArray(lineItems)) {
    add("non-empty", "lineItems", "lineItems must be a non-empty array")
    linesComplete = false
  } else if (lineItems.length === 0) {
    add("non-empty", "lineItems", "lineItems must not be empty: Amazon rejects empty carts")
    linesComplete = false
  } else {
    lineItems.forEach((line, i) => {
      const path = `lineItems[${i}]`
      if (!isObj(line)) {
        add("structure", path, "line item must be an object")
        linesComplete = false
        return
      }
      if (typeof line.productId !== "string" || line.productId === "") add("structure", `${path}.productId`, "productId is required")
      if (line.type !== "SKU" && line.type !== "SCANCODE") {
        add("structure", `${path}.type`, `type must be "SKU" or "SCANCODE", got ${describe(line.type)}`)
      }
      let quantity: Decimal | undefined
      const q = line.quantity
      if (!isObj(q) || typeof q.value !== "string" || typeof q.unit !== "string") {
        add("structure", `${path}.quantity`, "quantity must be { value: string, unit: string }")
      } else if (!DECIMAL_STRING.test(q.value.trim()) || !MathBN.convert(q.value.trim()).isGreaterThan(0)) {
        add("structure", `${path}.quantity.value`, `quantity.value must be a positive decimal string, got ${describe(q.value)}`)
      } else {
        quantity = MathBN.convert(q.value.trim())
      }

      const up = line.unitPrice
      if (!isObj(up)) {
        add("pricing", `${path}.unitPrice`, "every line needs a unitPrice with a price")
        linesComplete = false
        return
      }
      const base = `${path}.unitPrice`
      const price = readMoney(up.price, `${base}.price`, true, "pricing")
      const salesTax = readMoney(up.salesTax, `${base}.salesTax`, true)
      const totalPrice = readMoney(up.totalPrice, `${base}.totalPrice`, true)

      let promotionsSum: Decimal | undefined = MathBN.convert(0)
      if (up.promotions !== undefined && !Array.isArray(up.promotions)) {
        add("structure", `${base}.promotions`, "promotions must be an array")
        promotionsSum = undefined
      } else {
        ;((up.promotions as unknown[] | undefined) ?? []).forEach((p, j) => {
          const pPath = `${base}.promotions[${j}]`
          const amount = readMoney(isObj(p) ? p.promotionAmount : undefined, `${pPath}.promotionAmount`, true)
          if (amount === undefined) {
            promotionsSum = undefined
          } else {
            if (amount.isNegative() && !amount.isZero()) {
              add("line-arithmetic", `${pPath}.promotionAmount.amount`, "promotion amounts are positive numbers that are subtracted")
            }
            if (promotionsSum !== undefined) promotionsSum = MathBN.add(promotionsSum, amount)
          }
        })
      }

      if (up.depositsAndFees !== undefined) {
        if (!Array.isArray(up.depositsAndFees)) {
          add("structure", `${base}.depositsAndFees`, "depositsAndFees must be an array")
        } else {
          up.depositsAndFees.forEach((d, j) => {
            const dPath = `${base}.depositsAndFees[${j}]`
            readMoney(isObj(d) ? d.depositAndFeeAmount : undefined, `${dPath}.depositAndFeeAmount`, true)
            readMoney(isObj(d) ? d.salesTax : undefined, `${dPath}.salesTax`, false)
          })
        }
      }

      if (price !== undefined && salesTax !== undefined && totalPrice !== undefined && promotionsSum !== undefined) {
        const expected = MathBN.add(MathBN.sub(price, promotionsSum), salesTax)
        if (!MathBN.eq(expected, totalPrice)) {
          add(
            "line-arithmetic",
            `${base}.totalPrice.amount`,
            `totalPrice ${fixedAmazon(totalPrice)} ≠ price ${fixedAmazon(price)} − promotions ${fixedAmazon(promotionsSum)} + salesTax ${fixedAmazon(salesTax)} = ${fixedAmazon(expected)}`
          )
        }
        lineFigures.push({ price, promotions: promotionsSum, salesTax, quantity })
      } else {
        linesComplete = false
      }
    })
  }

  const totals = payload.orderTotals
  let orderFigures: Record<"subTotal" | "promotionsTotal" | "salesTaxTotal" | "priceTotal", Decimal> | undefined
  if (!isObj(totals)) {
    add("structure", "orderTotals", "orderTotals is required")
  } else {
    const subTotal = readMoney(totals.subTotal, "orderTotals.subTotal", true)
    const promotionsTotal = readMoney(totals.promotionsTotal, "orderTotals.promotionsTotal", true)
    const salesTaxTotal = readMoney(totals.salesTaxTotal, "orderTotals.salesTaxTotal", true)
    const priceTotal = readMoney(totals.priceTotal, "orderTotals.priceTotal", true)
    if (subTotal && promotionsTotal && salesTaxTotal && priceTotal) {
      orderFigures = { subTotal, promotionsTotal, salesTaxTotal, priceTotal }
      const expected = MathBN.add(MathBN.sub(subTotal, promotionsTotal), salesTaxTotal)
      if (!MathBN.eq(expected, priceTotal)) {
        add(
          "order-arithmetic",
          "orderTotals.priceTotal.amount",
          `priceTotal ${fixedAmazon(priceTotal)} ≠ subTotal ${fixedAmazon(subTotal)} − promotionsTotal ${fixedAmazon(promotionsTotal)} + salesTaxTotal ${fixedAmazon(salesTaxTotal)} = ${fixedAmazon(expected)}`
        )
      }
    }
  }

  if (options.mode && orderFigures && linesComplete && lineFigures.every((l) => l.quantity !== undefined)) {
    const digits = currency ? Math.min(MINOR_UNIT_DIGITS[currency] ?? 2, AMAZON_DECIMALS) : AMAZON_DECIMALS
    const minorUnit = MathBN.convert(MathBN.exp(10, -digits))
    // Line mode: the order totals are the sums of the line figures. Unit mode: each line's share of an order total
    // is its exact figure rounded down or up, and the unit figure is the exact figure ÷ quantity rounded down or up,
    // so an order total is less than (1 + Σ quantities) minor units away from Σ unit figure × quantity.
    const unit = options.mode === "unit"
    const tolerance = unit ? MathBN.mult(minorUnit, MathBN.sum(1, ...lineFigures.map((l) => l.quantity as Decimal))) : ZERO
    const sum = (pick: (l: (typeof lineFigures)[number]) => Decimal) =>
      MathBN.sum(ZERO, ...lineFigures.map((l) => (unit ? MathBN.mult(pick(l), l.quantity as Decimal) : pick(l))))
    const sums = {
      subTotal: sum((l) => l.price),
      promotionsTotal: sum((l) => l.promotions),
      salesTaxTotal: sum((l) => l.salesTax),
    }
    for (const key of ["subTotal", "promotionsTotal", "salesTaxTotal"] as const) {
      const gap = MathBN.abs(MathBN.sub(sums[key], orderFigures[key]))
      const consistent = unit ? MathBN.lt(gap, tolerance) : gap.isZero()
      if (!consistent) {
        add(
          "totals-consistency",
          `orderTotals.${key}.amount`,
          unit
            ? `${key} ${fixedAmazon(orderFigures[key])} is ${gap.toFixed()} away from Σ unit figure × quantity (${sums[key].toFixed()}); unit mode allows less than ${tolerance.toFixed()}`
            : `${key} ${fixedAmazon(orderFigures[key])} is not the sum of the line figures (line mode): ${fixedAmazon(sums[key])}`
        )
      }
    }
  }

  if (expectedCart && Array.isArray(lineItems)) {
    checkCartMatch(lineItems, expectedCart, add)
  }

  return violations
}

function quantityKey(value: unknown): string | undefined {
  if (typeof value !== "string" || !DECIMAL_STRING.test(value.trim())) return undefined
  return MathBN.convert(value.trim()).toFixed() // "1.0" and "1" are the same quantity
}

function checkCartMatch(
  lineItems: unknown[],
  expectedCart: readonly ExpectedCartItem[],
  add: (rule: CheckoutRule, path: string, message: string) => void
): void {
  const typed = expectedCart.some((e) => e.type !== undefined)
  const keyOf = (id: unknown, type: unknown, quantity: unknown): string | undefined => {
    if (typeof id !== "string" || !isObj(quantity) || typeof quantity.unit !== "string") return undefined
    const value = quantityKey(quantity.value)
    if (value === undefined) return undefined
    return JSON.stringify([id, typed ? type : null, value, quantity.unit])
  }
  const label = (id: unknown, quantity: unknown) =>
    `${describe(id)} × ${isObj(quantity) ? `${describe(quantity.value)} ${describe(quantity.unit)}` : "?"}`

  const remaining = new Map<string, number>()
  for (const e of expectedCart) {
    const key = keyOf(e.id, e.type, e.quantity) ?? JSON.stringify(["invalid", e.id])
    remaining.set(key, (remaining.get(key) ?? 0) + 1)
  }
  lineItems.forEach((line, i) => {
    const l = isObj(line) ? line : {}
    const key = keyOf(l.productId, l.type, l.quantity)
    const left = key === undefined ? 0 : remaining.get(key) ?? 0
    if (key !== undefined && left > 0) {
      remaining.set(key, left - 1)
    } else {
      add("cart-match", `lineItems[${i}]`, `line ${label(l.productId, l.quantity)} is not in the cart Amazon sent (or appears more often)`)
    }
  })
  for (const e of expectedCart) {
    const key = keyOf(e.id, e.type, e.quantity) ?? JSON.stringify(["invalid", e.id])
    const left = remaining.get(key) ?? 0
    if (left > 0) {
      remaining.set(key, left - 1)
      add("cart-match", "lineItems", `cart item ${label(e.id, e.quantity)} from Amazon's cart has no matching line`)
    }
  }
}
