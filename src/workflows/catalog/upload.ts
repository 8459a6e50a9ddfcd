import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { backoffDelayMs, type AmazonResult } from "../../modules/jwo/amazon"
import { CATALOG_CALLS_QUEUE, type CatalogCallJob } from "../../modules/jwo/queue/definitions"
import { catalogSettings, MAX_ITEMS_PER_UPLOAD } from "./config"

export const CATALOG_EVENTS = {
  uploadFailed: "jwo.catalog.upload_failed",
  uploadDone: "jwo.catalog.upload_done",
} as const

export type { CatalogCallJob }

const jwoOf = (container: MedusaContainer) => container.resolve<JwoModuleService>(JWO_MODULE)

export async function enqueueUploadAttempt(jwo: JwoModuleService, uploadId: string, attempt: number, delayMs = 0) {
  await jwo.queues.add<CatalogCallJob>(CATALOG_CALLS_QUEUE, { kind: "upload", upload_id: uploadId }, { jobId: `catalog-upload-${uploadId}-${attempt}`, delayMs })
}

/** Queues status poll number `poll` of an upload (the job id names it, so a poll is queued once). */
export async function enqueuePoll(jwo: JwoModuleService, uploadId: string, poll: number, delayMs = 0) {
  await jwo.queues.add<CatalogCallJob>(CATALOG_CALLS_QUEUE, { kind: "poll", upload_id: uploadId, poll }, { jobId: `catalog-poll-${uploadId}-${poll}`, delayMs })
}

/**
 * How long until the next status poll of a submitted upload. While this instance's notifications consumer is
 * receiving, an upload that no notification has named yet is polled only every `notificationsFallbackPollMs` (its
 * notification settles it before then); otherwise, and once a notification named it, the usual `delayMs`.
 */
export function pollDelayMs(jwo: JwoModuleService, upload: { notified_at?: Date | string | null }, delayMs: number): number {
  const settings = catalogSettings(jwo.getOptions().catalog)
  if (!jwo.catalogNotificationsLive() || upload.notified_at) return delayMs
  return Math.max(delayMs, settings.notificationsFallbackPollMs)
}

/**
 * Claims pending items of a store into uploads of at most 10,000 and queues them. With `onlyFull`, only full
 * uploads are made (a full sync in progress keeps filling the last one). Returns the upload ids.
 */
export async function flushStore(
  container: MedusaContainer,
  store: { id: string; amazon_store_id: string },
  opts: { syncId?: string | null; onlyFull?: boolean } = {}
): Promise<string[]> {
  const jwo = jwoOf(container)
  const ids: string[] = []
  for (;;) {
    if (opts.onlyFull) {
      const counts = await jwo.countCatalogItems([store.id])
      if ((counts[store.id]?.pending ?? 0) < MAX_ITEMS_PER_UPLOAD) break
    }
    const upload = await jwo.claimCatalogUpload(store, MAX_ITEMS_PER_UPLOAD, opts.syncId ?? null)
    if (!upload) break
    await enqueueUploadAttempt(jwo, upload.id, 1)
    ids.push(upload.id)
    if (upload.item_count < MAX_ITEMS_PER_UPLOAD) break
  }
  return ids
}

function describe(answer: Exclude<AmazonResult, { kind: "success" }>): string {
  return `${answer.status ?? answer.cause}: ${answer.errorMsg}`.slice(0, 2000)
}

async function alert(container: MedusaContainer, upload: any, status: string, reason: string) {
  await container.resolve(Modules.EVENT_BUS).emit({
    name: CATALOG_EVENTS.uploadFailed,
    data: { id: upload.id, jwo_store_id: upload.jwo_store_id, amazon_store_id: upload.amazon_store_id, status, reason, item_count: upload.item_count },
  })
  container.resolve("logger").warn(`medusa-plugin-jwo: catalog upload ${upload.id} (${upload.amazon_store_id}) ${status}: ${reason}`)
}

/**
 * A failed upload: its items go back to pending (and out again in a new upload), staff are alerted. Once: a second
 * caller (a duplicate notification, a job run twice) finds the upload already ended and does nothing.
 */
async function failUpload(
  container: MedusaContainer,
  upload: any,
  status: "failed" | "cancelled",
  reason: string,
  set: { polls?: number; processing_status?: string | null; settled_by?: "notification" | "poll" | null } = {}
): Promise<boolean> {
  const jwo = jwoOf(container)
  const ended = await jwo.finishCatalogUpload(upload.id, {
    to: status,
    items: { kind: "retry", message: `Upload ${upload.id} ${status}: ${reason}` },
    set: { ...set, last_error: reason.slice(0, 2000) },
    fromQueued: upload.status === "queued",
  })
  if (!ended) return false
  await alert(container, upload, status, reason)
  await flushStore(container, { id: upload.jwo_store_id, amazon_store_id: upload.amazon_store_id })
  return true
}

