import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { startSandbox } from "../../src/sandbox/server"
import { runLoadCli } from "../../src/sandbox/load-cli"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createGrocery, nyStoreBody } from "../helpers/catalog"
import { createPublishableKey } from "../helpers/shoppers"

jest.setTimeout(240_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOLOADTEST00001", secretAccessKey: "load-test-secret-access-key-0000000001" }
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
})

const STORE = "STORE-NYC-1"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    let publishableKey: string

    beforeAll(async () => {
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE], region: "us-east-1" })
      const container = getContainer()
      const admin = await createAdminHeaders(container)
      const grocery = await createGrocery(container)
      await api.post("/admin/jwo/stores", nyStoreBody(grocery), admin)
      publishableKey = await createPublishableKey(container, grocery.salesChannel.id)
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    it("runs a tiny open-loop load: every shopper enters, exits twice (a duplicate) and is charged once", async () => {
      const lines: string[] = []
      const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }
      const argv = [
        "load", "--plugin-url", api.defaults.baseURL as string, "--sandbox-url", sandbox.url, "--store-id", STORE,
        "--publishable-key", publishableKey, "--sku", "SKU-WATER,SKU-GRANOLA,SKU-BREAD", "--weighed-sku", "SKU-BANANA",
        "--rate", "2", "--duration", "2", "--duplicates", "1", "--shop", "0-0.5", "--charge-timeout", "90",
      ]
      const { code, report } = await runLoadCli(argv, { JWO_INBOUND_SECRET: INBOUND_SECRET }, io)
      expect(report).toMatchObject({ shoppers: 4, errors: 0, lost: 0, charged_twice: 0, duplicates_sent: 4, ok: true })
      expect(report!.gate_ms.count).toBe(4)
      expect(report!.exit_to_charge_ms.count).toBe(4)
      expect(code).toBe(0)
      expect(lines.join("\n")).toMatch(/arrived \d+\/4/)
      // The sandbox saw each trip charged exactly once.
      const trips = [...sandbox.state.trips.values()]
      expect(trips).toHaveLength(4)
      for (const trip of trips) expect(trip).toMatchObject({ charges: 1 })
    })

    it("reports an acknowledged trip that is never charged as lost, and exits 3", async () => {
      // Amazon refuses every Checkout call (400: the trip needs staff, it is never retried), so no trip is charged.
      sandbox.addFault({ path: "/v1/checkout/carts", status: 400, count: 1000 })
      try {
        const io = { out: () => {}, err: () => {} }
        const argv = [
          "load", "--plugin-url", api.defaults.baseURL as string, "--sandbox-url", sandbox.url, "--store-id", STORE,
          "--publishable-key", publishableKey, "--sku", "SKU-WATER", "--rate", "1", "--duration", "2", "--duplicates", "0",
          "--shop", "0-0.2", "--charge-timeout", "6",
        ]
        const { code, report } = await runLoadCli(argv, { JWO_INBOUND_SECRET: INBOUND_SECRET }, io)
        expect(report).toMatchObject({ shoppers: 2, lost: 2, charged_twice: 0, ok: false })
        expect(report!.purchase_201_ms.count).toBe(2)
        expect(report!.exit_to_charge_ms.count).toBe(0)
        expect(report!.failures.join()).toMatch(/2 trip\(s\) acknowledged with 201 were not charged within the charge timeout/)
        expect(code).toBe(3)
      } finally {
        sandbox.reset()
      }
    })
  },
})
