import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { CATALOG_SYNC_QUEUE } from "../../modules/jwo/queue/definitions"
import { catalogSettings } from "./config"
import {
  countChannelProducts,
  inStoreCatalog,
  loadCatalogStores,
  loadProducts,
  mapProductsForStore,
  productIdsOfChannelLinks,
  productIdsPage,
  type CatalogStore,
} from "./source"
import { flushStore } from "./upload"

export type CatalogSyncJob =
  | { kind: "changes"; product_ids?: string[]; variant_ids?: string[]; channel_link_ids?: string[] }
  | { kind: "flush"; jwo_store_id: string }
  | { kind: "full"; sync_id: string }

const jwoOf = (container: MedusaContainer) => container.resolve<JwoModuleService>(JWO_MODULE)

export const REMOVED_MESSAGES = {
  notInCatalog: "No longer in this store's catalog (deleted, unpublished or taken out of the store's sales channel); no longer sent to Amazon.",
} as const

type CatalogChange = { product_ids?: string[]; variant_ids?: string[]; channel_link_ids?: string[] }

/** Queues the mapping of changed products/variants (called by the subscribers; cheap and idempotent). */
export async function enqueueCatalogChanges(container: MedusaContainer, change: CatalogChange) {
  await jwoOf(container).queues.add<CatalogSyncJob>(CATALOG_SYNC_QUEUE, { kind: "changes", ...change })
}

/**
 * Queues one flush of a store's pending items at the end of the current coalescing window: every change of the
 * window goes out in the same upload(s). The job id names the window, so repeated calls within it queue one job.
 */
export async function scheduleFlush(container: MedusaContainer, jwoStoreId: string) {
  const { coalesceMs } = catalogSettings(jwoOf(container).getOptions().catalog)
  const window = Math.max(coalesceMs, 1)
  const now = Date.now()
  const bucket = Math.floor(now / window)
  await jwoOf(container).queues.add<CatalogSyncJob>(
    CATALOG_SYNC_QUEUE,
    { kind: "flush", jwo_store_id: jwoStoreId },
    { jobId: `catalog-flush-${jwoStoreId}-${bucket}`, delayMs: coalesceMs ? (bucket + 1) * window - now : 0 }
  )
}

/**
 * Applies product/variant/sales-channel-link changes to every enabled store: variants of products that are
 * published and in the store's sales channel are mapped and compared with what was sent (changed → pending, unchanged → nothing);
 * variants and products that are gone or left the catalog are marked removed. Stores with pending items get a
 * coalesced flush. Returns the pending count per store.
 */
