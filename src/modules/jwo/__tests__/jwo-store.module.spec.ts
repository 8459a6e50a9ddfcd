import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { JWO_MODULE } from ".."
import type JwoModuleService from "../service"
import { modulePluginOptions } from "../../../../integration-tests/fixtures/plugin-options"

jest.setTimeout(60_000)

const store = (overrides: Record<string, unknown> = {}) => ({
  amazon_store_id: "STORE-1",
  name: "Store one",
  sales_channel_id: "sc_1",
  region_id: "reg_1",
  address_country_code: "us",
  ...overrides,
})

moduleIntegrationTestRunner<JwoModuleService>({
  moduleName: JWO_MODULE,
  resolve: "./src/modules/jwo",
  moduleOptions: modulePluginOptions({ scanKey: { prefix: "TEST", secrets: "x".repeat(40), freshnessSeconds: 45 } }),
  testSuite: ({ service }) => {
    it("exposes the validated options with defaults applied", () => {
      const options = service.getOptions()
      expect(options.scanKey).toEqual({ prefix: "TEST", secrets: ["x".repeat(40)], freshnessSeconds: 45, clockSkewSeconds: 5 })
      expect(options.inboundAuth.headerName).toBe("x-jwo-connector-secret")
      expect(options).not.toHaveProperty("database")
    })

    it("stores a JWO store with defaults", async () => {
      const created = await service.createJwoStores(store())
      expect(created).toMatchObject({ id: expect.stringMatching(/^jwostore_/), enabled: true, stock_location_id: null })
      expect(await service.listJwoStores({ amazon_store_id: "STORE-1" })).toHaveLength(1)
    })

    it("keeps the Amazon store id unique among live stores, also under concurrent creates", async () => {
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => service.createJwoStores(store())))
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
      expect(await service.listJwoStores({ amazon_store_id: "STORE-1" })).toHaveLength(1)
    })

    it("frees the Amazon store id when a store is soft-deleted", async () => {
      const first = await service.createJwoStores(store())
      await service.softDeleteJwoStores(first.id)
      const second = await service.createJwoStores(store())
      expect(second.id).not.toBe(first.id)
    })
  },
})
