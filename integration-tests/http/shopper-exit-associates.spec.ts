import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { startSandbox } from "../../src/sandbox/server"
import { createPurchase } from "../../src/sandbox/driver"
import { JWO_MODULE } from "../../src/modules/jwo"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createGrocery, nyStoreBody } from "../helpers/catalog"

/**
 * `trips.chargeAssociates: true` is a boot-time plugin option, so it has its own app boot (the default, associates
 * not charged, is covered in shopper-exit.spec.ts and checkout.spec.ts).
 */
jest.setTimeout(180_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOASSOCIATES0001", secretAccessKey: "associates-test-secret-access-key-00001" }
applyTestAppEnv({
  JWO_CHARGE_ASSOCIATES: "true",
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_CHECKOUT_MAX_ATTEMPTS: "1",
})

const STORE = "STORE-NYC-1"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let associateId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>

    beforeAll(async () => {
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE], region: "us-east-1" })
      const container = getContainer()
      admin = await createAdminHeaders(container)
      const grocery = await createGrocery(container)
      await api.post("/admin/jwo/stores", nyStoreBody(grocery), admin)
      const { result } = await createCustomersWorkflow(container).run({
        input: { customersData: [{ email: "associate@jwo.test", first_name: "Ada", last_name: "Associate", has_account: true }] },
      })
      associateId = result[0].id
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    const until = async (tripId: string, statuses: string[], timeoutMs = 45_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { data } = await api.get(`/admin/jwo/trips/${tripId}`, admin)
        if (statuses.includes(data.trip.status) || Date.now() > deadline) return data.trip
        await new Promise((r) => setTimeout(r, 150))
      }
    }

    it("charges an associate trip through Checkout when trips.chargeAssociates is on", async () => {
      expect((getContainer().resolve(JWO_MODULE) as any).getOptions().trips.chargeAssociates).toBe(true)
      const result = await createPurchase({
        pluginBaseUrl: api.defaults.baseURL as string,
        secret: INBOUND_SECRET,
        sandboxUrl: sandbox.url,
        storeId: STORE,
        authEvents: [{ payloadType: "SCAN_CODE", scanResult: { id: associateId, type: "ASSOCIATE" } }],
        cartItems: [{ id: "SKU-WATER", type: "SKU", quantity: { value: "1.0", unit: "unit" } }],
      } as any)
      expect(result.status).toBe(201)
      const tripId = (result.body as any).purchaseId as string

      const trip = await until(tripId, ["charged", "not_charged", "checkout_rejected", "needs_attention"])
      expect(trip).toMatchObject({ status: "charged", visitor_type: "ASSOCIATE", customer_id: associateId, charge: true })
      expect(trip.history.map((h: any) => h.to_status)).toEqual(["received", "pricing", "order_placed", "checkout_pending", "charged"])
      // The stored Checkout payload is what Amazon received, and Amazon charged it once.
      const calls = sandbox.state.calls.filter((c) => c.path === "/v1/checkout/carts")
      expect(calls).toHaveLength(1)
      const amazon = sandbox.state.trips.get(result.request.idempotentShoppingTripId)!
      expect(amazon).toMatchObject({ charges: 1, priceTotal: trip.checkout_payload.orderTotals.priceTotal })
      expect(trip.checkout_payload.orderTotals.priceTotal).toEqual({ amount: "2.17", currencyCode: "USD" })

      const { data } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "order", fields: ["id", "customer_id", "metadata"], filters: { id: trip.order_id } })
      expect(data[0]).toMatchObject({
        customer_id: associateId,
        metadata: { jwo_visitor_type: "ASSOCIATE", jwo_charged: true, jwo_amazon_order_id: amazon.orderId },
      })
      // Charged like a shopper's: fulfilled in the store and completed (issue 17.2).
      const { data: page } = await api.get(`/admin/orders/${trip.order_id}?fields=id,status,total,fulfillment_status,payment_status,*summary`, admin)
      expect(page.order).toMatchObject({ status: "completed", fulfillment_status: "delivered", payment_status: "captured" })
      expect(Number(page.order.summary.pending_difference)).toBe(0)
    })
  },
})
