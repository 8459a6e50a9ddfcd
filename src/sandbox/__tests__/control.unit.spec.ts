import type { Sandbox } from "../server"
import { CREDENTIAL, plain, SignOptions, signedPost, start } from "./helpers"

const PATH = "/v1/checkout/carts"
const usd = (amount: string) => ({ amount, currencyCode: "USD" })
const CART = [{ id: "SKU-1", type: "SKU", quantity: { value: "1.0", unit: "unit" } }]

function payload(tripId = "trip-1") {
  return {
    idempotentShoppingTripId: tripId,
    storeId: "STORE-1",
    lineItems: [
      { productId: "SKU-1", type: "SKU", quantity: { value: "1.0", unit: "unit" }, unitPrice: { price: usd("2.00"), promotions: [], salesTax: usd("0.17"), totalPrice: usd("2.17") } },
    ],
    orderTotals: { subTotal: usd("2.00"), promotionsTotal: usd("0.00"), salesTaxTotal: usd("0.17"), priceTotal: usd("2.17") },
  }
}

describe("sandbox control API and fault injection", () => {
  let sandbox: Sandbox
  const control = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => plain(method, `${sandbox.url}/_sandbox${path}`, body)
  const checkout = (options: SignOptions = {}) => signedPost(sandbox.url, PATH, payload(), options)

  beforeAll(async () => {
    sandbox = await start()
  })
  afterAll(() => sandbox.close())
  beforeEach(async () => {
    await control("POST", "/reset")
    await control("POST", "/trips", { idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
  })

  it("answers the next N matching calls with the injected status, then handles calls again (500 then success)", async () => {
    const fault = await control("POST", "/faults", { path: PATH, status: 500, count: 2 })
    expect(fault).toMatchObject({ status: 201, body: { id: expect.any(Number), path: PATH, status: 500, count: 2, remaining: 2 } })
    expect(await checkout()).toMatchObject({ status: 500, body: { errorMsg: "Internal Server Error" } })
    expect((await checkout()).status).toBe(500)
    const ok = await checkout()
    expect(ok.status).toBe(201)
    const trip = (await control("GET", "/trips/trip-1")).body
    expect(trip).toMatchObject({ charges: 1, duplicates: 0, orderId: ok.body.orderId, priceTotal: usd("2.17") })
    expect((await control("GET", "/faults")).body.faults).toEqual([])
  })

  it("sends Retry-After with an injected 429 or 503, and only on the matching path", async () => {
    await control("POST", "/faults", { path: "/v1/catalog", status: 429, count: 1, retryAfterSeconds: 7 })
    expect((await checkout()).status).toBe(201) // not a catalog path
    const limited = await signedPost(sandbox.url, "/v1/catalog/upload", { catalogItems: [] })
    expect(limited).toMatchObject({ status: 429, body: { errorMsg: "Too Many Requests" }, headers: { "retry-after": "7" } })
    await control("POST", "/faults", { status: 503, count: 1 })
    expect(await checkout()).toMatchObject({ status: 503, body: { errorMsg: "Service Unavailable" } })
  })

  it("holds a call past the client's timeout without charging, then drops the connection", async () => {
    await control("POST", "/faults", { path: PATH, timeoutMs: 400, count: 1 })
    await expect(checkout({ timeoutMs: 100 })).rejects.toThrow(/timeout/i)
    expect(sandbox.state.trips.get("trip-1")!.charges).toBe(0)
    await new Promise((r) => setTimeout(r, 500))
    expect(sandbox.state.calls[0]).toMatchObject({ path: PATH, status: null, fault: expect.stringContaining("timeout 400ms") })
    expect((await checkout()).status).toBe(201)
  })

  it("adds latency and still does the work: a client that timed out retries and gets the same order id", async () => {
    await control("POST", "/faults", { path: PATH, latencyMs: 300, count: 1 })
    await expect(checkout({ timeoutMs: 100 })).rejects.toThrow(/timeout/i)
    await new Promise((r) => setTimeout(r, 400))
    const trip = sandbox.state.trips.get("trip-1")!
    expect(trip.charges).toBe(1) // the charge happened although the client never saw the answer
    expect((await checkout()).body.orderId).toBe(trip.orderId)
    expect(trip).toMatchObject({ charges: 1, duplicates: 1 })
  })

  it("applies a rate fault to that share of matching calls, at random", async () => {
    // A scripted random source: below 0.3 gets the fault, at or above passes.
    const rolls = [0.1, 0.5, 0.29, 0.3, 0.9]
    const seeded = await start({ random: () => rolls.shift() ?? 0.99 })
    try {
      await plain("POST", `${seeded.url}/_sandbox/trips`, { idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
      await plain("POST", `${seeded.url}/_sandbox/faults`, { path: PATH, status: 500, count: 1000, rate: 0.3 })
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await signedPost(seeded.url, PATH, payload(), {})).status)
      expect(statuses).toEqual([500, 201, 500, 201, 201])
      expect(seeded.state.faults[0]).toMatchObject({ rate: 0.3, remaining: 998 })
    } finally {
      await seeded.close()
    }
  })

  it("refuses an invalid fault", async () => {
    expect((await control("POST", "/faults", { status: 500, rate: 0 })).body.errorMsg).toMatch(/rate must be a number above 0/)
    expect((await control("POST", "/faults", { status: 500, rate: 1.5 })).status).toBe(400)
    expect(await control("POST", "/faults", { count: 1 })).toMatchObject({ status: 400, body: { errorMsg: "a fault needs status, timeoutMs or latencyMs" } })
    expect((await control("POST", "/faults", { status: 200 })).status).toBe(400)
    expect((await control("POST", "/faults", { status: 500, count: 0 })).status).toBe(400)
    expect((await control("POST", "/faults", { status: 500, path: "v1" })).status).toBe(400)
  })

  it("records every Amazon-facing call, never the Authorization header, and clears the record", async () => {
    await checkout()
    await plain("POST", `${sandbox.url}${PATH}`, payload())
    const { calls } = (await control("GET", "/calls")).body
    expect(calls).toEqual([
      expect.objectContaining({ method: "POST", path: PATH, status: 201, accessKeyId: CREDENTIAL.accessKeyId, region: "us-east-1", requestBody: JSON.stringify(payload()), responseBody: expect.stringContaining("orderId") }),
      expect.objectContaining({ method: "POST", path: PATH, status: 403, responseBody: expect.stringContaining("Missing Authentication Token") }),
    ])
    expect(calls[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    const text = JSON.stringify(calls)
    expect(text).not.toMatch(/AWS4-HMAC-SHA256|Signature=|authorization/i)
    expect(text).not.toContain(CREDENTIAL.secretAccessKey)
    expect((await control("GET", "/calls?path=/v1/catalog")).body.calls).toEqual([])
    expect((await control("DELETE", "/calls")).body).toEqual({ cleared: 2 })
    expect((await control("GET", "/calls")).body.calls).toEqual([])
  })

  it("registers trips idempotently and refuses a different cart under the same id", async () => {
    const again = await control("POST", "/trips", { idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: CART })
    expect(again.status).toBe(200)
    const other = await control("POST", "/trips", { idempotentShoppingTripId: "trip-1", storeId: "STORE-1", cartItems: [] })
    expect(other.status).toBe(409)
    expect((await control("POST", "/trips", { storeId: "STORE-1", cartItems: [] })).status).toBe(400)
    expect((await control("POST", "/trips", { idempotentShoppingTripId: "x", storeId: "STORE-1", cartItems: [{ id: "A" }] })).status).toBe(400)
    expect((await control("POST", "/trips", { idempotentShoppingTripId: "x", storeId: "S", cartItems: [], expiresAt: "soon" })).status).toBe(400)
  })

  it("shows a trip's charges, order id, price total and submissions; 404 for an unknown trip", async () => {
    await checkout()
    await checkout()
    const trip = (await control("GET", "/trips/trip-1")).body
    expect(trip).toMatchObject({
      idempotentShoppingTripId: "trip-1",
      storeId: "STORE-1",
      cartItems: CART,
      charges: 1,
      duplicates: 1,
      orderId: expect.any(String),
      priceTotal: usd("2.17"),
      submissions: [expect.objectContaining({ status: 201 }), expect.objectContaining({ status: 201 })],
    })
    expect((await control("GET", "/trips")).body.trips).toHaveLength(1)
    expect((await control("GET", "/trips/nope")).status).toBe(404)
  })

  it("refuses trips for unknown stores when store ids are configured", async () => {
    const strict = await start({ storeIds: ["STORE-1"] })
    try {
      const res = await plain("POST", `${strict.url}/_sandbox/trips`, { idempotentShoppingTripId: "t", storeId: "STORE-2", cartItems: [] })
      expect(res).toMatchObject({ status: 400, body: { errorMsg: "Unknown storeId STORE-2" } })
    } finally {
      await strict.close()
    }
  })

  it("resets everything, and answers unknown routes with 404", async () => {
    await checkout()
    await control("POST", "/faults", { status: 500, count: 5 })
    await control("POST", "/catalog/reject", { skus: ["A"] })
    expect((await control("POST", "/reset")).status).toBe(200)
    expect(sandbox.state).toMatchObject({ calls: [], faults: [] })
    expect(sandbox.state.trips.size + sandbox.state.uploads.size + sandbox.state.rejectedSkus.size).toBe(0)
    expect((await control("GET", "/nothing")).status).toBe(404)
    expect((await plain("GET", `${sandbox.url}/v1/nothing`)).status).toBe(404)
    expect((await plain("GET", `${sandbox.url}${PATH}`)).status).toBe(405)
    expect((await control("GET", "/health")).body).toEqual({ ok: true })
  })

  it("refuses to start without credentials", async () => {
    await expect(start({ credentials: [] })).rejects.toThrow(/at least one credential/)
  })
})
