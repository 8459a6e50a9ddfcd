import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { pollCatalogUpload, runCatalogUpload, flushStore, type CatalogCallJob } from "./upload"
import { applyCatalogChanges, runFullSync, type CatalogSyncJob } from "./sync"

/** The catalog calls queue (rate-limited): one upload attempt or one status poll. */
export async function handleCatalogCallJob(container: MedusaContainer, job: CatalogCallJob) {
  if (job.kind === "upload") return runCatalogUpload(container, job.upload_id)
  if (job.kind === "poll") return pollCatalogUpload(container, job.upload_id)
  return "unknown job"
}

/** The catalog sync queue: product changes, coalesced per-store flushes, full sync runs. */
export async function handleCatalogSyncJob(container: MedusaContainer, job: CatalogSyncJob) {
  if (job.kind === "changes") return applyCatalogChanges(container, job)
  if (job.kind === "flush") {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const [store] = await jwo.listJwoStores({ id: job.jwo_store_id })
    if (!store) return []
    return flushStore(container, store)
  }
  if (job.kind === "full") return runFullSync(container, job.sync_id)
  return "unknown job"
}
