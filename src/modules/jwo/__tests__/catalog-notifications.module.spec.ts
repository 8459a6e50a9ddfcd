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
    const submittedUpload = async () => {
      await service.upsertCatalogItems(STORE.id, [row(1), row(2)])
      const claimed = await service.claimCatalogUpload(STORE, 10, null)
      await service.updateJwoCatalogUploads({ id: claimed!.id, status: "submitted", ingestion_id: "ing-1", submitted_at: new Date() })
      return claimed!.id
    }
    const report = [
      { sku: "SKU-1", status: "accepted" as const, message: null },
      { sku: "SKU-2", status: "rejected" as const, message: "bad" },
    ]

    it("ends an upload once: of two finishes racing, one applies the report and the other changes nothing", async () => {
      const id = await submittedUpload()
      const [a, b] = await Promise.all([
        service.finishCatalogUpload(id, { to: "done", items: { kind: "report", results: report }, set: { polls: 1, processing_status: "DONE", settled_by: "notification" } }),
        service.finishCatalogUpload(id, { to: "done", items: { kind: "report", results: report }, set: { polls: 1, processing_status: "DONE", settled_by: "poll" } }),
      ])
      const winners = [a, b].filter(Boolean)
      expect(winners).toEqual([{ accepted: 1, rejected: 1, missing: 0, requeued: 0 }])
      const [upload] = await service.listJwoCatalogUploads({ id })
      expect(upload).toMatchObject({ status: "done", polls: 1, processing_status: "DONE", report_summary: { total: 2, accepted: 1, rejected: 1, missing: 0 } })
      expect(upload.settled_by).toBe(a ? "notification" : "poll")
      expect(upload.completed_at).not.toBeNull()
      const items = await service.listJwoCatalogItems({ jwo_store_id: STORE.id }, { order: { sku: "ASC" } })
      expect(items.map((i) => [i.sku, i.status, i.message])).toEqual([
        ["SKU-1", "accepted", null],
        ["SKU-2", "rejected", "bad"],
      ])
      // A late failure (a FATAL read by a duplicate) cannot undo it either.
      expect(await service.finishCatalogUpload(id, { to: "failed", items: { kind: "retry", message: "late" } })).toBeNull()
      expect((await service.listJwoCatalogUploads({ id }))[0].status).toBe("done")
      expect((await service.listJwoCatalogItems({ jwo_store_id: STORE.id })).map((i) => i.status).sort()).toEqual(["accepted", "rejected"])
    })

    it("a failed upload's items go back to pending in the same step", async () => {
      const id = await submittedUpload()
      expect(await service.finishCatalogUpload(id, { to: "failed", items: { kind: "retry", message: "FATAL" }, set: { last_error: "FATAL" } })).toEqual({
        accepted: 0,
        rejected: 0,
        missing: 0,
        requeued: 2,
      })
      expect((await service.listJwoCatalogUploads({ id }))[0]).toMatchObject({ status: "failed", last_error: "FATAL", next_action_at: null })
      expect((await service.listJwoCatalogItems({ jwo_store_id: STORE.id })).map((i) => i.status)).toEqual(["pending", "pending"])
    })

    it("records each queue message once (a redelivery updates it), reports the last one, and prunes old ones", async () => {
      await service.recordCatalogNotification({ message_id: "m-1", kind: "malformed", outcome: "left_for_redrive", receive_count: 1, detail: "not JSON" })
      await service.recordCatalogNotification({ message_id: "m-1", kind: "malformed", outcome: "left_for_redrive", receive_count: 2, detail: "not JSON" })
      await service.recordCatalogNotification({ message_id: "m-2", kind: "subscription_confirmation", outcome: "confirmed", receive_count: 1, topic_arn: "arn:aws:sns:us-east-1:1:t" })
      const rows = await service.listJwoCatalogNotifications({}, { order: { message_id: "ASC" } })
      expect(rows.map((r) => [r.message_id, r.receive_count, r.outcome])).toEqual([
        ["m-1", 2, "left_for_redrive"],
        ["m-2", 1, "confirmed"],
      ])
      const status = await service.catalogNotificationsStatus()
      expect(status).toMatchObject({
        configured: false,
        consumer: null,
        last_received: { message_id: "m-2", kind: "subscription_confirmation" },
        subscription_confirmed_at: expect.any(Date),
        last_24h: { notifications: 0, malformed: 1 },
      })
      await service.updateJwoCatalogNotifications({ id: rows[0].id, received_at: new Date(Date.now() - 31 * 24 * 3600_000) })
      expect(await service.pruneCatalogNotifications(30)).toBe(1)
      expect((await service.listJwoCatalogNotifications({})).map((r) => r.message_id)).toEqual(["m-2"])
    })

    it("counts uploads per store by what settled them", async () => {
      const id = await submittedUpload()
      await service.finishCatalogUpload(id, { to: "done", items: { kind: "report", results: report }, set: { settled_by: "notification" } })
      expect(await service.countCatalogUploadsSettledBy([STORE.id, "jwostore_other"])).toEqual({
        [STORE.id]: { notification: 1, poll: 0 },
        jwostore_other: { notification: 0, poll: 0 },
      })
    })
  },
})
