import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { gs1CheckDigit } from "../../src/modules/jwo/catalog-item"
import { startSandbox } from "../../src/sandbox/server"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv } from "../helpers/env"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"

/**
 * Catalog upload notifications end to end: the sandbox plays Amazon's SNS topic and the SQS queue (JSON protocol),
 * the plugin's real consumer (AWS SDK v3) long-polls it, and every upload still goes through the sandbox's Catalog
 * API. Processing at the sandbox ends by time (300 ms in queue, 300 ms in progress), then the topic publishes.
 */
jest.setTimeout(400_000)
const SANDBOX_PORT = 4100 + Math.floor(Math.random() * 800)
const CREDENTIALS = { accessKeyId: "AKIAJWONOTIFYTEST001", secretAccessKey: "notify-test-secret-access-key-00000001" }
const QUEUE_URL = `http://localhost:${SANDBOX_PORT}/sqs/000000000000/jwo-catalog-notifications`
applyTestAppEnv({
  JWO_CHECKOUT_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  JWO_CATALOG_ENDPOINT: `http://localhost:${SANDBOX_PORT}/v1`,
  AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  JWO_AMAZON_TIMEOUT_MS: "2000",
  JWO_CATALOG_COALESCE_MS: "300",
  JWO_CATALOG_POLL_FIRST_MS: "150",
  JWO_CATALOG_POLL_MAX_MS: "600",
  JWO_CATALOG_RETRY_BASE_MS: "100",
  JWO_CATALOG_RETRY_MAX_MS: "400",
  JWO_CATALOG_NOTIFICATIONS_QUEUE_URL: QUEUE_URL,
  // Short long polls, so an outage is noticed within a few seconds.
  JWO_CATALOG_NOTIFICATIONS_WAIT_SECONDS: "2",
  // JWO_CATALOG_NOTIFICATIONS_FALLBACK_POLL_MS is left at its default (5 minutes): no test waits for a fallback poll.
})

