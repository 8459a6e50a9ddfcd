import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { checkCheckoutPayload } from "../../src/modules/jwo/checkout-payload"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv } from "../helpers/env"
import { createGrocery, nyStoreBody } from "../helpers/catalog"
import { postPurchase, purchaseBody } from "../helpers/purchases"

jest.setTimeout(120_000)
applyTestAppEnv()

const STORE = "STORE-NYC-1"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let grocery: Awaited<ReturnType<typeof createGrocery>>

    beforeAll(async () => {
      admin = await createAdminHeaders(getContainer())
      grocery = await createGrocery(getContainer())
      await api.post("/admin/jwo/stores", nyStoreBody(grocery), admin)
    })

    const base = () => api.defaults.baseURL as string
    /** Polls the trip until it leaves the background states. */
    const settled = async (tripId: string, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const { data } = await api.get(`/admin/jwo/trips/${tripId}`, admin)
        if (!["received", "pricing"].includes(data.trip.status) || Date.now() > deadline) return data.trip
        await new Promise((r) => setTimeout(r, 200))
      }
    }

    it("prices a single-item card-entry trip into a Medusa order", async () => {
      const response = await postPurchase(base(), purchaseBody(STORE, [{ id: "SKU-WATER" }]))
      expect(response.status).toBe(201)
      const trip = await settled(response.json.purchaseId)
      console.log(JSON.stringify(trip, null, 1))
      expect(trip.status).toBe("order_placed")
      expect(checkCheckoutPayload(trip.checkout_payload)).toEqual([])
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "order", fields: ["id", "total", "metadata", "items.*", "payment_collections.payments.*"], filters: { id: trip.order_id } })
      console.log(JSON.stringify(data, null, 1))
    })
  },
})
