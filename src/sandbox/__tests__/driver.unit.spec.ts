import { createServer, IncomingMessage, Server } from "node:http"
import type { AddressInfo } from "node:net"
import { authEventFrom, createPurchase, verifyIdentity, walkShopper } from "../driver"
import type { Sandbox } from "../server"
import { signedPost, start } from "./helpers"

const SECRET = "inbound-secret-for-tests-0001"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const usd = (amount: string) => ({ amount, currencyCode: "USD" })

type Seen = { path: string; headers: IncomingMessage["headers"]; body: any; tripKnownToSandbox?: boolean }

/**
 * A stand-in for the plugin's inbound routes: answers like the plugin, and on Create Purchases prices the cart
 * (1.00 per unit, no tax) and calls the sandbox's Checkout at once, as the plugin's background work would.
 */
function fakePlugin(sandbox: () => Sandbox) {
  const seen: Seen[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      const entry: Seen = { path: req.url ?? "", headers: req.headers, body }
      seen.push(entry)
      res.setHeader("content-type", "application/json")
      if (req.headers["x-jwo-connector-secret"] !== SECRET) {
        res.statusCode = 401
        return res.end(JSON.stringify({ errorMsg: "Unauthorized" }))
      }
      if (req.url === "/jwo/v1/identity/identity-keys") {
        return res.end(JSON.stringify({ visitorDetails: { id: "visitor-1", type: "SHOPPER" } }))
      }
      entry.tripKnownToSandbox = sandbox().state.trips.has(body.idempotentShoppingTripId)
      // A trip "left in needs_attention": accepted, never submitted to Checkout.
      if (body.cartItems.some((c: any) => c.id === "SKU-UNKNOWN")) {
        res.statusCode = 201
        return res.end(JSON.stringify({ purchaseId: `pur_${body.idempotentShoppingTripId}` }))
      }
      const lines = body.cartItems.map((c: any) => {
        const price = `${Number.parseInt(c.quantity.value, 10)}.00` // whole units only in this fake
        return { productId: c.id, type: c.type, quantity: c.quantity, unitPrice: { price: usd(price), promotions: [], salesTax: usd("0.00"), totalPrice: usd(price) } }
      })
      const total = `${lines.reduce((n: number, l: any) => n + Number.parseInt(l.unitPrice.price.amount, 10), 0)}.00`
      const checkout = await signedPost(sandbox().url, "/v1/checkout/carts", {
        idempotentShoppingTripId: body.idempotentShoppingTripId,
        storeId: body.storeId,
        lineItems: lines,
        orderTotals: { subTotal: usd(total), promotionsTotal: usd("0.00"), salesTaxTotal: usd("0.00"), priceTotal: usd(total) },
      })
      res.statusCode = checkout.status === 201 ? 201 : 500
      res.end(JSON.stringify(checkout.status === 201 ? { purchaseId: `pur_${body.idempotentShoppingTripId}` } : { errorMsg: checkout.body.errorMsg }))
    })
  })
  return { server, seen }
}

