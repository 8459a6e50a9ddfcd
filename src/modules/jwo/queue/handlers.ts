import { container } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import type { IWorkflowEngineService } from "@medusajs/framework/types"
import type { JwoJobHandler } from "./index"
import { CATALOG_CALLS_QUEUE, CATALOG_SYNC_QUEUE, CHECKOUT_QUEUE, JWO_WORKFLOW_IDS, TRIP_QUEUE } from "./definitions"

/**
 * What each queue's jobs do: start a workflow of the plugin by its id, with the application's container (the
 * framework's global one, complete once the application has started). The module imports no workflow code.
 *
 * A trip's work that fails (the workflow threw and was compensated) is recorded by `jwo-record-trip-failure`: counted,
 * made due again after a growing delay, or sent to needs attention after `trips.maxAttempts`. The job itself ends:
 * Postgres says when the work is due again, and the dispatcher enqueues it then.
 */
export function queueHandlers(): Record<string, JwoJobHandler> {
  const engine = () => container.resolve<IWorkflowEngineService>(Modules.WORKFLOW_ENGINE)
  const run = async (workflowId: string, input: unknown) => {
    // The app's container, so that the workflow's steps see every module (the engine's own container is scoped).
    const options = { input, container, throwOnError: true } as Parameters<IWorkflowEngineService["run"]>[1]
    const { result } = await engine().run(workflowId, options)
    return result
  }
  const tripWork = (workflowId: string, work: "process" | "checkout") => async (data: { trip_id: string }) => {
    try {
      return await run(workflowId, { trip_id: data.trip_id })
    } catch (error) {
      await run(JWO_WORKFLOW_IDS.recordTripFailure, { trip_id: data.trip_id, work, error: (error as Error).message ?? String(error) })
      return { outcome: "failed", error: (error as Error).message }
    }
  }
  return {
    [TRIP_QUEUE]: tripWork(JWO_WORKFLOW_IDS.processTrip, "process"),
    [CHECKOUT_QUEUE]: tripWork(JWO_WORKFLOW_IDS.submitCheckout, "checkout"),
    [CATALOG_CALLS_QUEUE]: async (data) => run(JWO_WORKFLOW_IDS.catalogCall, data),
    [CATALOG_SYNC_QUEUE]: async (data) => run(JWO_WORKFLOW_IDS.catalogSync, data),
  }
}
