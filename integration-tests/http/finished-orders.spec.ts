import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, MathBN, Modules } from "@medusajs/framework/utils"
import {
  createCustomersWorkflow,
  createInventoryLevelsWorkflow,
  createOrderFulfillmentWorkflow,
  createProductsWorkflow,
} from "@medusajs/medusa/core-flows"
import { startSandbox } from "../../src/sandbox/server"
import { createPurchase } from "../../src/sandbox/driver"
import { JWO_MODULE } from "../../src/modules/jwo"
import { formatAmount } from "../../src/modules/jwo/checkout-payload"
import { submitCheckoutWorkflow } from "../../src/workflows/checkout/submit-checkout"
import { ensureStorePickupWorkflow } from "../../src/workflows/orders/store-pickup"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createGrocery, nyStoreBody } from "../helpers/catalog"

/**
 * Issue 17, points 2 to 6: every trip ends with a finished Medusa order. Charged: fulfilled in the store (delivered),
 * completed, stock consumed, charge = captured = order total rounded. Not charged (associates, staff resolve):
 * settled to nothing outstanding, never capturable, and fulfilled the same way. Weighed lines show their weight,
 * refunds are refused naming Amazon's Merchant Portal, and the order carries its receipt.
 */
jest.setTimeout(240_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOFINISHEDORDERS", secretAccessKey: "finished-orders-secret-access-key-0001" }
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_CHECKOUT_MAX_ATTEMPTS: "2",
  JWO_CHECKOUT_RETRY_BASE_MS: "100",
  JWO_CHECKOUT_RETRY_MAX_MS: "400",
  JWO_RECEIPTS_CHANNEL: "email",
})

