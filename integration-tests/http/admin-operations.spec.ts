import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { startSandbox } from "../../src/sandbox/server"
import { createPurchase, verifyIdentity } from "../../src/sandbox/driver"
import jwoEntryRefusalSpike from "../../src/jobs/jwo-entry-refusal-spike"
import { JWO_MODULE } from "../../src/modules/jwo"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createGrocery, nyStoreBody } from "../helpers/catalog"

/**
 * Issue 14, the admin API behind the pages: trip search, names instead of ids, bulk retry / resolve, attempt
 * figures from the history, the dashboard's figures, the endpoints in use, and the alerts in the notification bell.
 */
jest.setTimeout(240_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOADMINOPS00001", secretAccessKey: "admin-ops-test-secret-access-key-00001" }
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_AMAZON_TIMEOUT_MS: "1000",
  JWO_CHECKOUT_MAX_ATTEMPTS: "2",
  JWO_CHECKOUT_RETRY_BASE_MS: "100",
  JWO_CHECKOUT_RETRY_MAX_MS: "200",
})

const STORE = "STORE-NYC-1"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let adminUserId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    let grocery: Awaited<ReturnType<typeof createGrocery>>
    let jwoStoreId: string
    let alex: { id: string; email: string }
    let kim: { id: string; email: string }

    beforeAll(async () => {
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE], region: "us-east-1" })
      const container = getContainer()
      admin = await createAdminHeaders(container)
      adminUserId = (await api.get("/admin/users/me", admin)).data.user.id
      grocery = await createGrocery(container)
      jwoStoreId = (await api.post("/admin/jwo/stores", nyStoreBody(grocery), admin)).data.jwo_store.id
      const { result } = await createCustomersWorkflow(container).run({
        input: {
          customersData: [
            { email: "alex.rivera@jwo.test", first_name: "Alex", last_name: "Rivera", has_account: true },
            { email: "kim.lee@jwo.test", first_name: "Kim", last_name: "Lee", has_account: true },
          ],
        },
      })
      alex = { id: result[0].id, email: result[0].email! }
      kim = { id: result[1].id, email: result[1].email! }
    })
    beforeEach(() => sandbox.reset())
    afterAll(async () => {
      await sandbox?.close()
    })

    const base = () => api.defaults.baseURL as string
    const shop = async (customerId: string | null, items: { id: string; quantity?: string; unit?: string }[]) => {
      const result = await createPurchase({
        pluginBaseUrl: base(),
        secret: INBOUND_SECRET,
        sandboxUrl: sandbox.url,
        storeId: STORE,
        authEvents: customerId ? [{ payloadType: "SCAN_CODE", scanResult: { id: customerId, type: "SHOPPER" } }] : [{ payloadType: "FINANCIAL" }],
        cartItems: items.map((i) => ({ id: i.id, type: "SKU", quantity: { value: i.quantity ?? "1.0", unit: i.unit ?? "unit" } })),
      } as any)
      expect(result.status).toBe(201)
      return { id: (result.body as any).purchaseId as string, amazonTripId: result.request.idempotentShoppingTripId }
    }
    const until = async (tripId: string, statuses: string[], timeoutMs = 40_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { data } = await api.get(`/admin/jwo/trips/${tripId}`, admin)
        if (statuses.includes(data.trip.status)) return data.trip
        if (Date.now() > deadline) throw new Error(`trip ${tripId} is ${data.trip.status}, not ${statuses.join("/")}`)
        await new Promise((r) => setTimeout(r, 150))
      }
    }
    const feed = async () =>
      (await api.get("/admin/notifications?channel=feed&limit=50&order=-created_at&fields=id,data,created_at,channel,template", admin)).data
        .notifications as any[]
    const waitForAlert = async (predicate: (n: any) => boolean, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = (await feed()).find(predicate)
        if (found) return found
        if (Date.now() > deadline) throw new Error("no such alert in the feed")
        await new Promise((r) => setTimeout(r, 200))
      }
    }
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (error: any) => error.response
      )

    it("finds trips by Amazon trip id, purchase id, order number, customer email or name, and SKU; rows name the customer, the order and the store", async () => {
      const charged = await shop(alex.id, [{ id: "SKU-WATER" }, { id: "SKU-GRANOLA" }])
      const unknown = await shop(kim.id, [{ id: "SKU-WATER" }, { id: "JWO-NOPE-999" }])
      const guest = await shop(null, [{ id: "SKU-BREAD" }])
      const chargedTrip = await until(charged.id, ["charged"])
      await until(unknown.id, ["needs_attention"])
      await until(guest.id, ["charged"])

      const ids = async (q: string) => (await api.get(`/admin/jwo/trips?q=${encodeURIComponent(q)}`, admin)).data.trips.map((t: any) => t.id)
      expect(await ids(charged.amazonTripId)).toEqual([charged.id])
      expect(await ids(charged.amazonTripId.slice(5, 17))).toEqual([charged.id])
      expect(await ids(charged.id)).toEqual([charged.id])
      expect(await ids("alex.rivera@jwo")).toEqual([charged.id])
      expect(await ids("Alex Rivera")).toEqual([charged.id])
      expect(await ids("lee")).toEqual([unknown.id])
      expect(await ids("JWO-NOPE-999")).toEqual([unknown.id])
      expect((await ids("SKU-WATER")).sort()).toEqual([charged.id, unknown.id].sort())
      expect(await ids(`#${chargedTrip.order.display_id}`)).toEqual([charged.id])
      expect(await ids(String(chargedTrip.order.display_id))).toEqual([charged.id])
      expect(await ids("nobody-matches-this")).toEqual([])
      // Search combines with the other filters.
      const { data: filtered } = await api.get(`/admin/jwo/trips?q=SKU-WATER&status=needs_attention`, admin)
      expect(filtered.trips.map((t: any) => t.id)).toEqual([unknown.id])

      const { data } = await api.get(`/admin/jwo/trips?q=${charged.id}`, admin)
      expect(data.trips[0]).toMatchObject({
        customer: { id: alex.id, email: alex.email, first_name: "Alex", last_name: "Rivera" },
        order: { id: chargedTrip.order.id, display_id: chargedTrip.order.display_id, currency_code: "usd" },
        store_name: "Manhattan 5th Ave",
      })
    })

    it("counts attempts from the history, names staff in it, and retries or resolves many trips with one reason", async () => {
      const first = await shop(alex.id, [{ id: "JWO-NOPE-1" }])
      const second = await shop(kim.id, [{ id: "JWO-NOPE-2" }])
      const fine = await shop(alex.id, [{ id: "SKU-WATER" }])
      await until(first.id, ["needs_attention"])
      await until(second.id, ["needs_attention"])
      await until(fine.id, ["charged"])

      const { data: retried } = await api.post("/admin/jwo/trips/bulk", { action: "retry", ids: [first.id, second.id, fine.id], note: "added the SKUs" }, admin)
      expect(retried).toMatchObject({ action: "retry", succeeded: 2, failed: 1 })
      expect(retried.results.find((r: any) => r.id === fine.id)).toMatchObject({ ok: false, error: expect.stringContaining("charged") })
      const again = await until(first.id, ["needs_attention"])
      expect(again.attempts_summary).toMatchObject({ pricing_runs: 2, checkout_submissions: 0, staff_retries: 1 })
      expect(again.attempts_summary.pricing_runs).toBe(again.history.filter((h: any) => h.to_status === "pricing").length)
      const byStaff = again.history.find((h: any) => h.actor.startsWith("staff:"))
      expect(byStaff).toMatchObject({ to_status: "pricing", user: { id: adminUserId, email: expect.stringContaining("@jwo.test") } })
      await until(second.id, ["needs_attention"])

      const refused = await failure(api.post("/admin/jwo/trips/bulk", { action: "resolve", ids: [first.id] }, admin))
      expect(refused.status).toBe(400)
      const { data: resolved } = await api.post("/admin/jwo/trips/bulk", { action: "resolve", ids: [first.id, second.id], reason: "paid at the till" }, admin)
      expect(resolved).toMatchObject({ succeeded: 2, failed: 0 })
      expect(resolved.results.map((r: any) => r.status)).toEqual(["resolved", "resolved"])
      const { data } = await api.get(`/admin/jwo/trips/${second.id}`, admin)
      expect(data.trip.history.at(-1)).toMatchObject({ to_status: "resolved", reason: expect.stringContaining("paid at the till"), user: { id: adminUserId } })
    })

    it("gives the dashboard's figures: trips by status, charged revenue, exit to charge, entries and refusals by hour", async () => {
      const from = new Date(Date.now() - 60_000).toISOString()
      const a = await shop(alex.id, [{ id: "SKU-WATER" }, { id: "SKU-GRANOLA" }])
      const b = await shop(kim.id, [{ id: "SKU-BREAD" }])
      const c = await shop(kim.id, [{ id: "JWO-NOPE-3" }])
      const tripA = await until(a.id, ["charged"])
      const tripB = await until(b.id, ["charged"])
      await until(c.id, ["needs_attention"])
      for (let i = 0; i < 3; i++) {
        const scan = await verifyIdentity({ pluginBaseUrl: base(), secret: INBOUND_SECRET, storeId: STORE, scanCode: `NOTACODE${i}` })
        expect(scan.status).toBe(401)
      }

      const { data } = await api.get(`/admin/jwo/stats?from=${encodeURIComponent(from)}`, admin)
      const { stats } = data
      expect(stats.stores).toHaveLength(1)
      const store = stats.stores[0]
      expect(store).toMatchObject({ jwo_store_id: jwoStoreId, amazon_store_id: STORE, name: "Manhattan 5th Ave" })
      expect(store.trips_by_status).toEqual({ charged: 2, needs_attention: 1 })
      expect(store.trips_total).toBe(3)
      const sum = (Number(tripA.charged_total) * 100 + Number(tripB.charged_total) * 100) / 100
      expect(store.charged).toEqual([{ currency_code: "USD", total: expect.any(String), trips: 2 }])
      expect(Number(store.charged[0].total)).toBeCloseTo(sum, 2)
      expect(store.exit_to_charge.count).toBe(2)
      expect(store.exit_to_charge.p50_ms).toBeGreaterThan(0)
      expect(store.exit_to_charge.p95_ms).toBeGreaterThanOrEqual(store.exit_to_charge.p50_ms)
      expect(store.entries).toEqual({ total: 3, accepted: 0, refused: 3 })
      expect(new Date(store.last_scan_at).getTime()).toBeGreaterThan(Date.parse(from))
      expect(stats.totals.trips_total).toBe(3)
      const hours = stats.hourly
      expect(hours.length).toBeGreaterThanOrEqual(1)
      expect(hours.reduce((n: number, h: any) => n + h.refused, 0)).toBe(3)
      expect(hours.reduce((n: number, h: any) => n + h.trips, 0)).toBe(3)
      expect(hours.reduce((n: number, h: any) => n + h.charged, 0)).toBe(2)
      expect(stats.daily_revenue.reduce((n: number, d: any) => n + d.trips, 0)).toBe(2)

      const wrong = await failure(api.get(`/admin/jwo/stats?from=2020-01-01T00:00:00Z&to=2021-01-01T00:00:00Z`, admin))
      expect(wrong.status).toBe(400)
    })

    it("shows the endpoints in use: the sandbox, and the test host of a store switched to it", async () => {
      const { data } = await api.get("/admin/jwo/settings", admin)
      expect(data.settings).toMatchObject({
        checkout: { endpoint: `http://localhost:${SANDBOX_PORT}/v1`, kind: "sandbox" },
        catalog: { kind: "sandbox" },
        scan_key: { qr_pattern: expect.stringMatching(/^\^/) },
        alerts: { feed: true },
      })
      expect(JSON.stringify(data)).not.toContain(CREDENTIALS.secretAccessKey)
      const { data: store } = await api.post(`/admin/jwo/stores/${jwoStoreId}`, { checkout_use_test_host: true }, admin)
      expect(store.jwo_store.checkout_endpoint).toEqual({ url: `http://localhost:${SANDBOX_PORT}/v1`, kind: "sandbox" })
    })

    it("names the product and variant of every catalog item", async () => {
      await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: jwoStoreId }, admin)
      const deadline = Date.now() + 30_000
      let items: any[] = []
      while (Date.now() < deadline) {
        items = (await api.get(`/admin/jwo/catalog/items?jwo_store_id=${jwoStoreId}&limit=50`, admin)).data.items
        if (items.some((i) => i.sku === "SKU-WATER")) break
        await new Promise((r) => setTimeout(r, 300))
      }
      expect(items.find((i) => i.sku === "SKU-WATER")).toMatchObject({ variant: { title: "One", product_title: "Sparkling Water 500ml" } })
      // The draft cookie is not in the catalog (not published), the online-only mug not in the channel: every item is named.
      expect(items.every((i) => i.variant?.product_title)).toBe(true)
    })

    it("alerts the notification bell when a trip needs attention and when Checkout rejects one, linking to the trip", async () => {
      const stuck = await shop(alex.id, [{ id: "SKU-WATER" }, { id: "JWO-NOPE-404" }])
      await until(stuck.id, ["needs_attention"])
      const alert = await waitForAlert((n) => n.data?.jwo_alert === "trip_needs_attention" && n.data.url.endsWith(stuck.id))
      expect(alert).toMatchObject({ channel: "feed", template: "admin-ui" })
      expect(alert.data.title).toBe("A trip needs attention at Manhattan 5th Ave (STORE-NYC-1)")
      expect(alert.data.description).toContain("Alex Rivera")
      expect(alert.data.description).toContain("line 2 (JWO-NOPE-404)")
      expect(alert.data.url).toBe(`/app/jwo/trips/${stuck.id}`)

      sandbox.addFault({ path: "/v1/checkout/carts", status: 400, count: 1 })
      const rejected = await shop(kim.id, [{ id: "SKU-WATER" }])
      await until(rejected.id, ["checkout_rejected"])
      const rejection = await waitForAlert((n) => n.data?.jwo_alert === "checkout_rejected" && n.data.url.endsWith(rejected.id))
      expect(rejection.data.title).toBe("Checkout rejected a trip at Manhattan 5th Ave (STORE-NYC-1)")
      expect(rejection.data.description).toContain("Kim Lee")
    })

    it("alerts on catalog items Amazon rejected and on a spike of refused entries, once each", async () => {
      const bus = getContainer().resolve(Modules.EVENT_BUS)
      await bus.emit({ name: "jwo.catalog.upload_done", data: { id: "jwocupl_test1", jwo_store_id: jwoStoreId, rejected: 3, accepted: 7, total: 10 } })
      const catalog = await waitForAlert((n) => n.data?.jwo_alert === "catalog_items_rejected")
      expect(catalog.data.title).toBe("Amazon rejected 3 catalog items of Manhattan 5th Ave (STORE-NYC-1)")
      expect(catalog.data.url).toBe(`/app/jwo?tab=catalog&catalog_store=${jwoStoreId}&citems_status=rejected`)

      for (let i = 0; i < 10; i++) {
        expect((await verifyIdentity({ pluginBaseUrl: base(), secret: INBOUND_SECRET, storeId: STORE, scanCode: `JWO1BAD${i}` })).status).toBe(401)
      }
      // Called as Medusa's job loader calls a job: (container, { scheduledFor }), at two minutes of one window.
      const windowMs = (getContainer().resolve(JWO_MODULE) as any).getOptions().alerts.refusalSpike.windowMinutes * 60_000
      const windowStart = Math.floor(Date.now() / windowMs) * windowMs
      const minute = (n: number) => ({ scheduledFor: new Date(windowStart + Math.min(n * 60_000, windowMs - 1)) })
      expect(await jwoEntryRefusalSpike(getContainer(), minute(Math.floor((Date.now() - windowStart) / 60_000)))).toEqual([jwoStoreId])
      // Once per window: the next minute's run finds the same alert already sent.
      await jwoEntryRefusalSpike(getContainer(), minute(Math.floor((Date.now() - windowStart) / 60_000) + 1))
      const spikes = (await feed()).filter((n) => n.data?.jwo_alert === "entry_refusal_spike")
      expect(spikes).toHaveLength(1)
      expect(spikes[0].data.title).toBe("Many refused entries at Manhattan 5th Ave (STORE-NYC-1)")
      expect(spikes[0].data.description).toMatch(/^10 of 10 scans refused in the last 10 minutes/)
      expect(spikes[0].data.url).toBe(`/app/jwo?tab=entries&entries_store=${jwoStoreId}&result=rejected`)
    })
  },
})
