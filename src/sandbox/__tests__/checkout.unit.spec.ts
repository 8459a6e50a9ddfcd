import type { Sandbox } from "../server"
import { CREDENTIAL, plain, SignOptions, signedPost, start } from "./helpers"

const PATH = "/v1/checkout/carts"
const usd = (amount: string) => ({ amount, currencyCode: "USD" })

/** Amazon's published example (contract §6), made to match the registered cart below. */
function payload(tripId = "trip-1"): any {
  return {
    idempotentShoppingTripId: tripId,
    storeId: "STORE-1",
    lineItems: [
      {
        productId: "SKU-001",
        type: "SKU",
        quantity: { value: "1.0", unit: "unit" },
        unitPrice: {
          price: usd("1.00"),
          promotions: [{ promotionAmount: usd("0.01"), promotionDescription: "Summer sale" }],
          salesTax: usd("0.00"),
          depositsAndFees: [{ depositAndFeeAmount: usd("0.05"), depositAndFeeDescription: "Bottle deposit", salesTax: usd("0.00") }],
          totalPrice: usd("0.99"),
        },
      },
      {
        productId: "SKU-002",
        type: "SKU",
        quantity: { value: "2", unit: "unit" },
        unitPrice: { price: usd("3.98"), promotions: [], salesTax: usd("0.33"), totalPrice: usd("4.31") },
      },
    ],
    orderTotals: { subTotal: usd("4.98"), promotionsTotal: usd("0.01"), salesTaxTotal: usd("0.33"), priceTotal: usd("5.30") },
  }
}

const CART = [
  { id: "SKU-001", type: "SKU", quantity: { value: "1.0", unit: "unit" } },
  { id: "SKU-002", type: "SKU", quantity: { value: "2.0", unit: "unit" } },
]