/**
 * One attempt of Upload Catalog for a claimed upload: 201 → the ingestionId is stored and polling starts;
 * 429/5xx/timeouts → the next attempt with backoff (never before Retry-After), until uploadMaxAttempts, then the
 * upload fails; 400 and other permanent answers → the upload and its items are rejected with Amazon's message.
 */
export async function runCatalogUpload(container: MedusaContainer, uploadId: string): Promise<string> {
  const jwo = jwoOf(container)
  const settings = catalogSettings(jwo.getOptions().catalog)
  const [upload] = await jwo.listJwoCatalogUploads({ id: uploadId })
  if (!upload || upload.status !== "queued") return `skipped (${upload?.status ?? "missing"})`
  const catalogItems = await jwo.catalogUploadPayloads(uploadId)
  if (!catalogItems.length) {
    await jwo.updateJwoCatalogUploads({ id: uploadId, status: "empty", item_count: 0, completed_at: new Date(), next_action_at: null })
    return "empty"
  }
  const attempt = upload.attempts + 1
  await jwo.updateJwoCatalogUploads({ id: uploadId, attempts: attempt, item_count: catalogItems.length })
  const answer = await jwo.amazon().postJson<{ ingestionId?: unknown }>("catalog", "/catalog/upload", { catalogItems })

  if (answer.kind === "success" && typeof answer.body?.ingestionId === "string" && answer.body.ingestionId) {
    // While notifications arrive, the first poll is only the fallback for a lost notification.
    const firstPollMs = pollDelayMs(jwo, upload, settings.pollFirstMs)
    await jwo.updateJwoCatalogUploads({
      id: uploadId,
      status: "submitted",
      ingestion_id: answer.body.ingestionId,
      submitted_at: new Date(),
      last_error: null,
      next_action_at: new Date(Date.now() + firstPollMs),
    })
    await enqueuePoll(jwo, uploadId, 1, firstPollMs)
    return "submitted"
  }
  if (answer.kind === "retryable") {
    const error = `attempt ${attempt}: ${describe(answer)}`
    if (attempt >= settings.uploadMaxAttempts) {
      await failUpload(container, { ...upload, item_count: catalogItems.length }, "failed", `Amazon did not accept the upload after ${attempt} attempts; last ${describe(answer)}`)
      return "failed"
    }
    const delay = backoffDelayMs(attempt, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs, retryAfterMs: answer.retryAfterMs })
    await jwo.updateJwoCatalogUploads({ id: uploadId, last_error: error, next_action_at: new Date(Date.now() + delay) })
    await enqueueUploadAttempt(jwo, uploadId, attempt + 1, delay)
    return "retry_scheduled"
  }
  const reason =
    answer.kind === "success"
      ? `Amazon answered ${answer.status} without an ingestionId`
      : `Amazon refused the upload (${answer.status ?? answer.cause}): ${answer.errorMsg}`
  await jwo.updateJwoCatalogUploads({ id: uploadId, status: "rejected", last_error: reason.slice(0, 2000), completed_at: new Date(), next_action_at: null })
  await jwo.settleCatalogUploadItems(uploadId, { kind: "rejected", message: reason.slice(0, 2000) })
  await alert(container, { ...upload, item_count: catalogItems.length }, "rejected", reason)
  return "rejected"
}

type ReportItem = { sku: string; status: "accepted" | "rejected"; message: string | null }

/** Reads Amazon's per-item results from a report, whatever its exact envelope (items / catalogItems / results). */
export function parseCatalogReport(body: unknown, amazonStoreId: string): ReportItem[] | null {
  if (!body || typeof body !== "object") return null
  const b = body as Record<string, unknown>
  const list = [b.items, b.catalogItems, b.results, b.itemResults].find(Array.isArray) as unknown[] | undefined
  if (!list) return null
  const out: ReportItem[] = []
  for (const entry of list) {
    if (!entry || typeof entry !== "object") continue
    const e = entry as Record<string, unknown>
    const sku = [e.item_sku, e.itemSku, e.sku].find((v) => typeof v === "string") as string | undefined
    if (!sku) continue
    const store = [e.store_id, e.storeId].find((v) => typeof v === "string") as string | undefined
    if (store && store !== amazonStoreId) continue
    const status = String(e.status ?? e.itemStatus ?? "").toUpperCase()
    const message = [e.message, e.errorMsg, e.error].find((v) => typeof v === "string") as string | undefined
    const accepted = ["ACCEPTED", "SUCCESS", "SUCCEEDED", "DONE"].includes(status)
    out.push({ sku, status: accepted ? "accepted" : "rejected", message: accepted ? null : (message ?? `Amazon reported ${status || "no status"}`).slice(0, 2000) })
  }
  return out
}

/** The report link was refused (403: expired, as S3 says for a presigned URL past its 60 minutes). */
const LINK_REFUSED = "report link refused (403)"

