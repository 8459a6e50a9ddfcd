import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { JWO_MODULE } from ".."
import type JwoModuleService from "../service"
import { modulePluginOptions } from "../../../../integration-tests/fixtures/plugin-options"

jest.setTimeout(60_000)

const STORE = { id: "jwostore_1", amazon_store_id: "STORE-1" }
const row = (n: number) => ({
  variant_id: `variant_${n}`,
  product_id: "prod_1",
  sku: `SKU-${n}`,
  content_hash: `hash-${n}`,
  payload: { item_sku: `SKU-${n}` },
  reasons: null,
  warnings: null,
})

moduleIntegrationTestRunner<JwoModuleService>({
  moduleName: JWO_MODULE,
  resolve: "./src/modules/jwo",
  moduleOptions: modulePluginOptions({ scanKey: { prefix: "TEST", secrets: "x".repeat(40) } }),
  testSuite: ({ service }) => {
    it("claims pending items into uploads, leaves no upload behind when nothing is pending, and keeps claims on a re-map", async () => {
      // Nothing pending: no upload (an empty `queued` upload used to stay behind, served only by the watch job).
      expect(await service.claimCatalogUpload(STORE, 10_000, "jwocsync_1")).toBeNull()
      expect(await service.listJwoCatalogUploads({})).toEqual([])

      await service.upsertCatalogItems(STORE.id, [row(1), row(2), row(3)])
      const first = await service.claimCatalogUpload(STORE, 2, "jwocsync_1")
      expect(first).toEqual({ id: expect.stringMatching(/^jwocupl_/), item_count: 2 })
      const second = await service.claimCatalogUpload(STORE, 2, null)
      expect(second).toEqual({ id: expect.stringMatching(/^jwocupl_/), item_count: 1 })
      expect(await service.claimCatalogUpload(STORE, 2, null)).toBeNull()

      const uploads = await service.listJwoCatalogUploads({}, { order: { created_at: "ASC" } })
      expect(uploads.map((u) => [u.id, u.status, u.item_count, u.sync_id])).toEqual([
        [first!.id, "queued", 2, "jwocsync_1"],
        [second!.id, "queued", 1, null],
      ])
      const items = await service.listJwoCatalogItems({ jwo_store_id: STORE.id })
      expect(items.every((i) => i.status === "uploading")).toBe(true)
      expect(items.filter((i) => i.upload_id === first!.id)).toHaveLength(2)
      expect(items.filter((i) => i.upload_id === second!.id)).toHaveLength(1)

      // The same content mapped again (another product event) leaves claimed items in their uploads; a change does not.
      const changed = items.find((i) => i.upload_id === second!.id)!.variant_id
      const remapped = [row(1), row(2), row(3)].map((r) => (r.variant_id === changed ? { ...r, content_hash: "hash-new" } : r))
      const again = await service.upsertCatalogItems(STORE.id, remapped)
      expect(Object.fromEntries(again.map((r) => [r.variant_id, r.status]))).toEqual(
        Object.fromEntries(remapped.map((r) => [r.variant_id, r.variant_id === changed ? "pending" : "uploading"]))
      )
      expect(await service.catalogUploadPayloads(first!.id)).toHaveLength(2)
      expect(await service.catalogUploadPayloads(second!.id)).toHaveLength(0)
    })
  },
})
