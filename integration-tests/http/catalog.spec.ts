import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { gs1CheckDigit } from "../../src/modules/jwo/catalog-item"
import { startSandbox } from "../../src/sandbox/server"
import jwoCatalogSyncCommand from "../../src/scripts/jwo-catalog-sync"
import { REMOVED_MESSAGES } from "../../src/workflows/catalog/sync"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv } from "../helpers/env"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"

// Generous caps: the waits below poll and return as soon as the state is reached; a cap only matters on a loaded
// machine (CI once timed out at 30 s while another suite ran), and a state that never comes still fails the test.
jest.setTimeout(400_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWOCATALOGTEST01", secretAccessKey: "catalog-test-secret-access-key-0000001" }
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_AMAZON_TIMEOUT_MS: "2000",
  JWO_CATALOG_COALESCE_MS: "800",
  JWO_CATALOG_POLL_FIRST_MS: "150",
  JWO_CATALOG_POLL_MAX_MS: "600",
  JWO_CATALOG_RETRY_BASE_MS: "100",
  JWO_CATALOG_RETRY_MAX_MS: "400",
})

const STORE = "STORE-SEA-1"
const STORE_2 = "STORE-SEA-2"
const OTHER_STORE = "STORE-NOT-AT-AMAZON"

/** A valid EAN-13 from a 12-digit number. */
const ean = (n: number) => {
  const body = String(n).padStart(12, "0")
  return body + gs1CheckDigit(body)
}

