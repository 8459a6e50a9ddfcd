import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { JWO_MODULE } from ".."
import type JwoModuleService from "../service"
import { modulePluginOptions } from "../../../../integration-tests/fixtures/plugin-options"

jest.setTimeout(60_000)

moduleIntegrationTestRunner<JwoModuleService>({
  moduleName: JWO_MODULE,
  resolve: "./src/modules/jwo",
  moduleOptions: modulePluginOptions({ scanKey: { prefix: "TEST", secrets: "x".repeat(40), freshnessSeconds: 45 } }),
  testSuite: ({ service }) => {
    const received = async (id = "trip-1") => {
      const store = await service.createJwoStores({
        amazon_store_id: `STORE-${id}`,
        name: "Store one",
        sales_channel_id: "sc_1",
        region_id: "reg_1",
        stock_location_id: "sloc_1",
        address_country_code: "us",
      })
      const { trip } = await service.receiveTrip({
        idempotent_shopping_trip_id: id,
        request_id: `req-${id}`,
        jwo_store_id: store.id,
        amazon_store_id: store.amazon_store_id,
        status: "received",
        cart: { idempotentShoppingTripId: id, cartItems: [{ id: "a" }] },
        cart_fingerprint: "f",
        item_count: 1,
        start_time: new Date(),
        end_time: new Date(),
        entry_type: "SCAN_CODE",
        visitor_id: null,
        visitor_type: "SHOPPER",
        group_size: 1,
      })
      return { trip, store }
    }
    const move = { from: "received" as const, to: "pricing" as const, reason: "processing started" }

    afterEach(() => (service as any).leases?.close?.())

    it("claims, moves received → pricing with its history row, and returns the trip and its store", async () => {
      const { trip, store } = await received()
      const claim = await service.claimTripForWork(trip.id, ["received", "pricing"], move)
      if (claim.token === null) throw new Error("not claimed")
      expect(claim.moved).toBe(true)
      expect(claim.trip).toMatchObject({ id: trip.id, status: "pricing", cart: { cartItems: [{ id: "a" }] }, group_size: 1, charge: true })
      expect(claim.trip).not.toHaveProperty("priced_lines")
      expect(claim.store).toMatchObject({ id: store.id, stock_location_id: "sloc_1", checkout_pricing_mode: "line", checkout_use_test_host: false })
      const [row] = await service.listJwoShoppingTrips({ id: trip.id }, { select: ["status", "status_reason", "lease_token", "next_attempt_at"] })
      expect(row).toMatchObject({ status: "pricing", status_reason: "processing started", lease_token: claim.token })
      const history = await service.listJwoTripTransitions({ trip_id: trip.id }, { order: { created_at: "ASC" } })
      expect(history.map((h) => [h.from_status, h.to_status, h.actor])).toEqual([
        [null, "received", "amazon"],
        ["received", "pricing", "system"],
      ])
    })

    it("lets one of two concurrent claims win; the other is told who holds it; a released trip is claimed again without a move", async () => {
      const { trip } = await received("trip-2")
      const [a, b] = await Promise.all([1, 2].map(() => service.claimTripForWork(trip.id, ["received", "pricing"], move)))
      const won = [a, b].filter((c) => c.token !== null)
      expect(won).toHaveLength(1)
      const lost = [a, b].find((c) => c.token === null) as { token: null; held_by: string | null }
      expect(lost.held_by).toEqual(expect.any(String))
      await service.releaseTrip(trip.id, won[0].token as string)
      const again = await service.claimTripForWork(trip.id, ["received", "pricing"], move)
      expect(again).toMatchObject({ moved: false, trip: { status: "pricing" } })
      expect(await service.listJwoTripTransitions({ trip_id: trip.id })).toHaveLength(2)
    })

    it("does not claim a trip in a state the work is not for", async () => {
      const { trip } = await received("trip-3")
      expect(await service.claimTripForWork(trip.id, ["order_placed", "checkout_pending"])).toEqual({ token: null, held_by: null, status: "received" })
    })
  },
})