const STORE = "STORE-NYC-1"
const REFUND_MESSAGE =
  "was taken by Amazon, not by Medusa: it cannot be refunded here. Refund the shopper in Amazon's Just Walk Out Merchant Portal; no refund was recorded in Medusa."

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let grocery: Awaited<ReturnType<typeof createGrocery>>
    let shopper: { id: string; email: string }
    let associate: { id: string; email: string }
    let jwoStoreId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    /** Inventory item of each managed SKU. */
    const inventoryOf: Record<string, string> = {}

    beforeAll(async () => {
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE], region: "us-east-1" })
      const container = getContainer()
      admin = await createAdminHeaders(container)
      grocery = await createGrocery(container)
      // Goods with recorded stock: apples (10 at the store) and oat milk (5).
      const managed = (title: string, sku: string, barcode: string, price: number) => ({
        title,
        status: "published" as const,
        sales_channels: [{ id: grocery.salesChannel.id }],
        options: [{ title: "Size", values: ["One"] }],
        variants: [{ title: "One", sku, barcode, manage_inventory: true, options: { Size: "One" }, prices: [{ amount: price, currency_code: "usd" }] }],
      })
      await createProductsWorkflow(container).run({
        input: { products: [managed("Apple", "SKU-APPLE", "0000000040131", 0.8), managed("Oat Milk", "SKU-OATMILK", "0000000050123", 3.49)] },
      })
      const { data: variants } = await container
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "product_variant", fields: ["sku", "inventory_items.inventory_item_id"], filters: { sku: ["SKU-APPLE", "SKU-OATMILK", "SKU-ENERGY"] } })
      for (const v of variants as any[]) inventoryOf[v.sku] = v.inventory_items[0].inventory_item_id
      await createInventoryLevelsWorkflow(container).run({
        input: {
          inventory_levels: [
            { inventory_item_id: inventoryOf["SKU-APPLE"], location_id: grocery.stockLocation.id, stocked_quantity: 10 },
            { inventory_item_id: inventoryOf["SKU-OATMILK"], location_id: grocery.stockLocation.id, stocked_quantity: 5 },
          ],
        },
      })
      jwoStoreId = (await api.post("/admin/jwo/stores", nyStoreBody(grocery), admin)).data.jwo_store.id
      const { result } = await createCustomersWorkflow(container).run({
        input: {
          customersData: [
            { email: "finished@jwo.test", first_name: "Fin", last_name: "Ished", has_account: true },
            { email: "associate@jwo.test", first_name: "Ada", last_name: "Associate", has_account: true },
          ],
        },
      })
      shopper = { id: result[0].id, email: result[0].email! }
      associate = { id: result[1].id, email: result[1].email! }
    })
    beforeEach(() => sandbox.reset())
    afterAll(async () => {
      await sandbox?.close()
    })

    const base = () => api.defaults.baseURL as string
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (error: any) => error.response
      )

    const shop = async (
      items: { id: string; quantity?: string; unit?: string }[],
      options: { visitor?: { id: string }; type?: "SHOPPER" | "ASSOCIATE"; register?: boolean } = {}
    ) => {
      const result = await createPurchase({
        pluginBaseUrl: base(),
        secret: INBOUND_SECRET,
        sandboxUrl: options.register === false ? undefined : sandbox.url,
        storeId: STORE,
        authEvents: [{ payloadType: "SCAN_CODE", scanResult: { id: (options.visitor ?? shopper).id, type: options.type ?? "SHOPPER" } }],
        cartItems: items.map((i) => ({ id: i.id, type: "SKU", quantity: { value: i.quantity ?? "1.0", unit: i.unit ?? "unit" } })),
      } as any)
      expect(result.status).toBe(201)
      return { tripId: (result.body as any).purchaseId as string, amazonTripId: result.request.idempotentShoppingTripId }
    }
    const until = async (tripId: string, statuses: string[], timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { data } = await api.get(`/admin/jwo/trips/${tripId}`, admin)
        if (statuses.includes(data.trip.status) || Date.now() > deadline) return data.trip
        await new Promise((r) => setTimeout(r, 150))
      }
    }
    const FINAL = ["charged", "not_charged", "checkout_rejected", "needs_attention", "resolved"]

    /** The order as Medusa Admin's order page reads it (the admin API). */
    const orderPage = async (orderId: string) =>
      (
        await api.get(
          `/admin/orders/${orderId}?fields=id,status,email,total,metadata,fulfillment_status,payment_status,*summary,*credit_lines,*fulfillments,*items,*shipping_address,*payment_collections,*payment_collections.payments`,
          admin
        )
      ).data.order
    const level = async (sku: string) => {
      const { data } = await query().graph({
        entity: "inventory_level",
        fields: ["stocked_quantity", "reserved_quantity"],
        filters: { inventory_item_id: inventoryOf[sku], location_id: grocery.stockLocation.id },
      })
      return { stocked: Number((data[0] as any)?.stocked_quantity ?? 0), reserved: Number((data[0] as any)?.reserved_quantity ?? 0) }
    }
    const reservationsOf = async (order: any) =>
      getContainer()
        .resolve(Modules.INVENTORY)
        .listReservationItems({ line_item_id: order.items.map((i: any) => i.id) })
    const receiptNotifications = async (orderId: string) =>
      (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ resource_id: orderId, template: "jwo-receipt" })) as any[]

    /** Issue 17 "Done when", for a charged trip: one figure, fulfilled and delivered, completed, no reservation left. */
    const expectFinishedCharged = async (trip: any) => {
      expect(trip.status).toBe("charged")
      const order = await orderPage(trip.order_id)
      const charge = formatAmount(MathBN.convert(order.total).toFixed(), "usd")
      const amazon = sandbox.state.trips.get(trip.idempotent_shopping_trip_id)!
      const [collection] = order.payment_collections
      expect({
        amazon: amazon.priceTotal?.amount,
        charged: trip.charged_total,
        captured: formatAmount(collection.captured_amount, "usd"),
        total: charge,
      }).toEqual({ amazon: charge, charged: charge, captured: charge, total: charge })
      expect(order).toMatchObject({ status: "completed", fulfillment_status: "delivered", payment_status: "captured" })
      expect(Number(order.summary.pending_difference)).toBe(0)
      expect(order.fulfillments).toHaveLength(1)
      expect(order.fulfillments[0]).toMatchObject({ delivered_at: expect.any(String), location_id: grocery.stockLocation.id, canceled_at: null })
      expect(await reservationsOf(order)).toEqual([])
      return order
    }

    it("makes the store's Just Walk Out pickup option with the store, once", async () => {
      const pickup = async () => {
        const { data } = await query().graph({
          entity: "stock_location",
          fields: [
            "fulfillment_providers.id",
            "fulfillment_sets.id",
            "fulfillment_sets.type",
            "fulfillment_sets.service_zones.id",
            "fulfillment_sets.service_zones.geo_zones.country_code",
            "fulfillment_sets.service_zones.shipping_options.id",
            "fulfillment_sets.service_zones.shipping_options.name",
            "fulfillment_sets.service_zones.shipping_options.provider_id",
            "fulfillment_sets.service_zones.shipping_options.rules.attribute",
            "fulfillment_sets.service_zones.shipping_options.rules.value",
          ],
          filters: { id: grocery.stockLocation.id },
        })
        return data[0] as any
      }
      const location = await pickup()
      expect(location.fulfillment_providers.map((p: any) => p.id)).toContain("manual_manual")
      expect(location.fulfillment_sets).toHaveLength(1)
      const [set] = location.fulfillment_sets
      expect(set.type).toBe("pickup")
      expect(set.service_zones).toHaveLength(1)
      expect(set.service_zones[0].geo_zones.map((g: any) => g.country_code)).toEqual(["us"])
      const [option] = set.service_zones[0].shipping_options
      expect(option).toMatchObject({ name: "Just Walk Out", provider_id: "manual_manual" })
      // Never offered to a storefront checkout, never a return option.
      expect(Object.fromEntries(option.rules.map((r: any) => [r.attribute, r.value]))).toEqual({ enabled_in_store: "false", is_return: "false" })

      // Checked again on demand (and before every finished order): nothing is made twice.
      const { result } = await ensureStorePickupWorkflow(getContainer()).run({ input: { jwo_store_id: jwoStoreId } })
      expect(result).toMatchObject({ location_id: grocery.stockLocation.id, fulfillment_set_id: set.id, shipping_option_id: option.id, missing: null })
      const again = await pickup()
      expect(again.fulfillment_sets).toHaveLength(1)
      expect(again.fulfillment_sets[0].service_zones[0].shipping_options).toHaveLength(1)
    })

    it("finishes a charged trip: charge = captured = total rounded, fulfilled in the store and delivered, completed, stock consumed", async () => {
      const before = { apple: await level("SKU-APPLE"), oat: await level("SKU-OATMILK") }
      const { tripId } = await shop([
        { id: "SKU-APPLE", quantity: "3" },
        { id: "SKU-OATMILK" },
        // None recorded: the trip is never refused, the gap is added to the stock and taken out again.
        { id: "SKU-ENERGY", quantity: "2" },
        { id: "SKU-BREAD" },
        { id: "SKU-BANANA", quantity: "0.455", unit: "kg" },
      ])
      const trip = await until(tripId, FINAL)
      const order = await expectFinishedCharged(trip)
      expect(trip.stock_gaps).toEqual([expect.objectContaining({ sku: "SKU-ENERGY", added: "2" })])
      expect(trip.history.map((h: any) => h.to_status)).toEqual(["received", "pricing", "order_placed", "checkout_pending", "charged"])
      // Stock drops by what was taken; recorded stock is what is on the shelf (the energy drinks: none left).
      expect(await level("SKU-APPLE")).toEqual({ stocked: before.apple.stocked - 3, reserved: 0 })
      expect(await level("SKU-OATMILK")).toEqual({ stocked: before.oat.stocked - 1, reserved: 0 })
      expect(await level("SKU-ENERGY")).toEqual({ stocked: 0, reserved: 0 })

      // The weighed line shows what was taken, in Medusa Admin; the exact figures stay in its metadata.
      const banana = order.items.find((i: any) => i.variant_sku === "SKU-BANANA")
      expect(banana.title).toBe("Bananas — 0.455 kg at 1.52/kg")
      expect(banana.metadata).toMatchObject({ jwo_measure: "0.455", jwo_measure_unit: "kg", jwo_price_per_unit: "1.52" })
      // The store travels with the order: its name and address.
      expect(order.shipping_address).toMatchObject({ company: "Manhattan 5th Ave", address_1: "350 5th Ave", city: "New York", postal_code: "10001" })
      expect(order.email).toBe(shopper.email)

      // The receipt: what a template reads, from the order alone.
      const { receipt } = (await api.get(`/admin/jwo/orders/${trip.order_id}/receipt`, admin)).data
      expect(receipt).toMatchObject({
        order_id: trip.order_id,
        customer_email: shopper.email,
        store: { name: "Manhattan 5th Ave", amazon_store_id: STORE, address: "350 5th Ave, New York US-NY 10001, US" },
        amazon_order_id: trip.amazon_order_id,
        payment: { status: "charged", charged: trip.charged_total },
        totals: { total: trip.charged_total, to_pay: trip.charged_total, not_charged: "0.00" },
      })
      expect(receipt.totals).toMatchObject({
        subtotal: trip.checkout_payload.orderTotals.subTotal.amount,
        promotions: trip.checkout_payload.orderTotals.promotionsTotal.amount,
        tax: trip.checkout_payload.orderTotals.salesTaxTotal.amount,
      })
      expect(receipt.lines.map((l: any) => [l.title, l.quantity, l.unit])).toEqual([
        ["Apple", "3", null],
        ["Oat Milk", "1", null],
        ["Energy Drink", "2", null],
        ["Sourdough Loaf", "1", null],
        ["Bananas — 0.455 kg at 1.52/kg", "0.455", "kg"],
      ])
      // Line figures are Amazon's (the store reads in line mode): price − promotions + tax = total, to the cent.
      expect(receipt.lines.map((l: any) => [l.price, l.tax, l.total])).toEqual(
        trip.checkout_payload.lineItems.map((l: any) => [l.unitPrice.price.amount, l.unitPrice.salesTax.amount, l.unitPrice.totalPrice.amount])
      )
      expect(receipt.lines[4].measure).toEqual({ amount: "0.455", unit: "kg", price_per_unit: "1.52" })
      expect(receipt.promotions).toEqual([{ code: "BAKERY-10", description: expect.any(String), amount: "0.45" }])
      expect(receipt.lines[3].promotions).toEqual([expect.objectContaining({ code: "BAKERY-10", amount: "0.45" })])
      expect(receipt.taxes).toEqual([{ name: "New York", rate: "8.875", amount: trip.checkout_payload.orderTotals.salesTaxTotal.amount }])
      expect(receipt.text).toContain("Bananas — 0.455 kg at 1.52/kg")
      expect(receipt.text).toContain(`Amazon order ${trip.amazon_order_id}`)
      expect(receipt.text).toMatch(new RegExp(`Charged by Amazon +${trip.charged_total.replace(".", "\\.")}`))

      // Sent once through Medusa's notification module, on the receipts channel (the local provider here).
      const sent = await receiptNotifications(trip.order_id)
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ to: shopper.email, channel: "email", provider_id: "local", status: "success", resource_type: "order" })
      expect(sent[0].data.receipt).toMatchObject({ order_id: trip.order_id, totals: { total: trip.charged_total } })
    })

    it("lets Medusa's order.placed reach the merchant's notification provider unchanged", async () => {
      // The merchant's own subscriber, as Medusa's docs write it: order.placed → an email through the notification module.
      const placed: any[] = []
      getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe("order.placed", async (event: any) => {
          placed.push(event.data)
          const { data } = await query().graph({ entity: "order", fields: ["id", "email", "items.title"], filters: { id: event.data.id } })
          await getContainer()
            .resolve(Modules.NOTIFICATION)
            .createNotifications({ to: data[0].email, channel: "email", template: "merchant-order-placed", resource_id: data[0].id, data: { order: data[0] } })
        })
      const { tripId } = await shop([{ id: "SKU-WATER" }, { id: "SKU-BANANA", quantity: "0.5", unit: "kg" }])
      const trip = await until(tripId, FINAL)
      await expectFinishedCharged(trip)
      const mine = placed.filter((d) => d.id === trip.order_id)
      expect(mine).toEqual([{ id: trip.order_id }])
      const deadline = Date.now() + 5000
      let sent: any[] = []
      while (!sent.length && Date.now() < deadline) {
        sent = (await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ resource_id: trip.order_id, template: "merchant-order-placed" })) as any[]
        if (!sent.length) await new Promise((r) => setTimeout(r, 100))
      }
      expect(sent).toHaveLength(1)
      expect(sent[0]).toMatchObject({ to: shopper.email, channel: "email", provider_id: "local", status: "success" })
      expect(sent[0].data.order.items.map((i: any) => i.title).sort()).toEqual(["Bananas — 0.5 kg at 1.52/kg", "Sparkling Water 500ml"])
    })

    it("settles an associate trip without a charge: nothing outstanding, no capture, fulfilled, stock reflects what left", async () => {
      const before = await level("SKU-APPLE")
      const { tripId } = await shop([{ id: "SKU-APPLE", quantity: "2" }, { id: "SKU-WATER" }], { visitor: associate, type: "ASSOCIATE" })
      const trip = await until(tripId, FINAL)
      expect(trip).toMatchObject({ status: "not_charged", charge: false, amazon_order_id: null })
      expect(sandbox.state.calls.filter((c) => c.path === "/v1/checkout/carts")).toHaveLength(0)
      const order = await orderPage(trip.order_id)
      expect(order).toMatchObject({ status: "completed", fulfillment_status: "delivered", payment_status: "canceled" })
      expect(Number(order.total)).toBe(0)
      expect(Number(order.summary.pending_difference)).toBe(0)
      expect(order.credit_lines).toEqual([expect.objectContaining({ reference: "jwo_not_charged", reference_id: tripId })])
      expect(order.metadata).toMatchObject({ jwo_charged: false, jwo_not_charged_reason: "not charged: associate" })
      const [collection] = order.payment_collections
      expect(collection.status).toBe("canceled")
      const [payment] = collection.payments
      expect(payment.canceled_at).toBeTruthy()
      expect(payment.captured_at).toBeNull()
      // Nothing to capture: Medusa refuses it, so staff cannot mark as paid what Amazon never charged.
      const capture = await failure(api.post(`/admin/payments/${payment.id}/capture`, {}, admin))
      expect(capture.status).toBe(400)
      expect((await orderPage(trip.order_id)).payment_collections[0].captured_amount).toBe(0)
      // The goods left all the same.
      expect(await level("SKU-APPLE")).toEqual({ stocked: before.stocked - 2, reserved: 0 })
      expect(await reservationsOf(order)).toEqual([])
      // Its receipt says so.
      const { receipt } = (await api.get(`/admin/jwo/orders/${trip.order_id}/receipt`, admin)).data
      expect(receipt).toMatchObject({ payment: { status: "not_charged", reason: "not charged: associate" }, totals: { to_pay: "0.00" } })
      expect(receipt.totals.not_charged).toBe(receipt.totals.total)
      expect(receipt.text).toContain("Not charged: associate")
    })

    it("refuses a refund from Medusa Admin and names Amazon's Merchant Portal; a finished order cannot be canceled", async () => {
      const { tripId } = await shop([{ id: "SKU-GRANOLA" }])
      const trip = await until(tripId, FINAL)
      const order = await expectFinishedCharged(trip)
      const payment = order.payment_collections[0].payments[0]
      const refund = await failure(api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin))
      expect(refund.status).toBe(400)
      expect(refund.data.message).toBe(`This Just Walk Out payment (Amazon order ${trip.amazon_order_id}) ${REFUND_MESSAGE}`)
      const { data } = await query().graph({ entity: "payment", fields: ["id", "refunds.id"], filters: { id: payment.id } })
      expect((data[0] as any).refunds).toEqual([])
      const after = await orderPage(trip.order_id)
      expect(after.payment_status).toBe("captured")
      // Completed: Medusa itself refuses to cancel it (money is given back through a return, which hits the refusal above).
      const cancel = await failure(api.post(`/admin/orders/${trip.order_id}/cancel`, {}, admin))
      expect(cancel.status).toBe(400)
      expect((await orderPage(trip.order_id)).status).toBe("completed")
    })

    it("finishes once under re-runs: a run after the trip was finished, and one after a crash between fulfilment and delivery", async () => {
      const before = await level("SKU-OATMILK")
      const { tripId, amazonTripId } = await shop([{ id: "SKU-OATMILK", quantity: "2" }])
      let trip = await until(tripId, FINAL)
      await expectFinishedCharged(trip)
      // Rewound to what a worker that died right after finishing the order leaves: checkout_pending, Amazon's id stored.
      const jwo = getContainer().resolve(JWO_MODULE) as any
      await jwo.updateJwoShoppingTrips({ id: tripId, status: "checkout_pending" })
      const { result } = await submitCheckoutWorkflow(getContainer()).run({ input: { trip_id: tripId } })
      expect(result).toMatchObject({ outcome: "charged" })
      trip = (await api.get(`/admin/jwo/trips/${tripId}`, admin)).data.trip
      await expectFinishedCharged(trip)
      expect(await level("SKU-OATMILK")).toEqual({ stocked: before.stocked - 2, reserved: 0 })
      expect(await receiptNotifications(trip.order_id)).toHaveLength(1)
      expect(sandbox.state.trips.get(amazonTripId)).toMatchObject({ charges: 1 })

      // A trip Amazon refused (not registered): its order is placed, authorised and not fulfilled.
      const second = await shop([{ id: "SKU-APPLE" }], { register: false })
      trip = await until(second.tripId, FINAL)
      expect(trip.status).toBe("checkout_rejected")
      let page = await orderPage(trip.order_id)
      expect(page).toMatchObject({ status: "pending", fulfillment_status: "not_fulfilled", payment_status: "authorized" })
      const apples = await level("SKU-APPLE")
      expect(apples.reserved).toBe(1)
      // A run died after Medusa's fulfilment and before the delivery: the fulfillment exists, undelivered.
      const { result: pickup } = await ensureStorePickupWorkflow(getContainer()).run({ input: { jwo_store_id: jwoStoreId } })
      await createOrderFulfillmentWorkflow(getContainer()).run({
        input: {
          order_id: trip.order_id,
          items: page.items.map((i: any) => ({ id: i.id, quantity: i.quantity })),
          location_id: pickup.location_id!,
          shipping_option_id: pickup.shipping_option_id!,
          requires_shipping: false,
          no_notification: true,
        },
      })
      // Amazon knows the trip now; staff resubmit; the next run delivers that fulfillment and makes no other.
      sandbox.registerTrip({ idempotentShoppingTripId: second.amazonTripId, storeId: STORE, cartItems: trip.cart.cartItems })
      await api.post(`/admin/jwo/trips/${second.tripId}/retry`, {}, admin)
      trip = await until(second.tripId, ["charged", "checkout_rejected", "needs_attention"])
      page = await expectFinishedCharged(trip)
      expect(await level("SKU-APPLE")).toEqual({ stocked: apples.stocked - 1, reserved: 0 })
    })

    it("settles a trip staff resolve without a charge the same way (no receipt sent)", async () => {
      const before = await level("SKU-APPLE")
      const { tripId } = await shop([{ id: "SKU-APPLE", quantity: "2" }], { register: false })
      let trip = await until(tripId, FINAL)
      expect(trip.status).toBe("checkout_rejected")
      await api.post(`/admin/jwo/trips/${tripId}/resolve`, { reason: "paid at the counter" }, admin)
      trip = (await api.get(`/admin/jwo/trips/${tripId}`, admin)).data.trip
      expect(trip.status).toBe("resolved")
      const order = await orderPage(trip.order_id)
      expect(order).toMatchObject({ status: "completed", fulfillment_status: "delivered", payment_status: "canceled" })
      expect(Number(order.summary.pending_difference)).toBe(0)
      expect(order.metadata.jwo_not_charged_reason).toBe("not charged: resolved by staff: paid at the counter")
      expect(order.credit_lines).toEqual([expect.objectContaining({ reference: "jwo_not_charged" })])
      expect(await level("SKU-APPLE")).toEqual({ stocked: before.stocked - 2, reserved: 0 })
      expect(await receiptNotifications(trip.order_id)).toHaveLength(0)

      // A trip Amazon charged is never settled as not charged: staff are told to retry it instead.
      const charged = await shop([{ id: "SKU-WATER" }])
      trip = await until(charged.tripId, FINAL)
      expect(trip.status).toBe("charged")
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await knex("jwo_shopping_trip").where({ id: charged.tripId }).update({ status: "needs_attention", next_attempt_at: null })
      const refused = await failure(api.post(`/admin/jwo/trips/${charged.tripId}/resolve`, { reason: "oops" }, admin))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toContain(`Amazon charged this trip (Amazon order ${trip.amazon_order_id}): retry it`)
    })

    it("lets staff retry a trip that is not charged whose finish failed: back to order_placed, finished, never sent to Amazon", async () => {
      // An order placed and not finished (Amazon refused this one), then left as a failing finish leaves a trip that is
      // not charged: needs_attention after its attempts, order_id set, charge false, no Amazon order id.
      const { tripId } = await shop([{ id: "SKU-APPLE" }], { register: false })
      let trip = await until(tripId, FINAL)
      expect(trip.status).toBe("checkout_rejected")
      const calls = sandbox.state.calls.filter((c) => c.path === "/v1/checkout/carts").length
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      await knex("jwo_shopping_trip").where({ id: tripId }).update({ status: "needs_attention", charge: false, next_attempt_at: null })
      await api.post(`/admin/jwo/trips/${tripId}/retry`, { note: "pickup option fixed" }, admin)
      trip = await until(tripId, ["not_charged", "charged", "needs_attention", "checkout_rejected"])
      expect(trip.status).toBe("not_charged")
      expect(trip.history.slice(-2).map((h: any) => h.to_status)).toEqual(["order_placed", "not_charged"])
      expect(sandbox.state.calls.filter((c) => c.path === "/v1/checkout/carts")).toHaveLength(calls)
      const order = await orderPage(trip.order_id)
      expect(order).toMatchObject({ status: "completed", fulfillment_status: "delivered", payment_status: "canceled" })
      expect(Number(order.summary.pending_difference)).toBe(0)
    })

    it("never refuses concurrent trips on goods short of recorded stock: each raises the level by its own gap", async () => {
      // Nothing recorded as available: every trip's 2 units are a gap, raised while pricing and again under the lock.
      const inventory = getContainer().resolve(Modules.INVENTORY)
      const start = await level("SKU-OATMILK")
      await inventory.updateInventoryLevels([{ inventory_item_id: inventoryOf["SKU-OATMILK"], location_id: grocery.stockLocation.id, stocked_quantity: start.reserved }])
      const trips = await Promise.all([1, 2, 3, 4].map(() => shop([{ id: "SKU-OATMILK", quantity: "2" }])))
      const done = await Promise.all(trips.map((t) => until(t.tripId, FINAL, 180_000)))
      // Every trip charged and finished; none was ever sent to staff (a stock refusal racing another trip's
      // reservation is retried as contention, not counted, and the raise is an increment, never a stale write).
      for (const trip of done) await expectFinishedCharged(trip)
      for (const trip of done) expect(trip.history.map((h: any) => h.to_status)).not.toContain("needs_attention")
      // What was taken was raised and then consumed: recorded stock is what is on the shelf, nothing.
      expect(await level("SKU-OATMILK")).toEqual({ stocked: 0, reserved: 0 })
    })

    it("finishes concurrent trips of one store sharing goods, without lock timeouts", async () => {
      const before = await level("SKU-APPLE")
      const trips = await Promise.all([1, 2, 3, 4].map(() => shop([{ id: "SKU-APPLE" }, { id: "SKU-OATMILK" }, { id: "SKU-WATER" }])))
      const done = await Promise.all(trips.map((t) => until(t.tripId, FINAL, 120_000)))
      for (const trip of done) await expectFinishedCharged(trip)
      expect(await level("SKU-APPLE")).toEqual({ stocked: before.stocked - 4, reserved: 0 })
      // Oat milk: 5 at the start, 1 + 2 + 4 taken over the suite's charged trips (each test starts from the seed).
      expect((await level("SKU-OATMILK")).reserved).toBe(0)
    })
  },
})
