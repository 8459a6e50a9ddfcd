import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { gs1CheckDigit } from "../../src/modules/jwo/catalog-item"
import { startSandbox } from "../../src/sandbox/server"
import { runFullSync, startFullSync } from "../../src/workflows/catalog/sync"
import { JWO_MODULE } from "../../src/modules/jwo"
import type JwoModuleService from "../../src/modules/jwo/service"
import { CATALOG_SYNC_QUEUE } from "../../src/modules/jwo/queue/definitions"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv } from "../helpers/env"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"

jest.setTimeout(300_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOCATALOGFULL01", secretAccessKey: "catalog-full-secret-access-key-0000001" }
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_CATALOG_PAGE_SIZE: "40",
  JWO_CATALOG_POLL_FIRST_MS: "100",
  JWO_CATALOG_POLL_MAX_MS: "300",
})

const STORE = "STORE-SEA-1"
const PRODUCTS = 500
const VARIANTS_PER_PRODUCT = 50

const ean = (n: number) => {
  const body = String(n).padStart(12, "0")
  return body + gs1CheckDigit(body)
}

/** The most calls any sliding second held. */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let peak = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++
    peak = Math.max(peak, i - j + 1)
  }
  return peak
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let jwoStoreId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>

    beforeAll(async () => {
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE] })
      const container = getContainer()
      admin = await createAdminHeaders(container)
      const fixtures = await createStoreFixtures(container)
      // Disabled while seeding: linking products to the store's channel emits the link module's events, which the
      // plugin follows incrementally (only for enabled stores). This suite is about the full sync.
      jwoStoreId = (await api.post("/admin/jwo/stores", storeBody(fixtures, { enabled: false }), admin)).data.jwo_store.id
      // 25,000 variants, fast: straight through the product module (no product events), linked to the store's channel.
      const products = container.resolve(Modules.PRODUCT)
      const link = container.resolve(ContainerRegistrationKeys.LINK)
      const sizes = Array.from({ length: VARIANTS_PER_PRODUCT }, (_, i) => `S${i}`)
      for (let batch = 0; batch < PRODUCTS; batch += 100) {
        const created = await products.createProducts(
          Array.from({ length: 100 }, (_, k) => {
            const p = batch + k
            return {
              title: `Bulk product ${p}`,
              status: "published" as const,
              options: [{ title: "Size", values: sizes }],
              variants: sizes.map((size, v) => ({
                title: size,
                sku: `BULK-${p}-${v}`,
                barcode: ean(200000000000 + p * VARIANTS_PER_PRODUCT + v),
                manage_inventory: false,
                options: { Size: size },
              })),
            }
          })
        )
        await link.create(
          created.map((p) => ({ [Modules.PRODUCT]: { product_id: p.id }, [Modules.SALES_CHANNEL]: { sales_channel_id: fixtures.salesChannel.id } }))
        )
      }
      // The link events' jobs have run (and found no enabled store) before the store is enabled.
      const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
      for (const deadline = Date.now() + 120_000; ; ) {
        const c = await jwo.queues.counts(CATALOG_SYNC_QUEUE)
        if (c.waiting + c.active + c.delayed === 0) break
        if (Date.now() > deadline) throw new Error(`the catalog sync queue did not drain: ${JSON.stringify(c)}`)
        await new Promise((r) => setTimeout(r, 200))
      }
      await api.post(`/admin/jwo/stores/${jwoStoreId}`, { enabled: true }, admin)
      expect((await api.get(`/admin/jwo/catalog/items?jwo_store_id=${jwoStoreId}`, admin)).data.items).toEqual([])
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    it("syncs 25,000 variants in 3 uploads within 10 requests/s, shows progress, and resumes after a crash without resending what was accepted", async () => {
      const container = getContainer()
      // First run dies after 6 pages (12,000 variants): one full upload of 10,000 went out, 2,000 are pending.
      const { sync } = await startFullSync(container, { jwo_store_ids: [jwoStoreId] }, { enqueue: false })
      expect(sync.products_total).toBe(PRODUCTS)
      expect(await runFullSync(container, sync.id, { maxPages: 6 })).toEqual({ outcome: "stopped" })
      const until = async (fn: () => Promise<boolean>, what: string, timeoutMs = 120_000) => {
        const deadline = Date.now() + timeoutMs
        while (!(await fn())) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
          await new Promise((r) => setTimeout(r, 100))
        }
      }
      await until(async () => {
        const { uploads } = (await api.get(`/admin/jwo/catalog/uploads?sync_id=${sync.id}`, admin)).data
        return uploads.length === 1 && uploads[0].status === "done"
      }, "the first upload to be accepted")
      expect(sandbox.state.uploads.size).toBe(1)

      // Started again (admin API): the same sync resumes from its cursor.
      const started = await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: jwoStoreId }, admin)
      expect(started.status).toBe(202)
      expect(started.data).toMatchObject({ created: false, resumed: true, sync: { id: sync.id } })
      const snapshots: any[] = []
      await until(async () => {
        const { data } = await api.get(`/admin/jwo/catalog/syncs/${sync.id}`, admin)
        snapshots.push(data.sync)
        return data.sync.status === "completed" && data.sync.uploads_in_flight === 0
      }, "the sync to complete")
      const last = snapshots[snapshots.length - 1]
      expect(last).toMatchObject({ products_done: PRODUCTS, products_total: PRODUCTS, variants_seen: 25_000, uploads_created: 3, uploads_done: 3, items_sent: 25_000, items_accepted: 25_000, runs: 2 })
      // Progress was visible while it ran.
      expect(snapshots.some((s) => s.status === "running" && s.products_done > 240 && s.products_done < PRODUCTS)).toBe(true)

      const uploads = [...sandbox.state.uploads.values()]
      expect(uploads.map((u) => u.items.length)).toEqual([10_000, 10_000, 5_000])
      const skus = uploads.flatMap((u) => u.items.map((i) => i.item_sku))
      expect(new Set(skus).size).toBe(25_000)
      const catalogCalls = sandbox.state.calls.filter((c) => c.path.startsWith("/v1/catalog"))
      expect(catalogCalls.filter((c) => c.status === 429)).toHaveLength(0)
      expect(peakPerSecond(catalogCalls.map((c) => Date.parse(c.time)))).toBeLessThanOrEqual(10)
      const state = (await api.get(`/admin/jwo/catalog?jwo_store_id=${jwoStoreId}`, admin)).data.stores[0]
      expect(state.totals).toMatchObject({ accepted: 25_000, total: 25_000 })

      // Run again without force: nothing changed, nothing is sent.
      const again = await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: jwoStoreId }, admin)
      expect(again.data.created).toBe(true)
      await until(async () => (await api.get(`/admin/jwo/catalog/syncs/${again.data.sync.id}`, admin)).data.sync.status === "completed", "the second sync")
      const second = (await api.get(`/admin/jwo/catalog/syncs/${again.data.sync.id}`, admin)).data.sync
      expect(second).toMatchObject({ items_unchanged: 25_000, items_queued: 0, uploads_created: 0 })
      expect(sandbox.state.uploads.size).toBe(3)
    })
  },
})