describe("sandbox Checkout Cart (POST /v1/checkout/carts)", () => {
  let sandbox: Sandbox
  const post = (body: unknown, options: SignOptions = {}) => signedPost(sandbox.url, PATH, body, options)
  const trip = (id = "trip-1") => sandbox.state.trips.get(id)!

  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())
  beforeEach(() => {
    sandbox.reset()
    sandbox.registerTrip({ idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
  })

  async function expect400(body: unknown, message: string | RegExp) {
    const res = await post(body)
    expect(res.status).toBe(400)
    expect(res.body.errorMsg).toEqual(typeof message === "string" ? message : expect.stringMatching(message))
    expect(trip().charges).toBe(0)
    return res
  }

  it("charges a valid cart once: 201 with an order id, priceTotal recorded", async () => {
    const res = await post(payload())
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ orderId: expect.stringMatching(/^\d{3}-\d{7}-\d{7}$/) })
    expect(trip()).toMatchObject({ orderId: res.body.orderId, charges: 1, duplicates: 0, priceTotal: usd("5.30") })
  })

  it("answers a repeated submission with the same order id and counts it as a duplicate, not a charge", async () => {
    const first = await post(payload())
    const second = await post(payload())
    expect(second).toMatchObject({ status: 201, body: { orderId: first.body.orderId } })
    expect(trip()).toMatchObject({ charges: 1, duplicates: 1 })
    expect(trip().submissions.map((s) => s.status)).toEqual([201, 201])
  })

  it("charges exactly once under concurrent duplicate submissions", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => post(payload())))
    expect(new Set(results.map((r) => `${r.status} ${r.body.orderId}`)).size).toBe(1)
    expect(results[0].status).toBe(201)
    expect(trip()).toMatchObject({ charges: 1, duplicates: 9 })
  })

  it("gives a stable order id per trip (the same across sandboxes), different between trips", async () => {
    sandbox.registerTrip({ idempotentShoppingTripId: "trip-2", storeId: "STORE-1", cartItems: CART })
    const a = await post(payload("trip-1"))
    const b = await post(payload("trip-2"))
    expect(a.body.orderId).not.toBe(b.body.orderId)
    const other = await start()
    try {
      other.registerTrip({ idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
      expect((await signedPost(other.url, PATH, payload("trip-1"))).body.orderId).toBe(a.body.orderId)
    } finally {
      await other.close()
    }
  })

  describe("Amazon's validation: one rule each → 400 {errorMsg}", () => {
    it("body is not JSON", async () => {
      await expect400("{not json", /^Invalid request body/)
    })

    it("a required field is missing", async () => {
      const body = payload()
      delete body.storeId
      await expect400(body, "Missing required field storeId")
      const noTotals = payload()
      delete noTotals.orderTotals
      await expect400(noTotals, "Missing required field orderTotals")
    })

    it("lineItems is empty", async () => {
      await expect400({ ...payload(), lineItems: [] }, "lineItems must not be empty")
    })

    it("a line has no price", async () => {
      const body = payload()
      delete body.lineItems[1].unitPrice.price
      await expect400(body, "Missing price: lineItems[1].unitPrice.price is required")
    })

    it.each([
      ["a number", 1],
      ["no decimals", "1"],
      ["one decimal", "1.0"],
      ["three decimals", "0.999"],
      ["a negative amount", "-1.00"],
    ])("an amount is not a string with exactly two decimals: %s", async (_name, amount) => {
      const body = payload()
      body.lineItems[1].unitPrice.salesTax.amount = amount
      await expect400(body, /^Invalid amount at lineItems\[1\]\.unitPrice\.salesTax\.amount: must be a non-negative string with exactly two decimals/)
    })

    it("line arithmetic: totalPrice ≠ price − Σ promotions + salesTax", async () => {
      const body = payload()
      body.lineItems[1].unitPrice.totalPrice.amount = "4.30"
      await expect400(body, "Line arithmetic does not hold at lineItems[1]: totalPrice 4.30 != price 3.98 - promotions 0.00 + salesTax 0.33")
    })

    it("order arithmetic: priceTotal ≠ subTotal − promotionsTotal + salesTaxTotal", async () => {
      const body = payload()
      body.orderTotals.priceTotal.amount = "5.31"
      await expect400(body, "Order arithmetic does not hold: priceTotal 5.31 != subTotal 4.98 - promotionsTotal 0.01 + salesTaxTotal 0.33 = 5.30")
    })

    it("unknown shopping trip → UnknownShoppingTripException (also for a trip of another store)", async () => {
      const res = await post(payload("never-sent"))
      expect(res).toMatchObject({ status: 400, body: { errorMsg: "UnknownShoppingTripException" } })
      await expect400({ ...payload(), storeId: "STORE-2" }, "UnknownShoppingTripException")
    })

    it("expired shopping trip", async () => {
      sandbox.registerTrip({ idempotentShoppingTripId: "old", storeId: "STORE-1", cartItems: CART, expiresAt: new Date(Date.now() - 1000).toISOString() })
      const res = await post(payload("old"))
      expect(res.status).toBe(400)
      expect(res.body.errorMsg).toMatch(/^Shopping trip old has expired/)
      expect(sandbox.state.trips.get("old")!.charges).toBe(0)
    })

    it("cart mismatch: a different quantity, a missing line, or an extra line", async () => {
      const quantity = payload()
      quantity.lineItems[1].quantity.value = "3"
      await expect400(quantity, "Cart mismatch: line SKU-002 x 3 unit is not in the shopper's cart")

      const missing = payload()
      missing.lineItems.pop()
      missing.orderTotals = { subTotal: usd("1.00"), promotionsTotal: usd("0.01"), salesTaxTotal: usd("0.00"), priceTotal: usd("0.99") }
      await expect400(missing, "Cart mismatch: cart item SKU-002 x 2.0 unit has no line")

      const extra = payload()
      extra.lineItems.push({ ...extra.lineItems[0], productId: "SKU-999" })
      extra.orderTotals = { subTotal: usd("5.98"), promotionsTotal: usd("0.02"), salesTaxTotal: usd("0.33"), priceTotal: usd("6.29") }
      await expect400(extra, "Cart mismatch: line SKU-999 x 1.0 unit is not in the shopper's cart")
    })

    it("lists every problem in `errors`, the most basic first", async () => {
      const body = payload()
      body.lineItems[1].unitPrice.totalPrice.amount = "4.30"
      body.orderTotals.priceTotal.amount = "1"
      const res = await expect400(body, /^Invalid amount at orderTotals\.priceTotal\.amount/)
      expect(res.body.errors.map((e: { rule: string }) => e.rule)).toEqual(["precision", "line-arithmetic"])
    })
  })

  it("compares quantities as decimals ('2' = '2.0') in any line order", async () => {
    const body = payload()
    body.lineItems.reverse()
    expect((await post(body)).status).toBe(201)
  })

  it("accepts deposits folded into price and tax, or added on top of them, but not a wrong total", async () => {
    const folded = payload()
    Object.assign(folded.lineItems[0].unitPrice, { price: usd("1.05"), totalPrice: usd("1.04") })
    folded.orderTotals = { subTotal: usd("5.03"), promotionsTotal: usd("0.01"), salesTaxTotal: usd("0.33"), priceTotal: usd("5.35") }
    expect((await post(folded)).status).toBe(201)

    sandbox.reset()
    sandbox.registerTrip({ idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
    const added = payload()
    added.lineItems[0].unitPrice.totalPrice = usd("1.04") // 1.00 − 0.01 + 0.00 + deposit 0.05
    expect((await post(added)).status).toBe(201)

    sandbox.reset()
    sandbox.registerTrip({ idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
    const wrong = payload()
    wrong.lineItems[0].unitPrice.totalPrice = usd("1.09")
    await expect400(wrong, /^Line arithmetic does not hold at lineItems\[0\]/)
  })

  it("with checkoutDeposits 'folded', refuses deposits added on top of the line", async () => {
    const strict = await start({ checkoutDeposits: "folded" })
    try {
      strict.registerTrip({ idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
      const added = payload()
      added.lineItems[0].unitPrice.totalPrice = usd("1.04")
      const res = await signedPost(strict.url, PATH, added)
      expect(res.status).toBe(400)
      expect(res.body.errorMsg).toMatch(/^Line arithmetic/)
    } finally {
      await strict.close()
    }
  })

  it("returns the same order id to a retry of a charged trip even after the trip expired", async () => {
    const first = await post(payload())
    trip().expiresAt = new Date(Date.now() - 1000).toISOString()
    expect(await post(payload())).toMatchObject({ status: 201, body: { orderId: first.body.orderId } })
  })

  describe("authentication (before anything else) → 403 {errorMsg}", () => {
    it("unsigned", async () => {
      const res = await plain("POST", `${sandbox.url}${PATH}`, payload())
      expect(res).toMatchObject({ status: 403, body: { errorMsg: "Missing Authentication Token" } })
    })

    it("unknown access key", async () => {
      const res = await post(payload(), { credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: CREDENTIAL.secretAccessKey } })
      expect(res).toMatchObject({ status: 403, body: { errorMsg: "The security token included in the request is invalid." } })
    })

    it("wrong secret", async () => {
      const res = await post(payload(), { credentials: { ...CREDENTIAL, secretAccessKey: "not-the-secret" } })
      expect(res.status).toBe(403)
      expect(res.body.errorMsg).toMatch(/^The request signature we calculated does not match/)
    })

    it("tampered body", async () => {
      const res = await post(payload(), { tamper: (req) => (req.body = req.body.replace('"5.30"', '"0.01"')) })
      expect(res.status).toBe(403)
      expect(res.body.errorMsg).toMatch(/^The request signature we calculated does not match/)
    })

    it("request time more than 5 minutes off", async () => {
      const stale = new Date(Date.now() - 6 * 60_000).toISOString().replace(/[-:]|\.\d{3}/g, "")
      const res = await post(payload(), { headers: { "X-Amz-Date": stale } })
      expect(res.status).toBe(403)
      expect(res.body.errorMsg).toMatch(/^Signature expired/)
    })

    it("an invalid body that is also unsigned gets 403, not 400, and nothing is charged", async () => {
      const res = await plain("POST", `${sandbox.url}${PATH}`, "{not json")
      expect(res.status).toBe(403)
      expect(trip().charges).toBe(0)
    })

    it("accepts temporary credentials with a session token, signed for any region", async () => {
      const res = await post(payload(), { credentials: { ...CREDENTIAL, sessionToken: "session-token-123" }, region: "eu-west-1" })
      expect(res.status).toBe(201)
      expect(sandbox.state.calls.at(-1)).toMatchObject({ accessKeyId: CREDENTIAL.accessKeyId, region: "eu-west-1" })
    })
  })
})