export async function applyCatalogChanges(container: MedusaContainer, change: CatalogChange): Promise<Record<string, number>> {
  const jwo = jwoOf(container)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const productIds = new Set(change.product_ids ?? [])
  // A product added to or taken out of a sales channel (link events carry only the link ids).
  for (const id of await productIdsOfChannelLinks(container, change.channel_link_ids ?? [])) productIds.add(id)
  const variantIds = [...new Set(change.variant_ids ?? [])]
  let goneVariants: string[] = []
  if (variantIds.length) {
    const { data } = await query.graph({ entity: "product_variant", fields: ["id", "product_id"], filters: { id: variantIds } })
    for (const v of data as any[]) if (v.product_id) productIds.add(v.product_id)
    const found = new Set((data as any[]).map((v) => v.id))
    goneVariants = variantIds.filter((id) => !found.has(id))
    if (goneVariants.length) {
      // A deleted variant: its product (if any is left) is re-read through the items we know of.
      const known = await jwo.listJwoCatalogItems({ variant_id: goneVariants }, { select: ["product_id"] })
      for (const item of known) productIds.add(item.product_id)
    }
  }
  const stores = await loadCatalogStores(container)
  const pendingByStore: Record<string, number> = {}
  const ids = [...productIds]
  for (const store of stores) {
    if (goneVariants.length) await jwo.markCatalogItemsRemoved(store.id, { variantIds: goneVariants }, REMOVED_MESSAGES.notInCatalog)
    if (!ids.length) continue
    const products = await loadProducts(container, store, ids)
    const inCatalog = products.filter((p) => inStoreCatalog(p, store))
    const outIds = ids.filter((id) => !inCatalog.some((p) => p.id === id))
    if (outIds.length) await jwo.markCatalogItemsRemoved(store.id, { productIds: outIds }, REMOVED_MESSAGES.notInCatalog)
    if (!inCatalog.length) continue
    const rows = mapProductsForStore(inCatalog, store)
    // Variants deleted from a product that is still in the catalog.
    const current = new Set(rows.map((r) => r.variant_id))
    const known = await jwo.listJwoCatalogItems({ jwo_store_id: store.id, product_id: inCatalog.map((p) => p.id) }, { select: ["variant_id"] })
    const dropped = known.map((k) => k.variant_id).filter((id) => !current.has(id))
    if (dropped.length) await jwo.markCatalogItemsRemoved(store.id, { variantIds: dropped }, REMOVED_MESSAGES.notInCatalog)
    const result = await jwo.upsertCatalogItems(store.id, rows)
    const pending = result.filter((r) => r.status === "pending").length
    if (pending) {
      pendingByStore[store.id] = pending
      await scheduleFlush(container, store.id)
    }
  }
  return pendingByStore
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* Full sync                                                                                                         */
/* ---------------------------------------------------------------------------------------------------------------- */

export type StartFullSyncInput = { jwo_store_ids?: string[]; force?: boolean; trigger?: "admin" | "command" | "reconcile" }

/**
 * Starts a full sync of the given stores (default: every enabled store), or resumes an unfinished one of the same
 * scope whose runner died (its lease ran out). A sync of the same scope that is alive is returned as is. With
 * `enqueue` (default) the run goes to the queue; the command runs it in-process instead.
 */
export async function startFullSync(
  container: MedusaContainer,
  input: StartFullSyncInput,
  opts: { enqueue?: boolean } = {}
): Promise<{ sync: any; created: boolean; resumed: boolean; running: boolean }> {
  const jwo = jwoOf(container)
  const stores = await loadCatalogStores(container, input.jwo_store_ids?.length ? input.jwo_store_ids : undefined)
  if (!stores.length) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "There is no enabled JWO store to sync")
  const storeIds = stores.map((s) => s.id)
  const force = input.force ?? false
  const running = await jwo.listJwoCatalogSyncs({ status: "running" }, { order: { created_at: "ASC" } })
  const same = running.find((s) => JSON.stringify(s.store_ids) === JSON.stringify(storeIds) && s.force === force)
  if (same) {
    const alive = same.lease_until && new Date(same.lease_until).getTime() > Date.now()
    if (!alive && opts.enqueue !== false) await enqueueFullSync(container, same.id)
    return { sync: same, created: false, resumed: !alive, running: Boolean(alive) }
  }
  let productsTotal = 0
  for (const store of stores) productsTotal += await countChannelProducts(container, store.sales_channel_id)
  const sync = await jwo.createJwoCatalogSyncs({
    scope: input.jwo_store_ids?.length ? "store" : "all",
    store_ids: storeIds as unknown as Record<string, unknown>,
    force,
    trigger: input.trigger ?? "admin",
    status: "running",
    products_total: productsTotal,
    started_at: new Date(),
  })
  if (opts.enqueue !== false) await enqueueFullSync(container, sync.id)
  return { sync, created: true, resumed: false, running: false }
}

export async function enqueueFullSync(container: MedusaContainer, syncId: string) {
  await jwoOf(container).queues.add<CatalogSyncJob>(CATALOG_SYNC_QUEUE, { kind: "full", sync_id: syncId }, { jobId: `catalog-full-${syncId}-${Date.now()}` })
}

export type FullSyncProgress = {
  sync_id: string
  store: string
  products_done: number
  products_total: number
  variants_seen: number
  items_queued: number
  uploads_created: number
}

/**
 * Runs (or resumes) a full sync under its lease: for each store from `store_index`, product pages after `cursor`
 * are mapped and compared (only what changed becomes pending, or everything not sent since the sync started when
 * `force`), full uploads of 10,000 are queued as soon as they fill, and the cursor is stored after every page. At the
 * end of a store, items not seen are marked removed and the rest is queued. `maxPages` stops early, as a crash
 * would (tests); the sync stays `running` and the next start resumes it.
 */
