import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_WORKFLOW_IDS } from "../../modules/jwo/queue/definitions"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { pollCatalogUpload, runCatalogUpload, flushStore, type CatalogCallJob } from "./upload"
import { applyCatalogChanges, runFullSync, type CatalogSyncJob } from "./sync"

/** The catalog calls queue (rate-limited): one upload attempt or one status poll. */
export async function handleCatalogCallJob(container: MedusaContainer, job: CatalogCallJob) {
  if (job.kind === "upload") return runCatalogUpload(container, job.upload_id)
  if (job.kind === "poll") return pollCatalogUpload(container, job.upload_id, { poll: job.poll, trigger: job.trigger })
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

/**
 * The catalog queues' jobs as workflows, so the module's queue starts them by id (`JWO_WORKFLOW_IDS`) without
 * importing workflow code. Each is one step: the work itself is resumable from Postgres (upload rows, sync cursors)
 * and retried by the queue, so there is nothing to compensate.
 */
const catalogCallStep = createStep("jwo-catalog-call-step", async (job: CatalogCallJob, { container }) => {
  return new StepResponse(await handleCatalogCallJob(container as unknown as MedusaContainer, job))
})
export const catalogCallWorkflowId = JWO_WORKFLOW_IDS.catalogCall
export const catalogCallWorkflow = createWorkflow(catalogCallWorkflowId, (job: CatalogCallJob) => {
  return new WorkflowResponse(catalogCallStep(job))
})

const catalogSyncJobStep = createStep("jwo-catalog-sync-job-step", async (job: CatalogSyncJob, { container }) => {
  return new StepResponse(await handleCatalogSyncJob(container as unknown as MedusaContainer, job))
})
export const catalogSyncJobWorkflowId = JWO_WORKFLOW_IDS.catalogSync
export const catalogSyncJobWorkflow = createWorkflow(catalogSyncJobWorkflowId, (job: CatalogSyncJob) => {
  return new WorkflowResponse(catalogSyncJobStep(job))
})
