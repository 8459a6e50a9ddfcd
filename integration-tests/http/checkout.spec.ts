import { randomUUID } from "node:crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { startSandbox } from "../../src/sandbox/server"
import { createPurchase } from "../../src/sandbox/driver"
import { runWalk } from "../../src/sandbox/walk-cli"
import { JWO_MODULE } from "../../src/modules/jwo"
import { formatAmount } from "../../src/modules/jwo/checkout-payload"
import { submitCheckoutWorkflow } from "../../src/workflows/checkout/submit-checkout"
import jwoReconcileTrips from "../../src/jobs/jwo-reconcile-trips"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createGrocery, nyStoreBody } from "../helpers/catalog"
import { createPublishableKey, registerShopper } from "../helpers/shoppers"

jest.setTimeout(180_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOCHECKOUTTEST01", secretAccessKey: "checkout-test-secret-access-key-000001" }
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_AMAZON_TIMEOUT_MS: "1000",
  JWO_CHECKOUT_MAX_ATTEMPTS: "4",
  JWO_CHECKOUT_RETRY_BASE_MS: "100",
  JWO_CHECKOUT_RETRY_MAX_MS: "400",
})

const STORE = "STORE-NYC-1"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let grocery: Awaited<ReturnType<typeof createGrocery>>
    let shopperId: string
    let jwoStoreId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>

    beforeAll(async () => {
      // The sandbox insists on Amazon's signing region as well: every call below proves the client signs for it.
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE], region: "us-east-1" })
      const container = getContainer()
      admin = await createAdminHeaders(container)
      grocery = await createGrocery(container)
      jwoStoreId = (await api.post("/admin/jwo/stores", nyStoreBody(grocery), admin)).data.jwo_store.id
      const { result } = await createCustomersWorkflow(container).run({
        input: { customersData: [{ email: "pay@jwo.test", first_name: "Pat", last_name: "Payer", has_account: true }] },
      })
      shopperId = result[0].id
    })
    beforeEach(() => sandbox.reset())
    afterAll(async () => {
      await sandbox?.close()
    })

    const base = () => api.defaults.baseURL as string
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
    const events: { name: string; data: any }[] = []
    const listen = (name: string) =>
      getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe(name, async (event: any) => {
          events.push({ name, data: event.data })
        })

    /** Amazon's Ordering Gateway, played by the sandbox's driver: the trip is registered with the sandbox too. */
    const shop = async (items: { id: string; quantity?: string; unit?: string }[], visitorType: "SHOPPER" | "ASSOCIATE" = "SHOPPER", register = true) => {
      const result = await createPurchase({
        pluginBaseUrl: base(),
        secret: INBOUND_SECRET,
        sandboxUrl: register ? sandbox.url : undefined,
        storeId: STORE,
        authEvents: [{ payloadType: "SCAN_CODE", scanResult: { id: shopperId, type: visitorType } }],
        cartItems: items.map((i) => ({ id: i.id, type: "SKU", quantity: { value: i.quantity ?? "1.0", unit: i.unit ?? "unit" } })),
      } as any)
      expect(result.status).toBe(201)
      return { tripId: (result.body as any).purchaseId as string, amazonTripId: result.request.idempotentShoppingTripId }
    }
    const until = async (tripId: string, statuses: string[], timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { data } = await api.get(`/admin/jwo/trips/${tripId}`, admin)
        if (statuses.includes(data.trip.status) || Date.now() > deadline) return data.trip
        await new Promise((r) => setTimeout(r, 150))
      }
    }
    const payment = async (orderId: string) =>
      (
        await query().graph({
          entity: "order",
          fields: [
            "metadata",
            "payment_collections.payments.amount",
            "payment_collections.payments.captured_at",
            "payment_collections.payments.data",
            "payment_collections.payments.captures.amount",
          ],
          filters: { id: orderId },
        })
      ).data[0] as any
    const checkoutCalls = () => sandbox.state.calls.filter((c) => c.path === "/v1/checkout/carts")

    /**
     * Issue 17.1, for a charged trip: Amazon's `priceTotal` (what the sandbox charged), the payment collection, the
     * authorised amount and the captured amount are one figure, the Medusa order total rounded to the cent; the
     * order page (admin API) shows nothing outstanding and paid = placed. Returns the figures.
     */
    const expectChargeIsOrderTotal = async (trip: any) => {
      const amazon = sandbox.state.trips.get(trip.idempotent_shopping_trip_id)!
      const { data } = await query().graph({
        entity: "order",
        fields: [
          "total",
          "currency_code",
          "payment_collections.amount",
          "payment_collections.raw_amount",
          "payment_collections.authorized_amount",
          "payment_collections.raw_authorized_amount",
          "payment_collections.captured_amount",
          "payment_collections.raw_captured_amount",
          "payment_collections.payments.raw_amount",
          "payment_collections.payments.captures.raw_amount",
        ],
        filters: { id: trip.order_id },
      })
      const order = data[0] as any
      const exact = MathBN.convert(order.raw_total ?? order.total).toFixed()
      const charge = formatAmount(exact, order.currency_code)
      const [collection] = order.payment_collections
      const [pay] = collection.payments
      const figures = {
        amazon: amazon.priceTotal?.amount,
        charged_total: trip.charged_total,
        payload: trip.checkout_payload.orderTotals.priceTotal.amount,
        collection: formatAmount(collection.raw_amount ?? collection.amount, "usd"),
        authorized: formatAmount(collection.raw_authorized_amount ?? collection.authorized_amount, "usd"),
        captured: formatAmount(collection.raw_captured_amount ?? collection.captured_amount, "usd"),
        payment: formatAmount(pay.raw_amount, "usd"),
        captures: pay.captures.map((c: any) => formatAmount(c.raw_amount, "usd")),
      }
      expect(figures).toEqual({
        amazon: charge,
        charged_total: charge,
        payload: charge,
        collection: charge,
        authorized: charge,
        captured: charge,
        payment: charge,
        captures: [charge],
      })
      // Exact, not only once formatted: every stored amount is the two-decimal charge itself.
      for (const raw of [collection.raw_amount, collection.raw_authorized_amount, collection.raw_captured_amount, pay.raw_amount]) {
        expect(MathBN.eq(MathBN.convert(raw), charge)).toBe(true)
      }
      // The order page: nothing outstanding, paid what was placed.
      const { data: page } = await api.get(
        `/admin/orders/${trip.order_id}?fields=id,status,total,fulfillment_status,*summary,*payment_collections,*items,*fulfillments`,
        admin
      )
      expect(Number(page.order.summary.pending_difference)).toBe(0)
      // Issue 17.2: fulfilled in the store, delivered and completed; no reservation left for its lines.
      expect(page.order).toMatchObject({ status: "completed", fulfillment_status: "delivered" })
      expect(page.order.fulfillments).toHaveLength(1)
      const reservations = await getContainer().resolve(Modules.INVENTORY).listReservationItems({ line_item_id: page.order.items.map((i: any) => i.id) })
      expect(reservations).toEqual([])
      expect(formatAmount(page.order.summary.paid_total, "usd")).toBe(charge)
      expect(formatAmount(page.order.total, "usd")).toBe(charge)
      return { exact, charge }
    }

    it("submits the priced cart, signed, and books Amazon's order id and the capture on the Medusa order", async () => {
      await listen("jwo.trip.charged")
      const { tripId, amazonTripId } = await shop([{ id: "SKU-WATER" }, { id: "SKU-BREAD", quantity: "2" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      const amazon = sandbox.state.trips.get(amazonTripId)!
      expect(trip).toMatchObject({ status: "charged", amazon_order_id: amazon.orderId, checkout_attempts: 1 })
      expect(amazon).toMatchObject({ charges: 1, duplicates: 0, priceTotal: trip.checkout_payload.orderTotals.priceTotal })
      expect(trip.charged_total).toBe(trip.checkout_payload.orderTotals.priceTotal.amount)
      expect(checkoutCalls()[0].accessKeyId).toBe(CREDENTIALS.accessKeyId)
      const order = await payment(trip.order_id)
      expect(order.metadata).toMatchObject({ jwo_amazon_order_id: amazon.orderId, jwo_charged_total: trip.charged_total })
      const [pay] = order.payment_collections[0].payments
      expect(pay.captured_at).toBeTruthy()
      expect(pay.data).toMatchObject({ amazon_order_id: amazon.orderId, amazon_price_total: trip.charged_total, status: "captured" })
      // Authorised and captured for exactly what Amazon charged: the order total rounded.
      await expectChargeIsOrderTotal(trip)
      expect(trip.history.map((h: any) => h.to_status)).toEqual(["received", "pricing", "order_placed", "checkout_pending", "charged"])
      expect(events).toContainEqual({ name: "jwo.trip.charged", data: expect.objectContaining({ id: tripId, amazon_order_id: amazon.orderId }) })
      // The trip's read-only links reach the Medusa order, cart and customer through query.graph.
      const { data: linked } = await query().graph({
        entity: "jwo_shopping_trip",
        fields: ["id", "order.id", "order.metadata", "medusa_cart.id", "medusa_cart.completed_at", "customer.id", "customer.email"],
        filters: { id: tripId },
      })
      expect(linked[0]).toMatchObject({
        order: { id: trip.order_id, metadata: expect.objectContaining({ jwo_amazon_order_id: amazon.orderId }) },
        medusa_cart: { id: trip.cart_id, completed_at: expect.anything() },
        customer: { id: shopperId, email: "pay@jwo.test" },
      })
    })

    it("retries 500 twice with growing delays, then succeeds: one charge, three calls", async () => {
      await listen("jwo.trip.checkout_retry_scheduled")
      sandbox.addFault({ path: "/v1/checkout/carts", status: 500, count: 2 })
      const { tripId, amazonTripId } = await shop([{ id: "SKU-BREAD" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip).toMatchObject({ status: "charged", checkout_attempts: 3 })
      await expectChargeIsOrderTotal(trip)
      expect(checkoutCalls().map((c) => c.status)).toEqual([500, 500, 201])
      // The scheduled delays grow (equal jitter: attempt n waits between half and all of base·2^(n-1)), and each
      // retry really waited at least that long. Wall-clock gaps alone are too noisy on a loaded machine to compare.
      const delays = events
        .filter((e) => e.name === "jwo.trip.checkout_retry_scheduled" && e.data.id === tripId)
        .map((e) => e.data.delay_ms as number)
      expect(delays).toHaveLength(2)
      expect(delays[1]).toBeGreaterThan(delays[0])
      const times = checkoutCalls().map((c) => Date.parse(c.time))
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(delays[0])
      expect(times[2] - times[1]).toBeGreaterThanOrEqual(delays[1])
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })
    })

    it("cuts a hanging call at the deadline and retries it", async () => {
      sandbox.addFault({ path: "/v1/checkout/carts", timeoutMs: 3000, count: 1 })
      const { tripId, amazonTripId } = await shop([{ id: "SKU-WATER" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip).toMatchObject({ status: "charged", checkout_attempts: 2 })
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })
      await expectChargeIsOrderTotal(trip)
      // The client gave up at its 1 s deadline (plus at most 400 ms of backoff), long before the sandbox's 3 s hang ended.
      const [first, second] = checkoutCalls().map((c) => Date.parse(c.time))
      expect(second - first).toBeLessThan(2500)
    })

    it("retries 503 and 429 with backoff (honouring Retry-After), same trip id, one charge", async () => {
      sandbox.addFault({ path: "/v1/checkout/carts", status: 503, count: 1 })
      sandbox.addFault({ path: "/v1/checkout/carts", status: 429, count: 1, retryAfterSeconds: 1 })
      const { tripId, amazonTripId } = await shop([{ id: "SKU-WATER" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip).toMatchObject({ status: "charged", checkout_attempts: 3 })
      await expectChargeIsOrderTotal(trip)
      const calls = checkoutCalls()
      expect(calls.map((c) => c.status)).toEqual([503, 429, 201])
      expect(calls.every((c) => JSON.parse(c.requestBody).idempotentShoppingTripId === amazonTripId)).toBe(true)
      expect(Date.parse(calls[2].time) - Date.parse(calls[1].time)).toBeGreaterThanOrEqual(1000)
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })
    })

    it("charges once when Amazon charged but the answer came too late (timeout), and the retry gets the same order id", async () => {
      // Charged 2.5 s after the call: well past the client's 1 s deadline even on a loaded machine.
      sandbox.addFault({ path: "/v1/checkout/carts", latencyMs: 2500, count: 1 })
      const { tripId, amazonTripId } = await shop([{ id: "SKU-GRANOLA" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      const amazon = sandbox.state.trips.get(amazonTripId)!
      expect(trip).toMatchObject({ status: "charged", amazon_order_id: amazon.orderId })
      expect(trip.checkout_attempts).toBeGreaterThanOrEqual(2)
      // The late call is answered after the retry already charged: wait for it, then Amazon holds one charge, and
      // every 2xx answer it gave (the late one included) names the order id booked on the trip.
      const deadline = Date.now() + 10_000
      while (checkoutCalls().some((c) => c.status === null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      const answered = checkoutCalls().filter((c) => c.status === 201)
      expect(answered.length).toBeGreaterThanOrEqual(2)
      expect(answered.map((c) => JSON.parse(c.responseBody).orderId)).toEqual(answered.map(() => trip.amazon_order_id))
      expect(amazon).toMatchObject({ charges: 1, duplicates: answered.length - 1 })
      await expectChargeIsOrderTotal(trip)
    })

    it("gives up after the configured attempts with an alert; staff resubmit once Amazon is back", async () => {
      await listen("jwo.trip.needs_attention")
      sandbox.addFault({ path: "/v1/checkout/carts", status: 500, count: 4 })
      const { tripId, amazonTripId } = await shop([{ id: "SKU-WATER" }])
      let trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("needs_attention")
      expect(trip.status_reason).toContain("after 4 attempts")
      expect(events).toContainEqual({ name: "jwo.trip.needs_attention", data: expect.objectContaining({ id: tripId }) })
      expect(checkoutCalls()).toHaveLength(4)
      await api.post(`/admin/jwo/trips/${tripId}/retry`, { note: "Amazon is back" }, admin)
      trip = await until(tripId, ["charged", "checkout_rejected"])
      expect(trip.status).toBe("charged")
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })
      await expectChargeIsOrderTotal(trip)
    })

    it("moves a 400 to checkout_rejected with Amazon's message, never retries it, and resubmits on staff request", async () => {
      await listen("jwo.trip.checkout_rejected")
      const { tripId, amazonTripId } = await shop([{ id: "SKU-WATER" }], "SHOPPER", false)
      let trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("checkout_rejected")
      expect(trip.status_reason).toContain("(400): UnknownShoppingTripException")
      expect(events).toContainEqual({ name: "jwo.trip.checkout_rejected", data: expect.objectContaining({ id: tripId }) })
      await new Promise((r) => setTimeout(r, 800))
      expect(checkoutCalls()).toHaveLength(1)
      // The cause is fixed (here: Amazon now knows the trip), then staff resubmit.
      sandbox.registerTrip({ idempotentShoppingTripId: amazonTripId, storeId: STORE, cartItems: trip.cart.cartItems })
      await api.post(`/admin/jwo/trips/${tripId}/retry`, {}, admin)
      trip = await until(tripId, ["charged", "checkout_rejected"])
      expect(trip.status).toBe("charged")
      await expectChargeIsOrderTotal(trip)
    })

    it("moves a 403 to checkout_rejected", async () => {
      sandbox.addFault({ path: "/v1/checkout/carts", status: 403, count: 1 })
      const { tripId } = await shop([{ id: "SKU-WATER" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("checkout_rejected")
      expect(trip.status_reason).toContain("(403)")
      expect(trip.status_reason).toContain("check the AWS credentials or IAM role")
    })

    it("submits exactly once when the job runs twice at the same time, and finishes without calling Amazon after a crash past our write of its answer", async () => {
      const { tripId, amazonTripId } = await shop([{ id: "SKU-WATER" }])
      await until(tripId, ["charged"])
      const jwo = getContainer().resolve(JWO_MODULE) as any
      // Back to where a worker that died right after storing Amazon's answer leaves it (payment not captured yet is
      // covered by the capture being skipped when done; here the state is rewound to checkout_pending).
      await jwo.updateJwoShoppingTrips({ id: tripId, status: "checkout_pending" })
      const callsBefore = checkoutCalls().length
      const run = () => submitCheckoutWorkflow(getContainer()).run({ input: { trip_id: tripId } }).then(({ result }) => result)
      const outcomes = await Promise.all([run(), run()])
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["charged", "skipped"])
      // The second run found the trip owned by the first (a live worker) and left it alone, not done.
      expect(outcomes.find((o) => o.outcome === "skipped")).toMatchObject({ why: expect.stringMatching(/^held by live worker /) })
      expect(checkoutCalls().length).toBe(callsBefore)
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })
      const trip = (await api.get(`/admin/jwo/trips/${tripId}`, admin)).data.trip
      expect(trip.status).toBe("charged")
      await expectChargeIsOrderTotal(trip)
    })

    /**
     * Leaves a trip as a worker that died mid-way leaves it: `status`, its work due, the dead worker's lease run out,
     * and (`set`) whatever that worker had written.
     */
    const abandon = async (tripId: string, status: string, set: Record<string, unknown> = {}) => {
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const aMinuteAgo = new Date(Date.now() - 60_000)
      await knex("jwo_shopping_trip").where({ id: tripId }).update({
        status,
        lease_token: "dead-worker",
        lease_owner: "dead-host:1:000000",
        lease_until: new Date(Date.now() - 1000),
        next_attempt_at: aMinuteAgo,
        status_changed_at: aMinuteAgo,
        updated_at: aMinuteAgo,
        ...set,
      })
    }

    it("charges once and books the order when the worker died after Amazon's 201 but before our write (resubmitted at once)", async () => {
      // Amazon does not know the trip yet: the plugin's own submission is refused (400) and nothing is charged.
      const { tripId, amazonTripId } = await shop([{ id: "SKU-BREAD" }, { id: "SKU-WATER" }], "SHOPPER", false)
      let trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("checkout_rejected")
      sandbox.registerTrip({ idempotentShoppingTripId: amazonTripId, storeId: STORE, cartItems: trip.cart.cartItems })
      // The dead worker's call: the stored payload, signed by the plugin's own client; Amazon charges and answers 201,
      // and the worker dies before it writes anything.
      const jwo = getContainer().resolve(JWO_MODULE) as any
      const answer = await jwo.amazon().postJson({ baseUrl: `http://localhost:${SANDBOX_PORT}/v1` }, "/checkout/carts", trip.checkout_payload)
      expect(answer).toMatchObject({ kind: "success", body: { orderId: expect.any(String) } })
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })
      // The dead worker had recorded its call as in flight before making it.
      await abandon(tripId, "checkout_pending", { checkout_in_flight_at: new Date(Date.now() - 30_000) })

      // A worker's dispatcher finds the trip due with no live owner and submits it again at once (not counted as another
      // attempt): Amazon dedupes on the trip id and answers the same order id.
      trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      const amazon = sandbox.state.trips.get(amazonTripId)!
      expect(trip).toMatchObject({ status: "charged", amazon_order_id: answer.body.orderId })
      expect(amazon).toMatchObject({ charges: 1, duplicates: 1, orderId: answer.body.orderId })
      const order = await payment(trip.order_id)
      expect(order.metadata).toMatchObject({ jwo_amazon_order_id: answer.body.orderId })
      await expectChargeIsOrderTotal(trip)
      expect(trip).toMatchObject({ checkout_attempts: 1 })
      expect(await jwoReconcileTrips(getContainer())).toBe(0)
    })

    /** The order's transactions and its payment collection, as the capture booking leaves them. */
    const booked = async (orderId: string) => {
      const { data } = await query().graph({
        entity: "order",
        fields: ["transactions.id", "transactions.reference_id", "payment_collections.id", "payment_collections.status", "payment_collections.payments.id", "payment_collections.payments.captures.id"],
        filters: { id: orderId },
      })
      return data[0] as any
    }

    it("finishes a capture a dead run left half-booked: payment captured, its collection not completed", async () => {
      const { tripId } = await shop([{ id: "SKU-WATER" }, { id: "SKU-BREAD" }])
      let trip = await until(tripId, ["charged"])
      const before = await booked(trip.order_id)
      const collection = before.payment_collections[0]
      // Killed after Medusa marked the payment captured, before it recomputed the collection (seen in the chaos run).
      await getContainer().resolve(Modules.PAYMENT).updatePaymentCollections(collection.id, { status: "authorized", captured_amount: 0 } as any)
      await abandon(tripId, "checkout_pending")
      trip = await until(tripId, ["charged"])
      const after = await booked(trip.order_id)
      expect(after.payment_collections[0]).toMatchObject({ status: "completed" })
      // No second capture, no second order transaction.
      expect(after.payment_collections[0].payments[0].captures.map((c: any) => c.id)).toEqual(collection.payments[0].captures.map((c: any) => c.id))
      expect(after.transactions.map((t: any) => t.reference_id)).toEqual(collection.payments[0].captures.map((c: any) => c.id))
      await expectChargeIsOrderTotal(trip)
    })

    it("finishes a capture a dead run left as a capture row with its payment not marked captured", async () => {
      // Placed and authorised, then refused by Amazon (not registered): nothing captured yet.
      const { tripId, amazonTripId } = await shop([{ id: "SKU-BREAD" }], "SHOPPER", false)
      let trip = await until(tripId, ["checkout_rejected"])
      sandbox.registerTrip({ idempotentShoppingTripId: amazonTripId, storeId: STORE, cartItems: trip.cart.cartItems })
      // The dead run: Amazon charged and answered, its order id was stored, Medusa wrote the capture row and the
      // worker died before the payment was marked captured.
      const jwo = getContainer().resolve(JWO_MODULE) as any
      const answer = await jwo.amazon().postJson({ baseUrl: `http://localhost:${SANDBOX_PORT}/v1` }, "/checkout/carts", trip.checkout_payload)
      expect(answer).toMatchObject({ kind: "success", body: { orderId: expect.any(String) } })
      const before = await booked(trip.order_id)
      const pay = before.payment_collections[0].payments[0]
      const paymentModule = getContainer().resolve(Modules.PAYMENT) as any
      const [full] = await paymentModule.listPayments({ id: pay.id }, { select: ["id", "amount"] })
      await paymentModule.createCaptures({ payment: pay.id, amount: full.amount })
      await abandon(tripId, "checkout_pending", { amazon_order_id: answer.body.orderId, charged_total: trip.checkout_payload.orderTotals.priceTotal.amount })
      trip = await until(tripId, ["charged", "needs_attention"])
      expect(trip.status).toBe("charged")
      const after = await booked(trip.order_id)
      expect(after.payment_collections[0].payments[0].captures).toHaveLength(1)
      expect(after.transactions.map((t: any) => t.reference_id)).toEqual(after.payment_collections[0].payments[0].captures.map((c: any) => c.id))
      await expectChargeIsOrderTotal(trip)
    })

    it("hands a trip whose checkout job was lost in order_placed to Checkout (the dispatcher finds it due)", async () => {
      sandbox.addFault({ path: "/v1/checkout/carts", status: 400, count: 1 })
      const { tripId, amazonTripId } = await shop([{ id: "SKU-GRANOLA" }])
      let trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("checkout_rejected")
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 0 })
      // The order was placed, then the process died before the checkout job was queued.
      await abandon(tripId, "order_placed")
      trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("charged")
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1, duplicates: 0 })
      await expectChargeIsOrderTotal(trip)
    })

    it("walks a shopper through the sandbox's gateways against the running plugin: entry, exit, charge", async () => {
      // The retailer's app: a customer registers, logs in and gets a Scan Key Code from the store API.
      const publishableKey = await createPublishableKey(getContainer(), grocery.salesChannel.id)
      const walker = await registerShopper(api, publishableKey, "walker")
      const { code } = (await api.post("/store/jwo/scan-keys", {}, { headers: walker.headers })).data.scan_key
      // Amazon's gateways, played by `medusa-plugin-jwo walk`: the gate scans the code, the shopper walks out with
      // two waters, and the walk waits at the sandbox until the plugin's Checkout call charged the trip.
      const lines: string[] = []
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }
      const argv = ["walk", "--plugin-url", base(), "--sandbox-url", sandbox.url, "--store-id", STORE, "--scan-key-code", code, "--item", "SKU-WATER=2"]
      const { code: exitCode, result } = await runWalk(argv, { JWO_INBOUND_SECRET: INBOUND_SECRET }, io)
      expect(lines.join("\n")).toMatch(/checkout: charged/)
      expect(exitCode).toBe(0)
      expect(result!.entry.body).toEqual({ visitorDetails: { id: walker.id, type: "SHOPPER" } })
      expect(result!.exit!.request.shoppingTrip.authEvents[0]).toMatchObject({ payloadType: "SCAN_CODE", scanResult: { id: walker.id, type: "SHOPPER" } })
      const tripId = (result!.exit!.body as any).purchaseId
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip).toMatchObject({ status: "charged", customer_id: walker.id, visitor_type: "SHOPPER" })
      expect(result!.trip).toMatchObject({ charges: 1, orderId: trip.amazon_order_id })
      expect(sandbox.state.trips.get(result!.exit!.request.idempotentShoppingTripId)).toMatchObject({ charges: 1, duplicates: 0 })
      await expectChargeIsOrderTotal(trip)
    })

    it("charges the Medusa order total rounded where the rounded lines add up to a cent more (Amazon CP-1.3-like)", async () => {
      // Water 1.99 and 0.5 kg of bananas at 1.52/kg, New York tax 8.875 %: Medusa's order total is exactly
      // 1.99 + 0.76 + 0.1766125 + 0.06745 = 2.9940625, shown as 2.99. Each line rounded on its own would charge
      // 2.17 + 0.83 = 3.00 (as in Amazon's CP-1.3: exact 3.2645624375, lines 3.27, order 3.26).
      const { tripId } = await shop([{ id: "SKU-WATER" }, { id: "SKU-BANANA", quantity: "0.5", unit: "kg" }])
      const trip = await until(tripId, ["charged", "checkout_rejected", "needs_attention"])
      expect(trip.status).toBe("charged")
      expect(await expectChargeIsOrderTotal(trip)).toEqual({ exact: "2.9940625", charge: "2.99" })
      const lines = trip.checkout_payload.lineItems.map((l: any) => [l.productId, l.unitPrice.price.amount, l.unitPrice.salesTax.amount, l.unitPrice.totalPrice.amount])
      expect(lines).toEqual([
        ["SKU-WATER", "1.99", "0.17", "2.16"], // tax 0.1766125, rounded down: the smaller remainder of the two
        ["SKU-BANANA", "0.76", "0.07", "0.83"], // tax 0.06745
      ])
      expect(trip.checkout_payload.orderTotals).toMatchObject({ subTotal: { amount: "2.75" }, salesTaxTotal: { amount: "0.24" }, priceTotal: { amount: "2.99" } })
    })

    it("does not submit associate trips (not charged by default)", async () => {
      const { tripId } = await shop([{ id: "SKU-WATER" }], "ASSOCIATE")
      const trip = await until(tripId, ["not_charged", "charged", "checkout_rejected"])
      expect(trip.status).toBe("not_charged")
      expect(checkoutCalls()).toHaveLength(0)
      // Settled without a charge (finished-orders.spec.ts has the details): nothing outstanding, nothing to capture.
      const { data: page } = await api.get(`/admin/orders/${trip.order_id}?fields=id,status,total,fulfillment_status,payment_status,*summary`, admin)
      expect(page.order).toMatchObject({ status: "completed", fulfillment_status: "delivered", payment_status: "canceled" })
      expect(Number(page.order.summary.pending_difference)).toBe(0)
    })

    it("runs the connectivity check: reachable through the sandbox, forbidden on a 403, stored on the store", async () => {
      let { data } = await api.post(`/admin/jwo/stores/${jwoStoreId}/checkout-check`, {}, admin)
      expect(data.checkout_check).toMatchObject({ status: "reachable", endpoint: `http://localhost:${SANDBOX_PORT}/v1` })
      expect(data.jwo_store).toMatchObject({ checkout_check_status: "reachable", checkout_checked_at: expect.any(String) })
      sandbox.addFault({ path: "/v1/checkout/carts", status: 403, count: 1 })
      ;({ data } = await api.post(`/admin/jwo/stores/${jwoStoreId}/checkout-check`, {}, admin))
      expect(data.checkout_check.status).toBe("forbidden")
      expect((await api.get(`/admin/jwo/stores/${jwoStoreId}`, admin)).data.jwo_store.checkout_check_status).toBe("forbidden")
    })

    it("never sends an empty cart to Checkout", async () => {
      const result = await createPurchase({
        pluginBaseUrl: base(),
        secret: INBOUND_SECRET,
        storeId: STORE,
        authEvents: [{ payloadType: "FINANCIAL" }],
        cartItems: [],
      } as any)
      expect(result.body).toEqual({ purchaseId: "" })
      await new Promise((r) => setTimeout(r, 500))
      expect(checkoutCalls()).toHaveLength(0)
    })
    void randomUUID
  },
})
