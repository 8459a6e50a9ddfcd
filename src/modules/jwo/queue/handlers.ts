import { container } from "@medusajs/framework"
import type { JwoJobHandler } from "./index"
import { CATALOG_CALLS_QUEUE, CATALOG_SYNC_QUEUE, CHECKOUT_QUEUE, TRIP_QUEUE } from "./definitions"

/**
 * What each queue's jobs do. They run workflows, which need the application's container (modules, query, links):
 * the framework's global container, complete once the application has started. Workflows are required lazily, at
 * job time, because they import this module themselves.
 */
export function queueHandlers(): Record<string, JwoJobHandler> {
  return {
    [TRIP_QUEUE]: async (data: { trip_id: string }, ctx) => {
      const { processTrip } = require("../../../workflows/trips/process-trip") as typeof import("../../../workflows/trips/process-trip")
      return processTrip(container, data.trip_id, { isLastAttempt: ctx.isLastAttempt, attempt: ctx.attempt })
    },
    [CHECKOUT_QUEUE]: async (data: { trip_id: string }) => {
      const { submitCheckout } = require("../../../workflows/checkout/submit-checkout") as typeof import("../../../workflows/checkout/submit-checkout")
      return submitCheckout(container, data.trip_id)
    },
    [CATALOG_CALLS_QUEUE]: async (data) => {
      const { handleCatalogCallJob } = require("../../../workflows/catalog/jobs") as typeof import("../../../workflows/catalog/jobs")
      return handleCatalogCallJob(container, data)
    },
    [CATALOG_SYNC_QUEUE]: async (data) => {
      const { handleCatalogSyncJob } = require("../../../workflows/catalog/jobs") as typeof import("../../../workflows/catalog/jobs")
      return handleCatalogSyncJob(container, data)
    },
  }
}
