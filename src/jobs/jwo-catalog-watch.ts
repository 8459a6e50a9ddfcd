import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { catalogSettings } from "../workflows/catalog/config"
import { enqueuePoll, enqueueUploadAttempt, flushStore } from "../workflows/catalog/upload"
import { enqueueFullSync } from "../workflows/catalog/sync"

/**
 * Nothing queued is lost: uploads whose next attempt or poll is overdue (the job was lost with Redis, or a worker
 * died) are queued again (job ids are per attempt/poll, so a job still waiting is not doubled); full syncs whose
 * runner died (lease ran out) are resumed from their cursor; pending items that no upload took are flushed. Records of
 * catalog notification messages older than 30 days are deleted.
 */
export default async function jwoCatalogWatch(container: MedusaContainer): Promise<number> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const settings = catalogSettings(jwo.getOptions().catalog)
  let picked = 0
  const overdue = await jwo.listOverdueCatalogUploads(60_000, 500)
  for (const row of overdue) {
    const [upload] = await jwo.listJwoCatalogUploads({ id: row.id })
    if (!upload) continue
    if (upload.status === "queued") await enqueueUploadAttempt(jwo, upload.id, upload.attempts + 1)
    else await enqueuePoll(jwo, upload.id, upload.polls + 1)
    picked++
  }
  const running = await jwo.listJwoCatalogSyncs({ status: "running" })
  for (const sync of running) {
    const stale = !sync.lease_until || new Date(sync.lease_until).getTime() < Date.now() - settings.syncLeaseMs
    if (stale && Date.now() - new Date(sync.updated_at).getTime() > settings.syncLeaseMs) {
      await enqueueFullSync(container, sync.id)
      picked++
    }
  }
  const counts = await jwo.countCatalogItems()
  const busy = new Set((await jwo.listJwoCatalogSyncs({ status: "running" })).flatMap((s) => s.store_ids as unknown as string[]))
  for (const [storeId, byStatus] of Object.entries(counts)) {
    if (!byStatus.pending || busy.has(storeId)) continue
    const [store] = await jwo.listJwoStores({ id: storeId })
    if (store) picked += (await flushStore(container, store)).length
  }
  if (picked) container.resolve("logger").info(`medusa-plugin-jwo: catalog watch picked up ${picked} upload(s)/sync(s)`)
  // The record of notification queue messages is kept 30 days.
  await jwo.pruneCatalogNotifications(30)
  return picked
}

export const config = { name: "jwo-catalog-watch", schedule: "* * * * *" }