const badCheckDigit = (code: string) => code.slice(0, -1) + String((Number(code.slice(-1)) + 1) % 10)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let fixtures: Awaited<ReturnType<typeof createStoreFixtures>>
    let jwoStoreId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    let seq = 0

    beforeAll(async () => {
      sandbox = await startSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", credentials: [CREDENTIALS], storeIds: [STORE, STORE_2] })
      const container = getContainer()
      admin = await createAdminHeaders(container)
      fixtures = await createStoreFixtures(container)
      jwoStoreId = (await api.post("/admin/jwo/stores", storeBody(fixtures), admin)).data.jwo_store.id
    })
    beforeEach(() => sandbox.reset())
    afterAll(async () => {
      await sandbox?.close()
    })

    const events: { name: string; data: any }[] = []
    const listen = (name: string) =>
      getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe(name, async (event: any) => {
          events.push({ name, data: event.data })
        })

    /** Polls `fn` until it returns something truthy; on timeout the error says what was awaited and `detail()`. */
    const until = async <T>(
      fn: () => Promise<T | undefined | null | false>,
      what: string,
      timeoutMs = 90_000,
      detail?: () => string | Promise<string>
    ): Promise<T> => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const value = await fn()
        if (value) return value
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${detail ? `: ${await detail()}` : ""}`)
        await new Promise((r) => setTimeout(r, 150))
      }
    }
    const uploads = () => [...sandbox.state.uploads.values()]
    const items = async (query: Record<string, string> = {}) =>
      (await api.get(`/admin/jwo/catalog/items?${new URLSearchParams({ jwo_store_id: jwoStoreId, limit: "200", ...query })}`, admin)).data.items as any[]
    const pluginUploads = async () => (await api.get(`/admin/jwo/catalog/uploads?jwo_store_id=${jwoStoreId}`, admin)).data.uploads as any[]
    /** Waits until every upload the plugin made is finished (done, rejected, failed...). */
    const settled = () => {
      let last: any[] = []
      return until(
        async () => {
          const list = (last = await pluginUploads())
          return list.length > 0 && list.every((u) => !["queued", "submitted"].includes(u.status)) && list
        },
        "uploads to settle",
        90_000,
        () => JSON.stringify(last.map((u) => ({ id: u.id, status: u.status, attempts: u.attempts, polls: u.polls, next_action_at: u.next_action_at, processing_status: u.processing_status, last_error: u.last_error })))
      )
    }

    const syncs = async () => (await api.get(`/admin/jwo/catalog/syncs`, admin)).data.syncs as any[]
    /** Waits until a full sync completed and its uploads finished; returns it with its live figures. */
    const syncDone = (id: string) => {
      let last: any
      return until(
        async () => {
          const { sync } = (last = (await api.get(`/admin/jwo/catalog/syncs/${id}`, admin)).data)
          return sync.status === "completed" && sync.uploads_in_flight === 0 && sync
        },
        `sync ${id} to complete`,
        90_000,
        async () => {
          const uploads = (await api.get(`/admin/jwo/catalog/uploads?sync_id=${id}`, admin)).data.uploads
          return JSON.stringify({ sync: last?.sync, uploads: uploads.map((u: any) => ({ id: u.id, status: u.status, item_count: u.item_count })) })
        }
      )
    }
    const allAccepted = (what: string, query: Record<string, string> = {}) =>
      until(async () => {
        const list = await items(query)
        return list.length > 0 && list.every((i) => i.status === "accepted") && list
      }, what)
    /**
     * The reconcile job (a full sync every 15 minutes, on the clock) would also catch the changes some tests prove the
     * subscriber catches: start such a test at least 2 minutes before the next quarter hour, so no reconcile runs in
     * it. Returns when the test may begin (a reconcile that ran while it waited is older than that).
     */
    const awayFromReconcile = async (): Promise<number> => {
      const quarter = 15 * 60_000
      const left = quarter - (Date.now() % quarter)
      if (left < 120_000) await new Promise((r) => setTimeout(r, left + 5_000))
      return Date.now()
    }

    const createProduct = async (variants: { title: string; sku?: string; barcode?: string; price?: number }[], extra: Record<string, unknown> = {}) => {
      const n = ++seq
      const { data } = await api.post(
        "/admin/products",
        {
          title: `Catalog product ${n}`,
          status: "published",
          sales_channels: [{ id: fixtures.salesChannel.id }],
          options: [{ title: "Size", values: variants.map((v) => v.title) }],
          variants: variants.map((v) => ({
            title: v.title,
            ...(v.sku ? { sku: v.sku } : {}),
            ...(v.barcode ? { barcode: v.barcode } : {}),
            manage_inventory: false,
            options: { Size: v.title },
            prices: [{ amount: v.price ?? 1.99, currency_code: "usd" }],
          })),
          ...extra,
        },
        admin
      )
      return data.product
    }

    it("uploads a new product's variants once, then only what changed, nothing for an unchanged save, and marks unpublished items removed", async () => {
      const product = await createProduct([
        { title: "Small", sku: "CAT-S", barcode: ean(100000000001), price: 1.99 },
        { title: "Large", sku: "CAT-L", barcode: ean(100000000002), price: 3.49 },
      ])
      await until(async () => uploads().length === 1 && uploads(), "the first upload")
      const [first] = uploads()
      expect(first.items.map((i) => i.item_sku).sort()).toEqual(["CAT-L", "CAT-S"])
      // The items exactly as Amazon received them (the sandbox keeps every field of every uploaded item).
      const bySku = Object.fromEntries(first.items.map((i) => [i.item_sku, i]))
      expect(bySku["CAT-S"]).toMatchObject({
        item_sku: "CAT-S",
        external_product_id: ean(100000000001),
        external_product_id_type: "EAN",
        standard_price: "1.99",
        item_name: `${product.title} - Small`,
        store_id: STORE,
      })
      expect(bySku["CAT-L"]).toMatchObject({
        item_sku: "CAT-L",
        external_product_id: ean(100000000002),
        external_product_id_type: "EAN",
        standard_price: "3.49",
        item_name: `${product.title} - Large`,
        store_id: STORE,
      })
      await settled()
      await until(async () => (await items()).every((i) => i.status === "accepted") && true, "items accepted")

      // A price change of one variant: one upload with just that item.
      const large = product.variants.find((v: any) => v.sku === "CAT-L")
      await api.post(`/admin/products/${product.id}/variants/${large.id}`, { prices: [{ amount: 3.99, currency_code: "usd" }] }, admin)
      await until(async () => uploads().length === 2, "the price upload")
      expect(uploads()[1].items.map((i) => i.item_sku)).toEqual(["CAT-L"])
      await settled()

      // A title change of one variant: just that item.
      const small = product.variants.find((v: any) => v.sku === "CAT-S")
      await api.post(`/admin/products/${product.id}/variants/${small.id}`, { title: "Small bottle" }, admin)
      await until(async () => uploads().length === 3, "the title upload")
      expect(uploads()[2].items.map((i) => i.item_sku)).toEqual(["CAT-S"])
      await settled()

      // An unchanged save: nothing is sent.
      await api.post(`/admin/products/${product.id}`, { title: product.title }, admin)
      await new Promise((r) => setTimeout(r, 2500))
      expect(uploads()).toHaveLength(3)

      // Unpublished: both items removed, nothing sent.
      await api.post(`/admin/products/${product.id}`, { status: "draft" }, admin)
      await until(async () => (await items()).every((i) => i.status === "removed") && true, "items removed")
      expect(uploads()).toHaveLength(3)
      const state = (await api.get(`/admin/jwo/catalog?jwo_store_id=${jwoStoreId}`, admin)).data.stores[0]
      expect(state.totals).toMatchObject({ removed: 2, accepted: 0, total: 2 })
      expect(state.last_upload).toMatchObject({ status: "done", item_count: 1 })
    })

    it("does not send a variant with a bad check digit or without a SKU, and shows why", async () => {
      await createProduct([
        { title: "Good", sku: "CAT-GOOD", barcode: ean(100000000010) },
        { title: "Bad", sku: "CAT-BADCHECK", barcode: badCheckDigit(ean(100000000011)) },
        { title: "NoSku", barcode: ean(100000000012) },
      ])
      await until(async () => uploads().length === 1, "the upload")
      await settled()
      expect(uploads()[0].items.map((i) => i.item_sku)).toEqual(["CAT-GOOD"])
      const invalid = await items({ status: "invalid" })
      expect(invalid).toHaveLength(2)
      const bySku = Object.fromEntries(invalid.map((i) => [i.sku ?? "none", i]))
      expect(bySku["CAT-BADCHECK"].reasons).toEqual([expect.objectContaining({ code: "BAD_CHECK_DIGIT" })])
      expect(bySku["none"].reasons).toEqual([expect.objectContaining({ code: "MISSING_SKU" })])
      const state = (await api.get(`/admin/jwo/catalog`, admin)).data.stores.find((s: any) => s.jwo_store_id === jwoStoreId)
      expect(state.totals).toMatchObject({ invalid: 2, accepted: 1 })
    })

    it("retries 429 and 500 with backoff, polls INQUEUE → INPROGRESS → DONE and applies a report that rejects an item; rejected items can be retried", async () => {
      sandbox.addFault({ path: "/v1/catalog/upload", status: 429, count: 1, retryAfterSeconds: 0 })
      sandbox.addFault({ path: "/v1/catalog/upload", status: 500, count: 1 })
      sandbox.addFault({ path: "/v1/catalog/getCatalogUploadStatus", status: 429, count: 1 })
      sandbox.rejectSkus(["CAT-REJ"], "Item is restricted in this store")
      await createProduct([
        { title: "Fine", sku: "CAT-OK", barcode: ean(100000000020) },
        { title: "Rejected", sku: "CAT-REJ", barcode: ean(100000000021) },
      ])
      const [upload] = await settled()
      expect(upload).toMatchObject({ status: "done", attempts: 3, item_count: 2, processing_status: "DONE" })
      expect(upload.report_summary).toEqual({ total: 2, accepted: 1, rejected: 1, missing: 0 })
      const uploadCalls = sandbox.state.calls.filter((c) => c.path === "/v1/catalog/upload")
      expect(uploadCalls.map((c) => c.status)).toEqual([429, 500, 201])
      // Backoff: the retries are spaced out.
      const t = uploadCalls.map((c) => Date.parse(c.time))
      expect(t[2] - t[1]).toBeGreaterThanOrEqual(50)
      const statusCalls = sandbox.state.calls.filter((c) => c.path === "/v1/catalog/getCatalogUploadStatus")
      expect(statusCalls.map((c) => c.status)).toEqual([429, 200, 200, 200])
      expect(statusCalls.slice(1).map((c) => JSON.parse(c.responseBody).processingStatus)).toEqual(["INQUEUE", "INPROGRESS", "DONE"])
      const byStatus = Object.fromEntries((await items()).map((i) => [i.sku, i]))
      expect(byStatus["CAT-OK"]).toMatchObject({ status: "accepted", message: null })
      expect(byStatus["CAT-REJ"]).toMatchObject({ status: "rejected", message: "Item is restricted in this store" })

      // Staff retry the rejected item once Amazon's side is fixed: only it is sent again.
      sandbox.state.rejectedSkus.clear()
      const retried = await api.post("/admin/jwo/catalog/retry", { jwo_store_id: jwoStoreId }, admin)
      expect(retried.data).toMatchObject({ total: 1 })
      await until(async () => uploads().length === 2, "the retry upload")
      expect(uploads()[1].items.map((i) => i.item_sku)).toEqual(["CAT-REJ"])
      await until(async () => (await items()).every((i) => i.status === "accepted") && true, "all accepted")
    })

    it("records a 400 with Amazon's message and does not retry it", async () => {
      // A JWO store whose id Amazon does not know: Amazon refuses the whole upload.
      const other = (await api.post("/admin/jwo/stores", storeBody(fixtures, { amazon_store_id: OTHER_STORE, name: "Unknown" }), admin)).data.jwo_store
      await listen("jwo.catalog.upload_failed")
      await createProduct([{ title: "One", sku: "CAT-400", barcode: ean(100000000030) }])
      await until(async () => {
        const list = (await api.get(`/admin/jwo/catalog/uploads?jwo_store_id=${other.id}`, admin)).data.uploads
        return list.length && list.every((u: any) => u.status === "rejected") && list
      }, "the rejected upload")
      const [upload] = (await api.get(`/admin/jwo/catalog/uploads?jwo_store_id=${other.id}`, admin)).data.uploads
      expect(upload).toMatchObject({ status: "rejected", attempts: 1 })
      expect(upload.last_error).toContain("One or more StoreID's present in the request is incorrect")
      const [item] = (await api.get(`/admin/jwo/catalog/items?jwo_store_id=${other.id}`, admin)).data.items
      expect(item).toMatchObject({ status: "rejected", sku: "CAT-400" })
      expect(item.message).toContain("One or more StoreID's present in the request is incorrect")
      expect(events).toContainEqual({ name: "jwo.catalog.upload_failed", data: expect.objectContaining({ id: upload.id, status: "rejected" }) })
      // The known store's upload went through.
      await until(async () => (await items()).some((i) => i.status === "accepted"), "the good store's item")
    })

    it("raises an alert for a FATAL upload and sends its items again", async () => {
      await listen("jwo.catalog.upload_failed")
      sandbox.state.catalogFailures.push({ status: "FATAL", remaining: 1 })
      await createProduct([{ title: "One", sku: "CAT-FATAL", barcode: ean(100000000040) }])
      await until(async () => (await items()).some((i) => i.status === "accepted"), "the item accepted after the retry")
      const list = await settled()
      expect(list.map((u) => u.status).sort()).toEqual(["done", "failed"])
      expect(uploads()).toHaveLength(2)
      const failed = list.find((u) => u.status === "failed")
      expect(events).toContainEqual({ name: "jwo.catalog.upload_failed", data: expect.objectContaining({ id: failed.id, status: "failed" }) })
    })

    it("marks a deleted variant and a deleted product removed and never sends them again", async () => {
      const kept = await createProduct([
        { title: "Kept", sku: "DEL-KEEP", barcode: ean(100000000050) },
        { title: "Gone", sku: "DEL-VARIANT", barcode: ean(100000000051) },
      ])
      const doomed = await createProduct([{ title: "One", sku: "DEL-PRODUCT", barcode: ean(100000000052) }])
      await allAccepted("three items accepted")
      await settled()
      const sentBefore = uploads().length

      // Deleting a variant through the admin API: that item is removed, its sibling stays accepted.
      const gone = kept.variants.find((v: any) => v.sku === "DEL-VARIANT")
      await api.delete(`/admin/products/${kept.id}/variants/${gone.id}`, admin)
      await until(async () => (await items({ variant_id: gone.id }))[0]?.status === "removed", "the deleted variant removed")
      // Deleting a whole product: its item is removed.
      await api.delete(`/admin/products/${doomed.id}`, admin)
      await until(async () => (await items({ product_id: doomed.id }))[0]?.status === "removed", "the deleted product's item removed")

      const bySku = Object.fromEntries((await items()).map((i) => [i.sku, i]))
      expect(bySku["DEL-KEEP"]).toMatchObject({ status: "accepted" })
      expect(bySku["DEL-VARIANT"]).toMatchObject({ status: "removed", message: REMOVED_MESSAGES.notInCatalog })
      expect(bySku["DEL-PRODUCT"]).toMatchObject({ status: "removed", message: REMOVED_MESSAGES.notInCatalog })
      const state = (await api.get(`/admin/jwo/catalog?jwo_store_id=${jwoStoreId}`, admin)).data.stores[0]
      expect(state.totals).toMatchObject({ accepted: 1, removed: 2, total: 3 })

      // Nothing is sent for a removal (Amazon's Catalog API has no delete), and even a forced full sync sends only
      // what is still in the catalog.
      await new Promise((r) => setTimeout(r, 2500))
      expect(uploads()).toHaveLength(sentBefore)
      const { sync } = (await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: jwoStoreId, force: true }, admin)).data
      await syncDone(sync.id)
      expect(uploads()).toHaveLength(sentBefore + 1)
      expect(uploads()[sentBefore].items.map((i) => i.item_sku)).toEqual(["DEL-KEEP"])
      const after = Object.fromEntries((await items()).map((i) => [i.sku, i.status]))
      expect(after).toEqual({ "DEL-KEEP": "accepted", "DEL-VARIANT": "removed", "DEL-PRODUCT": "removed" })
    })

    it("removes a product's items when it leaves the store's sales channel and sends them again when it comes back", async () => {
      const since = await awayFromReconcile()
      const product = await createProduct([
        { title: "Small", sku: "SC-S", barcode: ean(100000000060) },
        { title: "Large", sku: "SC-L", barcode: ean(100000000061) },
      ])
      await allAccepted("both items accepted")
      await settled()
      const sent = uploads().length

      // From the sales channel's page (linkProductsToSalesChannelWorkflow: no product event, only the link's own).
      const channelProducts = `/admin/sales-channels/${fixtures.salesChannel.id}/products`
      await api.post(channelProducts, { remove: [product.id] }, admin)
      await until(async () => (await items()).every((i) => i.status === "removed") && true, "items removed after leaving the channel")
      expect(uploads()).toHaveLength(sent)
      await api.post(channelProducts, { add: [product.id] }, admin)
      await until(async () => uploads().length === sent + 1, "the upload after coming back to the channel")
      expect(uploads()[sent].items.map((i) => i.item_sku).sort()).toEqual(["SC-L", "SC-S"])
      await allAccepted("both items accepted again")

      // From the product (updateProductsWorkflow with sales_channels).
      await api.post(`/admin/products/${product.id}`, { sales_channels: [] }, admin)
      await until(async () => (await items()).every((i) => i.status === "removed") && true, "items removed after the product update")
      expect(uploads()).toHaveLength(sent + 1)
      await api.post(`/admin/products/${product.id}`, { sales_channels: [{ id: fixtures.salesChannel.id }] }, admin)
      await until(async () => uploads().length === sent + 2, "the upload after the product update")
      expect(uploads()[sent + 1].items.map((i) => i.item_sku).sort()).toEqual(["SC-L", "SC-S"])
      await allAccepted("both items accepted a third time")
      await settled()

      // The subscriber did it, within seconds: no full sync (reconcile or other) ran since the test began.
      expect((await syncs()).filter((sync) => Date.parse(sync.created_at) >= since)).toEqual([])
    })

    it("a full sync sends only what changed; with force it sends every item again, unchanged ones included", async () => {
      await createProduct([
        { title: "A", sku: "FULL-A", barcode: ean(100000000070) },
        { title: "B", sku: "FULL-B", barcode: ean(100000000071) },
      ])
      await allAccepted("both items accepted")
      await settled()
      const sent = uploads().length

      const plain = (await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: jwoStoreId }, admin)).data
      expect(plain).toMatchObject({ created: true, sync: { force: false } })
      expect(await syncDone(plain.sync.id)).toMatchObject({ variants_seen: 2, items_unchanged: 2, items_queued: 0, uploads_created: 0 })
      expect(uploads()).toHaveLength(sent)

      const forced = await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: jwoStoreId, force: true }, admin)
      expect(forced.status).toBe(202)
      expect(forced.data).toMatchObject({ created: true, sync: { force: true, scope: "store", store_ids: [jwoStoreId] } })
      const done = await syncDone(forced.data.sync.id)
      expect(done).toMatchObject({ variants_seen: 2, items_queued: 2, items_unchanged: 0, uploads_created: 1, uploads_done: 1, items_sent: 2, items_accepted: 2 })
      expect(uploads()).toHaveLength(sent + 1)
      expect(uploads()[sent].items.map((i) => i.item_sku).sort()).toEqual(["FULL-A", "FULL-B"])
      await allAccepted("both items accepted again")
    })

    it("the command (npx medusa exec ./src/scripts/jwo-catalog-sync.ts) runs a full sync of one store or of every store", async () => {
      const second = (await api.post("/admin/jwo/stores", storeBody(fixtures, { amazon_store_id: STORE_2, name: "Seattle 2" }), admin)).data.jwo_store
      await createProduct([
        { title: "A", sku: "CMD-A", barcode: ean(100000000080) },
        { title: "B", sku: "CMD-B", barcode: ean(100000000081) },
      ])
      await allAccepted("store 1 accepted")
      await allAccepted("store 2 accepted", { jwo_store_id: second.id })
      let all: any[] = []
      await until(
        async () => {
          all = (await api.get(`/admin/jwo/catalog/uploads`, admin)).data.uploads
          return all.length >= 2 && all.every((u) => u.status === "done")
        },
        "both stores' uploads done",
        90_000,
        () => JSON.stringify(all.map((u) => ({ id: u.id, store: u.amazon_store_id, status: u.status, item_count: u.item_count, attempts: u.attempts, polls: u.polls })))
      )
      const sentTo = (store: string) => uploads().filter((u) => u.items.every((i) => i.store_id === store))
      // (The product's creation events may fall into two coalescing windows: one upload per store, or two.)
      const before = { one: sentTo(STORE).length, two: sentTo(STORE_2).length, all: uploads().length }
      expect(before.one).toBeGreaterThanOrEqual(1)
      expect(before.two).toBeGreaterThanOrEqual(1)
      const container = getContainer()

      // Without --force: nothing changed, nothing sent.
      await jwoCatalogSyncCommand({ container, args: [] })
      let [last] = await syncs()
      expect(last).toMatchObject({ trigger: "command", scope: "all", force: false, status: "completed", items_unchanged: 4, items_queued: 0 })
      expect(uploads()).toHaveLength(before.all)

      // One store by its Amazon id, forced, as `medusa exec` calls the script: ({ container, args }).
      await jwoCatalogSyncCommand({ container, args: [STORE, "force", "wait"] })
      ;[last] = await syncs()
      expect(last).toMatchObject({ trigger: "command", scope: "store", store_ids: [jwoStoreId], force: true, status: "completed", items_queued: 2 })
      // --wait returned once nothing was in flight.
      expect(await syncDone(last.id)).toMatchObject({ uploads_created: 1, uploads_done: 1, items_accepted: 2 })
      expect(sentTo(STORE)).toHaveLength(before.one + 1)
      expect(sentTo(STORE)[before.one].items.map((i) => i.item_sku).sort()).toEqual(["CMD-A", "CMD-B"])
      expect(sentTo(STORE_2)).toHaveLength(before.two)

      // Every enabled store, forced.
      await jwoCatalogSyncCommand({ container, args: ["force", "wait"] })
      ;[last] = await syncs()
      expect(last).toMatchObject({ trigger: "command", scope: "all", store_ids: [jwoStoreId, second.id], force: true, status: "completed", items_queued: 4 })
      expect(await syncDone(last.id)).toMatchObject({ uploads_created: 2, uploads_done: 2, items_accepted: 4 })
      expect(sentTo(STORE)).toHaveLength(before.one + 2)
      expect(sentTo(STORE)[before.one + 1].items.map((i) => i.item_sku).sort()).toEqual(["CMD-A", "CMD-B"])
      expect(sentTo(STORE_2)).toHaveLength(before.two + 1)
      expect(sentTo(STORE_2)[before.two].items.map((i) => i.item_sku).sort()).toEqual(["CMD-A", "CMD-B"])

      await expect(jwoCatalogSyncCommand({ container, args: ["STORE-NOWHERE"] })).rejects.toThrow("No JWO store STORE-NOWHERE")
    })

    it("validates the admin actions", async () => {
      const bad = await api.post("/admin/jwo/catalog/syncs", { force: "yes" }, admin).catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      const missing = await api.post("/admin/jwo/catalog/syncs", { jwo_store_id: "jwostore_nope" }, admin).catch((e: any) => e.response)
      expect(missing.status).toBe(404)
      const badFilter = await api.get("/admin/jwo/catalog/items?status=nope", admin).catch((e: any) => e.response)
      expect(badFilter.status).toBe(400)
    })
  },
})