describe("gateway driver (plays Amazon's Identity and Ordering gateways)", () => {
  let sandbox: Sandbox
  let plugin: ReturnType<typeof fakePlugin>
  let pluginBaseUrl: string

  beforeAll(async () => {
    sandbox = await start()
    plugin = fakePlugin(() => sandbox)
    await new Promise<void>((resolve) => plugin.server.listen(0, "127.0.0.1", resolve))
    pluginBaseUrl = `http://127.0.0.1:${(plugin.server.address() as AddressInfo).port}/`
  })
  afterAll(async () => {
    await sandbox.close()
    plugin.server.closeAllConnections()
    await new Promise((resolve) => plugin.server.close(resolve))
  })
  beforeEach(() => {
    sandbox.reset()
    plugin.seen.length = 0
  })

  it("verifyIdentity sends the Scan Key Code Base64-encoded, in Amazon's shape, with the secret header", async () => {
    const res = await verifyIdentity({ pluginBaseUrl, secret: SECRET, headerName: "X-JWO-Connector-Secret", storeId: "STORE-1", scanCode: "JWO0123ABC" })
    expect(res).toMatchObject({ status: 200, body: { visitorDetails: { id: "visitor-1", type: "SHOPPER" } } })
    const sent = plugin.seen[0]
    expect(sent.path).toBe("/jwo/v1/identity/identity-keys")
    expect(sent.headers["content-type"]).toBe("application/json")
    expect(sent.body).toEqual({
      requestId: expect.stringMatching(UUID),
      identityKey: Buffer.from("JWO0123ABC").toString("base64"),
      storeId: "STORE-1",
      authEvent: { id: expect.stringMatching(UUID), timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/), location: "ENTRY" },
      keyChannel: "OPTICAL",
    })
    expect(sent.body).toEqual(res.request)
  })

  it("verifyIdentity reports the plugin's refusal (wrong secret)", async () => {
    const res = await verifyIdentity({ pluginBaseUrl, secret: "wrong", storeId: "STORE-1", scanCode: "X" })
    expect(res).toMatchObject({ status: 401, body: { errorMsg: "Unauthorized" } })
  })

  it("createPurchase registers the trip in the sandbox before calling the plugin, which then charges it once", async () => {
    const entry = await verifyIdentity({ pluginBaseUrl, secret: SECRET, storeId: "STORE-1", scanCode: "JWO0123ABC" })
    const res = await createPurchase({
      pluginBaseUrl,
      secret: SECRET,
      storeId: "STORE-1",
      idempotentShoppingTripId: "trip-42",
      authEvents: [authEventFrom(entry)],
      cartItems: [{ id: "SKU-1" }, { id: "SKU-2", quantity: "2.0" }],
      sandboxUrl: sandbox.url,
    })
    expect(res).toMatchObject({ status: 201, body: { purchaseId: "pur_trip-42" }, registration: { status: 201 } })
    const sent = plugin.seen[1]
    expect(sent.path).toBe("/jwo/v1/order/purchases")
    expect(sent.tripKnownToSandbox).toBe(true)
    expect(sent.body).toEqual({
      requestId: expect.stringMatching(UUID),
      idempotentShoppingTripId: "trip-42",
      storeId: "STORE-1",
      shoppingTrip: {
        startTime: expect.any(String),
        endTime: expect.any(String),
        authEvents: [
          { id: entry.request.authEvent.id, timestamp: entry.request.authEvent.timestamp, location: "ENTRY", payloadType: "SCAN_CODE", scanResult: { id: "visitor-1", type: "SHOPPER" } },
        ],
      },
      cartItems: [
        { id: "SKU-1", type: "SKU", quantity: { value: "1.0", unit: "unit" } },
        { id: "SKU-2", type: "SKU", quantity: { value: "2.0", unit: "unit" } },
      ],
    })
    expect(Date.parse(sent.body.shoppingTrip.endTime)).toBeGreaterThan(Date.parse(sent.body.shoppingTrip.startTime))
    expect(sandbox.state.trips.get("trip-42")).toMatchObject({ charges: 1, priceTotal: usd("3.00") })
  })

  it("a replayed purchase keeps the registration and yields no second charge", async () => {
    const input = { pluginBaseUrl, secret: SECRET, storeId: "STORE-1", idempotentShoppingTripId: "trip-7", authEvents: [{}], cartItems: [{ id: "SKU-1" }], sandboxUrl: sandbox.url }
    const first = await createPurchase(input)
    const replay = await createPurchase(input)
    expect(replay.registration?.status).toBe(200)
    expect(replay.request.requestId).not.toBe(first.request.requestId)
    expect(sandbox.state.trips.get("trip-7")).toMatchObject({ charges: 1, duplicates: 1 })
  })

  it("leaves a different cart under a known trip id to the caller (409 from the sandbox, plugin still called)", async () => {
    const base = { pluginBaseUrl, secret: SECRET, storeId: "STORE-1", idempotentShoppingTripId: "trip-8", authEvents: [{}], sandboxUrl: sandbox.url }
    await createPurchase({ ...base, cartItems: [{ id: "SKU-1" }] })
    const conflict = await createPurchase({ ...base, cartItems: [{ id: "SKU-9" }] })
    expect(conflict.registration?.status).toBe(409)
    expect(plugin.seen).toHaveLength(2)
  })

  it("walkShopper scans, sends the cart and waits for the charge at the sandbox, reporting each step", async () => {
    const steps: string[] = []
    const result = await walkShopper({
      pluginBaseUrl,
      secret: SECRET,
      storeId: "STORE-1",
      scanCode: "JWO0123ABC",
      cartItems: [{ id: "SKU-1", quantity: "2" }],
      sandboxUrl: sandbox.url,
      onStep: (s) => steps.push(s),
    })
    expect(result.outcome).toBe("charged")
    expect(result.trip).toMatchObject({ charges: 1, priceTotal: usd("2.00"), orderId: expect.any(String) })
    expect(plugin.seen.map((s) => s.path)).toEqual(["/jwo/v1/identity/identity-keys", "/jwo/v1/order/purchases"])
    expect(plugin.seen[1].body.shoppingTrip.authEvents[0]).toMatchObject({ id: result.entry.request.authEvent.id, scanResult: { id: "visitor-1" } })
    expect(steps.map((s) => s.split(":")[0])).toEqual(["entry", "entry", "exit", "exit", "checkout"])
  })

  it("walkShopper stops at the gate when the plugin refuses the scan, and sends no purchase", async () => {
    const result = await walkShopper({ pluginBaseUrl, secret: "wrong", storeId: "STORE-1", scanCode: "X", cartItems: [{ id: "SKU-1" }], sandboxUrl: sandbox.url })
    expect(result).toMatchObject({ outcome: "refused_at_gate", entry: { status: 401 } })
    expect(result.exit).toBeUndefined()
    expect(plugin.seen).toHaveLength(1)
  })

  it("walkShopper reports a refused purchase, and gives up when no charge arrives in time", async () => {
    sandbox.addFault({ path: "/v1/checkout/carts", status: 500, count: 1 })
    const failed = await walkShopper({ pluginBaseUrl, secret: SECRET, storeId: "STORE-1", scanCode: "X", cartItems: [{ id: "SKU-1" }], sandboxUrl: sandbox.url })
    expect(failed).toMatchObject({ outcome: "purchase_refused", exit: { status: 500 } })
    const started = Date.now()
    const stuck = await walkShopper({ pluginBaseUrl, secret: SECRET, storeId: "STORE-1", scanCode: "X", cartItems: [{ id: "SKU-UNKNOWN" }], sandboxUrl: sandbox.url, chargeTimeoutMs: 300 })
    expect(stuck).toMatchObject({ outcome: "not_charged_in_time", exit: { status: 201 }, trip: { charges: 0 } })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })
})
