import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv } from "../helpers/env"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"

jest.setTimeout(60_000)
applyTestAppEnv()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let fixtures: Awaited<ReturnType<typeof createStoreFixtures>>

    beforeAll(async () => {
      admin = await createAdminHeaders(getContainer())
      fixtures = await createStoreFixtures(getContainer())
    })

    const create = (overrides: Record<string, unknown> = {}) =>
      api.post("/admin/jwo/stores", storeBody(fixtures, overrides), admin)
    const failure = (promise: Promise<unknown>) => promise.then(
      () => { throw new Error("expected the request to fail") },
      (error: any) => error.response
    )

    describe("POST /admin/jwo/stores", () => {
      it("creates a store and returns it with its sales channel, region and stock location", async () => {
        const { status, data } = await create()
        expect(status).toBe(201)
        expect(data.jwo_store).toMatchObject({
          id: expect.stringMatching(/^jwostore_/),
          amazon_store_id: "STORE-SEA-1",
          name: "Seattle 7th Ave",
          address_country_code: "us",
          address_city: "Seattle",
          enabled: true,
          sales_channel: { id: fixtures.salesChannel.id, name: "JWO Seattle" },
          region: { id: fixtures.region.id, currency_code: "usd" },
          stock_location: { id: fixtures.stockLocation.id, name: "JWO Seattle backroom" },
        })
      })

      it("refuses a sales channel, region or stock location that does not exist, naming it, and creates nothing", async () => {
        for (const [field, label] of [
          ["sales_channel_id", "Sales channel"],
          ["region_id", "Region"],
          ["stock_location_id", "Stock location"],
        ]) {
          const response = await failure(create({ [field]: "missing_123" }))
          expect(response.status).toBe(400)
          expect(response.data.message).toContain(`${label} "missing_123" does not exist`)
        }
        const { data } = await api.get("/admin/jwo/stores", admin)
        expect(data.count).toBe(0)
      })

      it("refuses a tax address outside the store's region", async () => {
        const response = await failure(create({ address_country_code: "ca" }))
        expect(response.status).toBe(400)
        expect(response.data.message).toContain('address_country_code "ca" is not a country of region')
      })

      it("refuses a duplicate Amazon store id with 422 and keeps the first store", async () => {
        await create()
        const response = await failure(create({ name: "Other" }))
        expect(response.status).toBe(422)
        expect(response.data.message).toContain('amazon_store_id "STORE-SEA-1" already exists')
        const { data } = await api.get("/admin/jwo/stores", admin)
        expect(data.jwo_stores.map((s: any) => s.name)).toEqual(["Seattle 7th Ave"])
      })

      it("rejects unknown fields, missing fields and an over-long store id", async () => {
        let response = await failure(create({ colour: "red" }))
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/colour/)
        response = await failure(api.post("/admin/jwo/stores", { name: "x" }, admin))
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/amazon_store_id/)
        response = await failure(create({ amazon_store_id: "S".repeat(256) }))
        expect(response.status).toBe(400)
      })

      it("requires an admin", async () => {
        const response = await failure(api.post("/admin/jwo/stores", storeBody(fixtures)))
        expect(response.status).toBe(401)
      })
    })

    describe("GET /admin/jwo/stores", () => {
      it("lists with pagination and filters by sales channel and enabled", async () => {
        await create()
        await create({ amazon_store_id: "STORE-SEA-2", name: "Seattle 2", enabled: false })
        await create({ amazon_store_id: "STORE-SEA-3", name: "Seattle 3" })

        let { data } = await api.get("/admin/jwo/stores?limit=2&offset=0&order=amazon_store_id", admin)
        expect(data).toMatchObject({ count: 3, limit: 2, offset: 0 })
        expect(data.jwo_stores.map((s: any) => s.amazon_store_id)).toEqual(["STORE-SEA-1", "STORE-SEA-2"])

        ;({ data } = await api.get("/admin/jwo/stores?enabled=false", admin))
        expect(data.jwo_stores.map((s: any) => s.amazon_store_id)).toEqual(["STORE-SEA-2"])

        ;({ data } = await api.get(`/admin/jwo/stores?sales_channel_id=${fixtures.salesChannel.id}`, admin))
        expect(data.count).toBe(3)
        ;({ data } = await api.get("/admin/jwo/stores?sales_channel_id=sc_other", admin))
        expect(data.count).toBe(0)
      })

      it("warns about each configured customer group that does not exist, until it is created", async () => {
        // The test app's options name "JWO Associates", "JWO Cash Shoppers" and "JWO Blocked"; none exists yet.
        const before = (await api.get("/admin/jwo/stores", admin)).data.warnings
        expect(before).toEqual([
          expect.stringMatching(/^customerGroups\.associates: no customer group "JWO Associates" exists .* enter as SHOPPER instead of ASSOCIATE/),
          expect.stringMatching(/^customerGroups\.cashShoppers: no customer group "JWO Cash Shoppers" exists/),
          expect.stringMatching(/^customerGroups\.blocked: no customer group "JWO Blocked" exists .* NOT refused at the gate/),
        ])
        await api.post("/admin/customer-groups", { name: "JWO Blocked" }, admin)
        await api.post("/admin/customer-groups", { name: "JWO Associates" }, admin)
        const after = (await api.get("/admin/jwo/stores", admin)).data.warnings
        expect(after).toEqual([expect.stringMatching(/^customerGroups\.cashShoppers: no customer group "JWO Cash Shoppers"/)])
      })

      it("rejects an unknown filter", async () => {
        const response = await failure(api.get("/admin/jwo/stores?colour=red", admin))
        expect(response.status).toBe(400)
      })
    })

    describe("GET, POST and DELETE /admin/jwo/stores/:id", () => {
      it("retrieves, updates and deletes a store", async () => {
        const { data: created } = await create()
        const id = created.jwo_store.id

        let { data } = await api.get(`/admin/jwo/stores/${id}`, admin)
        expect(data.jwo_store.sales_channel.id).toBe(fixtures.salesChannel.id)

        ;({ data } = await api.post(`/admin/jwo/stores/${id}`, { name: "Renamed", enabled: false }, admin))
        expect(data.jwo_store).toMatchObject({ name: "Renamed", enabled: false, amazon_store_id: "STORE-SEA-1" })

        ;({ data } = await api.delete(`/admin/jwo/stores/${id}`, admin))
        expect(data).toEqual({ id, object: "jwo_store", deleted: true })
        const response = await failure(api.get(`/admin/jwo/stores/${id}`, admin))
        expect(response.status).toBe(404)

        // The Amazon store id is free again once the store is deleted.
        expect((await create()).status).toBe(201)
      })

      it("refuses an update to a missing region and leaves the store unchanged", async () => {
        const { data: created } = await create()
        const id = created.jwo_store.id
        const response = await failure(api.post(`/admin/jwo/stores/${id}`, { region_id: "reg_missing" }, admin))
        expect(response.status).toBe(400)
        const { data } = await api.get(`/admin/jwo/stores/${id}`, admin)
        expect(data.jwo_store.region.id).toBe(fixtures.region.id)
      })

      it("answers 404 for a store that does not exist", async () => {
        const response = await failure(api.get("/admin/jwo/stores/jwostore_missing", admin))
        expect(response.status).toBe(404)
      })
    })
  },
})
