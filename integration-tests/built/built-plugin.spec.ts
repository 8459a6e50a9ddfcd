import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createAdminHeaders } from "../helpers/admin"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"

jest.setTimeout(120_000)

const hostApp = path.join(__dirname, "..", "fixtures", "host-app")

medusaIntegrationTestRunner({
  cwd: hostApp,
  testSuite: ({ api, getContainer }) => {
    it("loads the built module, its migrations, links and admin routes", async () => {
      const admin = await createAdminHeaders(getContainer())
      const fixtures = await createStoreFixtures(getContainer())
      const created = await api.post("/admin/jwo/stores", storeBody(fixtures), admin)
      expect(created.status).toBe(201)
      expect(created.data.jwo_store.sales_channel.id).toBe(fixtures.salesChannel.id)
      const { data } = await api.get("/admin/jwo/stores", admin)
      expect(data.jwo_stores.map((s: any) => s.amazon_store_id)).toEqual(["STORE-SEA-1"])
    })

    it("serves the inbound connector plumbing with the host app's secret", async () => {
      const base = api.defaults.baseURL
      const headers = { "content-type": "application/json" }
      const unauthenticated = await fetch(`${base}/jwo/v1/anything`, { method: "POST", headers, body: "{}" })
      expect(unauthenticated.status).toBe(401)
      expect(await unauthenticated.json()).toEqual({ errorMsg: "Unauthorized" })
      const authenticated = await fetch(`${base}/jwo/v1/anything`, {
        method: "POST",
        headers: { ...headers, "x-jwo-connector-secret": "host-app-inbound-secret-0001" },
        body: "{}",
      })
      expect(authenticated.status).toBe(404)
    })

    it("runs the plugin's code from the package's .medusa/server build", () => {
      const loaded = Object.keys(require.cache).concat(
        // jest keeps its own registry; the app loads the plugin through Node's require
        Object.keys((module.constructor as any)._cache ?? {})
      )
      const built = path.resolve(__dirname, "../../.medusa/server/src/modules/jwo/index.js")
      expect(loaded).toContain(built)
    })
  },
})