/**
 * One status poll of a submitted upload (Get Catalog Upload Status). INQUEUE/INPROGRESS → the next poll, each 1.5×
 * later (backed off while notifications cover the upload, see `pollDelayMs`); DONE → the report is fetched at once
 * and its per-item results applied; a report link refused with 403 (expired) → the status is asked again at once for
 * a fresh link (after a second refusal, at the next poll's time); CANCELLED/FATAL → the upload fails (alert, items
 * sent again). A poll started by a notification (`job.trigger`) always runs; a scheduled poll whose number is no
 * longer next was superseded and is skipped. The end is a compare-and-set, so a duplicate is harmless.
 */
export async function pollCatalogUpload(
  container: MedusaContainer,
  uploadId: string,
  job: { poll?: number; trigger?: "notification" } = {}
): Promise<string> {
  const jwo = jwoOf(container)
  const settings = catalogSettings(jwo.getOptions().catalog)
  const [upload] = await jwo.listJwoCatalogUploads({ id: uploadId })
  if (!upload || upload.status !== "submitted" || !upload.ingestion_id) return `skipped (${upload?.status ?? "missing"})`
  if (job.trigger !== "notification" && job.poll !== undefined && job.poll !== upload.polls + 1) {
    return `skipped (poll ${job.poll} superseded: ${upload.polls} done)`
  }
  const settledBy = job.trigger === "notification" || upload.notified_at ? "notification" : "poll"
  const polls = upload.polls + 1
  const again = async (delay: number, set: Record<string, unknown>) => {
    await jwo.updateJwoCatalogUploads({ id: uploadId, polls, next_action_at: new Date(Date.now() + delay), ...set })
    await enqueuePoll(jwo, uploadId, polls + 1, delay)
  }
  const nextDelay = Math.min(settings.pollFirstMs * 1.5 ** polls, settings.pollMaxMs)
  if (upload.submitted_at && Date.now() - new Date(upload.submitted_at).getTime() > settings.pollGiveUpMs) {
    await failUpload(container, upload, "failed", `no final processing status after ${polls - 1} polls`)
    return "failed"
  }

  const answer = await jwo
    .amazon()
    .postJson<{ processingStatus?: string; reportDownloadLink?: string }>("catalog", "/catalog/getCatalogUploadStatus", { ingestionId: upload.ingestion_id })
  if (answer.kind === "retryable") {
    const delay = backoffDelayMs(polls, { baseMs: settings.pollFirstMs, maxMs: settings.pollMaxMs, retryAfterMs: answer.retryAfterMs })
    await again(delay, { last_error: `poll ${polls}: ${describe(answer)}` })
    return "retry_scheduled"
  }
  if (answer.kind === "permanent") {
    const ended = await failUpload(container, upload, "failed", `status poll refused (${answer.status ?? answer.cause}): ${answer.errorMsg}`, { polls })
    return ended ? "failed" : "skipped (already ended)"
  }
  const status = String(answer.body?.processingStatus ?? "").toUpperCase()
  if (status === "CANCELLED" || status === "FATAL") {
    const ended = await failUpload(container, upload, status === "CANCELLED" ? "cancelled" : "failed", `Amazon ended processing with ${status}`, {
      polls,
      processing_status: status,
      settled_by: settledBy,
    })
    return ended ? status.toLowerCase() : "skipped (already ended)"
  }
  if (status !== "DONE") {
    await again(pollDelayMs(jwo, upload, nextDelay), { processing_status: status || null })
    return "in_progress"
  }
  // DONE: the report link is valid for 60 minutes from now; fetch it at once.
  const link = answer.body?.reportDownloadLink
  const report = typeof link === "string" && link ? await jwo.amazon().getUrl(link) : null
  const results = report?.kind === "success" ? parseCatalogReport(report.body, upload.amazon_store_id) : null
  if (!results) {
    const refused = report?.kind === "permanent" && report.status === 403
    const why = !report
      ? "DONE without a report link"
      : report.kind === "success"
        ? "the report has no item results"
        : refused
          ? `${LINK_REFUSED}: ${report.errorMsg}; asking for the status again for a fresh link`
          : `report download: ${describe(report)}`
    // A link refused as expired: a fresh one at once (once; a second refusal waits for the next poll's time).
    const delay = refused && !String(upload.last_error ?? "").startsWith(LINK_REFUSED) ? 0 : nextDelay
    await again(delay, { processing_status: status, last_error: why.slice(0, 2000) })
    return refused ? "report_link_refreshing" : "report_retry"
  }
  const counts = await jwo.finishCatalogUpload(uploadId, {
    to: "done",
    items: { kind: "report", results },
    set: { polls, processing_status: status, last_error: null, settled_by: settledBy },
  })
  if (!counts) return "skipped (already ended)"
  const summary = { total: results.length, accepted: counts.accepted, rejected: counts.rejected, missing: counts.missing }
  await container.resolve(Modules.EVENT_BUS).emit({ name: CATALOG_EVENTS.uploadDone, data: { id: uploadId, jwo_store_id: upload.jwo_store_id, settled_by: settledBy, ...summary } })
  return "done"
}