const STORE = "STORE-SEA-1"
const ean = (n: number) => {
  const body = String(n).padStart(12, "0")
  return body + gs1CheckDigit(body)
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let fixtures: Awaited<ReturnType<typeof createStoreFixtures>>
    let jwoStoreId: string
    let sandbox: Awaited<ReturnType<typeof startSandbox>>
    let seq = 0
    const logged: { level: string; message: string }[] = []

    beforeAll(async () => {
      sandbox = await startSandbox({
        port: SANDBOX_PORT,
        host: "127.0.0.1",
        credentials: [CREDENTIALS],
        storeIds: [STORE],
        catalogTiming: { mode: "time", inQueueMs: 300, inProgressMs: 300 },
        notifications: { enabled: true, visibilityTimeoutSeconds: 2, maxReceiveCount: 3 },
      })
      const container = getContainer()
      // What the plugin logs (the app's logger, which the module was given), kept for the assertions below.
      const logger = container.resolve("logger") as any
      for (const level of ["info", "warn", "error"]) {
        const original = logger[level].bind(logger)
        logger[level] = (message: string, ...rest: unknown[]) => {
          if (typeof message === "string" && message.includes("catalog notifications")) logged.push({ level, message })
          return original(message, ...rest)
        }
      }
      admin = await createAdminHeaders(container)
      fixtures = await createStoreFixtures(container)
      jwoStoreId = (await api.post("/admin/jwo/stores", storeBody(fixtures), admin)).data.jwo_store.id
    })
    beforeEach(() => {
      sandbox.reset()
      logged.length = 0
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    const until = async <T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 60_000, detail?: () => unknown): Promise<T> => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const value = await fn()
        if (value) return value
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${detail ? `: ${JSON.stringify(await detail())}` : ""}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    const catalogState = async () => (await api.get(`/admin/jwo/catalog?jwo_store_id=${jwoStoreId}`, admin)).data
    const pluginUploads = async () => (await api.get(`/admin/jwo/catalog/uploads?jwo_store_id=${jwoStoreId}`, admin)).data.uploads as any[]
    const items = async (sku: string) => (await api.get(`/admin/jwo/catalog/items?jwo_store_id=${jwoStoreId}&sku=${sku}`, admin)).data.items as any[]
    const sandboxUpload = (sku: string) => [...sandbox.state.uploads.values()].find((u) => u.items.some((i) => i.item_sku === sku))
    const statusCalls = (ingestionId: string) =>
      sandbox.state.calls.filter((c) => c.path === "/v1/catalog/getCatalogUploadStatus" && c.requestBody.includes(ingestionId))
    const reportCalls = (ingestionId: string) => sandbox.state.calls.filter((c) => c.path === `/reports/${ingestionId}`)
    const consumerLive = async () => (await catalogState()).notifications.consumer?.live === true

    /** A published product with one variant: its item goes out in an upload of its own. */
    const createProduct = async (sku: string) => {
      const n = ++seq
      const { data } = await api.post(
        "/admin/products",
        {
          title: `Notified product ${n}`,
          status: "published",
          sales_channels: [{ id: fixtures.salesChannel.id }],
          options: [{ title: "Size", values: ["One"] }],
          variants: [{ title: "One", sku, barcode: ean(200000000000 + n), manage_inventory: false, options: { Size: "One" }, prices: [{ amount: 2.5, currency_code: "usd" }] }],
        },
        admin
      )
      return data.product
    }
    /** The plugin's upload that carries `sku`, once it is finished (done, failed...). */
    const settledUpload = async (sku: string, timeoutMs = 60_000) => {
      const ingestionId = (await until(() => sandboxUpload(sku), `the upload of ${sku} at the sandbox`, timeoutMs)).ingestionId
      return until(
        async () => {
          const upload = (await pluginUploads()).find((u) => u.ingestion_id === ingestionId)
          return upload && !["queued", "submitted"].includes(upload.status) && upload
        },
        `the upload of ${sku} to settle`,
        timeoutMs,
        async () => (await pluginUploads()).map((u) => ({ id: u.id, status: u.status, polls: u.polls, next_action_at: u.next_action_at, last_error: u.last_error }))
      )
    }

    it("settles an upload by its notification within 2 s, with polling backed off", async () => {
      await until(consumerLive, "the consumer to be live")
      const done: any[] = []
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe("jwo.catalog.upload_done", async (event: any) => void done.push(event.data))
      await createProduct("NOTE-FAST")
      const atAmazon = await until(() => sandboxUpload("NOTE-FAST"), "the upload at the sandbox")
      // Submitted while notifications arrive: the first poll is only the fallback, minutes away.
      const submitted = await until(async () => (await pluginUploads()).find((u) => u.ingestion_id === atAmazon.ingestionId), "the plugin's upload")
      if (submitted.status === "submitted") expect(new Date(submitted.next_action_at).getTime() - Date.now()).toBeGreaterThan(60_000)

      const upload = await settledUpload("NOTE-FAST")
      const notifiedAt = Date.parse(atAmazon.notifiedAt!)
      expect(upload).toMatchObject({ status: "done", settled_by: "notification", polls: 1, report_summary: { total: 1, accepted: 1, rejected: 0, missing: 0 } })
      expect(Date.parse(upload.completed_at) - notifiedAt).toBeLessThan(2000)
      expect(upload.notified_at).not.toBeNull()
      // Exactly one status call, made after the notification; no poll before it.
      const calls = statusCalls(atAmazon.ingestionId)
      expect(calls).toHaveLength(1)
      expect(Date.parse(calls[0].time)).toBeGreaterThanOrEqual(notifiedAt - 5)
      expect(reportCalls(atAmazon.ingestionId).map((c) => c.status)).toEqual([200])
      expect((await items("NOTE-FAST"))[0]).toMatchObject({ status: "accepted" })
      expect(sandbox.state.notifications.queue.deleted).toHaveLength(1)
      expect(done.filter((d) => d.id === upload.id)).toEqual([expect.objectContaining({ settled_by: "notification", accepted: 1 })])

      const state = await catalogState()
      expect(state.notifications).toMatchObject({
        configured: true,
        queue: expect.stringContaining("/sqs/000000000000/jwo-catalog-notifications"),
        fallback_poll_ms: 300_000,
        consumer: { live: true, last_error: null },
        last_received: { kind: "notification", outcome: "settling", ingestion_ids: [atAmazon.ingestionId], upload_ids: [upload.id] },
      })
      expect(state.stores[0].settled_by).toEqual({ notification: 1, poll: 0 })
    })

    it("answers SNS's subscription confirmation by visiting its SubscribeURL, and says so", async () => {
      await until(consumerLive, "the consumer to be live")
      const published = sandbox.publishNotification({ kind: "subscription-confirmation" })
      const confirmed = await until(() => sandbox.state.notifications.subscription?.confirmedAt, "the subscription confirmed")
      expect(confirmed).toEqual(expect.any(String))
      expect(sandbox.state.notifications.subscription!.confirmations).toBe(1)
      await until(() => sandbox.state.notifications.queue.deleted.some((m) => m.messageId === published.sqsMessageId), "the confirmation message deleted")
      expect(logged).toContainEqual({
        level: "info",
        message: expect.stringMatching(/SNS subscription to arn:aws:sns:us-east-1:000000000000:jwo-catalog-upload-results confirmed .*"SQS Subscription Status" becomes Complete/),
      })
      const { notifications } = await catalogState()
      expect(notifications.last_received).toMatchObject({ kind: "subscription_confirmation", outcome: "confirmed", topic_arn: "arn:aws:sns:us-east-1:000000000000:jwo-catalog-upload-results" })
      expect(notifications.subscription_confirmed_at).not.toBeNull()
    })

    it("a duplicate notification is harmless: delivered at once with the original, or late", async () => {
      await until(consumerLive, "the consumer to be live")
      const done: any[] = []
      await getContainer()
        .resolve(Modules.EVENT_BUS)
        .subscribe("jwo.catalog.upload_done", async (event: any) => void done.push(event.data))
      await createProduct("NOTE-DUP")
      const atAmazon = await until(() => sandboxUpload("NOTE-DUP"), "the upload at the sandbox")
      // SNS delivers at least once: the same message twice, right away (two status calls may race).
      await until(() => sandbox.state.notifications.published.some((p) => p.ingestionId === atAmazon.ingestionId), "the notification")
      sandbox.publishNotification({ kind: "duplicate", ingestionId: atAmazon.ingestionId })
      const upload = await settledUpload("NOTE-DUP")
      expect(upload).toMatchObject({ status: "done", settled_by: "notification", report_summary: { total: 1, accepted: 1, rejected: 0, missing: 0 } })
      await until(() => sandbox.state.notifications.queue.deleted.length === 2, "both messages handled and deleted")
      // And once more, long after: nothing changes.
      const late = sandbox.publishNotification({ kind: "duplicate", ingestionId: atAmazon.ingestionId })
      await until(() => sandbox.state.notifications.queue.deleted.some((m) => m.messageId === late.sqsMessageId), "the late duplicate deleted")
      const after = (await pluginUploads()).find((u) => u.id === upload.id)
      expect(after).toMatchObject({ status: "done", completed_at: upload.completed_at, report_summary: upload.report_summary, settled_by: "notification" })
      expect((await items("NOTE-DUP"))[0]).toMatchObject({ status: "accepted" })
      expect(done.filter((d) => d.id === upload.id)).toHaveLength(1)
      expect(statusCalls(atAmazon.ingestionId).length).toBeLessThanOrEqual(2)
      expect((await catalogState()).notifications.last_received).toMatchObject({ kind: "notification", outcome: "already_settled", upload_ids: [upload.id] })
    })

    it("a malformed message is logged and left for the dead-letter redrive; the consumer keeps working", async () => {
      await until(consumerLive, "the consumer to be live")
      const bad = sandbox.publishNotification({ kind: "malformed", body: "<html>definitely not an SNS message</html>" })
      // Never deleted: delivered maxReceiveCount (3) times, each 2 s apart (visibility timeout), then redriven.
      await until(() => sandbox.state.notifications.deadLetter.messages.some((m) => m.messageId === bad.sqsMessageId), "the message in the dead-letter queue", 30_000)
      expect(sandbox.state.notifications.queue.deleted.some((m) => m.messageId === bad.sqsMessageId)).toBe(false)
      const warnings = logged.filter((l) => l.level === "warn" && l.message.includes(bad.sqsMessageId))
      expect(warnings.length).toBe(3)
      expect(warnings[0].message).toMatch(/cannot be read \(neither JSON nor text naming an ingestionId\); left on the queue for its dead-letter redrive \(delivery 1\)/)
      expect(warnings[2].message).toMatch(/\(delivery 3\)/)
      const { notifications } = await catalogState()
      expect(notifications.consumer.live).toBe(true)
      expect(notifications.last_received).toMatchObject({ kind: "malformed", outcome: "left_for_redrive", receive_count: 3 })
      expect(notifications.last_24h.malformed).toBe(1)
      // Not fatal: the next upload is settled by its notification as usual.
      await createProduct("NOTE-AFTER-BAD")
      expect(await settledUpload("NOTE-AFTER-BAD")).toMatchObject({ status: "done", settled_by: "notification" })
    })

    it("refreshes an expired report link by asking for the status again", async () => {
      await until(consumerLive, "the consumer to be live")
      sandbox.state.expiredLinks = 1
      await createProduct("NOTE-EXPIRED")
      const upload = await settledUpload("NOTE-EXPIRED")
      const ingestionId = upload.ingestion_id
      expect(upload).toMatchObject({ status: "done", last_error: null, report_summary: { total: 1, accepted: 1 } })
      // The first link was refused (403 "Request has expired"); a second status call right away gave a fresh one.
      expect(reportCalls(ingestionId).map((c) => c.status)).toEqual([403, 200])
      expect(reportCalls(ingestionId)[0].responseBody).toMatch(/Request has expired/)
      const calls = statusCalls(ingestionId)
      expect(calls).toHaveLength(2)
      expect(Date.parse(calls[1].time) - Date.parse(reportCalls(ingestionId)[0].time)).toBeLessThan(1500)
      expect((await items("NOTE-EXPIRED"))[0]).toMatchObject({ status: "accepted" })
    })

    it("the queue unreachable: backed-off uploads are polled at once, new ones polled as usual; the late notification is harmless", async () => {
      await until(consumerLive, "the consumer to be live")
      // An upload submitted while notifications arrive, whose notification is held back (SNS slow)...
      sandbox.pauseNotifications()
      await createProduct("NOTE-OUTAGE-1")
      const first = await until(() => sandboxUpload("NOTE-OUTAGE-1"), "the first upload at the sandbox")
      const backedOff = await until(
        async () => (await pluginUploads()).find((u) => u.ingestion_id === first.ingestionId && u.status === "submitted"),
        "the first upload submitted"
      )
      expect(new Date(backedOff.next_action_at).getTime() - Date.now()).toBeGreaterThan(60_000)
      // ... then the queue becomes unreachable.
      const outage = sandbox.addFault({ path: "/sqs/ReceiveMessage", status: 503, count: 1_000_000 })
      const outageAt = Date.now()
      await until(async () => !(await consumerLive()), "the consumer to notice the outage", 20_000)
      const one = await settledUpload("NOTE-OUTAGE-1")
      expect(one).toMatchObject({ status: "done", settled_by: "poll", notified_at: null })
      expect(Date.parse(one.completed_at) - outageAt).toBeLessThan(15_000)
      expect(logged).toContainEqual({ level: "warn", message: expect.stringMatching(/cannot read .*jwo-catalog-notifications: .*503.*settled by polling/) })

      // A new upload during the outage: polled from the start, as without notifications.
      await createProduct("NOTE-OUTAGE-2")
      const two = await settledUpload("NOTE-OUTAGE-2")
      expect(two).toMatchObject({ status: "done", settled_by: "poll" })
      expect(statusCalls(two.ingestion_id).length).toBeGreaterThanOrEqual(1)
      expect((await catalogState()).notifications.consumer).toMatchObject({ live: false, last_error: expect.stringContaining("503") })

      // The queue answers again and the held notification arrives late: already settled, deleted, nothing changes.
      sandbox.state.faults.splice(sandbox.state.faults.indexOf(sandbox.state.faults.find((f) => f.id === outage.id)!), 1)
      sandbox.resumeNotifications()
      await until(consumerLive, "the consumer live again", 60_000)
      await until(
        () => sandbox.state.notifications.published.filter((p) => p.ingestionId === first.ingestionId).every((p) => sandbox.state.notifications.queue.deleted.some((m) => m.messageId === p.sqsMessageId)),
        "the late notification deleted",
        30_000
      )
      expect((await pluginUploads()).find((u) => u.id === one.id)).toMatchObject({ status: "done", completed_at: one.completed_at, settled_by: "poll" })
      expect(logged).toContainEqual({ level: "info", message: expect.stringMatching(/receiving from .* again/) })
      expect((await catalogState()).stores[0].settled_by).toEqual({ notification: 0, poll: 2 })
    })
  },
})