export async function runFullSync(
  container: MedusaContainer,
  syncId: string,
  opts: { maxPages?: number; onProgress?: (p: FullSyncProgress) => void } = {}
): Promise<{ outcome: "completed" | "stopped" | "busy" | "not_running" }> {
  const jwo = jwoOf(container)
  const settings = catalogSettings(jwo.getOptions().catalog)
  let token = await jwo.leaseCatalogSync(syncId, settings.syncLeaseMs)
  if (!token) {
    const [sync] = await jwo.listJwoCatalogSyncs({ id: syncId })
    return { outcome: sync?.status === "running" ? "busy" : "not_running" }
  }
  let pages = 0
  try {
    let sync = await jwo.retrieveJwoCatalogSync(syncId)
    await jwo.updateJwoCatalogSyncs({ id: syncId, runs: sync.runs + 1 })
    const storeIds = sync.store_ids as unknown as string[]
    const forceSince = sync.force ? new Date(sync.started_at) : null
    let stores: CatalogStore[]
    try {
      stores = await loadCatalogStores(container, storeIds)
    } catch (error) {
      await jwo.updateJwoCatalogSyncs({ id: syncId, status: "failed", error: (error as Error).message, finished_at: new Date() })
      return { outcome: "completed" }
    }
    for (let index = sync.store_index; index < stores.length; index++) {
      const store = stores[index]
      let cursor: string | null = index === sync.store_index ? sync.cursor : null
      for (;;) {
        const ids = await productIdsPage(container, store.sales_channel_id, cursor, settings.pageSize)
        if (!ids.length) break
        const products = await loadProducts(container, store, ids)
        const inCatalog = products.filter((p) => inStoreCatalog(p, store))
        const rows = mapProductsForStore(inCatalog, store)
        const result = await jwo.upsertCatalogItems(store.id, rows, { syncId, forceSince })
        const out = ids.filter((id) => !inCatalog.some((p) => p.id === id))
        const removed = out.length ? await jwo.markCatalogItemsRemoved(store.id, { productIds: out }, REMOVED_MESSAGES.notInCatalog) : 0
        const uploads = await flushStore(container, store, { syncId, onlyFull: true })
        cursor = ids[ids.length - 1]
        await jwo.addCatalogSyncProgress(
          syncId,
          {
            products_done: ids.length,
            variants_seen: rows.length,
            items_queued: result.filter((r) => r.status === "pending").length,
            items_invalid: result.filter((r) => r.status === "invalid").length,
            items_unchanged: result.filter((r) => r.status !== "pending" && r.status !== "invalid").length,
            items_removed: removed,
            uploads_created: uploads.length,
          },
          { cursor, store_index: index }
        )
        token = (await jwo.leaseCatalogSync(syncId, settings.syncLeaseMs, token)) ?? undefined!
        if (!token) return { outcome: "busy" } // lost the lease (another runner took over)
        if (opts.onProgress) {
          sync = await jwo.retrieveJwoCatalogSync(syncId)
          opts.onProgress({
            sync_id: syncId,
            store: store.amazon_store_id,
            products_done: sync.products_done,
            products_total: sync.products_total,
            variants_seen: sync.variants_seen,
            items_queued: sync.items_queued,
            uploads_created: sync.uploads_created,
          })
        }
        if (opts.maxPages !== undefined && ++pages >= opts.maxPages) return { outcome: "stopped" }
        if (ids.length < settings.pageSize) break
      }
      const removed = await jwo.markCatalogItemsRemoved(store.id, { notSeenBySync: syncId }, REMOVED_MESSAGES.notInCatalog)
      const uploads = await flushStore(container, store, { syncId })
      await jwo.addCatalogSyncProgress(syncId, { items_removed: removed, uploads_created: uploads.length }, { cursor: null, store_index: index + 1 })
    }
    await jwo.updateJwoCatalogSyncs({ id: syncId, status: "completed", finished_at: new Date() })
    return { outcome: "completed" }
  } finally {
    if (token) await jwo.releaseCatalogSync(syncId, token)
  }
}

/** Live figures of a sync: its uploads in flight, done and failed, and the items they carried. */
export async function syncUploadFigures(container: MedusaContainer, syncId: string) {
  const uploads = await jwoOf(container).listJwoCatalogUploads({ sync_id: syncId }, { select: ["status", "item_count", "report_summary"] })
  const figures = { uploads_in_flight: 0, uploads_done: 0, uploads_failed: 0, items_sent: 0, items_accepted: 0, items_rejected: 0 }
  for (const u of uploads) {
    if (u.status === "queued" || u.status === "submitted") figures.uploads_in_flight++
    else if (u.status === "done") figures.uploads_done++
    else if (u.status !== "empty") figures.uploads_failed++
    figures.items_sent += u.item_count
    const summary = (u.report_summary ?? {}) as Record<string, number>
    figures.items_accepted += summary.accepted ?? 0
    figures.items_rejected += (summary.rejected ?? 0) + (summary.missing ?? 0)
  }
  return figures
}
